"""Each transfer status's one label (English, translated by the catalogs) and one colour, for every page and export.

Kept in one table keyed by ``TransferStatus``, beside the rule titles, so that no surface words or
colours a status its own way (the bokmål labels are in the ``core`` catalog).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.compliance.model import TransferHop, TransferStatus
from catalog.kernel.i18n import N_, translate


@dataclass(frozen=True)
class StatusStyle:
    """How a status is shown: its label in each language, its colour's name and its RGB value."""

    en: str  # the English label, translated where read
    colour: str  # green, amber, red or grey: the name legends and docs use
    rgb: tuple[int, int, int]
    icon: str = ""  # one character beside (or instead of) the label, so colour is never the only sign

    @property
    def nb(self) -> str:
        return translate(self.en, "nb")

    def label(self, lang: str = "en") -> str:
        return translate(self.en, lang)

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*self.rgb)


STATUS_STYLES: dict[TransferStatus, StatusStyle] = {
    TransferStatus.VALID: StatusStyle(N_("Valid"), "green", (46, 125, 50), "✓"),
    TransferStatus.VALID_DETAILS_MISSING: StatusStyle(N_("Valid, details missing"), "amber", (239, 140, 0), "!"),
    TransferStatus.NOT_VALID: StatusStyle(N_("Not valid"), "red", (211, 47, 47), "✕"),
    TransferStatus.DESTINATION_UNKNOWN: StatusStyle(N_("Destination unknown"), "grey", (117, 117, 117), "?"),
}

STATUS_ORDER: tuple[TransferStatus, ...] = (
    TransferStatus.NOT_VALID,
    TransferStatus.DESTINATION_UNKNOWN,
    TransferStatus.VALID_DETAILS_MISSING,
    TransferStatus.VALID,
)
"""Worst first: a mark that stands for several transfers (a merged arc, an edge) takes the worst status."""


def status_label(status: TransferStatus, lang: str = "en") -> str:
    """The status as people read it: 'Valid, details missing', 'Ikke gyldig'."""
    return STATUS_STYLES[status].label(lang)


def status_rgb(status: TransferStatus) -> list[int]:
    """The status's colour as [r, g, b], as the map layers take it."""
    return list(STATUS_STYLES[status].rgb)


def status_hex(status: TransferStatus) -> str:
    return STATUS_STYLES[status].hex


def status_icon(status: TransferStatus) -> str:
    """The status's one-character sign (✓ ! ✕ ?), drawn in its colour where a label would not fit."""
    return STATUS_STYLES[status].icon


def worst(statuses: set[TransferStatus] | frozenset[TransferStatus]) -> TransferStatus:
    """The worst of several statuses (``STATUS_ORDER``)."""
    return min(statuses, key=STATUS_ORDER.index)


def transfer_counts(hops: Iterable[TransferHop]) -> dict[TransferStatus, int]:
    """Transfers per status, worst first, every status present: one hop (importer x country x exporter) each."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for hop in hops:
        counts[hop.status] += 1
    return counts


def transfer_count_values(hops: Iterable[TransferHop]) -> dict[str, int]:
    """``transfer_counts`` keyed by the statuses' values, for JSON (``catalog check``, the audit pack manifest)."""
    return {status.value: count for status, count in transfer_counts(hops).items()}
