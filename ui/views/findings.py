"""Findings: each with its rule's title (English or bokmål), the entity's name, the whole message,
the rule's hint, a Fix link to the form field that resolves it, and its lineage."""

from __future__ import annotations

import re

import streamlit as st

from catalog.app.language import local
from catalog.app.review import (
    RULES,
    STATUS_ORDER,
    STATUS_STYLES,
    Finding,
    Severity,
    rule_title,
    status_label,
    transfer_counts,
)
from catalog.domain.register import display_name
from ui import session, snapshots
from ui.components.fixes import fix_target, node_kind_key
from ui.components.forms import location_label
from ui.components.graph import FOCUS_TYPES
from ui.components.text import md
from ui.components.words import kind_singular, severity_word, title_lang
from ui.components.world import place_name
from ui.views.common import page_snapshot

PAGE_SIZE = 20

_ = session.ui_translator()
lang = title_lang(session.language())
snap = page_snapshot()
st.title(_("Findings"))

findings = snap.report.findings
# Transfers by status: the engine's one verdict per hop, counted as on the transfer map and in the exports.
st.caption(_("Third-country transfers as of {date}, by status").format(date=snap.as_of.isoformat()))
for column, (status, count) in zip(
    st.columns(len(STATUS_ORDER)), transfer_counts(snap.report.transfers).items(), strict=True
):
    column.metric(
        status_label(status, lang),
        count,
        help=_("Shown {colour} on every page.").format(colour=_(STATUS_STYLES[status].colour)),
    )
a, b, c = st.columns(3)
severities = a.multiselect(
    _("Severity"), [s.value for s in Severity], format_func=lambda s: severity_word(s, _), key="findings_severity"
)
rules = b.multiselect(
    _("Rule"), sorted({f.rule for f in findings}), format_func=lambda r: rule_title(r, lang), key="findings_rule"
)
countries = c.multiselect(
    _("Country"),
    sorted({f.country for f in findings if f.country}),
    format_func=lambda code: location_label(code, session.language()),
    key="findings_country",
)
shown = [
    f
    for f in findings
    if (not severities or f.severity.value in severities)
    and (not rules or f.rule in rules)
    and (not countries or f.country in countries)
]
pages = max(1, -(-len(shown) // PAGE_SIZE))
page = 1
if pages > 1:
    page = int(
        st.columns(4)[0].number_input(_("Page"), min_value=1, max_value=pages, value=1, step=1, key="findings_page")
    )
st.caption(
    (
        _("{shown} of {total} findings as of {date}; page {page} of {pages}.")
        if pages > 1
        else _("{shown} of {total} findings as of {date}.")
    ).format(shown=len(shown), total=len(findings), date=snap.as_of.isoformat(), page=page, pages=pages)
)

names = snapshots.entity_names(snap)  # once per revision: a 100k register's names take a second to read
focusable = tuple(f"{t.value}:" for t in FOCUS_TYPES)


def subject_name(node: str) -> str:
    found = node_kind_key(node)
    if found is None:
        return node.partition(":")[2] or node
    return names.get(found, found[1])


category_names = {e.key: local(display_name(e), lang) for e in snap.register.data_categories}


def readable_message(finding: Finding) -> str:
    """The message without its appended hint, naming entities where it uses a bare key ("[key]" stays)."""
    text = finding.message.split(" Fix: ", 1)[0]
    mentioned = {key: category_names.get(key, key) for key in finding.data_categories}
    for node in [finding.subject, *finding.path]:
        if (found := node_kind_key(node)) is not None:
            mentioned[found[1]] = names.get(found, found[1])
    for key in sorted(mentioned, key=len, reverse=True):
        if mentioned[key] != key:
            pattern = rf"(?<![\[\w.-]){re.escape(key)}(?![\w-]|\.\w)"
            text = re.sub(pattern, mentioned[key].replace("\\", "\\\\"), text)
    return text


def show(finding: Finding, position: int) -> None:
    rule = RULES[finding.rule]
    with st.container(border=True, key=f"finding-{finding.id}"):
        st.markdown(f"**{md(rule_title(finding.rule, lang))}**")
        found = node_kind_key(finding.subject)
        what = kind_singular(found[0], _) if found else _("entity")
        where = f" · {place_name(finding.country, session.language())}" if finding.country else ""
        verdict = (
            " · " + _("transfer {status}").format(status=status_label(finding.transfer_status, lang).lower())
            if finding.transfer_status is not None
            else ""
        )
        st.caption(
            md(f"{severity_word(finding.severity, _)} · {rule.article} · {what} {subject_name(finding.subject)}")
            + md(where)
            + md(verdict)
            + md(" · " + _("rule {rule}").format(rule=finding.rule))
        )
        st.markdown(md(readable_message(finding)))
        st.markdown("*" + _("How to fix:") + "* " + md(rule.remediation))
        target = fix_target(finding, snap.register, snap.report)
        fix, lineage_button, _rest = st.columns([2, 1, 1], vertical_alignment="center")
        # a button that reads as one, labelled by the field; the whole "where" is its tooltip
        if (
            target is not None
            and snap.can_write
            and fix.button(
                _("Fix: {field}").format(field=_(target.field_label())),
                key=f"findings_fix_{position}",
                type="secondary",  # bordered, so it reads as a button; Streamlit's primary red means "not valid" here
                help=_("Opens {name} at {field}, with this finding beside the field.").format(
                    name=md(local(names.get((target.kind, target.key), target.key), lang)),
                    field=_(target.field_label()),
                ),
                width="stretch",
            )
        ):
            st.switch_page("views/register.py", query_params=target.query_params())
        lineage = next((n for n in [finding.subject, *finding.path] if n.startswith(focusable)), None)
        if lineage is not None and lineage_button.button(_("Open its lineage"), key=f"findings_lineage_{position}"):
            session.focus_lineage(lineage)
            st.switch_page("views/lineage.py")


for position, finding in enumerate(shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]):
    show(finding, position)
