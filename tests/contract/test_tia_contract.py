"""Transfer impact assessments on both stores (issue #32): stored, dumped and imported without change,
kept in the history, read by the engine, and flagged when a covered transfer changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from catalog.app import history as history_service
from catalog.app import register as register_service
from catalog.app import tia as tias
from catalog.app.review import check, due
from catalog.domain.models import (
    CountryAssessment,
    Processor,
    SubProcessorEngagement,
    Tia,
)
from catalog.domain.register import EntityKind, Register
from catalog.history.chain import context
from catalog.store.base import RegisterStore

DAY = date(2026, 12, 7)


def _decided_tia(store: RegisterStore) -> Tia:
    """The Verji HubSpot transfer's draft, answered in step 3, decided adequate, with a country assessment."""
    assessment = CountryAssessment(
        key="country-us-2026",
        name={"en": "United States", "nb": "USA"},
        country="US",
        public_authority_access="FISA 702 and EO 12333 may reach the importer.",
        sources=["Decision (EU) 2023/1795, section 3 (read 2026-11-30)"],
        assessed_by="DPO",
        assessed_on=date(2026, 11, 30),
    )
    tias.save_planned(store, tias.plan_tia_save(store, [assessment], as_of=DAY))
    draft, _ = tias.new_tia(store, "hubspot@US", as_of=DAY)
    assert draft.country_assessment == "country-us-2026"
    decided = Tia.model_validate(
        {
            **draft.model_dump(),
            "answers": [{"question": "s3-access", "answer": "Yes: FISA 702.", "sources": ["DPF decision"]}],
            "outcome": "adequate_with_measures",
            "decided_by": "DPO",
            "decided_on": DAY,
        }
    )
    stored = store.get_entity(EntityKind.TIA, draft.key)
    assert stored is not None
    plan = tias.plan_tia_save(store, [decided], as_of=DAY)
    tias.save_planned(store, plan)
    found = store.get_entity(EntityKind.TIA, draft.key)
    assert found is not None and isinstance(found.value, Tia)
    return found.value


def test_the_verji_seed_yields_a_draft_for_each_of_its_four_us_transfers(
    store: RegisterStore, seed_register: Register
) -> None:
    store.replace_register(seed_register, change=context("seed"))
    rows = tias.tia_overview(store.load_register(), DAY)
    assert [(row.transfer, row.standing) for row in rows] == [
        ("crm-provider@US", tias.TiaStanding.NONE),
        ("hubspot@US", tias.TiaStanding.NONE),
        ("website-hosting-provider@US", tias.TiaStanding.NONE),
        ("webstat@US", tias.TiaStanding.NONE),
    ]
    documents = tias.documents(store.load_register(), DAY, "en")
    assert len(documents) == 4
    for document in documents:
        assert [s.heading.split(":")[0] for s in document.sections] == [f"Step {n}" for n in range(1, 7)]


def test_a_tia_survives_dump_import_and_history(store: RegisterStore, seed_register: Register, tmp_path: Path) -> None:
    store.replace_register(seed_register, change=context("seed"))
    tia = _decided_tia(store)
    assert tia.facts is not None and "US" in tia.facts.countries  # steps 1-2 kept as decided
    before = store.load_register()
    register_service.dump(store, tmp_path / "dump")
    assert (tmp_path / "dump" / "tias.yaml").is_file()
    report = register_service.import_register(store, tmp_path / "dump")
    assert not report.changed  # zero-change round trip
    assert store.load_register().sorted() == before.sorted()
    entries = store.history()
    diff = history_service.diff_points(store, 1, len(entries), as_of=DAY)
    assert {(d.kind, d.key) for d in diff.entities} >= {("tias", tia.key), ("country_assessments", "country-us-2026")}
    # the decision removed the hop's missing-TIA finding
    assert any(f["rule"] == "transfer.tia-missing" for f in diff.findings_disappeared)


def test_a_new_sub_processor_in_a_new_country_flags_the_tia_naming_the_country(
    store: RegisterStore, seed_register: Register
) -> None:
    store.replace_register(seed_register, change=context("seed"))
    tia = _decided_tia(store)
    assert not [f for f in check(store, DAY).findings if f.rule == "transfer.tia-needs-review"]
    support = Processor(
        key="indian-support",
        legal_name="Support Co Pvt Ltd",
        service_category="customer_support",
        established_in="IN",
        processing_locations=["IN"],
    )
    register_service.save_entity(store, support, None)
    hubspot = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert hubspot is not None and isinstance(hubspot.value, Processor)
    engaged = [*hubspot.value.sub_processors, SubProcessorEngagement(processor="indian-support")]
    register_service.save_entity(store, hubspot.value.model_copy(update={"sub_processors": engaged}), hubspot.version)
    flagged = [f for f in check(store, DAY).findings if f.rule == "transfer.tia-needs-review"]
    assert [f.subject for f in flagged] == [f"tia:{tia.key}"]
    assert "India (IN)" in flagged[0].message and "Support Co Pvt Ltd" in flagged[0].message
    (row,) = [r for r in tias.tia_overview(store.load_register(), DAY) if r.transfer == "hubspot@US"]
    assert row.standing == tias.TiaStanding.NEEDS_REVIEW


def test_an_outdated_country_assessment_flags_the_tia_and_falls_due(
    store: RegisterStore, seed_register: Register
) -> None:
    store.replace_register(seed_register, change=context("seed"))
    tia = _decided_tia(store)
    later = date(2028, 1, 15)  # the 12-month policy has run out for the assessment of 2026-11-30
    flagged = [f for f in check(store, later).findings if f.rule == "transfer.tia-needs-review"]
    assert [f.subject for f in flagged] == [f"tia:{tia.key}"]
    assert "country assessment" in flagged[0].message
    items = due(store, later, 30)[0].items()
    kinds = {(item.kind.value, item.subject) for item in items}
    assert ("tia-review", f"tia:{tia.key}") in kinds
    assert ("country-assessment-review", "country-assessment:country-us-2026") in kinds


def test_a_not_adequate_decision_makes_the_covered_hop_not_valid(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed"))
    tia = _decided_tia(store)
    stopped = Tia.model_validate({**tia.model_dump(), "outcome": "not_adequate"})
    tias.save_planned(store, tias.plan_tia_save(store, [stopped], as_of=DAY))
    report = check(store, DAY)
    hops = [h for h in report.transfers if h.importer == "processor:hubspot" and h.country == "US"]
    assert hops and all(h.status.value == "not_valid" for h in hops)
    assert any(f.rule == "transfer.tia-inadequate" for f in report.findings)
