"""The whole register as one aggregate, and the cross-reference rules that bind its parts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from catalog.domain.base import CatalogModel
from catalog.domain.models import (
    CountryAssessment,
    DataCategory,
    DataSubjectCategory,
    Organisation,
    ProcessingActivity,
    Processor,
    Recipient,
    System,
    Tia,
)
from catalog.kernel.i18n import N_, translate
from catalog.kernel.phrase import Joined, Phrase


class EntityKind(StrEnum):
    """The kinds of keyed entity a register holds. The value is the register's collection name."""

    DATA_CATEGORY = "data_categories"
    DATA_SUBJECT = "data_subjects"
    ACTIVITY = "activities"
    SYSTEM = "systems"
    PROCESSOR = "processors"
    RECIPIENT = "recipients"
    COUNTRY_ASSESSMENT = "country_assessments"  # issue #32
    TIA = "tias"  # issue #32

    @property
    def model(self) -> type[Entity]:
        return ENTITY_MODELS[self]

    @property
    def singular(self) -> str:
        return _SINGULAR[self]

    @property
    def word(self) -> KindWord:
        """The kind as messages name it: its CLI noun in English, its own word in another language."""
        return KindWord(self)

    @property
    def noun(self) -> KindWord:
        """The kind as prose names it: 'data category' in English, its own word in another language."""
        return KindWord(self, spaced=True)

    @classmethod
    def parse(cls, text: str) -> EntityKind:
        """Accept the collection name or the singular CLI noun ('processor', 'data-category')."""
        wanted = text.strip().lower().replace("-", "_")
        for kind in cls:
            if wanted in (kind.value, kind.singular):
                return kind
        choices = ", ".join(kind.singular for kind in cls)
        raise ValueError(
            Phrase(N_("unknown kind {kind!r}; choose one of: organisation, {choices}"), kind=text, choices=choices)
        )


Entity = (
    DataCategory | DataSubjectCategory | ProcessingActivity | System | Processor | Recipient | CountryAssessment | Tia
)


def display_name(entity: Entity | Organisation) -> str:
    """The name a person reads: a processor's legal name, any other entity's (or the organisation's) name."""
    return entity.legal_name if isinstance(entity, Processor) else entity.name


ENTITY_MODELS: dict[EntityKind, type[Entity]] = {
    EntityKind.DATA_CATEGORY: DataCategory,
    EntityKind.DATA_SUBJECT: DataSubjectCategory,
    EntityKind.ACTIVITY: ProcessingActivity,
    EntityKind.SYSTEM: System,
    EntityKind.PROCESSOR: Processor,
    EntityKind.RECIPIENT: Recipient,
    EntityKind.COUNTRY_ASSESSMENT: CountryAssessment,
    EntityKind.TIA: Tia,
}

_SINGULAR = {
    EntityKind.DATA_CATEGORY: "data_category",
    EntityKind.DATA_SUBJECT: "data_subject",
    EntityKind.ACTIVITY: "activity",
    EntityKind.SYSTEM: "system",
    EntityKind.PROCESSOR: "processor",
    EntityKind.RECIPIENT: "recipient",
    EntityKind.COUNTRY_ASSESSMENT: "country_assessment",
    EntityKind.TIA: "tia",
}


_KIND_WORDS = {
    EntityKind.DATA_CATEGORY: N_("data category"),
    EntityKind.DATA_SUBJECT: N_("data subject category"),
    EntityKind.ACTIVITY: N_("activity"),
    EntityKind.SYSTEM: N_("system"),
    EntityKind.PROCESSOR: N_("processor"),
    EntityKind.RECIPIENT: N_("recipient"),
    EntityKind.COUNTRY_ASSESSMENT: N_("country assessment"),
    EntityKind.TIA: N_("transfer impact assessment"),
}


class KindWord(str):
    """``EntityKind.word``: 'data_category' in English messages (as the CLI spells it), worded in others."""

    kind: EntityKind
    spaced: bool

    def __new__(cls, kind: EntityKind, spaced: bool = False) -> KindWord:
        text = super().__new__(cls, kind.singular.replace("_", " ") if spaced else kind.singular)
        text.kind = kind
        text.spaced = spaced
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (KindWord, (self.kind, self.spaced))

    def render(self, lang: str) -> str:
        return str(self) if lang == "en" else translate(_KIND_WORDS[self.kind], lang)


def kind_of(entity: Entity) -> EntityKind:
    """The kind of an entity instance."""
    for kind, model in ENTITY_MODELS.items():
        if type(entity) is model:
            return kind
    raise TypeError(f"not a register entity: {type(entity).__name__}")


@dataclass(frozen=True)
class ReferenceIssue:
    """A broken cross-reference: which entity, which field path, what is wrong."""

    kind: EntityKind
    key: str
    path: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        return str(self.phrase())

    def phrase(self) -> Phrase:
        """The issue as one sentence naming the entity and field, in any language."""
        field = ".".join(str(part) for part in self.path)
        return Phrase(
            N_("{kind} {key!r} [{field}]: {message}"),
            kind=self.kind.word,
            key=self.key,
            field=field,
            message=self.message,
        )


class Register(CatalogModel):
    """A controller's whole register: the organisation and every keyed entity."""

    organisation: Organisation = Field(description="The controller.")
    data_categories: list[DataCategory] = Field(default_factory=list, description="Data-category tree.")
    data_subjects: list[DataSubjectCategory] = Field(default_factory=list, description="Data-subject categories.")
    activities: list[ProcessingActivity] = Field(default_factory=list, description="Processing activities.")
    systems: list[System] = Field(default_factory=list, description="Systems.")
    processors: list[Processor] = Field(default_factory=list, description="Processors and sub-processors.")
    recipients: list[Recipient] = Field(default_factory=list, description="Non-processor recipients.")
    country_assessments: list[CountryAssessment] = Field(
        default_factory=list, description="Country assessments shared by the TIAs for one country (issue #32)."
    )
    tias: list[Tia] = Field(default_factory=list, description="Transfer impact assessments (issue #32).")

    @model_validator(mode="after")
    def _references_resolve(self) -> Register:
        issues = find_reference_issues(self)
        if issues:
            raise ValueError("; ".join(str(issue) for issue in issues))
        return self

    def entities(self, kind: EntityKind) -> list[Entity]:
        return list(getattr(self, kind.value))

    def all_entities(self) -> Iterator[tuple[EntityKind, Entity]]:
        for kind in EntityKind:
            for entity in self.entities(kind):
                yield kind, entity

    def index(self) -> dict[str, tuple[EntityKind, Entity]]:
        """Every entity by key (keys are unique across the whole register)."""
        return {entity.key: (kind, entity) for kind, entity in self.all_entities()}

    def sorted(self) -> Register:
        """The same register with every collection in key order: a canonical form for comparison."""
        data: dict[str, Any] = {kind.value: sorted(self.entities(kind), key=lambda e: e.key) for kind in EntityKind}
        return Register.model_construct(organisation=self.organisation, **data)


def find_reference_issues(register: Register) -> list[ReferenceIssue]:
    """Duplicate keys and references that do not resolve to an entity of the right kind."""
    issues: list[ReferenceIssue] = []
    seen: dict[str, EntityKind] = {}
    for kind, entity in register.all_entities():
        if entity.key in seen:
            issues.append(
                ReferenceIssue(
                    kind,
                    entity.key,
                    ("key",),
                    Phrase(N_("duplicate key (also a {kind})"), kind=seen[entity.key].word),
                )
            )
        else:
            seen[entity.key] = kind

    def check(kind: EntityKind, key: str, path: tuple[str | int, ...], ref: str, *wanted: EntityKind) -> None:
        message = _unresolved(ref, seen.get(ref), wanted)
        if message is not None:
            issues.append(ReferenceIssue(kind, key, path, message))

    for category in register.data_categories:
        if category.parent is not None:
            check(
                EntityKind.DATA_CATEGORY,
                category.key,
                ("parent",),
                category.parent,
                EntityKind.DATA_CATEGORY,
            )
    issues.extend(_category_cycles(register))
    for system in register.systems:
        if system.operator is not None:
            check(EntityKind.SYSTEM, system.key, ("operator",), system.operator, EntityKind.PROCESSOR)
    for processor in register.processors:
        for i, engagement in enumerate(processor.sub_processors):
            path: tuple[str | int, ...] = ("sub_processors", i, "processor")
            check(
                EntityKind.PROCESSOR,
                processor.key,
                path,
                engagement.processor,
                EntityKind.PROCESSOR,
            )
    for activity in register.activities:
        a = (EntityKind.ACTIVITY, activity.key)
        for i, ref in enumerate(activity.data_categories):
            check(*a, ("data_categories", i), ref, EntityKind.DATA_CATEGORY)
        for i, ref in enumerate(activity.data_subjects):
            check(*a, ("data_subjects", i), ref, EntityKind.DATA_SUBJECT)
        for i, ref in enumerate(activity.systems):
            check(*a, ("systems", i), ref, EntityKind.SYSTEM)
        for i, ref in enumerate(activity.recipients):
            check(*a, ("recipients", i), ref, EntityKind.RECIPIENT)
        targets = set(activity.systems) | set(activity.recipients)
        for i, flow in enumerate(activity.flows):
            if flow.to not in targets:
                issues.append(
                    ReferenceIssue(
                        *a,
                        ("flows", i, "to"),
                        Phrase(N_("{target!r} is not one of this activity's systems or recipients"), target=flow.to),
                    )
                )
            for j, ref in enumerate(flow.data_categories):
                if ref not in activity.data_categories:
                    issues.append(
                        ReferenceIssue(
                            *a,
                            ("flows", i, "data_categories", j),
                            Phrase(N_("{ref!r} is not one of this activity's data categories"), ref=ref),
                        )
                    )
    issues.extend(_tia_reference_issues(register, check))
    return issues


def _unresolved(ref: str, found: EntityKind | None, wanted: tuple[EntityKind, ...]) -> Phrase | None:
    """What is wrong with a reference to ``ref`` (``found``: the kind holding that key), or None when it resolves."""
    if found is None:
        return Phrase(N_("refers to {ref!r}, which is not in the register"), ref=ref)
    if found not in wanted:
        names = Joined(" or ", [w.word for w in wanted])
        return Phrase(N_("refers to {ref!r}, a {found}, not a {wanted}"), ref=ref, found=found.word, wanted=names)
    return None


def _tia_reference_issues(register: Register, check: Any) -> list[ReferenceIssue]:
    """A TIA names importers, activities and a country assessment of the register (issue #32)."""
    issues: list[ReferenceIssue] = []
    importers = (EntityKind.PROCESSOR, EntityKind.SYSTEM, EntityKind.RECIPIENT)
    assessed = {a.key: a.country for a in register.country_assessments}
    for tia in register.tias:
        t = (EntityKind.TIA, tia.key)
        for i, covered in enumerate(tia.transfers):
            check(*t, ("transfers", i, "importer"), covered.importer, *importers)
            for j, ref in enumerate(covered.activities):
                check(*t, ("transfers", i, "activities", j), ref, EntityKind.ACTIVITY)
        if tia.country_assessment is not None:
            check(*t, ("country_assessment",), tia.country_assessment, EntityKind.COUNTRY_ASSESSMENT)
            country = assessed.get(tia.country_assessment)
            if country is not None and all(c.country != country for c in tia.transfers):
                issues.append(
                    ReferenceIssue(
                        *t,
                        ("country_assessment",),
                        Phrase(
                            N_("{assessment!r} assesses {country}, a country none of its transfers goes to"),
                            assessment=tia.country_assessment,
                            country=country,
                        ),
                    )
                )
    return issues


def _category_cycles(register: Register) -> list[ReferenceIssue]:
    parents = {c.key: c.parent for c in register.data_categories}
    issues: list[ReferenceIssue] = []
    for start in parents:
        seen = {start}
        node = parents.get(start)
        while node is not None and node in parents:
            if node == start:
                issues.append(
                    ReferenceIssue(
                        EntityKind.DATA_CATEGORY,
                        start,
                        ("parent",),
                        Phrase(N_("the category tree has a cycle here")),
                    )
                )
                break
            if node in seen:
                break
            seen.add(node)
            node = parents.get(node)
    return issues
