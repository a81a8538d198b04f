"""The status legend every page draws beside a graph or map: each transfer status's sign, colour and label.

Colours, signs and labels come from the one status table (``catalog.compliance.status_words`` through
``catalog.app.review``), so the lineage, the map and the tables never word or colour a status their own way.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from catalog.app.language import Lang
from catalog.app.review import STATUS_ORDER, TransferStatus, status_hex, status_icon, status_label
from ui.components.words import title_lang

_ITEM = (
    '<span style="display:inline-flex;align-items:center;gap:0.4em;margin-right:1.4em;white-space:nowrap">'
    '<span style="display:inline-block;min-width:1.5em;padding:0 0.25em;border-radius:0.4em;text-align:center;'
    'font-weight:700;color:#FFFFFF;background:{colour}">{icon}</span>{label}</span>'
)


def status_text(status: TransferStatus, lang: Lang = Lang.EN) -> str:
    """A status for a table cell: its sign and its label ("✕ Not valid"), never colour alone."""
    return f"{status_icon(status)} {status_label(status, title_lang(lang))}"


def legend_html(
    lang: Lang = Lang.EN, statuses: Iterable[TransferStatus] = STATUS_ORDER, extra: Iterable[str] = ()
) -> str:
    """The legend as inert HTML (labels escaped): each status's sign on its colour and its label, worst first;
    ``extra`` adds plain-text notes after them (already translated)."""
    items = [
        _ITEM.format(colour=status_hex(s), icon=escape(status_icon(s)), label=escape(status_label(s, title_lang(lang))))
        for s in statuses
    ]
    notes = [f'<span style="margin-right:1.4em;color:#444444">{escape(note)}</span>' for note in extra]
    return (
        '<div class="catalog-status-legend" style="font-size:14px;line-height:1.8;display:flex;flex-wrap:wrap">'
        + "".join(items + notes)
        + "</div>"
    )
