"""An entity as a person reads it: field labels and readable values, never raw JSON.

Used by the auditor's register view: every field in declaration order, names for references,
"Norway (NO)" for countries, labels for vocabulary values, "unknown" where nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from catalog.domain.fieldtext import field_label, nested_model
from catalog.domain.register import Register
from catalog.reference import ReferenceData
from ui.components.forms import (
    REFERENCES,
    entity_names,
    enum_label,
    instrument_choices,
    location_label,
    named,
    programme_choices,
    widget_for,
)


def _value(model: type[BaseModel], name: str, value: Any, register: Register, reference: ReferenceData) -> str:
    kind = widget_for(model, name)
    if value is None or value == []:
        return "not recorded" if kind not in ("bool",) else "no"
    if kind in ("ref", "refs"):
        names = entity_names(register, REFERENCES[(model, name)])
        keys = value if isinstance(value, list) else [value]
        return ", ".join(named(names.get(k, k), k) for k in keys)
    if kind == "location":
        return location_label(str(value))
    if kind == "locations":
        return ", ".join(location_label(str(v)) for v in value)
    if kind == "enum":
        return enum_label(str(value))
    if kind in ("bool", "optional_bool"):
        return "yes" if value else "no"
    if kind == "strings":
        return "; ".join(str(v) for v in value)
    if kind == "instrument":
        return instrument_choices(reference).get(str(value), str(value))
    if kind == "programme":
        return programme_choices(reference).get(str(value), str(value))
    return str(value)


def readable_rows(
    model: type[BaseModel], data: dict[str, Any], register: Register, reference: ReferenceData, prefix: str = ""
) -> list[dict[str, str]]:
    """One row per field (nested records expanded, list items numbered): {"field": label, "value": text}."""
    rows: list[dict[str, str]] = []
    for name in model.model_fields:
        label = prefix + field_label(model, name)
        value = data.get(name)
        nested = nested_model(model.model_fields[name].annotation)
        if name == "provenance" and isinstance(value, list):
            rows.extend(_provenance_rows(model, value, register, reference, label))
            continue
        if nested is not None and widget_for(model, name) in ("model", "items", "table"):
            items = value if isinstance(value, list) else ([value] if value else [])
            if not items:
                rows.append({"field": label, "value": "none recorded"})
            for i, item in enumerate(items):
                where = f"{label} {i + 1} › " if isinstance(value, list) else f"{label} › "
                rows.extend(readable_rows(nested, item, register, reference, where))
            continue
        rows.append({"field": label, "value": _value(model, name, value, register, reference)})
    return rows


def _provenance_rows(
    model: type[BaseModel], entries: list[Any], register: Register, reference: ReferenceData, label: str
) -> list[dict[str, str]]:
    """Each reading or assumption as one row an auditor reads: 'Readings and assumptions: reading — Systems:
    E-mail and newsletter sending (email-service)', then the note and its source (issue #29)."""
    rows = []
    for entry in entries:
        field = str(entry.get("field", ""))
        fact = field_label(model, field)
        if entry.get("value") is not None:
            shown = _value(model, field, [entry["value"]], register, reference) if field in model.model_fields else ""
            fact += f": {shown or entry['value']}"
        source = entry.get("source") or {}
        where = ", ".join(str(part) for part in (source.get("document"), source.get("section")) if part)
        note = str(entry.get("note") or "") + (f" (source: {where})" if where else "")
        rows.append({"field": f"{label}: {entry.get('basis')} — {fact}", "value": note or "stated"})
    return rows or [{"field": label, "value": "none recorded: every fact is stated by the source"}]
