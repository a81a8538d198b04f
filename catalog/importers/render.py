"""An import plan as plain text: the summary the CLI prints (before or after the write)."""

from __future__ import annotations

import json
from typing import Any

from catalog.compliance.model import Severity
from catalog.compliance.wording import severity_label
from catalog.domain.location import local_country_name
from catalog.domain.register import EntityKind
from catalog.importers.plan import ORGANISATION, Action, EntityDiff, FindingDelta, ImportPlan, RowEntity, label_of
from catalog.kernel.i18n import N_, translate, translator
from catalog.kernel.phrase import Phrase, render

_SIGN = {Action.ADDED: "+", Action.REMOVED: "-", Action.CHANGED: "~"}
_MAX_VALUE = 60


_KIND_HEADINGS = {
    ORGANISATION: N_("Organisation"),
    EntityKind.DATA_CATEGORY.value: N_("Data categories"),
    EntityKind.DATA_SUBJECT.value: N_("Data subjects"),
    EntityKind.ACTIVITY.value: N_("Activities"),
    EntityKind.SYSTEM.value: N_("Systems"),
    EntityKind.PROCESSOR.value: N_("Processors"),
    EntityKind.RECIPIENT.value: N_("Recipients"),
    EntityKind.COUNTRY_ASSESSMENT.value: N_("Country assessments"),
    EntityKind.TIA.value: N_("Transfer impact assessments"),
}


def kind_heading(kind: str, lang: str = "en") -> str:
    """'Data categories', 'Kategorier av personopplysninger': an entity kind as a heading."""
    return translate(_KIND_HEADINGS[kind], lang) if kind in _KIND_HEADINGS else kind.replace("_", " ").capitalize()


def _state(plan: ImportPlan, lang: str) -> str:
    _ = translator(lang)
    if plan.dry_run:
        return _("dry run, nothing was written")
    if plan.applied:
        return _("applied")
    return _("unchanged (identical to the stored register), nothing was written")


def plan_lines(plan: ImportPlan, store_name: str, verbose_rows: bool = True, lang: str = "en") -> list[str]:
    """The plan as lines of text: headline, changes by kind, findings delta, row report, warnings.

    The fixed words are in ``lang``; what the source said (names, values, its own summary and warnings) is
    shown as it came."""
    _ = translator(lang)
    totals = plan.totals()
    lines = [
        _("Import of {source} ({kind}, {mode}) into {store}: {state}").format(
            source=plan.source,
            kind=_source_label(plan.source_kind, lang),
            mode=plan.mode.value,
            store=store_name,
            state=_state(plan, lang),
        ),
        _(
            "Changes: {added} added, {removed} removed, {changed} changed (stored {stored} entities, after the "
            "import {after})"
        ).format(
            added=totals["added"],
            removed=totals["removed"],
            changed=totals["changed"],
            stored=plan.stored_entities,
            after=plan.incoming_entities,
        ),
    ]
    lines.extend(render(line, lang) for line in plan.summary)
    if plan.untouched is not None:
        lines.append(_("{count} entities not in the source: unchanged").format(count=plan.untouched))
    current = None
    for change in plan.changes:
        if change.kind != current:
            current = change.kind
            lines.append(f"  {kind_heading(change.kind, lang)}:")
        lines.append(f"    {_change_line(change, lang)}")
    lines.extend(_conflict_lines(plan, lang))
    added, removed = plan.findings_added, plan.findings_removed
    lines.append(
        _("Findings on {day}: {added} added, {removed} removed").format(
            day=plan.as_of.isoformat(), added=len(added), removed=len(removed)
        )
    )
    lines.extend(f"  + {_finding_line(f, lang)}" for f in added)
    lines.extend(f"  - {_finding_line(f, lang)}" for f in removed)
    if plan.rows and verbose_rows:
        lines.append(_("Rows:"))
        for row in plan.rows:
            where = (
                _("{sheet} row {row}").format(sheet=row.sheet, row=row.row)
                if row.sheet
                else _("row {row}").format(row=row.row)
            )
            made = "; ".join(row_entity_words(e, lang) for e in row.entities) or _("nothing")
            lines.append(f"  {where} ({row.label}): {made}")
    if plan.warnings:
        lines.append(_("Not understood ({count}; kept as unknown):").format(count=len(plan.warnings)))
        lines.extend(f"  {warning.render(lang)}" for warning in plan.warnings)
    return lines


_ACTIONS = {"created": N_("created"), "matched": N_("matched"), "changed": N_("changed")}


def row_entity_words(entity: RowEntity, lang: str) -> str:
    """ "created activity 'Payroll'": what a row made, in ``lang`` (the name as the source wrote it)."""
    if lang == "en":
        return f"{entity.action} {entity.kind_label} {entity.name!r}"
    kind = (
        translate(N_("organisation"), lang)
        if entity.kind == ORGANISATION
        else EntityKind(entity.kind).word.render(lang)
    )
    return f"{translate(_ACTIONS.get(entity.action, entity.action), lang)} {kind} {render(entity.name, lang)!r}"


def _conflict_lines(plan: ImportPlan, lang: str) -> list[str]:
    if not plan.conflicts:
        return []
    _ = translator(lang)
    lines = [
        _(
            "Conflicts ({count}; the source states these coarsely and differently; the stored value is kept "
            "unless --prefer source):"
        ).format(count=len(plan.conflicts))
    ]
    for c in plan.conflicts:
        line = _("{kind} {name}, {field}: stored {stored}; source {source}").format(
            kind=c.kind.replace("_", " "),
            name=repr(c.name),
            field=label_of(c.kind, c.field),
            stored=plain_value(c.stored, lang),
            source=plain_value(c.source, lang),
        )
        if (c.kind, c.key, c.field) in plan.taken:
            line += " " + _("(the source's value is written)")
        lines.append(f"  {line}")
    return lines


_SOURCE_LABELS = {
    "yaml": N_("YAML register"),
    "ico": N_("ICO controller layout"),
    "datatilsynet": N_("Datatilsynet layout"),
    "catalog-ropa": N_("this tool's ROPA export"),
    "subprocessors": N_("vendor sub-processor list"),
    "fides": N_("Fides manifests"),
}


def _source_label(kind: str, lang: str = "en") -> str:
    return translate(_SOURCE_LABELS[kind], lang) if kind in _SOURCE_LABELS else kind


def _change_line(change: EntityDiff, lang: str = "en") -> str:
    key = f" ({change.key})" if change.kind != ORGANISATION else ""
    line = f"{_SIGN[change.action]} {render(change.name, lang)}{key}"
    if change.fields:
        line += "".join(
            f"\n        {label_of(change.kind, f.field)}: {plain_value(f.before, lang)} → {plain_value(f.after, lang)}"
            for f in change.fields
        )
    return line


def plain_value(value: Any, lang: str = "en") -> str:
    """A field's value as a person reads it: "none", a list joined by commas, a record as "name: value"."""
    if value is None or value == [] or value == {}:
        return translate(N_("none"), lang)
    if isinstance(value, list):
        return "[" + "; ".join(plain_value(item, lang) for item in value) + "]"
    if isinstance(value, dict):
        stated = [(name, item) for name, item in value.items() if item not in (None, [], {})]
        parts = [f"{name.replace('_', ' ')}: {plain_value(item, lang)}" for name, item in stated]
        return "{" + ", ".join(parts) + "}"
    text = " / ".join(value.splitlines()) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def _finding_line(finding: FindingDelta, lang: str = "en") -> str:
    country = f" ({local_country_name(finding.country, lang)})" if finding.country else ""
    # The remediation hint is in the JSON and in 'catalog check'; the summary keeps to the problem.
    message = finding.message
    if isinstance(message, Phrase) and "message" in message.params:
        problem = render(message.params["message"], lang)
    else:
        problem = message.split(" Fix: ", 1)[0]
    severity = severity_label(Severity(finding.severity), lang)
    return f"[{severity}] {render(finding.subject_name, lang)}{country}: {problem}"
