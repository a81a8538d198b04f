"""The lineage explorer's node card: what an auditor asks about one node, in words, never as raw JSON.

Pure: built from the register, the engine's report and the reference data, so it is tested without a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from catalog.app.export import Lang, safeguard_label
from catalog.app.language import local, translator
from catalog.app.lineage import NodeType
from catalog.app.review import RULES, CheckReport, readings_of, rule_title
from catalog.domain.location import UNKNOWN, local_country_name
from catalog.domain.models import (
    DataCategory,
    DataSubjectCategory,
    ProcessingActivity,
    Processor,
    Recipient,
    Safeguard,
    System,
)
from catalog.domain.register import Entity, EntityKind, Register
from catalog.reference import ReferenceData
from ui.components.graph import GROUP, KIND_NAMES, ViewNode, findings_for
from ui.components.words import title_lang


@dataclass(frozen=True)
class CardFinding:
    severity: str
    title: str
    country: str
    message: str


@dataclass(frozen=True)
class NodeCard:
    name: str
    kind: str
    role: str
    locations: list[str] = field(default_factory=list)
    safeguards: list[str] = field(default_factory=list)
    findings: list[CardFinding] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)


def place(code: str, lang: Lang = Lang.EN) -> str:
    _ = translator(lang)
    return _("Unknown") if code == UNKNOWN else f"{local_country_name(code, lang)} ({code})"


def safeguard_text(safeguard: Safeguard, hop: str = "", lang: Lang = Lang.EN) -> str:
    """One safeguard in a line: the tool, its instrument and module, its validity."""
    _ = translator(lang)
    words = [safeguard_label(safeguard, lang)]
    if safeguard.valid_from or safeguard.valid_until:
        since = safeguard.valid_from.isoformat() if safeguard.valid_from else "…"
        until = safeguard.valid_until.isoformat() if safeguard.valid_until else "…"
        words.append(_("valid {since} to {until}").format(since=since, until=until))
    return (f"{hop}: " if hop else "") + ", ".join(words)


def _processor_card(register: Register, processor: Processor, lang: Lang) -> tuple[str, list[str], list[str]]:
    _ = translator(lang)
    names = {p.key: p.legal_name for p in register.processors}
    engaged_by = [p for p in register.processors if any(e.processor == processor.key for e in p.sub_processors)]
    service = processor.service_category.value.replace("_", " ")
    role = _("Processor (Art. 28), service: {service}").format(service=service)
    if engaged_by:
        role += _("; sub-processor of {names}").format(names=", ".join(sorted(names[p.key] for p in engaged_by)))
    locations = [_("Established in {place}").format(place=place(processor.established_in, lang))] + [
        _("Processes in {place}").format(place=place(code, lang)) for code in processor.processing_locations
    ]
    safeguards = [safeguard_text(s, _("From us"), lang) for s in processor.safeguards]
    for parent in engaged_by:
        for engagement in parent.sub_processors:
            if engagement.processor == processor.key:
                locations += [
                    _("Processes in {place} for {name}").format(place=place(code, lang), name=parent.legal_name)
                    for code in engagement.locations
                ]
                safeguards += [
                    safeguard_text(s, _("From {name}").format(name=parent.legal_name), lang)
                    for s in engagement.safeguards
                ]
    return role, sorted(set(locations), key=locations.index), safeguards


def node_card(
    register: Register,
    report: CheckReport | None,
    reference: ReferenceData,
    as_of: date,
    node: ViewNode,
    index: dict[str, tuple[EntityKind, Entity]] | None = None,
    lang: Lang = Lang.EN,
) -> NodeCard:
    """The card of one drawn node; a group node's card says what it stands for."""
    _ = translator(lang)
    kind = _(KIND_NAMES[node.type]) if node.type in KIND_NAMES else node.type
    findings = [
        CardFinding(
            _(f.severity.value.capitalize()),
            rule_title(f.rule, title_lang(lang)) if f.rule in RULES else f.rule,
            place(f.country, lang) if f.country else "",
            f.message,
        )
        for f in findings_for(report, node.id)
    ]
    name = local(node.name, lang)
    if node.type == GROUP:
        return NodeCard(
            name, kind, _("Stands for {count} nodes of one column; click it to expand.").format(count=node.members)
        )
    if node.type == NodeType.COUNTRY.value:
        inside = reference.in_eea(node.key, as_of)
        where = {
            True: _("Inside the EEA"),
            False: _("Outside the EEA (a third country)"),
            None: _("Not known"),
        }[inside]
        return NodeCard(
            name, kind, _("{where} on {date}").format(where=where, date=as_of.isoformat()), findings=findings
        )
    index = index if index is not None else register.index()
    entity = index[node.key][1] if node.key in index else None
    role = ""
    locations: list[str] = []
    safeguards: list[str] = []
    details: list[tuple[str, str]] = []
    if isinstance(entity, Processor):
        role, locations, safeguards = _processor_card(register, entity, lang)
        details.append((_("Agreement (Art. 28(3))"), entity.dpa.reference if entity.dpa else _("none recorded")))
    elif isinstance(entity, System):
        operator = index.get(entity.operator or "")
        run_by = (
            _(", operated by {name}").format(name=operator[1].legal_name)
            if operator and isinstance(operator[1], Processor)
            else ""
        )
        role = _("System ({kind}){run_by}").format(kind=entity.kind.value.replace("_", " "), run_by=run_by)
        locations = [_("Hosted in {place}").format(place=place(code, lang)) for code in entity.hosting]
    elif isinstance(entity, Recipient):
        role = _("Recipient ({kind}), not a processor").format(kind=entity.kind.value.replace("_", " "))
        locations = [_("Receives in {place}").format(place=place(code, lang)) for code in entity.locations]
        safeguards = [safeguard_text(s, lang=lang) for s in entity.safeguards]
    elif isinstance(entity, ProcessingActivity):
        role = _("We act as {role}").format(role=_(entity.role.value))
        details.append((_("Purposes"), "; ".join(local(purpose, lang) for purpose in entity.purposes)))
    elif isinstance(entity, DataCategory):
        role = _("Special category (Art. 9)") if entity.special_category else _("Personal data")
        if entity.criminal_data:
            role += _("; criminal offence data (Art. 10)")
    elif isinstance(entity, DataSubjectCategory):
        role = _("People whose data is processed")
    if entity is not None:  # what rests on a reading or an assumption says so (issue #29)
        details.extend(readings_of(index, entity, lang))
    return NodeCard(name, kind, role, locations, safeguards, findings, details)
