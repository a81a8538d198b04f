"""An entity as a person reads it: field labels and readable values, never raw JSON.

Used by the auditor's register view: every field in declaration order, names for references,
"Norway (NO)" for countries, labels for vocabulary values, "unknown" where nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from catalog.app.language import Lang, local, translator
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
