"""What the engine reports on the Verji seed register (documented in docs/rules.md)."""

from __future__ import annotations

import re
from datetime import date

from catalog.compliance import rules
from catalog.compliance.engine import evaluate
from catalog.compliance.model import Severity, TransferBasis
from catalog.domain.register import Register
from catalog.reference import load_reference

DAY = date(2026, 11, 27)
US_VENDORS = ["crm-provider", "hubspot", "website-hosting-provider", "webstat"]


def test_seed_summary_matches_the_documentation(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    assert report.summary() == {"critical": 0, "high": 20, "medium": 21, "low": 1, "info": 29}


def test_us_hosting_under_sccs_of_an_unstated_decision_is_safeguarded(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    hops = {h.id: h for h in report.transfers}
    for key in US_VENDORS:
        hop = hops[f"controller->processor:{key}@US"]
        assert hop.basis == TransferBasis.SAFEGUARDED
        found = {f.rule for f in report.findings if f.subject == f"processor:{key}" and f.country == "US"}
        assert found == {rules.SCC_DETAILS_MISSING, rules.TIA_MISSING}


def test_the_hosting_provider_carries_both_roles(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    hop = next(h for h in report.transfers if h.importer == "processor:hosting-provider")
    assert hop.relationships == ["controller_to_processor", "processor_to_processor"]
    assert hop.exporter_role == "controller_and_processor"
    assert "messages.content" in hop.data_categories and "message-delivery" in hop.activities


# --- Calibration against the privacy statement (issue #14, item 3) -------------------------------------


def test_no_high_finding_rests_only_on_an_unstated_establishment(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    for finding in report.findings:
        if finding.severity.at_least(Severity.HIGH):
            assert not (
                "is established is not stated" in finding.message
                and "processing locations" not in finding.message
                and "hosting" not in finding.message
            ), finding.message
    established = [f for f in report.findings if f.rule == rules.ESTABLISHMENT_UNKNOWN]
    assert sorted(f.subject for f in established) == [f"processor:{key}" for key in US_VENDORS]
    assert all(f.severity == Severity.MEDIUM for f in established)


def test_the_unnamed_scc_finding_names_both_candidate_decisions_and_worsens_after_2022(
    seed_register: Register,
) -> None:
    for day, severity in ((date(2022, 6, 1), Severity.LOW), (DAY, Severity.MEDIUM)):
        report = evaluate(seed_register, load_reference(), day)
        found = [f for f in report.findings if f.rule == rules.SCC_DETAILS_MISSING]
        assert len(found) == len(US_VENDORS)
        for finding in found:
            assert "2021/914 module 2" in finding.message and "2010/87/EU" in finding.message
            assert finding.severity == severity


def test_e2e_encryption_is_shown_on_every_hop_carrying_message_content(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    carrying = [h for h in report.transfers if "messages.content" in h.data_categories]
    assert carrying
    for hop in carrying:
        assert [m.kind.value for m in hop.data_measures] == ["e2e_encryption"]
        assert "use case 1" in (hop.data_measures[0].description or "")
    assert all(not h.data_measures for h in report.transfers if "messages.content" not in h.data_categories)


def test_no_finding_calls_verji_the_controller_of_message_content(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    about_messages = [f for f in report.findings if "messages.content" in f.data_categories]
    assert about_messages
    for finding in about_messages:
        assert "Verji Tech AS (the controller)" not in finding.message
        assert (
            "processor of Message content (end-to-end encrypted), whose controllers are The customer organisations"
            in finding.message
        )


def test_the_seed_does_not_say_more_than_the_statement(seed_register: Register) -> None:
    systems = {s.key: s for s in seed_register.systems}
    delivery = next(a for a in seed_register.activities if a.key == "message-delivery")
    assert [systems[key].hosting for key in delivery.systems] == [["unknown"]]
    recipients = {r.key: r for r in seed_register.recipients}
    assert recipients["advertising-partners"].occasional is None
    assert recipients["integration-services"].occasional is None
    disclosures = next(a for a in seed_register.activities if a.key == "disclosures")
    assert disclosures.data_categories == ["unspecified"] and disclosures.data_subjects == []


def test_findings_name_things_never_by_key_and_scope_the_unknown_to_the_data_affected(
    seed_register: Register,
) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    keys = {entity.key for _, entity in seed_register.all_entities()}
    for finding in report.findings:
        assert not re.search(r"\[[a-z0-9.-]+\]", finding.message), finding.message
        dotted_or_hyphened = {key for key in keys if ("." in key or "-" in key) and key in finding.message}
        assert not {k for k in dotted_or_hyphened if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", finding.message)}
        assert "unknown (" not in finding.message, finding.message  # 'the unnamed CRM provider'
    hosting = next(
        f for f in report.findings if f.rule == rules.UNKNOWN_DESTINATION and f.subject == "processor:hosting-provider"
    )
    # Account data is placed in the EU and Norway; only the message content's place is unknown.
    assert hosting.data_categories == ["messages.content"]
    assert hosting.message.startswith("Personal data (Message content (end-to-end encrypted)) goes from")
    assert "the unnamed hosting / infrastructure / data storage provider" in hosting.message


def test_an_authority_or_a_successor_is_not_asked_to_be_located_like_a_vendor(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    unknown = {f.subject: f for f in report.findings if f.rule == rules.UNKNOWN_DESTINATION}
    authority, successor = unknown["recipient:authorities"], unknown["recipient:business-successors"]
    assert authority.severity == Severity.MEDIUM and "Art. 48" in authority.message
    assert successor.severity == Severity.LOW and "transaction is planned" in successor.message
    for finding in (authority, successor):
        assert "Find out where the vendor processes" not in finding.message
    assert unknown["recipient:advertising-partners"].severity == Severity.HIGH


def test_vital_interest_recipients_are_not_a_vendor_to_locate(seed_register: Register) -> None:
    """Issue #29: where data goes to protect vital interests follows from the emergency; say what to record."""
    report = evaluate(seed_register, load_reference(), DAY)
    (found,) = [f for f in report.findings if f.subject == "recipient:vital-interest-recipients"]
    assert found.rule == rules.UNKNOWN_DESTINATION and found.severity == Severity.MEDIUM
    assert "Art. 49(1)(f)" in found.message and "find out where the vendor" not in found.message.lower()
