"""DataFacts answers from the few flagged categories exactly as a walk over every carried category would."""

from __future__ import annotations

import random

from catalog.compliance.engine import Carried, DataFacts
from catalog.domain.models import DataCategory, SupplementaryMeasure
from catalog.domain.vocab import ExcludedDataKind, SupplementaryMeasureKind


def _tree(rng: random.Random) -> list[DataCategory]:
    categories: list[DataCategory] = []
    for index in range(60):
        parent = categories[rng.randrange(len(categories))].key if categories and rng.random() < 0.8 else None
        measures = (
            [
                SupplementaryMeasure(
                    kind=rng.choice(list(SupplementaryMeasureKind)), description=f"m{index % 3}", supplementary=True
                )
            ]
            if rng.random() < 0.1
            else []
        )
        categories.append(
            DataCategory(
                key=f"c{index}",
                name=f"Category {index}",
                parent=parent,
                hr_data=rng.random() < 0.15,
                excluded_kinds=[rng.choice(list(ExcludedDataKind))] if rng.random() < 0.08 else [],
                security_measures=measures,
            )
        )
    return categories


def _walked(categories: list[DataCategory], keys: set[str]) -> Carried:
    """The plain definition: each carried category's own flags and its ancestors', plus its descendants' flags."""
    by_key = {c.key: c for c in categories}

    def ancestors(key: str) -> list[DataCategory]:
        chain, node = [], by_key.get(key)
        while node is not None:
            chain.append(node)
            node = by_key.get(node.parent) if node.parent else None
        return chain

    def below_or_self(key: str) -> list[DataCategory]:
        return [c for c in categories if any(a.key == key for a in ancestors(c.key))]

    hr = any(c.hr_data for k in keys for c in [*ancestors(k), *below_or_self(k)])
    own_hr = {k: any(c.hr_data for c in ancestors(k)) for k in keys}
    non_hr = not keys or not all(own_hr.values())
    excluded = frozenset(kind for k in keys for c in [*ancestors(k), *below_or_self(k)] for kind in c.excluded_kinds)
    unique: dict[tuple[str, str | None], SupplementaryMeasure] = {}
    for key in sorted(keys):
        for node in ancestors(key):
            for measure in node.supplementary_measures:
                unique.setdefault((measure.kind.value, measure.description), measure)
    return Carried(hr, non_hr, excluded, tuple(unique.values()))


def test_data_facts_equal_the_plain_walk_for_random_hops() -> None:
    rng = random.Random(20)
    categories = _tree(rng)
    facts = DataFacts(categories)
    for _ in range(300):
        keys = {f"c{rng.randrange(60)}" for _ in range(rng.randrange(0, 8))}
        if rng.random() < 0.1:
            keys.add("unknown.category")  # a key the tree does not hold: never HR data
        expected = _walked(categories, keys)
        assert facts.of(keys) == expected
        assert facts.of(tuple(sorted(keys))) == expected
