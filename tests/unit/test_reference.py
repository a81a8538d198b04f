"""Invariants of the legal reference data, loaded through the domain models."""

from datetime import date

import pytest

from catalog.reference import load_reference
from catalog.reference.models import AdequacyCondition

REF = load_reference()


def test_thirty_eea_states_today() -> None:
    members = REF.eea_members(date(2026, 11, 27))
    assert len(members) == 30
    assert {"NO", "IS", "LI", "GR"} <= {m.country for m in members}


def test_the_uk_left_at_the_end_of_the_transition_period() -> None:
    assert REF.in_eea("GB", date(2020, 12, 31)) is True
    assert REF.in_eea("GB", date(2021, 1, 1)) is False


def test_unknown_is_never_inside_the_eea_and_unnamed_eu_states_are() -> None:
    assert REF.in_eea("unknown", date(2026, 1, 1)) is None
    assert REF.in_eea("EU", date(2026, 1, 1)) is True
    assert REF.in_eea("US", date(2026, 1, 1)) is False


def test_us_adequacy_is_partial_dpf_from_10_july_2023() -> None:
    (dpf,) = [d for d in REF.adequacy_decisions("US") if d.programme == "eu-us-dpf"]
    assert dpf.valid_from == date(2023, 7, 10)
    assert dpf.scope == "partial"
    assert dpf.condition == AdequacyCondition.CERTIFICATION
    assert not dpf.valid_on(date(2023, 7, 9))
    assert dpf.valid_on(date(2023, 7, 10))


def test_privacy_shield_does_not_count_after_16_july_2020() -> None:
    (shield,) = [d for d in REF.adequacy_decisions("US") if d.programme == "privacy-shield"]
    assert shield.valid_on(date(2020, 7, 15))
    assert not shield.valid_on(date(2020, 7, 16))
    assert not shield.valid_on(date(2020, 8, 1))


def test_old_sccs_stopped_counting_after_27_december_2022() -> None:
    old = REF.scc_by_id("scc-2010-87")
    assert old is not None
    assert old.last_signing_date == date(2021, 9, 26)
    assert old.valid_until == date(2022, 12, 27)
    new = REF.scc_by_id("scc-2021-914")
    assert new is not None and new.modules == [1, 2, 3, 4]


@pytest.mark.parametrize("decision", REF.adequacy.entries, ids=lambda d: d.id)
def test_no_adequacy_decision_for_a_state_inside_the_eea(decision) -> None:
    assert REF.in_eea(decision.country, decision.valid_from) is not True


def test_every_reference_file_names_its_sources_and_date() -> None:
    for ref_file in (REF.eea, REF.adequacy, REF.scc, REF.programmes):
        assert ref_file.sources and ref_file.updated <= date.today()


def test_the_uk_is_never_a_gap_after_brexit() -> None:
    for day in (date(2021, 1, 1), date(2021, 3, 15), date(2021, 6, 27), date(2021, 6, 28), date(2026, 11, 27)):
        assert REF.in_eea("GB", day) or REF.adequacy_in_force("GB", day), day
