"""The history page's words: plurals, names from the change log itself, and field-by-field change tables.

Pure, so the wording is tested without a page. Names come from the logged states, so an entity deleted
since still has its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from catalog.app.history import ChangeEntry, EntityChange
from catalog.app.language import N_, Lang, LocalText, local, translator
from catalog.app.review import RULES, rule_title
from catalog.domain.fieldtext import field_label, nested_model
from catalog.domain.location import UNKNOWN, local_country_name
from catalog.domain.models import Organisation
from catalog.domain.register import EntityKind
from catalog.reference import ReferenceData
from ui.components.forms import FIELD_ORDER, enum_label, location_label, widget_for
from ui.components.words import title_lang

KIND_WORDS = {
    "data_categories": N_("data category"),
    "data_subjects": N_("data-subject category"),
    "activities": N_("activity"),
    "systems": N_("system"),
    "processors": N_("processor"),
    "recipients": N_("recipient"),
    "organisation": N_("organisation"),
}
NODE_KINDS = {
    "category": "data_categories",
    "subject": "data_subjects",
    "activity": "activities",
    "system": "systems",
    "processor": "processors",
    "recipient": "recipients",
}


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 entry', '2 entries', '0 changes'."""
    if count == 1:
        return f"1 {singular}"
    if many is None:
        many = singular[:-1] + "ies" if singular.endswith("y") and singular[-2:-1] not in "aeiou" else singular + "s"
    return f"{count} {many}"


def _name_in(state: dict[str, Any] | None) -> str | None:
    if not state:
        return None
    name = state.get("name") or state.get("legal_name")
    if isinstance(name, dict) and name:  # a name in several languages: kept whole, worded where shown
        return LocalText({str(code): str(text) for code, text in name.items()})
    return str(name) if name else None


def entity_names(entries: list[ChangeEntry]) -> dict[str, str]:
    """Entity key -> its latest name in the log (keys are unique across the register)."""
    names: dict[str, str] = {}
    for entry in entries:
        for change in entry.changes:
            name = _name_in(change.after) or _name_in(change.before)
            if name:
                names[change.key] = name
    return names


def named(key: str, names: dict[str, str], lang: Lang = Lang.EN) -> str:
    """'E-mail address (contact.email)': the name first, the key as secondary detail."""
    return f"{local(names[key], lang)} ({key})" if key in names else key


def subject_name(node: str, names: dict[str, str], lang: Lang = Lang.EN) -> str:
    """A finding's subject (a node id such as 'processor:hubspot') by name."""
    kind, _, key = node.partition(":")
    if kind == "country":
        return local_country_name(key, lang)
    return local(names.get(key, key), lang) if kind in NODE_KINDS else node


def field_rows(
    change: EntityChange,
    lang: Lang = Lang.EN,
    reference: ReferenceData | None = None,
    names: dict[str, str] | None = None,
) -> list[dict[str, str]]:
    """One row per field that differs, in words: field (its label, nested ones as "Safeguard 1 · SCC decision"),
    before and after (a created entity has only 'after'); lists say which items were added or removed."""
    _ = translator(lang)
    words = ChangeWords(lang, reference, names or {})
    model = _MODELS.get(change.kind)
    before, after = change.before or {}, change.after or {}
    rows = []
    for field, old, new in words.differences(model, before, after):
        rows.append(
            {
                _("field"): field,
                _("before"): old if change.before else _("(did not exist)"),
                _("after"): new if change.after else _("(deleted)"),
            }
        )
    return rows


_MODELS: dict[str, type[BaseModel]] = {kind.value: kind.model for kind in EntityKind} | {"organisation": Organisation}
_SKIPPED = frozenset({"version"})  # bookkeeping, not a change a person made
_SCC_NUMBER = re.compile(r"\d{4}/\d+")


def changed_field_labels(kind: str, fields: list[str], lang: Lang = Lang.EN) -> list[str]:
    """A diff's changed top-level fields by their labels ("Legal name", not "legal_name")."""
    _ = translator(lang)
    model = _MODELS.get(kind)
    return [_(field_label(model, name)) for name in fields if name not in _SKIPPED]


@dataclass(frozen=True)
class ChangeWords:
    """Logged values (JSON states) in a reader's words: labels for fields, names for keys, never JSON."""

    lang: Lang
    reference: ReferenceData | None
    names: dict[str, str]

    def differences(
        self, model: type[BaseModel] | None, before: dict[str, Any], after: dict[str, Any], prefix: str = ""
    ) -> list[tuple[str, str, str]]:
        """(field, before, after) for every field that differs, nested records field by field."""
        _ = translator(self.lang)
        found: list[tuple[str, str, str]] = []
        for name in _ordered(model, set(before) | set(after)):
            old, new = before.get(name), after.get(name)
            if old == new or name in _SKIPPED:
                continue
            label = prefix + _(field_label(model, name))
            nested = _nested(model, name)
            if nested is not None and isinstance(old, dict) and isinstance(new, dict):
                found.extend(self.differences(nested, old, new, label + " · "))
                continue
            if isinstance(old, list | None) and isinstance(new, list | None):
                found.extend(self._list_changes(model, name, old or [], new or [], label))
                continue
            found.append((label, self.value(model, name, old), self.value(model, name, new)))
        return found

    def _list_changes(
        self, model: type[BaseModel] | None, name: str, old: list[Any], new: list[Any], label: str
    ) -> list[tuple[str, str, str]]:
        """Records changed in place field by field; other items as added and removed."""
        _ = translator(self.lang)
        nested = _nested(model, name)
        if nested is not None and old and len(old) == len(new):
            singular = _("{label}, item {number}")
            found: list[tuple[str, str, str]] = []
            for i, (was, now) in enumerate(zip(old, new, strict=True)):
                if was != now and isinstance(was, dict) and isinstance(now, dict):
                    item = singular.format(label=label, number=i + 1)
                    found.extend(self.differences(nested, was, now, item + " · "))
            return found
        removed = [self.item(model, name, v) for v in old if v not in new]
        added = [self.item(model, name, v) for v in new if v not in old]
        parts = []
        if added:
            parts.append(_("added: {items}").format(items="; ".join(added)))
        if removed:
            parts.append(_("removed: {items}").format(items="; ".join(removed)))
        return [(label, self.items(model, name, old), " · ".join(parts) or self.items(model, name, new))]

    def items(self, model: type[BaseModel] | None, name: str, values: list[Any]) -> str:
        _ = translator(self.lang)
        return "; ".join(self.item(model, name, v) for v in values) if values else _("none")

    def item(self, model: type[BaseModel] | None, name: str, value: Any) -> str:
        """One list item: a record by its first few filled fields, a scalar as ``value`` words it."""
        nested = _nested(model, name)
        if isinstance(value, dict) and nested is not None:
            shown = [
                self.value(nested, field, value[field])
                for field in _ordered(nested, set(value))
                if _is_scalar(value[field]) and value[field] not in (None, "")
            ]
            return ", ".join(shown[:3])
        return self.value(model, name, value)

    def value(self, model: type[BaseModel] | None, name: str, value: Any) -> str:
        """One value: an enum by its label, a key by its name, an instrument by its decision, text in the
        reader's language; "not stated" for nothing."""
        _ = translator(self.lang)
        if value is None or value == "" or value == []:
            return _("not stated")
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            return self.items(model, name, value)
        if isinstance(value, dict):
            if all(isinstance(k, str) and len(k) == 2 for k in value):  # text in several languages
                return str(value.get(self.lang.value) or next(iter(value.values()), ""))
            nested = _nested(model, name)
            return "; ".join(
                f"{_(field_label(nested, k))}: {self.value(nested, k, v)}" for k, v in value.items() if v is not None
            )
        return self._scalar(model, name, str(value))

    def _scalar(self, model: type[BaseModel] | None, name: str, text: str) -> str:
        kind = _widget(model, name)
        if kind in ("enum", "enums"):
            return enum_label(text, self.lang)
        if kind in ("location", "locations"):
            return location_label(text, self.lang)
        if kind in ("ref", "refs"):
            return local(self.names.get(text, text), self.lang)
        if kind == "instrument":
            return self._instrument(text)
        if kind == "programme" and self.reference is not None:
            return next((p.name for p in self.reference.programmes.entries if p.id == text), text)
        return text

    def _instrument(self, instrument: str) -> str:
        if self.reference is None:
            return instrument
        _ = translator(self.lang)
        scc = next((d for d in self.reference.scc.entries if d.id == instrument), None)
        if scc is not None:
            number = _SCC_NUMBER.search(scc.act)
            return _("SCC {decision}").format(decision=number[0] if number else scc.act)
        adequacy = next((d for d in self.reference.adequacy.entries if d.id == instrument), None)
        if adequacy is not None:
            return _("adequacy decision {name}").format(name=adequacy.name)
        return enum_label(instrument, self.lang) if instrument == UNKNOWN else instrument


def _nested(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    if model is None or name not in model.model_fields:
        return None
    return nested_model(model.model_fields[name].annotation)


def _widget(model: type[BaseModel] | None, name: str) -> str | None:
    if model is None or name not in model.model_fields:
        return None
    try:
        return widget_for(model, name)
    except TypeError:
        return None


def _ordered(model: type[BaseModel] | None, names: set[str]) -> list[str]:
    """The form's order (``render_model``), so a change reads in the order the DPO fills the record in."""
    first = [n for n in FIELD_ORDER.get(model, ()) if n in names] if model is not None else []
    declared = [n for n in (model.model_fields if model is not None else ()) if n in names and n not in first]
    return first + declared + sorted(names - set(first) - set(declared))


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


_HINT_LEAD = re.compile(r"\s*[^\s.:]+:\s*$")


def without_hint(message: str, hint: str) -> str:
    """A finding's message without the remediation appended to it ("… Fix: <hint>"): the page says what
    happened; the Findings page says how to fix it."""
    if not hint or not message.endswith(hint):
        return message
    return _HINT_LEAD.sub("", message[: -len(hint)]).rstrip()


def finding_rows(findings: list[dict[str, Any]], names: dict[str, str], lang: Lang = Lang.EN) -> list[dict[str, str]]:
    """Findings from a history diff, by title and subject name."""
    _ = translator(lang)
    return [
        {
            _("severity"): _(str(found["severity"]).capitalize()),
            _("finding"): rule_title(found["rule"], title_lang(lang)) if found["rule"] in RULES else str(found["rule"]),
            _("about"): subject_name(str(found["subject"]), names, lang),
            _("country"): (_("Unknown") if found["country"] == UNKNOWN else local_country_name(found["country"], lang))
            if found.get("country")
            else "",
            _("details"): without_hint(str(found["message"]), str(found.get("hint") or "")),
        }
        for found in findings
    ]
