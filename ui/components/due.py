"""The review calendar for the shown register, computed once per store revision, date and window."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from catalog.app.language import Translate
from catalog.app.review import KIND_LABELS, DueItem, DueKind
from ui.components.text import plotly_text

HOVER_ITEMS = 3
"""Items named in a timeline point's hover text; the rest are counted."""


@dataclass(frozen=True)
class TimelinePoint:
    """The items due on one day for one kind: one marker on the timeline, sized by their count."""

    due_on: date
    kind: DueKind
    items: tuple[DueItem, ...]
    translate: Translate = str

    @property
    def hover(self) -> str:
        """The first items by name and what they are, the rest counted (plotly's markup: ``<br>`` breaks)."""
        _ = self.translate
        lines = [plotly_text(f"{item.entity}: {item.why}") for item in self.items[:HOVER_ITEMS]]
        if len(self.items) > HOVER_ITEMS:
            lines.append(_("… and {count} more").format(count=len(self.items) - HOVER_ITEMS))
        count = (
            _("{count} items ({kind})").format(count=len(self.items), kind=plotly_text(_(KIND_LABELS[self.kind])))
            + "<br>"
            if len(self.items) > 1
            else ""
        )
        return count + "<br>".join(lines)

    @property
    def size(self) -> float:
        return min(12.0 + 4.0 * math.sqrt(len(self.items) - 1), 40.0)


def timeline_points(items: list[DueItem], translate: Translate = str) -> list[TimelinePoint]:
    """One point per day and kind, in the items' order: a 100k register can have ninety thousand items due on
    one day, which as markers took plotly a second to copy on every run of the page and drew as one dot."""
    grouped: dict[tuple[date, DueKind], list[DueItem]] = {}
    for item in items:
        grouped.setdefault((item.due_on, item.kind), []).append(item)
    return [TimelinePoint(due_on, kind, tuple(members), translate) for (due_on, kind), members in grouped.items()]
