"""The register as Fides manifests (fideslang 3): organisation, data categories, uses, subjects, systems.

- Each register system becomes a Fides system with one privacy declaration per activity that uses it
  (the categories that reach the system, the subjects, the Art. 6 and Art. 9 bases, retention,
  third parties); its operator is an egress to the processor's own system.
- Each processor becomes a Fides system with responsibility Processor and/or Sub-Processor, its
  legal name, DPA, transfer fields (does_international_transfers, legal_basis_for_transfers) and
  its sub-processors as egress. What Fides has no field for (service category, establishment,
  processing locations, third countries, hosting) goes under ``meta.gdpr_catalog``.
- Register categories are filed under the default taxonomy's ``user``; each activity gets its own
  data use under a default-taxonomy use (``fides_common.USE_PARENT_RULES``), its purposes as the
  use's description.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from catalog.compliance.model import CheckReport
from catalog.domain.location import UNKNOWN, country_name
from catalog.domain.models import Address, Organisation, ProcessingActivity, Processor, Safeguard, System
from catalog.domain.register import Register
from catalog.domain.text import in_language
from catalog.domain.vocab import ContactRole, SafeguardKind
from catalog.errors import InputError
from catalog.exporters.rows import retention_label
from catalog.interop.fides_common import (
    CARRIER_SYSTEM,
    CRIMINAL_TAG,
    FIDES_LEGAL_BASES,
    FIDES_SPECIAL_BASES,
    KEY_TAG,
    META_KEY,
    SPECIAL_TAG,
    category_fides_keys,
    derived_key,
    organisation_key,
    segment,
    use_parent,
)
from catalog.kernel.atomic import write_atomic
from catalog.kernel.i18n import N_
from catalog.kernel.lang import Lang
from catalog.kernel.phrase import Phrase
from catalog.reference import load_reference

TRANSFER_BASES: dict[SafeguardKind, str] = {
    SafeguardKind.ADEQUACY: "Adequacy Decision",
    SafeguardKind.DPF: "Adequacy Decision",
    SafeguardKind.SCC: "SCCs",
    SafeguardKind.BCR: "BCRs",
}
SUPPLEMENTARY = "Supplementary Measures"
OTHER_BASIS = "Other"

MANIFEST_FILES = ("organization", "data_category", "data_subject", "data_use", "system")


def fides_manifests(
    register: Register, report: CheckReport, lang: Lang = Lang.EN
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every manifest by resource type: ``{"system": {"system": [...]}, ...}``, in file order.

    Fides holds one language: register text is written in ``lang`` (marked where it has no such variant);
    the keys derived from names are the same in every language.
    """
    org = organisation_key(register.organisation.name)
    categories = category_fides_keys(register)
    uses = {a.key: _use_key(a) for a in register.activities}
    register = in_language(register, lang)
    resources: dict[str, list[dict[str, Any]]] = {
        "organization": [_organization(org, register.organisation)],
        "data_category": [_category(org, register, categories, key) for key in sorted(categories)],
        "data_subject": [
            _clean({"fides_key": s.key, "organization_fides_key": org, "name": s.name, "description": s.description})
            for s in sorted(register.data_subjects, key=lambda s: s.key)
        ],
        "data_use": [_use(org, a, uses[a.key]) for a in sorted(register.activities, key=lambda a: a.key)],
        "system": _systems(org, register, report, categories, uses),
    }
    return {name: {name: resources[name]} for name in MANIFEST_FILES}


class _NoAliases(yaml.SafeDumper):
    """Writes a repeated list out again instead of as a YAML anchor and alias, for readers that do not follow them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_fides(register: Register, report: CheckReport, out_dir: Path, lang: Lang = Lang.EN) -> list[Path]:
    """Write one YAML manifest per resource type into ``out_dir`` (created if missing); all rendered first."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(Phrase(N_("{path}: exists and is not a directory"), path=out_dir))
    contents = {
        f"{name}.yml": yaml.dump(manifest, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=120).encode(
            "utf-8"
        )
        for name, manifest in fides_manifests(register, report, lang).items()
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in contents.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the register does not know, rather than writing nulls."""
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


def _address(address: Address | None) -> str:
    if address is None:
        return ""
    place = " ".join(p for p in (address.postcode, address.city) if p)
    country = country_name(address.country) if address.country != UNKNOWN else None
    return ", ".join(p for p in (address.street, place, country) if p)


def _organization(org: str, organisation: Organisation) -> dict[str, Any]:
    by_role = {c.role: c for c in reversed(organisation.contacts)}
    privacy = by_role.get(ContactRole.PRIVACY_CONTACT)
    controller = {
        "name": organisation.name,
        "address": _address(organisation.address),
        "email": privacy.email or "" if privacy else "",
        "phone": privacy.phone or "" if privacy else "",
    }
    data: dict[str, Any] = {
        "fides_key": org,
        "name": organisation.name,
        "description": f"Organisation number {organisation.organisation_number}"
        if organisation.organisation_number
        else None,
        "controller": controller,
    }
    for role, field in (
        (ContactRole.DPO, "data_protection_officer"),
        (ContactRole.EU_REPRESENTATIVE, "representative"),
    ):
        contact = by_role.get(role)
        if contact is not None:
            data[field] = {
                "name": contact.name or "",
                "address": _address(contact.address),
                "email": contact.email or "",
                "phone": contact.phone or "",
            }
    return _clean(data)


def _category(org: str, register: Register, fides_keys: dict[str, str], key: str) -> dict[str, Any]:
    category = next(c for c in register.data_categories if c.key == key)
    fides_key = fides_keys[key]
    tags = []
    if derived_key(segment(key, category.parent), category.parent) != key:
        tags.append(KEY_TAG + key)
    if category.special_category:
        tags.append(SPECIAL_TAG)
    if category.criminal_data:
        tags.append(CRIMINAL_TAG)
    return _clean(
        {
            "fides_key": fides_key,
            "organization_fides_key": org,
            "name": category.name,
            "description": category.description,
            "parent_key": fides_key.rsplit(".", 1)[0],
            "tags": tags,
        }
    )


def _use_key(activity: ProcessingActivity) -> str:
    return f"{use_parent(activity.name, activity.purposes)}.{segment(activity.key, None)}"


def _use(org: str, activity: ProcessingActivity, fides_key: str) -> dict[str, Any]:
    parent = fides_key.rsplit(".", 1)[0]
    return _clean(
        {
            "fides_key": fides_key,
            "organization_fides_key": org,
            "name": activity.name,
            # One purpose a line: the reader splits them back.
            "description": "\n".join(activity.purposes),
            "parent_key": parent,
            "tags": [KEY_TAG + activity.key] if "." in activity.key else [],
        }
    )


def _transfer_bases(safeguards: list[Safeguard]) -> list[str]:
    bases = []
    for safeguard in safeguards:
        bases.append(TRANSFER_BASES.get(safeguard.kind, OTHER_BASIS))
        if safeguard.supplementary_measures:
            bases.append(SUPPLEMENTARY)
    return sorted(set(bases))


def _declaration(
    activity: ProcessingActivity,
    system: str | None,
    register: Register,
    categories: dict[str, str],
    use: str,
    egress: list[str],
) -> dict[str, Any]:
    reaching = activity.data_categories
    for flow in activity.flows:
        if system is not None and flow.to == system:
            reaching = [k for k in activity.data_categories if k in flow.data_categories]
    special = {c.key for c in register.data_categories if c.special_category}
    recipients = {r.key: r for r in register.recipients}
    shared = [recipients[k] for k in activity.recipients if k in recipients]
    retention = retention_label(activity.retention, Lang.EN) if activity.retention else ()
    basis = activity.legal_bases[0].basis if activity.legal_bases else None
    return _clean(
        {
            "name": activity.name,
            "data_use": use,
            "data_categories": [categories[k] for k in reaching],
            "data_subjects": list(activity.data_subjects),
            "egress": egress or None,
            "legal_basis_for_processing": FIDES_LEGAL_BASES[basis] if basis else None,
            "flexible_legal_basis_for_processing": False,
            "impact_assessment_location": activity.dpia.reference if activity.dpia else None,
            "retention_period": "; ".join(retention) or None,
            "processes_special_category_data": any(k in special for k in reaching),
            "special_category_legal_basis": FIDES_SPECIAL_BASES[activity.art9_condition]
            if activity.art9_condition
            else None,
            "data_shared_with_third_parties": bool(shared),
            "third_parties": "; ".join(r.name for r in shared) or None,
            "shared_categories": [categories[k] for k in activity.data_categories] if shared else [],
        }
    )


def _third_countries(codes: list[str], report: CheckReport) -> list[str]:
    """The definite countries outside the EEA on the report's date (unknown is not a third country: unknown)."""
    reference = load_reference()
    return sorted({code for code in codes if reference.in_eea(code, report.as_of) is False})


def _systems(
    org: str, register: Register, report: CheckReport, categories: dict[str, str], uses: dict[str, str]
) -> list[dict[str, Any]]:
    by_system: dict[str | None, list[ProcessingActivity]] = defaultdict(list)
    # fideslang keeps a system's declarations in name order; writing them so keeps the file as read.
    for activity in sorted(register.activities, key=lambda a: (a.name, a.key)):
        targets: list[str | None] = [*activity.systems] or [None]
        for key in targets:
            by_system[key].append(activity)
    operated: dict[str, list[System]] = defaultdict(list)
    for system in register.systems:
        if system.operator is not None:
            operated[system.operator].append(system)
    engaged_by: dict[str, list[str]] = defaultdict(list)
    for processor in register.processors:
        for engagement in processor.sub_processors:
            engaged_by[engagement.processor].append(processor.key)
    hop_bases: dict[str, set[str]] = defaultdict(set)
    hop_countries: dict[str, set[str]] = defaultdict(set)
    for hop in report.transfers:
        for node in hop.path:
            if node.startswith("system:"):
                hop_countries[node[7:]].add(hop.country)
                hop_bases[node[7:]].update(_transfer_bases(hop.safeguards))
    systems: list[dict[str, Any]] = []
    for system in sorted(register.systems, key=lambda s: s.key):
        activities = by_system.get(system.key, [])
        reaching = sorted({categories[k] for a in activities for k in a.data_categories})
        egress = [system.operator] if system.operator else []
        flows = [{"fides_key": system.operator, "type": "system", "data_categories": reaching}] if egress else None
        systems.append(
            _clean(
                {
                    "fides_key": system.key,
                    "organization_fides_key": org,
                    "name": system.name,
                    "description": system.description,
                    "system_type": system.kind.value,
                    "responsibility": ["Controller"],
                    "meta": {META_KEY: _clean({"kind": "system", "hosting": list(system.hosting)})},
                    "egress": flows,
                    "privacy_declarations": [
                        _declaration(a, system.key, register, categories, uses[a.key], egress) for a in activities
                    ],
                    "does_international_transfers": bool(hop_countries.get(system.key)),
                    "legal_basis_for_transfers": sorted(hop_bases.get(system.key, set())),
                }
            )
        )
        systems[-1].setdefault("privacy_declarations", [])
    if by_system.get(None):
        systems.append(
            {
                "fides_key": CARRIER_SYSTEM,
                "organization_fides_key": org,
                "name": "Processing without a recorded system",
                "description": "Carries the privacy declarations of activities that use no recorded system.",
                "system_type": "records",
                "responsibility": ["Controller"],
                "meta": {META_KEY: {"kind": "carrier"}},
                "privacy_declarations": [
                    _declaration(a, None, register, categories, uses[a.key], []) for a in by_system[None]
                ],
            }
        )
    for processor in sorted(register.processors, key=lambda p: p.key):
        systems.append(_processor_system(org, processor, operated, engaged_by, report))
    return systems


def _processor_system(
    org: str,
    processor: Processor,
    operated: dict[str, list[System]],
    engaged_by: dict[str, list[str]],
    report: CheckReport,
) -> dict[str, Any]:
    responsibility = []
    if operated.get(processor.key) or not engaged_by.get(processor.key):
        responsibility.append("Processor")
    if engaged_by.get(processor.key):
        responsibility.append("Sub-Processor")
    third = _third_countries(list(processor.processing_locations), report)
    ingress = [{"fides_key": s.key, "type": "system"} for s in operated.get(processor.key, [])]
    ingress += [{"fides_key": key, "type": "system"} for key in sorted(engaged_by.get(processor.key, []))]
    egress = [{"fides_key": e.processor, "type": "system"} for e in processor.sub_processors]
    safeguards = list(processor.safeguards)
    meta = _clean(
        {
            "kind": "processor",
            "service_category": processor.service_category.value,
            "established_in": processor.established_in,
            "processing_locations": list(processor.processing_locations),
            "third_countries": third,
            "can_access_data": processor.can_access_data,
        }
    )
    return _clean(
        {
            "fides_key": processor.key,
            "organization_fides_key": org,
            "name": processor.legal_name,
            "description": processor.description,
            "system_type": "service",
            "legal_name": processor.legal_name,
            "legal_address": country_name(processor.established_in) if processor.established_in != UNKNOWN else None,
            "responsibility": responsibility,
            "meta": {META_KEY: meta},
            "egress": egress,
            "ingress": ingress,
            "privacy_declarations": [],
            "dpa_location": processor.dpa.reference if processor.dpa else None,
            "does_international_transfers": bool(third),
            "legal_basis_for_transfers": _transfer_bases(safeguards),
        }
    ) | {"privacy_declarations": []}
