"""An entity as a person reads it: field labels and readable values, never raw JSON.

Used by the auditor's register view: every field in declaration order, names for references,
"Norway (NO)" for countries, labels for vocabulary values, "unknown" where nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from catalog.app.language import Lang, local, stored_text, translator
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


def _value(
    model: type[BaseModel], name: str, value: Any, register: Register, reference: ReferenceData, lang: Lang
) -> str:
    _ = translator(lang)
    kind = widget_for(model, name)
    if value is None or value == []:
        return _("not recorded") if kind not in ("bool",) else _("no")
    if kind in ("ref", "refs"):
        names = entity_names(register, REFERENCES[(model, name)])
        keys = value if isinstance(value, list) else [value]
        return ", ".join(named(names.get(k, k), k) for k in keys)
    if kind == "location":
        return location_label(str(value), lang)
    if kind == "locations":
        return ", ".join(location_label(str(v), lang) for v in value)
    if kind == "enum":
        return enum_label(str(value), lang)
    if kind in ("bool", "optional_bool"):
        return _("yes") if value else _("no")
    if kind == "strings":
        return "; ".join(local(v, lang) if isinstance(v, str) else str(v) for v in value)
    if kind == "instrument":
        return instrument_choices(reference, lang).get(str(value), str(value))
    if kind == "programme":
        return programme_choices(reference, lang).get(str(value), str(value))
    return local(value, lang) if isinstance(value, str) else str(value)


def readable_rows(
    model: type[BaseModel],
    data: dict[str, Any],
    register: Register,
    reference: ReferenceData,
    prefix: str = "",
    lang: Lang = Lang.EN,
) -> list[dict[str, str]]:
    """One row per field (nested records expanded, list items numbered): {"field": label, "value": text}."""
    _ = translator(lang)
    rows: list[dict[str, str]] = []
    for name in model.model_fields:
        label = prefix + _(field_label(model, name))
        value = data.get(name)
        nested = nested_model(model.model_fields[name].annotation)
        if name == "provenance" and isinstance(value, list):
            rows.extend(_provenance_rows(model, value, register, reference, label, lang))
            continue
        if nested is not None and widget_for(model, name) in ("model", "items", "table"):
            items = value if isinstance(value, list) else ([value] if value else [])
            if not items:
                rows.append({"field": label, "value": _("none recorded")})
            for i, item in enumerate(items):
                where = f"{label} {i + 1} › " if isinstance(value, list) else f"{label} › "
                rows.extend(readable_rows(nested, item, register, reference, where, lang))
            continue
        rows.append({"field": label, "value": _value(model, name, value, register, reference, lang)})
    return rows


def _provenance_rows(
    model: type[BaseModel], entries: list[Any], register: Register, reference: ReferenceData, label: str, lang: Lang
) -> list[dict[str, str]]:
    """Each reading or assumption as one row an auditor reads: 'Readings and assumptions: reading — Systems:
    E-mail and newsletter sending (email-service)', then the note and its source (issue #29)."""
    _ = translator(lang)
    basis_words = {"stated": _("Stated"), "reading": _("Reading"), "assumption": _("Assumption")}
    rows = []
    for entry in entries:
        field = str(entry.get("field", ""))
        fact = _(field_label(model, field))
        if entry.get("value") is not None:
            known = field in model.model_fields
            shown = _value(model, field, [entry["value"]], register, reference, lang) if known else ""
            fact += f": {shown or entry['value']}"
        source = entry.get("source") or {}
        where = ", ".join(str(part) for part in (source.get("document"), source.get("section")) if part)
        note = stored_text(entry.get("note"), lang) + (_(" (source: {where})").format(where=where) if where else "")
        basis = basis_words.get(str(entry.get("basis")), str(entry.get("basis")))
        rows.append({"field": f"{label}: {basis} — {fact}", "value": note or _("Stated")})
    return rows or [{"field": label, "value": _("none recorded: every fact is stated by the source")}]
