"""The sub-processor change notice (GDPR Art. 28(2), (4)): what a processor tells its customers.

Built from two states of the change history (``catalog.history.chain``): the processors added, removed,
and changed in what a customer must be told about (name, service, locations, transfer mechanism),
in English or bokmål, as Markdown, HTML or JSON. Other edits (a DPA date, a review date) are not
notified. The caller picks the two states; this module only compares and renders them.

Names come from vendors' lists and are data: the Markdown escapes every character Markdown or HTML acts
on (so no tag, image or link, ``[x](javascript:...)`` included, can form), the HTML escapes them and
forbids scripts and remote loads, as the other exports do (``markdown.md_text``, ``html.h``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import Field, ValidationError

from catalog.domain.base import CatalogModel
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind
from catalog.errors import InputError
from catalog.exporters.headings import label
from catalog.exporters.html import CONTENT_SECURITY_POLICY, h
from catalog.exporters.markdown import md_text
from catalog.exporters.rows import location_label, safeguard_label
from catalog.kernel.i18n import N_, translate
from catalog.kernel.lang import Lang
from catalog.kernel.textsafety import contain_bidi
from catalog.reference import load_reference

State = Mapping[tuple[str, str], Mapping[str, Any]]

_TEXT: dict[str, str] = {  # English sources; the bokmål is in the exchange catalog
    "title": N_("Sub-processor changes"),
    "intro": N_(
        "Changes to the sub-processors that {org} uses to process personal data on its customers' behalf, "
        "from {since} to {until} (GDPR Art. 28(2) and (4))."
    ),
    "added": N_("New sub-processors"),
    "removed": N_("Sub-processors no longer used"),
    "changed": N_("Changed sub-processors"),
    "none": N_("No sub-processor was added, removed or changed."),
    "name": N_("Name"),
    "service": N_("Service"),
    "locations": N_("Locations"),
    "mechanism": N_("Transfer mechanism"),
    "what": N_("What changed"),
    "before": N_("Before"),
    "after": N_("After"),
    "no_tool": N_("none recorded"),
    "field.name": N_("name"),
    "field.service": N_("service"),
    "field.locations": N_("locations"),
    "field.mechanism": N_("transfer mechanism"),
    "certified": N_("certified under"),
}


def _text(lang: Lang, key: str) -> str:
    return translate(_TEXT[key], lang)


FIELDS = ("name", "service", "locations", "mechanism")


class SubProcessorFacts(CatalogModel):
    """What a customer is told about one sub-processor, in the notice's language."""

    name: str = Field(description="Legal name.")
    service: str = Field(description="The service it provides.")
    locations: list[str] = Field(description="Where it processes data and where it is established.")
    mechanism: list[str] = Field(description="The transfer tools and certifications recorded for it.")


class SubProcessorChange(CatalogModel):
    """One sub-processor added, removed or changed."""

    change: str = Field(description="'added', 'removed' or 'changed'.")
    key: str = Field(description="Register key (secondary detail).")
    before: SubProcessorFacts | None = Field(description="As it was at the start; null when added.")
    after: SubProcessorFacts | None = Field(description="As it is at the end; null when removed.")
    fields: list[str] = Field(default_factory=list, description="For 'changed': which of the notified facts changed.")


class SubProcessorNotice(CatalogModel):
    """The notice: who sends it, the period, and the changes."""

    organisation: str = Field(description="The processor sending the notice.")
    since: str = Field(description="Start of the period: a day (its end, UTC), an instant or '#N'.")
    until: str = Field(description="End of the period: the last change-history entry.")
    lang: Lang = Field(description="Language of the notice.")
    changes: list[SubProcessorChange] = Field(description="Added, then removed, then changed; by name.")


def _programme_name(programme_id: str) -> str:
    found = load_reference().programme(programme_id)
    return found.name if found is not None else programme_id


def _facts(body: Mapping[str, Any], lang: Lang) -> SubProcessorFacts:
    try:
        processor = Processor.model_validate(dict(body))
    except ValidationError:
        raise InputError(
            f"the change history holds a processor that no longer validates: {body.get('key')!r}"
        ) from None
    service = label(lang, f"service.{processor.service_category.value}")
    if processor.description:
        service = f"{service}: {processor.description}"
    codes = sorted({*processor.processing_locations, processor.established_in})
    tools = [safeguard_label(s, lang) for s in processor.safeguards]
    tools += [f"{_text(lang, 'certified')} {_programme_name(c.programme)}" for c in processor.certifications]
    return SubProcessorFacts(
        name=processor.legal_name,
        service=service,
        locations=[location_label(code, lang) for code in codes],
        mechanism=tools or [_text(lang, "no_tool")],
    )


def notice(
    before: State, after: State, organisation: str, since: str, until: str, lang: Lang = Lang.EN
) -> SubProcessorNotice:
    """Compare the processors of two history states."""
    kind = EntityKind.PROCESSOR.value
    old = {key: body for (k, key), body in before.items() if k == kind}
    new = {key: body for (k, key), body in after.items() if k == kind}
    changes: list[SubProcessorChange] = []
    for key in sorted(set(old) | set(new)):
        was = _facts(old[key], lang) if key in old else None
        now = _facts(new[key], lang) if key in new else None
        if was is None:
            changes.append(SubProcessorChange(change="added", key=key, before=None, after=now))
        elif now is None:
            changes.append(SubProcessorChange(change="removed", key=key, before=was, after=None))
        else:
            fields = [f for f in FIELDS if getattr(was, f) != getattr(now, f)]
            if fields:
                changes.append(SubProcessorChange(change="changed", key=key, before=was, after=now, fields=fields))
    order = {"added": 0, "removed": 1, "changed": 2}

    def name_of(change: SubProcessorChange) -> str:
        facts = change.after or change.before
        return facts.name.casefold() if facts else change.key

    changes.sort(key=lambda c: (order[c.change], name_of(c), c.key))
    return SubProcessorNotice(organisation=organisation, since=since, until=until, lang=lang, changes=changes)


# --- Rendering ---------------------------------------------------------------------------------------


def _value(facts: SubProcessorFacts, field: str) -> str:
    value = getattr(facts, field)
    # Each part's direction controls end with it, not at the end of the joined cell.
    return "; ".join(contain_bidi(v) for v in value) if isinstance(value, list) else str(value)


def _sections(result: SubProcessorNotice) -> list[tuple[str, list[str], list[list[str]]]]:
    """(heading, column headings, rows) per non-empty section."""
    text = {key: _text(result.lang, key) for key in _TEXT}
    listing = [text["name"], text["service"], text["locations"], text["mechanism"]]
    sections = []
    for change in ("added", "removed"):
        rows = []
        for item in result.changes:
            facts = item.after if change == "added" else item.before
            if item.change == change and facts is not None:
                rows.append([_value(facts, f) for f in FIELDS])
        if rows:
            sections.append((text[change], listing, rows))
    rows = []
    for item in result.changes:
        if item.change != "changed" or item.before is None or item.after is None:
            continue
        for field in item.fields:
            rows.append(
                [item.after.name, text[f"field.{field}"], _value(item.before, field), _value(item.after, field)]
            )
    if rows:
        sections.append((text["changed"], [text["name"], text["what"], text["before"], text["after"]], rows))
    return sections


def _intro(result: SubProcessorNotice) -> str:
    return _text(result.lang, "intro").format(
        org=contain_bidi(result.organisation), since=result.since, until=result.until
    )


def render_markdown(result: SubProcessorNotice) -> bytes:
    lines = [f"# {md_text(_text(result.lang, 'title'))}", "", md_text(_intro(result)), ""]
    sections = _sections(result)
    if not sections:
        lines += [md_text(_text(result.lang, "none")), ""]
    for heading, columns, rows in sections:
        header = "| " + " | ".join(md_text(c) for c in columns) + " |"
        lines += [f"## {md_text(heading)}", "", header, "|" + " --- |" * len(columns)]
        lines += ["| " + " | ".join(md_text(cell) for cell in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def render_html(result: SubProcessorNotice) -> bytes:
    title = _text(result.lang, "title")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{result.lang.value}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        f"<title>{h(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem;text-align:left}"
        "</style></head><body>",
        f"<h1>{h(title)}</h1>",
        f"<p>{h(_intro(result))}</p>",
    ]
    sections = _sections(result)
    if not sections:
        parts.append(f"<p>{h(_text(result.lang, 'none'))}</p>")
    for heading, columns, rows in sections:
        parts.append(f"<h2>{h(heading)}</h2><table><thead><tr>")
        parts.append("".join(f"<th>{h(c)}</th>" for c in columns) + "</tr></thead><tbody>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{h(cell)}</td>" for cell in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")


def render_json(result: SubProcessorNotice) -> bytes:
    return (json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
