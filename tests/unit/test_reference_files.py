"""Invariants of the legal reference data in seed/reference/.

These tests read the YAML files directly with PyYAML and use no project code, so
they stay valid whatever the loading models look like.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

REF_DIR = Path(__file__).resolve().parents[2] / "seed" / "reference"
CHECK_DATE = dt.date(2026, 11, 27)

COMMON_KEYS = {"title", "updated", "how_to_update", "sources", "entries"}
ENTRY_KEYS = {
    "eea.yaml": {"country", "name", "basis", "member_from", "member_until", "source"},
    "adequacy.yaml": {
        "id",
        "country",
        "name",
        "act",
        "celex",
        "url",
        "valid_from",
        "valid_until",
        "status",
        "ended_by",
        "scope",
        "condition",
        "programme",
        "scope_note",
        "coverage",
    },
    "scc.yaml": {
        "id",
        "name",
        "act",
        "celex",
        "url",
        "valid_from",
        "last_signing_date",
        "valid_until",
        "status",
        "modules",
        "relationships",
        "replaced_by",
        "note",
    },
    "programmes.yaml": {
        "id",
        "name",
        "administered_by",
        "list_url",
        "valid_from",
        "valid_until",
        "note",
    },
}
RELATIONSHIPS = {
    "controller_to_controller",
    "controller_to_processor",
    "processor_to_processor",
    "processor_to_controller",
}


def load(name: str) -> dict[str, Any]:
    with (REF_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def entries(name: str) -> list[dict[str, Any]]:
    return load(name)["entries"]


def by_id(name: str) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in entries(name)}


def in_range(day: dt.date, start: dt.date, end: dt.date | None) -> bool:
    """Inclusive on both ends; end None means open-ended."""
    return start <= day and (end is None or day <= end)


# --- shape -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENTRY_KEYS))
def test_top_level_keys_and_metadata(name):
    doc = load(name)
    assert set(doc) == COMMON_KEYS
    assert doc["updated"] == CHECK_DATE
    assert isinstance(doc["title"], str) and doc["title"].strip()
    assert isinstance(doc["how_to_update"], str) and doc["how_to_update"].strip()
    assert doc["sources"], "each file must cite at least one source"
    for src in doc["sources"]:
        assert set(src) == {"name", "url"}
        assert src["url"].startswith("https://")


@pytest.mark.parametrize("name", sorted(ENTRY_KEYS))
def test_entries_have_exactly_the_schema_keys(name):
    for entry in entries(name):
        assert set(entry) == ENTRY_KEYS[name], entry


@pytest.mark.parametrize("name", sorted(ENTRY_KEYS))
def test_dates_are_real_dates_and_ordered(name):
    for entry in entries(name):
        if name == "eea.yaml":
            start, end = entry["member_from"], entry["member_until"]
        else:
            start, end = entry["valid_from"], entry["valid_until"]
        assert isinstance(start, dt.date), entry
        assert end is None or isinstance(end, dt.date), entry
        assert end is None or start <= end, entry
        if name == "scc.yaml" and entry["last_signing_date"] is not None:
            assert start <= entry["last_signing_date"], entry
            if end is not None:
                assert entry["last_signing_date"] <= end, entry


@pytest.mark.parametrize("name", ["adequacy.yaml", "scc.yaml", "programmes.yaml"])
def test_ids_unique(name):
    ids = [e["id"] for e in entries(name)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", ["eea.yaml", "adequacy.yaml"])
def test_country_codes_are_two_letter_strings(name):
    # Guards against the YAML 1.1 "Norway problem": an unquoted NO loads as False.
    for entry in entries(name):
        code = entry["country"]
        assert isinstance(code, str) and len(code) == 2 and code.isupper(), entry


def test_eea_countries_unique():
    codes = [e["country"] for e in entries("eea.yaml")]
    assert len(codes) == len(set(codes))


# --- EEA ---------------------------------------------------------------------


def eea_members_on(day: dt.date) -> set[str]:
    return {e["country"] for e in entries("eea.yaml") if in_range(day, e["member_from"], e["member_until"])}


def test_thirty_eea_states_on_check_date():
    members = eea_members_on(CHECK_DATE)
    assert len(members) == 30
    assert {"IS", "LI", "NO"} <= members
    assert "GB" not in members
    assert "GR" in members and "EL" not in members


def test_basis_values():
    for e in entries("eea.yaml"):
        expected = "eea_efta" if e["country"] in {"IS", "LI", "NO"} else "eu"
        assert e["basis"] == expected, e


def test_united_kingdom_left_at_end_of_transition():
    gb = next(e for e in entries("eea.yaml") if e["country"] == "GB")
    assert gb["member_until"] == dt.date(2020, 12, 31)
    assert "GB" in eea_members_on(dt.date(2020, 12, 31))
    assert "GB" not in eea_members_on(dt.date(2021, 1, 1))


def test_croatia_counts_from_eu_accession():
    hr = next(e for e in entries("eea.yaml") if e["country"] == "HR")
    assert hr["member_from"] == dt.date(2013, 7, 1)


# --- adequacy ------------------------------------------------------------------


def test_no_adequacy_for_a_state_in_the_eea_on_its_valid_from():
    for e in entries("adequacy.yaml"):
        assert e["country"] not in eea_members_on(e["valid_from"]), e


def test_adequacy_enums_and_links():
    programmes = set(by_id("programmes.yaml"))
    for e in entries("adequacy.yaml"):
        assert e["status"] in {"in_force", "expired", "invalidated", "repealed"}
        assert e["scope"] in {"full", "partial"}
        assert e["condition"] in {
            "none",
            "certification",
            "commercial_organisation",
            "private_sector",
            "purpose_exclusion",
        }
        assert e["programme"] is None or e["programme"] in programmes
        assert (e["condition"] == "certification") == (e["programme"] is not None), e
        if e["condition"] != "none":
            assert e["scope"] == "partial", e
        if e["status"] == "in_force":
            assert e["ended_by"] is None
            assert e["valid_until"] is None or e["valid_until"] >= CHECK_DATE, e
        else:
            assert e["ended_by"], e
            assert e["valid_until"] is not None and e["valid_until"] < CHECK_DATE, e
        assert e["celex"] in e["url"]


def test_us_dpf():
    dpf = by_id("adequacy.yaml")["us-dpf"]
    assert dpf["country"] == "US"
    assert dpf["valid_from"] == dt.date(2023, 7, 10)
    assert dpf["valid_until"] is None
    assert dpf["scope"] == "partial"
    assert dpf["condition"] == "certification"
    assert dpf["programme"] == "eu-us-dpf"
    assert dpf["celex"] == "32023D1795"


def test_privacy_shield_and_safe_harbor_end_the_day_before_the_judgments():
    ada = by_id("adequacy.yaml")
    ps, sh = ada["us-privacy-shield"], ada["us-safe-harbor"]
    assert ps["valid_until"] == dt.date(2020, 7, 15)
    assert ps["status"] == "invalidated" and "C-311/18" in ps["ended_by"]
    assert ps["programme"] == "privacy-shield"
    assert sh["valid_until"] == dt.date(2015, 10, 5)
    assert sh["status"] == "invalidated" and "C-362/14" in sh["ended_by"]
    assert sh["programme"] == "safe-harbor"


def test_us_entries_do_not_overlap():
    us = sorted(
        (e for e in entries("adequacy.yaml") if e["country"] == "US"),
        key=lambda e: e["valid_from"],
    )
    for earlier, later in itertools.pairwise(us):
        assert earlier["valid_until"] is not None
        assert earlier["valid_until"] < later["valid_from"]


def test_united_kingdom_continuous_from_2021_to_2031():
    gb = sorted(
        (e for e in entries("adequacy.yaml") if e["country"] == "GB"),
        key=lambda e: e["valid_from"],
    )
    # the trade agreement's bridge covered the months between Brexit and the adequacy decision
    assert gb[0]["valid_from"] == dt.date(2021, 1, 1) and gb[0]["id"] == "gb-tca-bridge"
    assert gb[1]["valid_from"] == dt.date(2021, 6, 28)
    for earlier, later in itertools.pairwise(gb):
        assert earlier["valid_until"] + dt.timedelta(days=1) == later["valid_from"]
    assert gb[-1]["valid_until"] == dt.date(2031, 12, 27)
    assert any(e["celex"] == "32021D1772" for e in gb)


def test_expected_decisions_in_force_on_check_date():
    in_force = {
        e["country"] for e in entries("adequacy.yaml") if in_range(CHECK_DATE, e["valid_from"], e["valid_until"])
    }
    expected = {
        "AD",
        "AR",
        "CA",
        "FO",
        "GG",
        "IM",
        "IL",
        "JP",
        "JE",
        "NZ",
        "KR",
        "CH",
        "GB",
        "UY",
        "US",
        "BR",
        "EP",
    }
    assert expected <= in_force


def test_partial_decisions_have_the_expected_conditions():
    ada = by_id("adequacy.yaml")
    assert ada["ca"]["condition"] == "commercial_organisation"
    assert ada["jp"]["condition"] == "private_sector"


# --- SCCs ----------------------------------------------------------------------


def test_scc_enums_and_links():
    sccs = by_id("scc.yaml")
    for e in sccs.values():
        assert e["status"] in {"in_force", "repealed"}
        assert set(e["relationships"]) <= RELATIONSHIPS and e["relationships"]
        assert e["replaced_by"] is None or e["replaced_by"] in sccs
        assert all(isinstance(m, int) for m in e["modules"])
        assert e["celex"] in e["url"]
        if e["status"] == "repealed":
            assert e["replaced_by"] is not None
            assert e["last_signing_date"] is not None


def test_scc_2021_914():
    e = by_id("scc.yaml")["scc-2021-914"]
    assert e["valid_from"] == dt.date(2021, 6, 27)
    assert e["modules"] == [1, 2, 3, 4]
    assert set(e["relationships"]) == RELATIONSHIPS
    assert e["status"] == "in_force"
    assert e["last_signing_date"] is None and e["valid_until"] is None


def test_scc_2010_87_transition():
    e = by_id("scc.yaml")["scc-2010-87"]
    assert e["valid_from"] == dt.date(2010, 5, 15)
    assert e["last_signing_date"] == dt.date(2021, 9, 26)
    assert e["valid_until"] == dt.date(2022, 12, 27)
    assert e["relationships"] == ["controller_to_processor"]
    assert e["replaced_by"] == "scc-2021-914"


def test_scc_controller_sets_share_the_2021_transition():
    sccs = by_id("scc.yaml")
    for sid in ("scc-2001-497", "scc-2004-915"):
        assert sccs[sid]["last_signing_date"] == dt.date(2021, 9, 26)
        assert sccs[sid]["valid_until"] == dt.date(2022, 12, 27)
        assert sccs[sid]["relationships"] == ["controller_to_controller"]


def test_scc_2002_16_replaced_by_2010_87():
    e = by_id("scc.yaml")["scc-2002-16"]
    assert e["last_signing_date"] == dt.date(2010, 5, 14)
    assert e["replaced_by"] == "scc-2010-87"
    assert e["valid_until"] <= dt.date(2022, 12, 27)


def test_no_old_scc_counts_on_check_date():
    for e in entries("scc.yaml"):
        if e["status"] == "repealed":
            assert e["valid_until"] < CHECK_DATE


# --- programmes ------------------------------------------------------------------


def test_programmes_match_their_adequacy_decisions():
    ada = {e["programme"]: e for e in entries("adequacy.yaml") if e["programme"]}
    progs = by_id("programmes.yaml")
    assert set(progs) == {"eu-us-dpf", "privacy-shield", "safe-harbor"} == set(ada)
    for pid, prog in progs.items():
        decision = ada[pid]
        assert prog["list_url"].startswith("https://")
        assert decision["valid_from"] <= prog["valid_from"]
        assert prog["valid_until"] == decision["valid_until"]
