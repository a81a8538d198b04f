"""Which cells of a record rest on a reading of the source or an assumption (issue #29).

A record row shows facts of its activity and of the entries the activity uses (its systems, their
operators, its data, subjects and recipients, and the organisation's own measures). Each fact an entry's
``provenance`` marks as a reading or an assumption becomes a note on the cell that shows it, numbered once
per fact across the table; the writers mark the cell and list the notes (docs/exports.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from catalog.compliance.rules import fact_words, named
from catalog.domain.models import Organisation, ProcessingActivity, Processor, Provenance, SourceRef
from catalog.domain.register import Entity, EntityKind, Register, display_name


@dataclass(frozen=True)
class Reading:
    """One fact that is a reading or an assumption, and the cells (row index, column id) that show it."""

    marker: int
    basis: str
    entry: str
    fact: str
    note: str
    source: SourceRef | None
    cells: tuple[tuple[int, str], ...]


# Where a record shows a field, best column first; a layout without any of them marks its first column.
_ACTIVITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "systems": ("systems", "processors", "data_locations"),
    "legal_bases": ("art6_basis",),
    "purposes": ("purposes", "processing_categories"),
    "data_categories": ("data_categories", "processing_categories"),
    "sources": ("data_sources",),
    "dpia": ("dpia_required",),
}
_USED_COLUMNS: dict[EntityKind, dict[str, tuple[str, ...]]] = {
    EntityKind.SYSTEM: {
        "hosting": ("data_locations", "systems", "third_countries"),
        "operator": ("processors", "systems", "third_countries"),
        "": ("systems", "processors"),
    },
    EntityKind.PROCESSOR: {
        "processing_locations": ("data_locations", "third_countries"),
        "established_in": ("third_countries", "processors"),
        "safeguards": ("transfer_safeguards",),
        "security_measures": ("security_measures",),
        "": ("processors", "recipients"),
    },
    EntityKind.DATA_CATEGORY: {
        "security_measures": ("security_measures",),
        "": ("data_categories", "processing_categories"),
    },
    EntityKind.DATA_SUBJECT: {"": ("data_subjects",)},
    EntityKind.RECIPIENT: {"locations": ("third_countries", "recipients"), "": ("recipients",)},
}


class ReadingNotes:
    """Collects the notes of one table, row by row, numbering each fact once."""

    def __init__(self, register: Register, columns: Sequence[str]) -> None:
        self.register = register
        self.columns = tuple(columns)
        self.index: Mapping[str, tuple[EntityKind, Entity]] = register.index()
        self._found: dict[tuple[str, str, str | None], tuple[Organisation | Entity, Provenance, list[tuple[int, str]]]]
        self._found = {}

    def add_row(self, row: int, activity: ProcessingActivity, processors: Sequence[Processor]) -> None:
        for holder, entry, candidates in self._facts(activity, processors):
            subject = "" if isinstance(holder, Organisation) else holder.key
            found = self._found.setdefault((subject, entry.field, entry.value), (holder, entry, []))
            found[2].append((row, self._column(candidates)))

    def readings(self) -> tuple[Reading, ...]:
        return tuple(
            Reading(
                marker=number,
                basis=entry.basis.value,
                entry=self._entry_name(holder),
                fact=fact_words(self.index, holder, entry),
                note=entry.note or "",
                source=entry.source,
                cells=tuple(dict.fromkeys(cells)),
            )
            for number, (holder, entry, cells) in enumerate(self._found.values(), start=1)
        )

    def _facts(
        self, activity: ProcessingActivity, processors: Sequence[Processor]
    ) -> Iterator[tuple[Organisation | Entity, Provenance, tuple[str, ...]]]:
        for entry in _confirmable(activity.provenance):
            yield activity, entry, _ACTIVITY_COLUMNS.get(entry.field, (entry.field,))
        organisation = self.register.organisation
        for entry in _confirmable(organisation.provenance):
            if entry.field == "security_measures":
                yield organisation, entry, ("security_measures",)
        used: list[tuple[EntityKind, str]] = [
            *((EntityKind.DATA_CATEGORY, key) for key in activity.data_categories),
            *((EntityKind.DATA_SUBJECT, key) for key in activity.data_subjects),
            *((EntityKind.SYSTEM, key) for key in activity.systems),
            *((EntityKind.PROCESSOR, processor.key) for processor in processors),
            *((EntityKind.RECIPIENT, key) for key in activity.recipients),
        ]
        for kind, key in used:
            found = self.index.get(key)
            if found is None or found[0] != kind:
                continue
            columns = _USED_COLUMNS[kind]
            for entry in _confirmable(found[1].provenance):
                yield found[1], entry, columns.get(entry.field, columns[""])

    def _column(self, candidates: tuple[str, ...]) -> str:
        return next((column for column in candidates if column in self.columns), self.columns[0])

    @staticmethod
    def _entry_name(holder: Organisation | Entity) -> str:
        return holder.name if isinstance(holder, Organisation) else named(display_name(holder))


def _confirmable(entries: Sequence[Provenance]) -> Iterator[Provenance]:
    return (entry for entry in entries if entry.confirmable)
