"""Record-of-processing layouts the importer knows, and finding their header row anywhere in a sheet.

The headings are the exporters' own (catalog/exporters/headings.py), so a layout this tool writes is a
layout it reads; a few spellings seen in real workbooks are accepted as well. Headings are compared
without case, punctuation or a trailing "(if applicable)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from catalog.errors import InputError
from catalog.exporters.headings import DATATILSYNET_CONTROLLER, ICO_CONTROLLER, TemplateSpec
from catalog.importers.cells import text_of
from catalog.importers.sheets import Sheet
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase

HEADER_SCAN_ROWS = 40
MIN_MATCHES = 3


class Layout(StrEnum):
    """A spreadsheet layout: the ICO controller template, Datatilsynet's, or this tool's ROPA export."""

    ICO = "ico"
    DATATILSYNET = "datatilsynet"
    CATALOG = "catalog"

    @property
    def label(self) -> str:
        return {
            Layout.ICO: "ICO controller template",
            Layout.DATATILSYNET: "Datatilsynet's controller protocol",
            Layout.CATALOG: "this tool's ROPA export (ICO layout with an activity column)",
        }[self]


# Extra spellings seen in the wild (normalised like headings), column id -> texts.
_ALIASES: dict[Layout, dict[str, tuple[str, ...]]] = {
    Layout.ICO: {
        "purposes": ("purposes of processing", "purpose(s) of processing", "purpose"),
        "data_subjects": ("categories of data subjects", "data subjects"),
        "data_categories": ("personal data", "categories of data"),
        "third_countries": ("third countries", "international transfers", "transfers to third countries"),
        "transfer_safeguards": ("safeguards for transfers", "transfer safeguards", "transfer mechanism"),
        "retention": ("retention schedule", "retention period", "retention"),
        "art6_basis": ("lawful basis", "article 6 lawful basis", "legal basis"),
        "activity": ("processing activity", "activity", "name of processing activity"),
    },
    Layout.DATATILSYNET: {
        "activity": ("behandlingsaktivitet", "behandling"),
        "purposes": ("formål",),
        "art6_basis": ("behandlingsgrunnlag", "rettslig grunnlag"),
        "third_countries": ("overføring til tredjeland", "tredjeland"),
        "retention": ("sletting", "lagringstid", "tidsfrister for sletting"),
    },
}


def normalise_heading(text: str) -> str:
    folded = text.casefold().replace("\n", " ")
    folded = re.sub(r"\((if applicable|if possible|hvis aktuelt|om relevant)\)", "", folded)
    folded = re.sub(r"[^\w()]+", " ", folded)
    return re.sub(r"\s+", " ", folded).strip()


def _heading_index(spec: TemplateSpec, layout: Layout) -> dict[str, str]:
    index = {normalise_heading(column.heading): column.id for column in spec.columns}
    for column_id, texts in _ALIASES.get(layout, {}).items():
        for text in texts:
            index.setdefault(normalise_heading(text), column_id)
    return index


_INDEXES = {
    Layout.ICO: _heading_index(ICO_CONTROLLER, Layout.ICO),
    Layout.DATATILSYNET: _heading_index(DATATILSYNET_CONTROLLER, Layout.DATATILSYNET),
}


@dataclass(frozen=True)
class HeaderMatch:
    """Where a layout's header row is: sheet, 0-based row, column index -> column id."""

    sheet: Sheet
    row: int
    layout: Layout
    columns: dict[int, str]
    unmatched: tuple[tuple[int, str], ...]  # headed columns the layout does not know: (index, heading)

    @property
    def row_number(self) -> int:
        """The header's row as a person counts it (1-based)."""
        return self.row + 1


def _match_row(cells: tuple[object, ...], layout: Layout) -> tuple[dict[int, str], list[tuple[int, str]]]:
    index = _INDEXES[Layout.ICO if layout == Layout.CATALOG else layout]
    matched: dict[int, str] = {}
    unmatched: list[tuple[int, str]] = []
    for col, raw in enumerate(cells):
        text = text_of(raw) if isinstance(raw, str | int | float) else None
        if text is None:
            continue
        column_id = index.get(normalise_heading(text))
        if column_id is not None and column_id not in matched.values():
            matched[col] = column_id
        else:
            unmatched.append((col, text))
    return matched, unmatched


def find_header(sheets: list[Sheet], forced: Layout | None = None, source: str = "the spreadsheet") -> HeaderMatch:
    """The best header row of any sheet in the first rows: the one matching the most known headings."""
    best: HeaderMatch | None = None
    for sheet in sheets:
        for row, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            for layout in (Layout.ICO, Layout.DATATILSYNET):
                if forced is not None and (forced == Layout.DATATILSYNET) != (layout == Layout.DATATILSYNET):
                    continue
                matched, unmatched = _match_row(cells, layout)
                if len(matched) < MIN_MATCHES or (best is not None and len(matched) <= len(best.columns)):
                    continue
                chosen = layout
                if layout == Layout.ICO:
                    chosen = forced or (Layout.CATALOG if "activity" in matched.values() else Layout.ICO)
                best = HeaderMatch(sheet, row, chosen, matched, tuple(unmatched))
    if best is None:
        wanted = (
            forced.label if forced else Phrase(N_("the ICO controller template, Datatilsynet's protocol or this tool"))
        )
        raise InputError(
            Phrase(
                N_(
                    "{source}: no header row of {wanted} found in the first {rows} rows of any sheet (at least "
                    "{least} known column headings, e.g. 'Purpose of processing', 'Categories of personal data'); "
                    "use --layout to choose one"
                ),
                source=source,
                wanted=wanted,
                rows=HEADER_SCAN_ROWS,
                least=MIN_MATCHES,
            )
        )
    return best
