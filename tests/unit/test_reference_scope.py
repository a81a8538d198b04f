"""Adequacy scope and territories (issue #14): every entry carries its source, and each listed code
has the status the law gives it on dates around its changes."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.domain.vocab import OrganisationKind
from catalog.reference import load_reference
from catalog.reference.models import TerritoryCategory

REF = load_reference()

# Expected standing of every territory code, written from the Treaties independently of the YAML:
# (code, day, in the EEA on that day?)
TERRITORY_CASES = [
    ("GP", date(2018, 5, 25), True),  # Art. 349 TFEU outermost regions
    ("GF", date(2024, 1, 1), True),
    ("MQ", date(2024, 1, 1), True),
    ("RE", date(2024, 1, 1), True),
    ("YT", date(2013, 12, 31), False),  # an OCT until Mayotte became an outermost region
    ("YT", date(2014, 1, 1), True),
    ("MF", date(2024, 1, 1), True),
    ("BL", date(2011, 12, 31), True),  # outermost region until it became an OCT
    ("BL", date(2012, 1, 1), False),
    ("AX", date(2024, 1, 1), True),  # Art. 355(4) TFEU
    ("GL", date(1984, 12, 31), True),  # left the Communities on 1985-01-01
    ("GL", date(1985, 1, 1), False),
    ("NC", date(2024, 1, 1), False),  # Annex II OCTs
    ("PF", date(2024, 1, 1), False),
    ("TF", date(2024, 1, 1), False),
    ("WF", date(2024, 1, 1), False),
    ("PM", date(2024, 1, 1), False),
    ("AW", date(2024, 1, 1), False),
    ("CW", date(2024, 1, 1), False),
    ("SX", date(2024, 1, 1), False),
    ("BQ", date(2024, 1, 1), False),
    ("FO", date(2024, 1, 1), False),  # Art. 355(5)(a) TFEU
    ("GG", date(2020, 6, 1), False),  # Crown Dependencies: never in the EU for data protection
    ("JE", date(2020, 6, 1), False),
    ("IM", date(2020, 6, 1), False),
    ("GI", date(2020, 12, 31), True),  # Art. 355(3) TFEU until the end of the transition period
    ("GI", date(2021, 1, 1), False),
    ("SJ", date(2024, 1, 1), False),  # EEA Agreement Protocol 40 (Svalbard)
    ("BV", date(2024, 1, 1), False),
]


def test_every_listed_territory_code_is_tested() -> None:
    assert {t.code for t in REF.territories.entries} == {code for code, _, _ in TERRITORY_CASES}


@pytest.mark.parametrize(("code", "day", "inside"), TERRITORY_CASES)
def test_territory_status_on_the_date(code: str, day: date, inside: bool) -> None:
    assert REF.in_eea(code, day) is inside
    assert REF.territory_status(code, day).in_eea is inside


def test_every_territory_period_carries_its_basis_and_source() -> None:
    for territory in REF.territories.entries:
        for period in territory.periods:
            assert period.source.strip() and period.basis.strip(), territory.code


def test_every_adequacy_decision_and_exclusion_carries_its_article_and_source() -> None:
    for decision in REF.adequacy.entries:
        assert decision.coverage.article.startswith("Art."), decision.id
        assert decision.coverage.source.strip(), decision.id
        for exclusion in decision.coverage.exclusions:
            assert exclusion.article.startswith("Art. 1(2)"), (decision.id, exclusion.id)
            assert exclusion.source.strip(), (decision.id, exclusion.id)


def test_partial_decisions_record_whom_they_cover() -> None:
    by_id = {d.id: d for d in REF.adequacy.entries}
    japan = by_id["jp"].coverage
    assert japan.recipient_kinds == [OrganisationKind.PRIVATE_BUSINESS]
    assert {kind for e in japan.exclusions for kind in e.recipient_kinds} == {
        OrganisationKind.PRESS,
        OrganisationKind.ACADEMIC_RESEARCH,
        OrganisationKind.RELIGIOUS_BODY,
        OrganisationKind.POLITICAL_BODY,
    }
    assert [law.id for law in by_id["ca"].coverage.laws] == ["pipeda"]
    assert by_id["us-dpf"].coverage.certified_scope
    assert {e.article for e in by_id["kr"].coverage.exclusions} == {"Art. 1(2)(a)", "Art. 1(2)(b)", "Art. 1(2)(c)"}
    assert [e.data for e in by_id["gb-gdpr-2021"].coverage.exclusions] == [["immigration_control"]]
    assert not by_id["gb-gdpr-2025"].coverage.exclusions


def test_location_labels_show_the_status() -> None:
    assert REF.location_label("AX", date(2026, 1, 1)) == "Åland Islands (AX) — EU, special territory"
    assert REF.location_label("GI", date(2026, 1, 1)) == "Gibraltar (GI) — outside the EEA, European territory"
    assert REF.location_label("NO", date(2026, 1, 1)) == "Norway (NO) — EEA (not EU)"
    assert REF.location_label("unknown", date(2026, 1, 1)) == "Unknown"
    status = REF.territory_status("SJ", date(2026, 1, 1))
    assert status.category == TerritoryCategory.EEA_EXCLUDED and status.state == "NO"
