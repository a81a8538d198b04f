"""The lineage explorer's node card: what an auditor asks about one node, in words, never as raw JSON.

Pure: built from the register, the engine's report and the reference data, so it is tested without a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from catalog.app.export import Lang, safeguard_label
from catalog.app.lineage import NodeType
from catalog.app.review import RULES, CheckReport, readings_of
from catalog.domain.location import UNKNOWN, country_name
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


def place(code: str) -> str:
    return "Unknown" if code == UNKNOWN else f"{country_name(code)} ({code})"


def safeguard_text(safeguard: Safeguard, hop: str = "") -> str:
    """One safeguard in a line: the tool, its instrument and module, its validity."""
    words = [safeguard_label(safeguard, Lang.EN)]
    if safeguard.valid_from or safeguard.valid_until:
        since = safeguard.valid_from.isoformat() if safeguard.valid_from else "…"
        until = safeguard.valid_until.isoformat() if safeguard.valid_until else "…"
        words.append(f"valid {since} to {until}")
    return (f"{hop}: " if hop else "") + ", ".join(words)


def _processor_card(register: Register, processor: Processor) -> tuple[str, list[str], list[str]]:
    names = {p.key: p.legal_name for p in register.processors}
    engaged_by = [p for p in register.processors if any(e.processor == processor.key for e in p.sub_processors)]
    service = processor.service_category.value.replace("_", " ")
    role = f"Processor (Art. 28), service: {service}"
    if engaged_by:
        role += "; sub-processor of " + ", ".join(sorted(names[p.key] for p in engaged_by))
    locations = [f"Established in {place(processor.established_in)}"] + [
        f"Processes in {place(code)}" for code in processor.processing_locations
    ]
    safeguards = [safeguard_text(s, "From us") for s in processor.safeguards]
    for parent in engaged_by:
        for engagement in parent.sub_processors:
            if engagement.processor == processor.key:
                locations += [f"Processes in {place(code)} for {parent.legal_name}" for code in engagement.locations]
                safeguards += [safeguard_text(s, f"From {parent.legal_name}") for s in engagement.safeguards]
    return role, sorted(set(locations), key=locations.index), safeguards


def node_card(
    register: Register,
    report: CheckReport | None,
    reference: ReferenceData,
    as_of: date,
    node: ViewNode,
    index: dict[str, tuple[EntityKind, Entity]] | None = None,
) -> NodeCard:
    """The card of one drawn node; a group node's card says what it stands for."""
    kind = KIND_NAMES.get(node.type, node.type)
    findings = [
        CardFinding(
            f.severity.value,
            RULES[f.rule].title if f.rule in RULES else f.rule,
            place(f.country) if f.country else "",
            f.message,
        )
        for f in findings_for(report, node.id)
    ]
    if node.type == GROUP:
        return NodeCard(node.name, kind, f"Stands for {node.members} nodes of one column; click it to expand.")
    if node.type == NodeType.COUNTRY.value:
        inside = reference.in_eea(node.key, as_of)
        where = {True: "Inside the EEA", False: "Outside the EEA (a third country)", None: "Not known"}[inside]
        return NodeCard(node.name, kind, f"{where} on {as_of.isoformat()}", findings=findings)
    index = index if index is not None else register.index()
    entity = index[node.key][1] if node.key in index else None
    role = ""
    locations: list[str] = []
    safeguards: list[str] = []
    details: list[tuple[str, str]] = []
    if isinstance(entity, Processor):
        role, locations, safeguards = _processor_card(register, entity)
        details.append(("Agreement (Art. 28(3))", entity.dpa.reference if entity.dpa else "none recorded"))
    elif isinstance(entity, System):
        operator = index.get(entity.operator or "")
        run_by = f", operated by {operator[1].legal_name}" if operator and isinstance(operator[1], Processor) else ""
        role = f"System ({entity.kind.value.replace('_', ' ')}){run_by}"
        locations = [f"Hosted in {place(code)}" for code in entity.hosting]
    elif isinstance(entity, Recipient):
        role = f"Recipient ({entity.kind.value.replace('_', ' ')}), not a processor"
        locations = [f"Receives in {place(code)}" for code in entity.locations]
        safeguards = [safeguard_text(s) for s in entity.safeguards]
    elif isinstance(entity, ProcessingActivity):
        role = f"We act as {entity.role.value}"
        details.append(("Purposes", "; ".join(entity.purposes)))
    elif isinstance(entity, DataCategory):
        role = "Special category (Art. 9)" if entity.special_category else "Personal data"
        if entity.criminal_data:
            role += "; criminal offence data (Art. 10)"
    elif isinstance(entity, DataSubjectCategory):
        role = "People whose data is processed"
    if entity is not None:  # what rests on a reading or an assumption says so (issue #29)
        details.extend(readings_of(index, entity))
    return NodeCard(node.name, kind, role, locations, safeguards, findings, details)
