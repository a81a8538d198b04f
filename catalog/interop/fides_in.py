"""Fides manifests (fideslang 3 YAML) read into a register.

Systems with privacy declarations become systems; systems that are only a vendor (responsibility
Processor or Sub-Processor, no declarations) become processors, and a vendor named on a system
(``legal_name`` / ``vendor_id``) becomes that system's operator; declarations become activities (one
per data use), with their categories and subjects. What Fides cannot say stays unknown and the
check reports it: no transfer tool's decision, SCC module or TIA, no sub-processor safeguard, no
location unless the manifest's ``meta.gdpr_catalog`` (written by ``catalog export fides``) gives it.

``register_from_fides`` is pure: manifests in, register out. ``read_fides`` reads a directory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from catalog.domain.location import UNKNOWN
from catalog.domain.models import (
    Address,
    Contact,
    DataCategory,
    DataFlow,
    DataProcessingAgreement,
    DataSubjectCategory,
    LegalBasisClaim,
    Organisation,
    ProcessingActivity,
    Processor,
    RetentionRule,
    Safeguard,
    SubProcessorEngagement,
    System,
)
from catalog.domain.register import Register
from catalog.domain.vocab import ContactRole, LegalBasis, SafeguardKind, ServiceCategory, SystemKind
from catalog.errors import InputError, Problem, RegisterValidationError
from catalog.interop.fides_common import (
    CARRIER_SYSTEM,
    CATEGORY_ROOT,
    CRIMINAL_TAG,
    FIDES_LEGAL_BASES,
    FIDES_SPECIAL_BASES,
    KEY_TAG,
    META_KEY,
    SPECIAL_TAG,
    as_register_key,
    derived_key,
)
from catalog.kernel.i18n import N_, translate
from catalog.kernel.phrase import Phrase, error_message
from catalog.kernel.yamlsource import PathKey, YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)

RESOURCE_TYPES = ("organization", "data_category", "data_subject", "data_use", "system")
VENDOR_ROLES = {"Processor", "Sub-Processor"}
NOT_STATED = "unknown (not stated in the Fides manifests)"
LEGAL_BASES = {label: basis for basis, label in FIDES_LEGAL_BASES.items()}
SPECIAL_BASES = {label: condition for condition, label in FIDES_SPECIAL_BASES.items()}
TRANSFER_TOOLS = {"SCCs": SafeguardKind.SCC, "Adequacy Decision": SafeguardKind.ADEQUACY, "BCRs": SafeguardKind.BCR}


@dataclass(frozen=True)
class Resource:
    """One Fides resource as read, with where it came from (for error messages)."""

    file: str
    type: str
    index: int
    data: dict[str, Any]

    @property
    def where(self) -> str:
        key = self.data.get("fides_key")
        return f"{self.type}[{self.index}]" + (f" ({key})" if key else "")


class ManifestError(RegisterValidationError):
    """Problems in Fides manifests, every one named by file, line and field."""

    def header(self, lang: str) -> str:
        count = len(self.problems)
        if count == 1:
            return translate(N_("1 problem in the Fides manifests"), lang)
        return translate(N_("{count} problems in the Fides manifests"), lang).format(count=count)


# The fields the reader uses, by resource, and the type each must have (None is always allowed): a
# wrong type is an error naming file, line and field, never a value silently dropped.
_TEXT = (str,)
_FIELD_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    "organization": {
        "name": _TEXT,
        "description": _TEXT,
        "controller": (dict,),
        "data_protection_officer": (dict,),
        "representative": (dict,),
    },
    "data_category": {"name": _TEXT, "description": _TEXT, "parent_key": _TEXT, "tags": (list,)},
    "data_subject": {"name": _TEXT, "description": _TEXT},
    "data_use": {"name": _TEXT, "description": _TEXT, "parent_key": _TEXT, "tags": (list,)},
    "system": {
        "name": _TEXT,
        "description": _TEXT,
        "system_type": _TEXT,
        "responsibility": (list,),
        "egress": (list,),
        "privacy_declarations": (list,),
        "legal_name": _TEXT,
        "vendor_id": _TEXT,
        "dpa_location": _TEXT,
        "legal_basis_for_transfers": (list,),
        "meta": (dict,),
        "tags": (list,),
    },
}
_DECLARATION_TYPES: dict[str, tuple[type, ...]] = {
    "data_use": _TEXT,
    "name": _TEXT,
    "data_categories": (list,),
    "data_subjects": (list,),
    "legal_basis_for_processing": _TEXT,
    "special_category_legal_basis": _TEXT,
    "retention_period": (str, int),
}
_ITEM_TYPES: dict[str, tuple[type, ...]] = {
    "tags": _TEXT,
    "responsibility": _TEXT,
    "legal_basis_for_transfers": _TEXT,
    "egress": (dict,),
    "privacy_declarations": (dict,),
    "data_categories": _TEXT,
    "data_subjects": _TEXT,
}
_TYPE_NAMES = {str: "text", int: "a number", list: "a list", dict: "a mapping"}


def _type_problems(
    doc: YamlDocument, path: PathKey, data: dict[str, Any], types: dict[str, tuple[type, ...]]
) -> list[Problem]:
    problems = []
    for name, allowed in types.items():
        value = data.get(name)
        where: PathKey = (*path, name)
        if value is None:
            continue
        if not isinstance(value, allowed) or isinstance(value, bool):
            wanted = " or ".join(_TYPE_NAMES[t] for t in allowed)
            problems.append(
                doc.problem(where, f"must be {wanted}, not {_TYPE_NAMES.get(type(value), type(value).__name__)}")
            )
            continue
        item_types = _ITEM_TYPES.get(name)
        if isinstance(value, list) and item_types is not None:
            for i, item in enumerate(value):
                if not isinstance(item, item_types) or isinstance(item, bool):
                    wanted = " or ".join(_TYPE_NAMES[t] for t in item_types)
                    problems.append(doc.problem((*where, i), f"each entry must be {wanted}"))
    if path[0] == "system":
        for i, declaration in enumerate(data.get("privacy_declarations") or []):
            if isinstance(declaration, dict):
                problems.extend(
                    _type_problems(doc, (*path, "privacy_declarations", i), declaration, _DECLARATION_TYPES)
                )
                if declaration.get("data_use") is None:
                    problems.append(
                        doc.problem(
                            (*path, "privacy_declarations", i, "data_use"),
                            "each privacy declaration needs a text 'data_use'",
                        )
                    )
    return problems


def manifest_files(path: Path) -> tuple[list[Path], Path | None]:
    """The manifests under ``path`` (searched recursively) and the folder they must stay in; or the one file."""
    if path.is_dir():
        # Special files and links are listed too, so the guarded reader names them rather than skipping them.
        found = [p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and (p.is_symlink() or not p.is_dir())]
        return sorted(found), path
    if not path.exists():
        raise InputError(Phrase(N_("{path}: no such file or directory"), path=path))
    return [path], None


def read_fides(path: Path) -> list[Resource]:
    """Every resource of the YAML manifests in ``path`` (a directory, searched recursively, or one file).

    Each file is read through ``catalog.kernel.guarded`` (regular files only, inside the folder, within the size
    limit) and parsed with the register's YAML limits (nesting depth, alias expansion, value size), so a
    hostile manifest is refused in bounded time and memory. Every problem names its file (and line).
    """
    files, folder = manifest_files(path)
    if not files:
        raise InputError(Phrase(N_("{path}: no Fides manifests (*.yml, *.yaml) found"), path=path))
    resources: list[Resource] = []
    problems: list[Problem] = []
    for file in files:
        doc, found = read_yaml(file, folder=folder)
        problems.extend(found)
        if doc is None or found:
            continue
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), "a Fides manifest maps resource types (system, data_use, ...) to lists"))
            continue
        for type_name, items in doc.data.items():
            if type_name not in RESOURCE_TYPES:
                continue  # datasets, policies: nothing the register holds
            if not isinstance(items, list):
                problems.append(doc.problem((type_name,), "should be a list of resources"))
                continue
            for i, item in enumerate(items):
                if not isinstance(item, dict) or not isinstance(item.get("fides_key"), str):
                    problems.append(doc.problem((type_name, i), "each resource needs a text 'fides_key'"))
                    continue
                problems.extend(_type_problems(doc, (type_name, i), item, _FIELD_TYPES[type_name]))
                resources.append(Resource(str(file), type_name, i, item))
    if problems:
        raise ManifestError(problems)
    return resources


@dataclass
class _Builder:
    problems: list[Problem] = field(default_factory=list)
    entities: dict[str, Resource] = field(default_factory=dict)  # register key -> the resource it came from

    def make(self, model: type[M], resource: Resource, data: dict[str, Any]) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for item in error.errors():
                self.problems.append(
                    Problem(
                        _plain(item),
                        file=resource.file,
                        field=f"{resource.where} -> {'.'.join(str(p) for p in item['loc'])}",
                    )
                )
            return None

    def unique(self, key: str, resource: Resource, what: str) -> bool:
        """False (and a problem) when two resources would become the same register entity."""
        earlier = self.entities.get(key)
        if earlier is not None and earlier is not resource:
            self.problems.append(
                Problem(
                    f"becomes {what} {key!r}, as {earlier.where} in {earlier.file} does; rename one of them",
                    file=resource.file,
                    field=resource.where,
                )
            )
            return False
        self.entities[key] = resource
        return True


def _plain(item: Any) -> str:
    """A pydantic error in plain words: what is wrong with the value, not the validator's wording."""
    kind = item.get("type")
    if kind == "missing":
        return "required field is missing"
    if kind == "too_short":
        return "needs at least one value"
    if kind == "enum" or kind == "literal_error":
        return "is not one of the allowed values"
    return error_message(item)


def _meta(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get("meta")
    found = meta.get(META_KEY) if isinstance(meta, dict) else None
    return found if isinstance(found, dict) else {}


def _tag_key(data: dict[str, Any]) -> str | None:
    for tag in data.get("tags") or []:
        if isinstance(tag, str) and tag.startswith(KEY_TAG):
            return tag[len(KEY_TAG) :]
    return None


def register_from_fides(resources: list[Resource]) -> Register:
    """The register the manifests describe; raises ``RegisterValidationError`` naming file and resource.

    In turn: the data categories and subjects; the systems, sorted into systems, vendors and carriers;
    the processors (vendor systems, and vendors only named on a system) and who operates each system;
    the systems; one activity per data use; the organisation. When two resources would become the same
    register entity, the later one is the problem.
    """
    builder = _Builder()
    by_type: dict[str, list[Resource]] = defaultdict(list)
    for resource in resources:
        by_type[resource.type].append(resource)
    keys = _FidesKeys(by_type["data_category"], by_type["data_use"])
    categories = _categories(builder, keys)
    subjects = _subjects(builder, by_type["data_subject"])
    found = _sorted_systems(builder, by_type["system"])
    operators, processors = _processors(builder, found)
    systems = _systems(builder, found.systems, operators)
    # Activities may add the default-taxonomy categories and subjects their declarations use.
    activities = _activities(builder, keys, found, categories, subjects)
    organisation = _organisation(builder, by_type["organization"])
    if builder.problems or organisation is None:
        raise RegisterValidationError(builder.problems or [Problem("no organisation")])
    try:
        return Register(
            organisation=organisation,
            data_categories=list(categories.values()),
            data_subjects=list(subjects.values()),
            activities=list(activities.values()),
            systems=list(systems.values()),
            processors=list(processors.values()),
        )
    except ValidationError as error:
        raise RegisterValidationError([Problem(error_message(item)) for item in error.errors()]) from None


class _FidesKeys:
    """The register keys of Fides data categories and data uses.

    A category's key comes from its tag, else from its path under its parent; an activity's from its data
    use's tag, else from the use's own part below its parent.
    """

    def __init__(self, categories: list[Resource], uses: list[Resource]) -> None:
        self.category_defs = {r.data["fides_key"]: r for r in categories}
        self.use_defs = {r.data["fides_key"]: r for r in uses}
        self._category_keys: dict[str, str] = {}

    def category(self, fides_key: str) -> str:
        if fides_key in self._category_keys:
            return self._category_keys[fides_key]
        resource = self.category_defs.get(fides_key)
        tagged = _tag_key(resource.data) if resource else None
        parent_fides = fides_key.rsplit(".", 1)[0] if "." in fides_key else None
        if tagged:
            key = tagged
        elif resource is not None and parent_fides is not None and parent_fides in self.category_defs:
            key = derived_key(fides_key.rsplit(".", 1)[1], self.category(parent_fides))
        else:
            own = fides_key.removeprefix(CATEGORY_ROOT + ".") if fides_key != CATEGORY_ROOT else fides_key
            key = as_register_key(own if resource is not None else fides_key.removeprefix(CATEGORY_ROOT + "."))
        self._category_keys[fides_key] = key
        return key

    def activity(self, use: str) -> str:
        resource = self.use_defs.get(use)
        if resource is not None:
            tagged = _tag_key(resource.data)
            parent = resource.data.get("parent_key")
            if tagged:
                return tagged
            if parent and use.startswith(parent + "."):
                return as_register_key(use[len(parent) + 1 :])
        return as_register_key(use)


def _categories(builder: _Builder, keys: _FidesKeys) -> dict[str, DataCategory]:
    categories: dict[str, DataCategory] = {}
    for fides_key, resource in keys.category_defs.items():
        if not builder.unique(keys.category(fides_key), resource, "data category"):
            continue
        data = resource.data
        parent = data.get("parent_key")
        tags = set(data.get("tags") or [])
        made = builder.make(
            DataCategory,
            resource,
            {
                "key": keys.category(fides_key),
                "name": data.get("name") or fides_key,
                "parent": keys.category(parent) if isinstance(parent, str) and parent in keys.category_defs else None,
                "description": data.get("description"),
                "special_category": SPECIAL_TAG in tags,
                "criminal_data": CRIMINAL_TAG in tags,
            },
        )
        if made is not None:
            categories[made.key] = made
    return categories


def _subjects(builder: _Builder, resources: list[Resource]) -> dict[str, DataSubjectCategory]:
    subjects: dict[str, DataSubjectCategory] = {}
    for resource in resources:
        if not builder.unique(as_register_key(resource.data["fides_key"]), resource, "data subject"):
            continue
        subject = builder.make(
            DataSubjectCategory,
            resource,
            {
                "key": as_register_key(resource.data["fides_key"]),
                "name": resource.data.get("name") or resource.data["fides_key"],
                "description": resource.data.get("description"),
            },
        )
        if subject is not None:
            subjects[subject.key] = subject
    return subjects


@dataclass
class _FoundSystems:
    """The manifests' systems, sorted: the register's systems, vendors (processors) and carriers, by key."""

    systems: dict[str, Resource] = field(default_factory=dict)
    vendors: dict[str, Resource] = field(default_factory=dict)
    carriers: list[Resource] = field(default_factory=list)  # hold declarations that name no system of ours


def _sorted_systems(builder: _Builder, resources: list[Resource]) -> _FoundSystems:
    """A vendor is a system marked as a processor, or one whose responsibility is a vendor role and that
    declares no processing of its own."""
    found = _FoundSystems()
    for resource in resources:
        data = resource.data
        kind = _meta(data).get("kind")
        roles = set(data.get("responsibility") or [])
        if kind == "carrier" or data["fides_key"] == CARRIER_SYSTEM:
            found.carriers.append(resource)
        elif not builder.unique(as_register_key(data["fides_key"]), resource, "system or processor"):
            continue
        elif kind == "processor" or (
            kind != "system" and roles & VENDOR_ROLES and not data.get("privacy_declarations")
        ):
            found.vendors[as_register_key(data["fides_key"])] = resource
        else:
            found.systems[as_register_key(data["fides_key"])] = resource
    return found


def _egress_targets(resource: Resource) -> list[str]:
    """The register keys of the systems a resource sends data to (its ``egress``), in order."""
    return [
        as_register_key(str(flow.get("fides_key", ""))) if isinstance(flow, dict) else ""
        for flow in resource.data.get("egress") or []
    ]


def _processors(builder: _Builder, found: _FoundSystems) -> tuple[dict[str, str], dict[str, Processor]]:
    """Who operates each system (system key -> processor key), and the processors.

    A system's operator is the first vendor it sends data to; a system naming its vendor but sending to no
    vendor system is operated by that vendor, which becomes a processor of its own. A vendor's
    sub-processors are the other vendors it sends data to.
    """
    operators: dict[str, str] = {}
    for key, resource in found.systems.items():
        for target in _egress_targets(resource):
            if target in found.vendors and key not in operators:
                operators[key] = target
    engagements: dict[str, list[str]] = defaultdict(list)
    for key, resource in found.vendors.items():
        for target in _egress_targets(resource):
            if target in found.vendors and target != key and target not in engagements[key]:
                engagements[key].append(target)
    named_vendors: dict[str, Resource] = {}
    for key, resource in found.systems.items():
        vendor = resource.data.get("legal_name") or resource.data.get("vendor_id")
        if key not in operators and vendor and not _meta(resource.data):
            operators[key] = as_register_key(f"{key}.vendor")
            named_vendors[operators[key]] = resource
    processors: dict[str, Processor] = {}
    for key, resource in [*found.vendors.items(), *named_vendors.items()]:
        processor = _processor(builder, key, resource, engagements.get(key, []), own=key in found.vendors)
        if processor is not None:
            processors[key] = processor
    return operators, processors


def _systems(builder: _Builder, resources: dict[str, Resource], operators: dict[str, str]) -> dict[str, System]:
    systems: dict[str, System] = {}
    for key, resource in resources.items():
        data = resource.data
        meta = _meta(data)
        system = builder.make(
            System,
            resource,
            {
                "key": key,
                "name": data.get("name") or data["fides_key"],
                "kind": _system_kind(data.get("system_type")),
                "description": data.get("description"),
                "operator": operators.get(key),
                "hosting": meta.get("hosting") or [UNKNOWN],
            },
        )
        if system is not None:
            systems[key] = system
    return systems


def _activities(
    builder: _Builder,
    keys: _FidesKeys,
    found: _FoundSystems,
    categories: dict[str, DataCategory],
    subjects: dict[str, DataSubjectCategory],
) -> dict[str, ProcessingActivity]:
    """One activity per data use, across every system (and carrier) that declares it."""
    declared: dict[str, list[tuple[str | None, Resource, dict[str, Any]]]] = defaultdict(list)
    for resource in [*found.systems.values(), *found.carriers]:
        system_key = None if resource in found.carriers else as_register_key(resource.data["fides_key"])
        for declaration in resource.data.get("privacy_declarations") or []:
            if isinstance(declaration, dict) and isinstance(declaration.get("data_use"), str):
                declared[declaration["data_use"]].append((system_key, resource, declaration))
    activities: dict[str, ProcessingActivity] = {}
    for use, entries in declared.items():
        resource = keys.use_defs.get(use) or entries[0][1]
        if not builder.unique(keys.activity(use), resource, "activity"):
            continue
        activity = _activity(
            builder, keys.activity(use), keys.use_defs.get(use), entries, keys.category, categories, subjects
        )
        if activity is not None:
            activities[activity.key] = activity
    return activities


def _system_kind(text: Any) -> str:
    value = str(text or "").strip().lower()
    return value if value in {k.value for k in SystemKind} else SystemKind.OTHER.value


def _processor(
    builder: _Builder, key: str, resource: Resource, sub_processors: list[str], own: bool
) -> Processor | None:
    data = resource.data
    meta = _meta(data) if own else {}
    name = data.get("legal_name") or (data.get("name") if own else None) or data.get("vendor_id")
    safeguards = []
    for basis in data.get("legal_basis_for_transfers") or []:
        tool = TRANSFER_TOOLS.get(basis)
        if tool is not None:
            # Fides names the kind of tool only: which decision, module and TIA stay unknown.
            safeguards.append({"kind": tool.value, "instrument": UNKNOWN if tool != SafeguardKind.BCR else None})
    service = meta.get("service_category")
    return builder.make(
        Processor,
        resource,
        {
            "key": key,
            "legal_name": name or NOT_STATED,
            "service_category": service if service in {c.value for c in ServiceCategory} else "other",
            "description": data.get("description") if own else None,
            "established_in": meta.get("established_in") or UNKNOWN,
            "processing_locations": meta.get("processing_locations") or meta.get("third_countries") or [UNKNOWN],
            "can_access_data": meta.get("can_access_data", True),
            "dpa": DataProcessingAgreement(reference=data["dpa_location"]) if data.get("dpa_location") else None,
            "safeguards": [Safeguard.model_validate(s) for s in safeguards],
            "sub_processors": [SubProcessorEngagement(processor=k) for k in sub_processors],
        },
    )


def _activity(
    builder: _Builder,
    key: str,
    use: Resource | None,
    entries: list[tuple[str | None, Resource, dict[str, Any]]],
    category_key: Callable[[str], str],
    categories: dict[str, DataCategory],
    subjects: dict[str, DataSubjectCategory],
) -> ProcessingActivity | None:
    first = entries[0][2]
    description = use.data.get("description") if use is not None else None
    purposes = [line.strip() for line in str(description or "").splitlines() if line.strip()]
    all_categories: list[str] = []
    all_subjects: list[str] = []
    reach: dict[str, list[str]] = {}
    for system_key, _, declaration in entries:
        cats = [category_key(str(c)) for c in declaration.get("data_categories") or []]
        for c, fides_key in zip(cats, declaration.get("data_categories") or [], strict=True):
            if c not in categories:  # a default-taxonomy category the manifests use without defining it
                categories[c] = DataCategory(key=c, name=str(fides_key))
            if c not in all_categories:
                all_categories.append(c)
        for s in declaration.get("data_subjects") or []:
            subject = as_register_key(str(s))
            if subject not in subjects:
                subjects[subject] = DataSubjectCategory(key=subject, name=str(s))
            if subject not in all_subjects:
                all_subjects.append(subject)
        if system_key is not None:
            reach[system_key] = cats
    flows = [
        DataFlow(to=system, data_categories=cats)
        for system, cats in reach.items()
        if cats and [c for c in all_categories if c in cats] != all_categories
    ]
    resource = entries[0][1]
    for field_name, known in (
        ("legal_basis_for_processing", LEGAL_BASES),
        ("special_category_legal_basis", SPECIAL_BASES),
    ):
        stated = first.get(field_name)
        if stated is not None and stated not in known:
            # An unknown basis dropped in silence would read as "no basis recorded": say so instead.
            builder.problems.append(
                Problem(
                    f"{stated!r} is not one of Fides' values ({', '.join(known)})",
                    file=resource.file,
                    field=f"{resource.where} -> privacy_declarations ({key}) -> {field_name}",
                )
            )
    basis = LEGAL_BASES.get(str(first.get("legal_basis_for_processing")))
    claims = []
    if basis is not None:
        interest = NOT_STATED if basis == LegalBasis.LEGITIMATE_INTERESTS else None
        claims.append(LegalBasisClaim(basis=basis, legitimate_interest=interest))
    retention = first.get("retention_period")
    return builder.make(
        ProcessingActivity,
        resource,
        {
            "key": key,
            "name": (use.data.get("name") if use is not None else None) or first.get("name") or key,
            "role": "controller",
            "purposes": purposes or [first.get("name") or (use.data.get("name") if use else None) or key],
            "legal_bases": claims,
            "art9_condition": SPECIAL_BASES.get(str(first.get("special_category_legal_basis"))),
            "data_categories": all_categories or [],
            "data_subjects": all_subjects,
            "systems": list(reach),
            "flows": flows,
            # Fides states retention as free text: kept as the criteria, not read as a period.
            "retention": RetentionRule(kind="undetermined", criteria=str(retention)) if retention else None,
        },
    )


def _organisation(builder: _Builder, resources: list[Resource]) -> Organisation | None:
    if not resources:
        return Organisation(name=NOT_STATED, address=Address(country=UNKNOWN))
    resource = resources[0]
    data = resource.data
    contacts = []
    for field_name, role in (
        ("controller", ContactRole.PRIVACY_CONTACT),
        ("data_protection_officer", ContactRole.DPO),
        ("representative", ContactRole.EU_REPRESENTATIVE),
    ):
        details = data.get(field_name)
        if isinstance(details, dict) and (details.get("email") or details.get("phone")):
            name = details.get("name") if field_name != "controller" else None
            contacts.append(
                Contact(
                    role=role, name=name or None, email=details.get("email") or None, phone=details.get("phone") or None
                )
            )
    description = str(data.get("description") or "")
    number = (
        description.removeprefix("Organisation number ").strip()
        if description.startswith("Organisation number ")
        else None
    )
    made: Organisation | None = builder.make(
        Organisation,
        resource,
        {
            "name": data.get("name") or data["fides_key"],
            "organisation_number": number,
            # Fides keeps the address as one line of text: the country is not read out of it.
            "address": {"country": UNKNOWN},
            "contacts": contacts,
        },
    )
    return made
