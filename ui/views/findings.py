"""Findings: each with its rule's title (English or bokmål), the entity's name, the whole message,
the rule's hint, a Fix link to the form field that resolves it, and its lineage."""

from __future__ import annotations

import re

import streamlit as st

from catalog.app.review import (
    RULES,
    STATUS_ORDER,
    STATUS_STYLES,
    Finding,
    Severity,
    TitleLang,
    rule_title,
    status_label,
    transfer_counts,
)
from catalog.domain.location import country_name
from catalog.domain.register import display_name
from ui import session, snapshots
from ui.components.fixes import fix_target, node_kind_key
from ui.components.forms import location_label
from ui.components.graph import FOCUS_TYPES
from ui.components.text import md
from ui.views.common import page_snapshot

PAGE_SIZE = 20

snap = page_snapshot()
st.title("Findings")

findings = snap.report.findings
lang: TitleLang = st.radio(
    "Titles in",
    ["en", "nb"],
    format_func={"en": "English", "nb": "Norsk (bokmål)"}.__getitem__,
    horizontal=True,
    key="findings_lang",
)
# Transfers by status: the engine's one verdict per hop, counted as on the transfer map and in the exports.
st.caption(f"Third-country transfers as of {snap.as_of.isoformat()}, by status")
for column, (status, count) in zip(
    st.columns(len(STATUS_ORDER)), transfer_counts(snap.report.transfers).items(), strict=True
):
    column.metric(status_label(status, lang), count, help=f"Shown {STATUS_STYLES[status].colour} on every page.")
a, b, c = st.columns(3)
severities = a.multiselect("Severity", [s.value for s in Severity], key="findings_severity")
rules = b.multiselect(
    "Rule", sorted({f.rule for f in findings}), format_func=lambda r: rule_title(r, lang), key="findings_rule"
)
countries = c.multiselect(
    "Country", sorted({f.country for f in findings if f.country}), format_func=location_label, key="findings_country"
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
        st.columns(4)[0].number_input("Page", min_value=1, max_value=pages, value=1, step=1, key="findings_page")
    )
st.caption(
    f"{len(shown)} of {len(findings)} findings as of {snap.as_of.isoformat()}"
    + (f"; page {page} of {pages}" if pages > 1 else "")
    + "."
)

names = snapshots.entity_names(snap)  # once per revision: a 100k register's names take a second to read
focusable = tuple(f"{t.value}:" for t in FOCUS_TYPES)


def subject_name(node: str) -> str:
    found = node_kind_key(node)
    if found is None:
        return node.partition(":")[2] or node
    return names.get(found, found[1])


category_names = {e.key: display_name(e) for e in snap.register.data_categories}


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
        what = found[0].singular.replace("_", " ") if found else "entity"
        where = f" · {country_name(finding.country)}" if finding.country else ""
        verdict = (
            f" · transfer {status_label(finding.transfer_status, lang).lower()}"
            if finding.transfer_status is not None
            else ""
        )
        st.caption(
            md(f"{finding.severity.value.capitalize()} · {rule.article} · {what} {subject_name(finding.subject)}")
            + md(where)
            + md(verdict)
            + md(f" · rule {finding.rule}")
        )
        st.markdown(md(readable_message(finding)))
        st.markdown("*How to fix:* " + md(rule.remediation))
        left, right = st.columns(2)
        target = fix_target(finding, snap.register, snap.report)
        if target is not None and snap.can_write:
            left.page_link(
                "views/register.py",
                label=f"Fix: open {md(names.get((target.kind, target.key), target.key))} at {target.field_label()}",
                query_params=target.query_params(),
            )
        lineage = next((n for n in [finding.subject, *finding.path] if n.startswith(focusable)), None)
        if lineage is not None and right.button("Open its lineage", key=f"findings_lineage_{position}"):
            session.focus_lineage(lineage)
            st.switch_page("views/lineage.py")


for position, finding in enumerate(shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]):
    show(finding, position)
