"""An import plan as plain text: the summary the CLI prints (before or after the write)."""

from __future__ import annotations

import json
from typing import Any

from catalog.domain.location import country_name
from catalog.domain.register import EntityKind
from catalog.importers.plan import ORGANISATION, Action, EntityDiff, FindingDelta, ImportPlan, label_of

_SIGN = {Action.ADDED: "+", Action.REMOVED: "-", Action.CHANGED: "~"}
_MAX_VALUE = 60


def kind_heading(kind: str) -> str:
    return "Organisation" if kind == ORGANISATION else EntityKind(kind).value.replace("_", " ").capitalize()


def plan_lines(plan: ImportPlan, store_name: str, verbose_rows: bool = True) -> list[str]:
    """The plan as lines of text: headline, changes by kind, findings delta, row report, warnings."""
    totals = plan.totals()
    if plan.dry_run:
        state = "dry run, nothing was written"
    elif plan.applied:
        state = "applied"
    else:
        state = "unchanged (identical to the stored register), nothing was written"
    lines = [
        f"Import of {plan.source} ({_source_label(plan.source_kind)}, {plan.mode.value}) into {store_name}: {state}",
        f"Changes: {totals['added']} added, {totals['removed']} removed, {totals['changed']} changed "
        f"(stored {plan.stored_entities} entities, after the import {plan.incoming_entities})",
    ]
    lines.extend(plan.summary)
    if plan.untouched is not None:
        lines.append(f"{plan.untouched} entities not in the source: unchanged")
    current = None
    for change in plan.changes:
        if change.kind != current:
            current = change.kind
            lines.append(f"  {kind_heading(change.kind)}:")
        lines.append(f"    {_change_line(change)}")
    if plan.conflicts:
        lines.append(
            f"Conflicts ({len(plan.conflicts)}; the source states these coarsely and differently; the stored "
            "value is kept unless --prefer source):"
        )
        lines.extend(
            f"  {c.kind.replace('_', ' ')} {c.name!r}, {label_of(c.kind, c.field)}: stored {plain_value(c.stored)}; "
            f"source {plain_value(c.source)}"
            + (" (the source's value is written)" if (c.kind, c.key, c.field) in plan.taken else "")
            for c in plan.conflicts
        )
    added, removed = plan.findings_added, plan.findings_removed
    lines.append(f"Findings on {plan.as_of.isoformat()}: {len(added)} added, {len(removed)} removed")
    lines.extend(f"  + {_finding_line(f)}" for f in added)
    lines.extend(f"  - {_finding_line(f)}" for f in removed)
    if plan.rows and verbose_rows:
        lines.append("Rows:")
        for row in plan.rows:
            where = f"{row.sheet} row {row.row}" if row.sheet else f"row {row.row}"
            made = "; ".join(f"{e.action} {e.kind_label} {e.name!r}" for e in row.entities) or "nothing"
            lines.append(f"  {where} ({row.label}): {made}")
    if plan.warnings:
        lines.append(f"Not understood ({len(plan.warnings)}; kept as unknown):")
        lines.extend(f"  {warning}" for warning in plan.warnings)
    return lines


def _source_label(kind: str) -> str:
    return {
        "yaml": "YAML register",
        "ico": "ICO controller layout",
        "datatilsynet": "Datatilsynet layout",
        "catalog-ropa": "this tool's ROPA export",
        "subprocessors": "vendor sub-processor list",
        "fides": "Fides manifests",
    }.get(kind, kind)


def _change_line(change: EntityDiff) -> str:
    key = f" ({change.key})" if change.kind != ORGANISATION else ""
    line = f"{_SIGN[change.action]} {change.name}{key}"
    if change.fields:
        line += "".join(
            f"\n        {label_of(change.kind, f.field)}: {plain_value(f.before)} → {plain_value(f.after)}"
            for f in change.fields
        )
    return line


def plain_value(value: Any) -> str:
    """A field's value as a person reads it: "none", a list joined by commas, a record as "name: value"."""
    if value is None or value == [] or value == {}:
        return "none"
    if isinstance(value, list):
        return "[" + "; ".join(plain_value(item) for item in value) + "]"
    if isinstance(value, dict):
        stated = [(name, item) for name, item in value.items() if item not in (None, [], {})]
        parts = [f"{name.replace('_', ' ')}: {plain_value(item)}" for name, item in stated]
        return "{" + ", ".join(parts) + "}"
    text = " / ".join(value.splitlines()) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def _finding_line(finding: FindingDelta) -> str:
    country = f" ({country_name(finding.country)})" if finding.country else ""
    # The remediation hint is in the JSON and in 'catalog check'; the summary keeps to the problem.
    problem = finding.message.split(" Fix: ", 1)[0]
    return f"[{finding.severity}] {finding.subject_name}{country}: {problem}"
