"""The derivation works out shared inputs once (an engagement's places, a processor's reach, a key's rank):
each hop must still get exactly its own places, tools and data."""

from __future__ import annotations

from typing import Any

from tests.engine_registers import activity, check, scc, vendor
from tests.engine_registers import register as make_register


def _systems(*operators: str) -> list[dict[str, Any]]:
    return [
        {"key": f"sys-{key}", "name": key.upper(), "kind": "saas", "operator": key, "hosting": ["DE"]}
        for key in operators
    ]


def test_one_sub_processor_engaged_by_many_goes_where_each_engagement_says() -> None:
    sub = vendor("sub", ["US"], can_access_data=False)  # its seat adds no place: only where it processes
    reg = make_register(
        [
            vendor("a", ["DE"], sub_processors=[{"processor": "sub", "locations": ["IN"], "safeguards": [scc("3")]}]),
            vendor("b", ["DE"], sub_processors=[{"processor": "sub", "safeguards": [scc("3")]}]),
            vendor("c", ["DE"], sub_processors=[{"processor": "sub", "locations": ["IN"], "safeguards": []}]),
            sub,
        ],
        activities=[activity(systems=["sys-a", "sys-b", "sys-c"])],
        systems=_systems("a", "b", "c"),
    )
    onward = [(h.exporter, h.country, h.basis.value) for h in check(reg).transfers if h.onward]
    assert onward == [
        ("processor:a", "IN", "safeguarded"),
        ("processor:b", "US", "safeguarded"),
        ("processor:c", "IN", "unsafeguarded"),
    ]


def test_a_sub_processor_engaged_twice_gets_one_hop_with_both_engagements_tools() -> None:
    twice = [
        {"processor": "sub", "safeguards": [scc("3", note="first")]},
        {"processor": "sub", "safeguards": [scc("3", note="second")]},
    ]
    reg = make_register(
        [vendor("a", ["DE"], sub_processors=twice), vendor("sub", ["US"])],
        activities=[activity(systems=["sys-a"])],
        systems=_systems("a"),
    )
    [hop] = [h for h in check(reg).transfers if h.onward]
    assert sorted(s.note or "" for s in hop.safeguards) == ["first", "second"]


def test_reached_data_is_every_key_from_every_route_sorted_even_for_a_vendor_that_exports_nothing() -> None:
    categories = [{"key": key, "name": key.title()} for key in ("phone", "email", "name", "address")]
    reg = make_register(
        [
            # "a" keeps everything in the EEA itself; its sub-processor in the US is what crosses.
            vendor("a", ["DE"], sub_processors=[{"processor": "sub", "safeguards": [scc("3")]}]),
            vendor("b", ["DE"], sub_processors=[{"processor": "sub", "safeguards": [scc("3")]}]),
            vendor("sub", ["DE"], sub_processors=[{"processor": "far", "safeguards": [scc("3")]}]),
            vendor("far", ["US"]),
        ],
        activities=[
            activity("z-act", systems=["sys-a"], data_categories=["phone"]),
            activity(
                "a-act",
                systems=["sys-b"],
                data_categories=["name", "address", "email"],
                flows=[{"to": "sys-b", "data_categories": ["name", "address"]}],
            ),
        ],
        systems=_systems("a", "b"),
        categories=categories,
    )
    [hop] = [h for h in check(reg).transfers if h.onward]
    assert (hop.exporter, hop.importer) == ("processor:sub", "processor:far")
    assert hop.data_categories == ["address", "name", "phone"]  # e-mail never reaches b: the flow narrows it
    assert hop.activities == ["a-act", "z-act"]
