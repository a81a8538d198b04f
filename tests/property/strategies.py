"""Hypothesis strategies that build valid registers (references resolve, keys are unique)."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from catalog.domain.register import Register
from catalog.domain.vocab import LegalBasis, RecipientKind, ServiceCategory, SystemKind

TEXT = (
    st.text(
        alphabet=st.characters(
            categories=("L", "N", "P", "S", "Zs"),
            exclude_characters="\x85\u2028\u2029",
            max_codepoint=0x2FFF,
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
LOCATIONS = st.sampled_from(["NO", "SE", "US", "GB", "IN", "CA", "unknown", "EU", "JP"])
DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
DECISION_BOUNDARIES = [
    date(2016, 7, 31),  # the day before Privacy Shield opened
    date(2016, 8, 1),
    date(2019, 1, 23),  # Japan's decision applies
    date(2020, 7, 16),  # Schrems II: Privacy Shield invalidated
    date(2021, 9, 27),  # the old SCCs can no longer be signed
    date(2022, 12, 27),  # the last day contracts under the old SCCs count
    date(2022, 12, 28),
    date(2023, 7, 10),  # the EU-US Data Privacy Framework decision
]
BOUNDARY_DATES = st.sampled_from(DECISION_BOUNDARIES) | DATES
"""Dates around the reference data's decision boundaries, and any other date."""


def keys(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{i}" for i in range(count)]


@st.composite
def safeguards(draw: st.DrawFn) -> dict[str, object]:
    choice = draw(st.sampled_from(["scc", "scc-unknown", "bcr", "dpf", "derogation", "adequacy"]))
    if choice == "scc":
        data: dict[str, object] = {
            "kind": "scc",
            "instrument": "scc-2021-914",
            "module": draw(st.sampled_from("1234")),
        }
    elif choice == "scc-unknown":  # SCCs recorded without their decision: counted, details missing
        data = {"kind": "scc", "instrument": "unknown"}
    elif choice == "derogation":
        data = {"kind": "derogation", "derogation": "49(1)(a)", "occasional": draw(st.booleans())}
    elif choice == "adequacy":
        data = {"kind": "adequacy", "instrument": "us-privacy-shield"}
    else:
        data = {"kind": choice}
    if draw(st.booleans()):
        data["tia"] = {
            "assessed_on": draw(DATES),
            "outcome": draw(st.sampled_from(["adequate", "pending"])),
        }
    if draw(st.booleans()):
        data["note"] = draw(TEXT)
    return data


@st.composite
def registers(draw: st.DrawFn) -> Register:
    n_categories = draw(st.integers(1, 5))
    categories = keys("cat", n_categories)
    n_processors = draw(st.integers(0, 5))
    processors = keys("proc", n_processors)
    n_systems = draw(st.integers(0, 4))
    systems = keys("sys", n_systems)
    recipients = keys("rec", draw(st.integers(0, 2)))
    data: dict[str, object] = {
        "organisation": {
            "name": draw(TEXT),
            "address": {"country": draw(LOCATIONS), "city": draw(st.none() | TEXT)},
            "contacts": [{"role": "dpo", "email": "dpo@example.org"}] if draw(st.booleans()) else [],
        },
        "data_categories": [
            {
                "key": key,
                "name": draw(TEXT),
                "parent": categories[i - 1] if i and draw(st.booleans()) else None,
                "special_category": draw(st.booleans()),
            }
            for i, key in enumerate(categories)
        ],
        "data_subjects": [{"key": "subjects", "name": draw(TEXT)}],
        "processors": [
            {
                "key": key,
                "legal_name": draw(TEXT),
                "service_category": draw(st.sampled_from(list(ServiceCategory))).value,
                "established_in": draw(LOCATIONS),
                "processing_locations": draw(st.lists(LOCATIONS, min_size=1, max_size=3, unique=True)),
                "safeguards": draw(st.lists(safeguards(), max_size=2)),
                "sub_processors": [
                    {
                        "processor": sub,
                        "locations": draw(st.lists(LOCATIONS, max_size=2, unique=True)),
                    }
                    for sub in draw(st.lists(st.sampled_from(processors), max_size=2, unique=True))
                ],
                "dpa": {"reference": draw(TEXT), "signed_on": draw(DATES)} if draw(st.booleans()) else None,
            }
            for key in processors
        ],
        "systems": [
            {
                "key": key,
                "name": draw(TEXT),
                "kind": draw(st.sampled_from(list(SystemKind))).value,
                "operator": draw(st.none() | st.sampled_from(processors)) if processors else None,
                "hosting": draw(st.lists(LOCATIONS, min_size=1, max_size=2, unique=True)),
            }
            for key in systems
        ],
        "recipients": [
            {
                "key": key,
                "name": draw(TEXT),
                "kind": draw(st.sampled_from(list(RecipientKind))).value,
                "locations": [draw(LOCATIONS)],
                "occasional": draw(st.booleans()),
            }
            for key in recipients
        ],
        "activities": [
            {
                "key": f"act-{i}",
                "name": draw(TEXT),
                "role": "controller",
                "purposes": draw(st.lists(TEXT, min_size=1, max_size=2)),
                "legal_bases": [
                    {"basis": b.value}
                    for b in draw(
                        st.lists(
                            st.sampled_from(
                                [
                                    LegalBasis.CONSENT,
                                    LegalBasis.CONTRACT,
                                    LegalBasis.LEGAL_OBLIGATION,
                                ]
                            ),
                            max_size=2,
                            unique=True,
                        )
                    )
                ],
                "data_categories": draw(st.lists(st.sampled_from(categories), min_size=1, max_size=3, unique=True)),
                "data_subjects": ["subjects"],
                "systems": draw(st.lists(st.sampled_from(systems), max_size=2, unique=True)) if systems else [],
                "recipients": draw(st.lists(st.sampled_from(recipients), max_size=1, unique=True))
                if recipients
                else [],
                "retention": {"kind": "period", "maximum": "P2Y", "trigger": "after_collection"}
                if draw(st.booleans())
                else None,
            }
            for i in range(draw(st.integers(0, 4)))
        ],
    }
    return Register.model_validate(data)
