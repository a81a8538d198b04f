"""Where a finding is fixed: the entity's form and the field that resolves it, as a deep link.

Pure functions over the register and the engine's report, so the findings page and its tests
share one answer. A link is the register page with query parameters, so it also works when pasted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.app.review import CheckReport, Finding
from catalog.app.review import rules as r
from catalog.domain.fieldtext import field_label
from catalog.domain.register import EntityKind, Register

KIND_OF_NODE = {
    "processor": EntityKind.PROCESSOR,
    "system": EntityKind.SYSTEM,
    "recipient": EntityKind.RECIPIENT,
    "activity": EntityKind.ACTIVITY,
    "category": EntityKind.DATA_CATEGORY,
    "subject": EntityKind.DATA_SUBJECT,
}
_SAFEGUARD_RULES = {
    r.NO_SAFEGUARD,
    r.ONWARD_NO_SAFEGUARD,
    r.SAFEGUARD_EXPIRED,
    r.SAFEGUARD_INVALIDATED,
    r.SAFEGUARD_UNRECOGNISED,
    r.SCC_REPEALED,
    r.SCC_MODULE_MISMATCH,
    r.DPF_NOT_CERTIFIED,
    r.DEROGATION_SYSTEMATIC,
    r.TIA_INADEQUATE,
    r.TIA_MISSING,
    r.TIA_OUTDATED,
    r.SCC_DETAILS_MISSING,
    r.STALE_SAFEGUARD,
    r.ADEQUACY_OUT_OF_SCOPE,  # the decision does not cover the hop: another tool is needed
}
_ENTITY_FIELDS = {
    r.ESTABLISHMENT_UNKNOWN: "established_in",
    r.DPA_REVIEW_OVERDUE: "dpa",
    r.RECERTIFICATION_OVERDUE: "certifications",
    r.ENTRY_REVIEW_OVERDUE: "last_reviewed_on",
    r.FACT_TO_CONFIRM: "provenance",  # confirm (basis 'stated') or remove the reading
}
_IMPORTER_FACTS = {r.ADEQUACY_SCOPE_UNVERIFIED: "organisation_kind"}  # who the importer is decides the scope
_ACTIVITY_FIELDS = {
    r.NO_LEGAL_BASIS: "legal_bases",
    r.SPECIAL_CATEGORY_NO_CONDITION: "art9_condition",
    r.CONSENT_NO_WITHDRAWAL: "consent_withdrawal",
    r.NO_RETENTION: "retention",
}
_LOCATION_FIELDS = {
    EntityKind.PROCESSOR: "processing_locations",
    EntityKind.SYSTEM: "hosting",
    EntityKind.RECIPIENT: "locations",
}


@dataclass(frozen=True)
class FixTarget:
    """The form (kind, key) and field path that resolve a finding."""

    kind: EntityKind
    key: str
    field: str
    finding: str

    def query_params(self) -> dict[str, str]:
        return {"kind": self.kind.value, "key": self.key, "field": self.field, "finding": self.finding}

    def field_label(self) -> str:
        top = self.field.split(".", 1)[0]
        return field_label(self.kind.model, top)


def node_kind_key(node: str) -> tuple[EntityKind, str] | None:
    kind, _, key = node.partition(":")
    return (KIND_OF_NODE[kind], key) if kind in KIND_OF_NODE and key else None


def fix_target(finding: Finding, register: Register, report: CheckReport) -> FixTarget | None:
    """The form and field that fix the finding; None when no form field can (e.g. a whole-chain issue)."""
    subject = node_kind_key(finding.subject)
    if subject is None:
        return None
    kind, key = subject
    if finding.rule in _ACTIVITY_FIELDS and kind == EntityKind.ACTIVITY:
        return FixTarget(kind, key, _ACTIVITY_FIELDS[finding.rule], finding.id)
    if finding.rule == r.PROCESSOR_NO_DPA:
        return FixTarget(kind, key, "dpa", finding.id)
    if finding.rule == r.UNKNOWN_DESTINATION and kind in _LOCATION_FIELDS:
        return FixTarget(kind, key, _LOCATION_FIELDS[kind], finding.id)
    if finding.rule in _ENTITY_FIELDS and _ENTITY_FIELDS[finding.rule] in kind.model.model_fields:
        return FixTarget(kind, key, _ENTITY_FIELDS[finding.rule], finding.id)
    if finding.rule in _IMPORTER_FACTS:
        if kind in (EntityKind.PROCESSOR, EntityKind.RECIPIENT):
            return FixTarget(kind, key, _IMPORTER_FACTS[finding.rule], finding.id)
        operator = next((s.operator for s in register.systems if s.key == key), None)
        if kind == EntityKind.SYSTEM and operator:
            return FixTarget(EntityKind.PROCESSOR, operator, _IMPORTER_FACTS[finding.rule], finding.id)
        return None
    if finding.rule not in _SAFEGUARD_RULES:
        return None
    hop = next((h for h in report.transfers if finding.id in h.finding_ids), None)
    exporter = node_kind_key(hop.exporter) if hop is not None else None
    if exporter is not None and exporter[0] == EntityKind.PROCESSOR:
        # an onward transfer: the safeguards sit on the exporter's sub-processor engagement
        processor = next((p for p in register.processors if p.key == exporter[1]), None)
        if processor is not None:
            for i, engagement in enumerate(processor.sub_processors):
                if engagement.processor == key:
                    return FixTarget(EntityKind.PROCESSOR, processor.key, f"sub_processors.{i}.safeguards", finding.id)
    if kind in (EntityKind.PROCESSOR, EntityKind.RECIPIENT):
        entity: Any = next((e for e in register.entities(kind) if e.key == key), None)
        has = bool(entity is not None and entity.safeguards)
        return FixTarget(kind, key, "safeguards.0" if has else "safeguards", finding.id)
    if kind == EntityKind.SYSTEM:
        system = next((s for s in register.systems if s.key == key), None)
        if system is not None and system.operator:
            return fix_target(finding.model_copy(update={"subject": f"processor:{system.operator}"}), register, report)
        return FixTarget(kind, key, "hosting", finding.id)
    return None
