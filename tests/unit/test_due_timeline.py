"""The due page's timeline: one point per day and kind, whatever the number of items."""

from __future__ import annotations

from datetime import date

from catalog.review.due import DueItem, DueKind
from ui.components.due import HOVER_ITEMS, timeline_points


def _item(n: int, due_on: date, kind: DueKind, entity: str = "") -> DueItem:
    return DueItem(
        uid=f"item-{n}",
        kind=kind,
        due_on=due_on,
        overdue=False,
        entity=entity or f"Processor {n}",
        subject=f"processor:p{n}",
        why="Its contract review date.",
        affects="1 transfer.",
    )


def test_items_on_the_same_day_and_kind_are_one_point_and_every_item_is_in_one() -> None:
    day, later = date(2027, 1, 1), date(2027, 2, 1)
    kinds = list(DueKind)
    items = [_item(n, day, kinds[0]) for n in range(1000)]
    items += [_item(1000, later, kinds[0]), _item(1001, day, kinds[1])]
    points = timeline_points(items)
    assert [(p.due_on, p.kind, len(p.items)) for p in points] == [
        (day, kinds[0], 1000),
        (later, kinds[0], 1),
        (day, kinds[1], 1),
    ]
    assert sorted(item.uid for p in points for item in p.items) == sorted(item.uid for item in items)
    crowded = points[0]
    assert crowded.hover.startswith("1000 ")
    assert crowded.hover.count("Processor ") == HOVER_ITEMS and f"and {1000 - HOVER_ITEMS} more" in crowded.hover
    assert crowded.size > points[1].size == 12.0


def test_a_name_with_markup_stays_plain_text_in_the_hover() -> None:
    (point,) = timeline_points([_item(1, date(2027, 1, 1), next(iter(DueKind)), entity="<b>Acme</b> & Co")])
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Co" in point.hover and "<b>" not in point.hover
