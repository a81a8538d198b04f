"""The history page's words: plurals, names from the change log itself, and field-by-field change tables.

Pure, so the wording is tested without a page. Names come from the logged states, so an entity deleted
since still has its name.
"""

from __future__ import annotations

import json
from typing import Any

from catalog.app.history import ChangeEntry, EntityChange
from catalog.app.language import N_, Lang, translator
from catalog.app.review import RULES, rule_title
from catalog.domain.location import country_name
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


def named(key: str, names: dict[str, str]) -> str:
    """'E-mail address (contact.email)': the name first, the key as secondary detail."""
    return f"{names[key]} ({key})" if key in names else key


def subject_name(node: str, names: dict[str, str]) -> str:
    """A finding's subject (a node id such as 'processor:hubspot') by name."""
    kind, _, key = node.partition(":")
    if kind == "country":
        return country_name(key)
    return names.get(key, key) if kind in NODE_KINDS else node


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def field_rows(change: EntityChange, lang: Lang = Lang.EN) -> list[dict[str, str]]:
    """One row per field that differs: field, before, after (a created entity has only 'after')."""
    _ = translator(lang)
    before, after = change.before or {}, change.after or {}
    rows = []
    for field in sorted(set(before) | set(after)):
        if before.get(field) != after.get(field):
            rows.append(
                {
                    _("field"): field.replace("_", " "),
                    _("before"): _value(before.get(field)) if change.before else _("(did not exist)"),
                    _("after"): _value(after.get(field)) if change.after else _("(deleted)"),
                }
            )
    return rows


def finding_rows(findings: list[dict[str, Any]], names: dict[str, str], lang: Lang = Lang.EN) -> list[dict[str, str]]:
    """Findings from a history diff, by title and subject name."""
    _ = translator(lang)
    return [
        {
            _("severity"): _(str(found["severity"]).capitalize()),
            _("finding"): rule_title(found["rule"], title_lang(lang)) if found["rule"] in RULES else str(found["rule"]),
            _("about"): subject_name(str(found["subject"]), names),
            _("country"): country_name(found["country"]) if found.get("country") else "",
            _("details"): str(found["message"]),
        }
        for found in findings
    ]
