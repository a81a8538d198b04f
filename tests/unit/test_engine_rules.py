"""One failing and one passing fixture per rule of the compliance engine."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from catalog.compliance import rules
from catalog.compliance.model import CheckReport, Severity, TransferBasis
from catalog.domain.register import Register
from tests.engine_registers import activity, check, findings, register, rules_of, scc, vendor


def hop_status(report: CheckReport, hop_id: str) -> TransferBasis:
    (hop,) = [h for h in report.transfers if h.id == hop_id]
    return hop.basis


def test_every_rule_has_an_article_severity_and_remediation() -> None:
    assert len(rules.RULES) >= 20
    for rule in rules.RULES.values():
        assert rule.article.startswith("Art.") and rule.title and rule.remediation.endswith(".")
        assert rule.id.count(".") == 1


# --- transfer.no-safeguard ----------------------------------------------------------------------


def test_a_us_vendor_with_no_safeguard_is_critical() -> None:
    report = check(register())
    (finding,) = findings(report, rules.NO_SAFEGUARD)
    assert finding.severity == Severity.CRITICAL and finding.article == "Art. 44, 46"
    assert finding.subject == "processor:vendor" and finding.country == "US"
    assert finding.data_categories == ["email"]
    assert finding.path == ["activity:act", "system:sys", "processor:vendor", "country:US"]
    # Named as a DPO knows it, never by its key; the data by its name (the ids stay in data_categories).
    assert "to Vendor Inc. in" in finding.message and "[vendor]" not in finding.message and "Fix:" in finding.message
    assert "Personal data (E-mail address)" in finding.message
    assert hop_status(report, "controller->processor:vendor@US") == TransferBasis.UNSAFEGUARDED


def test_a_us_vendor_under_current_sccs_module_2_passes() -> None:
    report = check(register([vendor(safeguards=[scc("2")])]))
    assert rules_of(report) == set()
    (hop,) = report.transfers
    assert hop.basis == TransferBasis.SAFEGUARDED and hop.mechanism == "SCC 2021/914 module 2"
    assert hop.relationships == ["controller_to_processor"]


def test_eea_and_adequate_destinations_are_no_transfer_finding() -> None:
    for where in (["DE"], ["EU"], ["EEA"], ["NO"]):
        assert check(register([vendor(locations=where)])).transfers == []
    report = check(register([vendor(locations=["CH"])]))
    assert [h.basis for h in report.transfers] == [TransferBasis.ADEQUATE]
    assert rules_of(report) == set()


def test_partial_adequacy_is_granted_with_its_unverified_scope_named() -> None:
    report = check(register([vendor(locations=["CA"])]))
    (hop,) = report.transfers
    assert hop.basis == TransferBasis.ADEQUATE and "PIPEDA" in hop.status_reason
    (finding,) = findings(report, rules.ADEQUACY_SCOPE_UNVERIFIED)
    assert finding.severity == Severity.LOW and "Decision 2002/2/EC Art. 1" in finding.message


def test_a_controller_outside_the_eea_exports_nothing() -> None:
    assert check(register(country="US")).transfers == []


def test_a_third_country_establishment_with_access_is_a_transfer_even_with_eea_storage() -> None:
    eu_storage = vendor(locations=["DE"], established_in="US")
    report = check(register([eu_storage]))
    assert [h.id for h in report.transfers] == ["controller->processor:vendor@US"]
    assert rules.NO_SAFEGUARD in rules_of(report)
    no_access = vendor(locations=["DE"], established_in="US", can_access_data=False)
    assert check(register([no_access])).transfers == []


def test_system_hosting_outside_the_eea_counts_for_its_operator() -> None:
    systems = [{"key": "sys", "name": "S", "kind": "saas", "operator": "vendor", "hosting": ["IN"]}]
    report = check(register([vendor(locations=["DE"])], systems=systems))
    assert [h.id for h in report.transfers] == ["controller->processor:vendor@IN"]


def test_an_in_house_system_hosted_abroad_is_unsafeguarded() -> None:
    systems = [{"key": "sys", "name": "S", "kind": "application", "hosting": ["IN"]}]
    report = check(register([vendor(locations=["DE"])], systems=systems))
    (finding,) = findings(report, rules.NO_SAFEGUARD)
    assert finding.subject == "system:sys" and finding.path == ["activity:act", "system:sys", "country:IN"]


# --- transfer.onward-no-safeguard ------------------------------------------------------------------


def onward(engagement_safeguards: list[dict[str, Any]]) -> Register:
    eea = vendor("eea-host", ["DE"], sub_processors=[{"processor": "us-sub", "safeguards": engagement_safeguards}])
    return register([eea, vendor("us-sub", ["US"])])


def test_onward_transfer_without_safeguard_is_critical() -> None:
    report = check(onward([]))
    (finding,) = findings(report, rules.ONWARD_NO_SAFEGUARD)
    assert finding.severity == Severity.CRITICAL and finding.subject == "processor:us-sub"
    assert finding.path == ["activity:act", "system:sys", "processor:eea-host", "processor:us-sub", "country:US"]
    (hop,) = report.transfers
    assert hop.onward and hop.exporter == "processor:eea-host" and hop.exporter_role == "processor"


def test_onward_transfer_under_module_3_passes() -> None:
    report = check(onward([scc("3")]))
    assert rules_of(report, Severity.CRITICAL) == set()
    assert report.transfers[0].basis == TransferBasis.SAFEGUARDED


def test_onward_within_the_same_third_country_is_not_a_new_crossing() -> None:
    us = vendor("us-host", ["US"], safeguards=[scc("2")], sub_processors=[{"processor": "us-sub"}])
    report = check(register([us, vendor("us-sub", ["US"])]))
    assert [h.id for h in report.transfers] == ["controller->processor:us-host@US"]
    to_india = vendor("us-host", ["US"], safeguards=[scc("2")], sub_processors=[{"processor": "in-sub"}])
    report = check(register([to_india, vendor("in-sub", ["IN"])]))
    assert "processor:us-host->processor:in-sub@IN" in {h.id for h in report.transfers}


def test_engagement_locations_override_the_sub_processors_own() -> None:
    eea = vendor("eea-host", ["DE"], sub_processors=[{"processor": "sub", "locations": ["FR"]}])
    assert check(register([eea, vendor("sub", ["US"], established_in="FR")])).transfers == []


# --- invalid safeguards --------------------------------------------------------------------------


def test_an_expired_safeguard_is_critical_and_valid_until_is_inclusive() -> None:
    reg = register([vendor(safeguards=[{"kind": "bcr", "valid_until": "2024-01-01"}])])
    assert rules.SAFEGUARD_EXPIRED in rules_of(check(reg, date(2024, 1, 2)))
    assert rules.SAFEGUARD_EXPIRED not in rules_of(check(reg, date(2024, 1, 1)))


def test_a_safeguard_not_yet_signed_does_not_count() -> None:
    reg = register([vendor(safeguards=[scc("2", signed_on="2025-03-01")])])
    assert rules.SAFEGUARD_EXPIRED in rules_of(check(reg, date(2025, 2, 28)))
    assert rules_of(check(reg, date(2026, 11, 27)), Severity.CRITICAL) == set()


def test_an_adequacy_decision_for_another_country_is_not_recognised() -> None:
    reg = register([vendor(safeguards=[{"kind": "adequacy", "instrument": "ch"}])])
    (finding,) = findings(check(reg), rules.SAFEGUARD_UNRECOGNISED)
    assert "Switzerland" in finding.message and finding.severity == Severity.CRITICAL
    unknown_scc = register([vendor(safeguards=[{"kind": "scc", "instrument": "scc-1999-1"}])])
    assert rules.SAFEGUARD_UNRECOGNISED in rules_of(check(unknown_scc))


def test_module_must_match_the_roles() -> None:
    assert rules.SCC_MODULE_MISMATCH in rules_of(check(register([vendor(safeguards=[scc("1")])])))
    assert rules.SCC_MODULE_MISMATCH not in rules_of(check(register([vendor(safeguards=[scc("2")])])))


def test_our_processors_in_a_processor_role_activity_need_module_3() -> None:
    as_processor = activity(role="processor", controllers_served=["Customer AS"])
    module2 = register([vendor(safeguards=[scc("2")])], activities=[as_processor])
    (hop,) = check(module2).transfers
    assert hop.relationships == ["processor_to_processor"] and hop.exporter_role == "processor"
    assert rules.SCC_MODULE_MISMATCH in rules_of(check(module2))
    module3 = register([vendor(safeguards=[scc("3")])], activities=[as_processor])
    assert rules_of(check(module3), Severity.CRITICAL) == set()


def test_a_hop_carrying_both_roles_needs_a_tool_for_each() -> None:
    both = [activity("ours"), activity("theirs", role="processor", controllers_served=["Customer AS"])]
    only2 = register([vendor(safeguards=[scc("2")])], activities=both)
    (finding,) = findings(check(only2), rules.SCC_MODULE_MISMATCH)
    assert "module 3" in finding.message
    both_modules = register([vendor(safeguards=[scc("2"), scc("3")])], activities=both)
    assert rules_of(check(both_modules), Severity.CRITICAL) == set()


def test_older_sccs_only_cover_their_relationships() -> None:
    c2c_set_on_processor = register([vendor(safeguards=[scc(instrument="scc-2001-497", signed_on="2019-01-01")])])
    assert rules.SCC_MODULE_MISMATCH in rules_of(check(c2c_set_on_processor, date(2020, 1, 1)))


def test_dpf_without_certification_is_critical_and_with_one_is_adequate() -> None:
    uncertified = register([vendor(safeguards=[{"kind": "dpf"}])])
    assert rules.DPF_NOT_CERTIFIED in rules_of(check(uncertified))
    cert = {
        "programme": "eu-us-dpf",
        "certified_from": "2023-08-01",
        "certified_until": "2026-07-31",
        "dpf_scope": ["non_hr"],
    }
    certified = register([vendor(safeguards=[{"kind": "dpf"}], certifications=[cert])])
    assert rules_of(check(certified, date(2024, 1, 1))) == set()
    assert hop_status(check(certified, date(2024, 1, 1)), "controller->processor:vendor@US") == TransferBasis.ADEQUATE
    assert rules.DPF_NOT_CERTIFIED in rules_of(check(certified, date(2023, 7, 31)))
    assert rules.DPF_NOT_CERTIFIED in rules_of(check(certified, date(2026, 8, 1)))


def test_dpf_for_a_country_other_than_the_us_is_not_recognised() -> None:
    reg = register([vendor(locations=["IN"], safeguards=[{"kind": "dpf"}])])
    assert rules.SAFEGUARD_UNRECOGNISED in rules_of(check(reg))


# --- transfer.unknown-destination ----------------------------------------------------------------


def test_unknown_processing_location_is_high_and_never_eea() -> None:
    report = check(register([vendor(locations=["unknown"], established_in="NO")]))
    (finding,) = findings(report, rules.UNKNOWN_DESTINATION)
    assert finding.severity == Severity.HIGH and finding.country == "unknown"
    assert finding.path[-1] == "country:unknown"
    assert report.transfers[0].basis == TransferBasis.UNKNOWN_DESTINATION


def test_unknown_establishment_with_access_is_one_medium_finding_but_without_access_none() -> None:
    with_access = vendor(locations=["DE"], established_in="unknown")
    report = check(register([with_access]))
    (finding,) = report.findings
    assert finding.rule == rules.ESTABLISHMENT_UNKNOWN and finding.severity == Severity.MEDIUM
    assert "remote access" in finding.message
    both_unknown = vendor(locations=["unknown"], established_in="unknown")
    assert rules_of(check(register([both_unknown]))) == {rules.UNKNOWN_DESTINATION}
    without = vendor(locations=["DE"], established_in="unknown", can_access_data=False)
    assert rules_of(check(register([without]))) == set()


def test_unknown_system_hosting_and_unknown_recipient_locations_are_reported() -> None:
    systems = [{"key": "sys", "name": "S", "kind": "saas", "operator": "vendor", "hosting": ["unknown"]}]
    assert rules.UNKNOWN_DESTINATION in rules_of(check(register([vendor(locations=["DE"])], systems=systems)))
    recipients = [{"key": "partner", "name": "Partner", "kind": "other_controller", "locations": ["unknown"]}]
    reg = register([vendor(locations=["DE"])], recipients=recipients, activities=[activity(recipients=["partner"])])
    (finding,) = findings(check(reg), rules.UNKNOWN_DESTINATION)
    assert finding.subject == "recipient:partner"


def test_an_unused_vendor_with_unknown_location_is_still_reported() -> None:
    unused = vendor("unused", ["unknown"])
    report = check(register([vendor(locations=["DE"]), unused]))
    (finding,) = findings(report, rules.UNKNOWN_DESTINATION)
    assert finding.subject == "processor:unused" and finding.path == ["processor:unused", "country:unknown"]


# --- derogations --------------------------------------------------------------------------------


def recipient_reg(occasional_flow: bool, occasional_safeguard: bool) -> Register:
    derogation = {"kind": "derogation", "derogation": "49(1)(a)", "occasional": occasional_safeguard}
    recipients = [
        {
            "key": "partner",
            "name": "Partner",
            "kind": "other_controller",
            "locations": ["IN"],
            "occasional": occasional_flow,
            "safeguards": [derogation],
        }
    ]
    return register([vendor(locations=["DE"])], recipients=recipients, activities=[activity(recipients=["partner"])])


def test_a_derogation_on_a_systematic_flow_is_high() -> None:
    report = check(recipient_reg(occasional_flow=False, occasional_safeguard=True))
    (finding,) = findings(report, rules.DEROGATION_SYSTEMATIC)
    assert finding.severity == Severity.HIGH
    assert rules.DEROGATION_SYSTEMATIC in rules_of(check(recipient_reg(True, False)))


def test_a_derogation_for_an_occasional_transfer_passes() -> None:
    report = check(recipient_reg(occasional_flow=True, occasional_safeguard=True))
    assert rules_of(report) == set()
    assert report.transfers[0].basis == TransferBasis.DEROGATION
    assert report.transfers[0].relationships == ["controller_to_controller"]


def test_a_derogation_to_a_processor_is_always_systematic() -> None:
    derogation = {"kind": "derogation", "derogation": "49(1)(b)", "occasional": True}
    assert rules.DEROGATION_SYSTEMATIC in rules_of(check(register([vendor(safeguards=[derogation])])))


# --- transfer impact assessments -----------------------------------------------------------------


def test_sccs_without_a_tia_are_medium() -> None:
    report = check(register([vendor(safeguards=[scc("2", tia=None)])]))
    (finding,) = findings(report, rules.TIA_MISSING)
    assert finding.severity == Severity.MEDIUM
    bcr = check(register([vendor(safeguards=[{"kind": "bcr"}])]))
    assert rules.TIA_MISSING in rules_of(bcr)


def test_a_tia_dated_after_the_as_of_date_did_not_exist_yet() -> None:
    reg = register([vendor(safeguards=[scc("2")])])  # TIA of 2026-06-01
    assert rules.TIA_MISSING in rules_of(check(reg, date(2026, 5, 31)))
    assert rules.TIA_MISSING not in rules_of(check(reg, date(2026, 6, 1)))


def test_a_pending_tia_counts_as_missing() -> None:
    pending = scc("2", tia={"assessed_on": "2026-06-01", "outcome": "pending"})
    assert rules.TIA_MISSING in rules_of(check(register([vendor(safeguards=[pending])])))


def test_tia_age_limit_is_configurable_and_inclusive() -> None:
    reg = register([vendor(safeguards=[scc("2", tia={"assessed_on": "2025-01-01", "outcome": "adequate"})])])
    assert rules.TIA_OUTDATED not in rules_of(check(reg, date(2026, 1, 1)))  # 365 days
    assert rules.TIA_OUTDATED in rules_of(check(reg, date(2026, 1, 2)))  # 366 days
    assert rules.TIA_OUTDATED not in rules_of(check(reg, date(2026, 1, 2), tia_max_age_days=400))


def test_a_tia_that_found_the_tool_ineffective_is_high() -> None:
    bad = scc("2", tia={"assessed_on": "2026-06-01", "outcome": "inadequate"})
    (finding,) = findings(check(register([vendor(safeguards=[bad])])), rules.TIA_INADEQUATE)
    assert finding.severity == Severity.HIGH


def test_e2e_encryption_with_eea_keys_lowers_the_tia_finding_but_never_replaces_the_tool() -> None:
    e2e = [{"kind": "e2e_encryption_keys_in_eea"}]
    lowered = check(register([vendor(safeguards=[scc("2", tia=None, supplementary_measures=e2e)])]))
    (finding,) = findings(lowered, rules.TIA_MISSING)
    assert finding.severity == Severity.LOW and "still required" in finding.message
    # Encryption on a derogation is not an Art. 46 tool: the transfer is still not safeguarded.
    derogation = {"kind": "derogation", "derogation": "49(1)(b)", "supplementary_measures": e2e}
    assert rules.DEROGATION_SYSTEMATIC in rules_of(check(register([vendor(safeguards=[derogation])])))


# --- SCC details, stale safeguards ---------------------------------------------------------------


def test_sccs_of_an_unstated_decision_name_the_candidates_and_get_worse_once_old_clauses_lapse() -> None:
    reg = register([vendor(safeguards=[{"kind": "scc", "instrument": "unknown"}])])
    before = check(reg, date(2022, 12, 27))
    assert rules_of(before) == {rules.SCC_DETAILS_MISSING, rules.TIA_MISSING}
    (finding,) = findings(before, rules.SCC_DETAILS_MISSING)
    assert finding.severity == Severity.LOW and before.transfers[0].basis == TransferBasis.SAFEGUARDED
    assert "SCC 2021/914 module 2" in finding.message and "2010/87/EU" in finding.message
    assert "signed by 2021-09-26 and only until 2022-12-27" in finding.message
    after = check(reg, date(2022, 12, 28))
    (finding,) = findings(after, rules.SCC_DETAILS_MISSING)
    assert finding.severity == Severity.MEDIUM and after.transfers[0].basis == TransferBasis.SAFEGUARDED
    assert "SCC 2021/914 module 2" in finding.message and "2010/87/EU" in finding.message
    assert "last counted on 2022-12-27" in finding.message
    early = check(reg, date(2020, 1, 1))
    (finding,) = findings(early, rules.SCC_DETAILS_MISSING)
    assert finding.severity == Severity.LOW and "2021/914" not in finding.message


def test_sccs_with_an_unstated_module_or_signing_date_count_with_a_low_finding() -> None:
    assert rules.SCC_DETAILS_MISSING in rules_of(check(register([vendor(safeguards=[scc("unknown")])])))
    old = register([vendor(safeguards=[scc(instrument="scc-2010-87")])])
    assert rules_of(check(old, date(2020, 1, 1))) >= {rules.SCC_DETAILS_MISSING}
    assert rules.SCC_DETAILS_MISSING not in rules_of(check(register([vendor(safeguards=[scc("2")])])))


def test_an_outdated_safeguard_beside_a_valid_one_is_info() -> None:
    reg = register([vendor(safeguards=[scc("2"), {"kind": "adequacy", "instrument": "us-privacy-shield"}])])
    report = check(reg)
    assert rules_of(report) == {rules.STALE_SAFEGUARD}
    assert findings(report, rules.STALE_SAFEGUARD)[0].severity == Severity.INFO


# --- processor and activity rules -----------------------------------------------------------------


def test_processor_without_dpa_is_high() -> None:
    no_dpa = vendor(locations=["DE"])
    del no_dpa["dpa"]
    (finding,) = findings(check(register([no_dpa])), rules.PROCESSOR_NO_DPA)
    assert finding.severity == Severity.HIGH and finding.article == "Art. 28(3)"
    assert rules.PROCESSOR_NO_DPA not in rules_of(check(register([vendor(locations=["DE"])])))


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"legal_bases": []}, rules.NO_LEGAL_BASIS),
        ({"retention": None}, rules.NO_RETENTION),
        ({"legal_bases": [{"basis": "6(1)(a)"}]}, rules.CONSENT_NO_WITHDRAWAL),
        ({"art9_condition": "9(2)(a)"}, rules.CONSENT_NO_WITHDRAWAL),
    ],
)
def test_activity_rules_fail(change: dict[str, Any], rule: str) -> None:
    reg = register([vendor(locations=["DE"])], activities=[activity(**change)])
    assert rule in rules_of(check(reg))


def test_activity_rules_pass_and_skip_processor_role_activities() -> None:
    consent = activity(legal_bases=[{"basis": "6(1)(a)"}], consent_withdrawal="Unsubscribe link")
    assert rules_of(check(register([vendor(locations=["DE"])], activities=[consent]))) == set()
    bare = activity(role="processor", controllers_served=["Customer AS"], legal_bases=[], retention=None)
    assert rules_of(check(register([vendor(locations=["DE"])], activities=[bare]))) == set()


def test_special_categories_need_an_art9_condition_including_through_a_parent() -> None:
    categories: list[dict[str, Any]] = [
        {"key": "health", "name": "Health"},
        {"key": "health.diagnosis", "name": "Diagnosis", "parent": "health", "special_category": True},
    ]
    for listed in (["health.diagnosis"], ["health"]):
        reg = register([vendor(locations=["DE"])], categories=categories, activities=[activity(data_categories=listed)])
        assert rules.SPECIAL_CATEGORY_NO_CONDITION in rules_of(check(reg))
    ok = activity(data_categories=["health"], art9_condition="9(2)(h)")
    reg = register([vendor(locations=["DE"])], categories=categories, activities=[ok])
    assert rules.SPECIAL_CATEGORY_NO_CONDITION not in rules_of(check(reg))


def test_flows_narrow_the_categories_on_a_hop() -> None:
    categories = [{"key": "email", "name": "E-mail"}, {"key": "phone", "name": "Phone"}]
    narrowed = activity(data_categories=["email", "phone"], flows=[{"to": "sys", "data_categories": ["phone"]}])
    report = check(register(categories=categories, activities=[narrowed]))
    assert report.transfers[0].data_categories == ["phone"]
    assert findings(report, rules.NO_SAFEGUARD)[0].data_categories == ["phone"]
