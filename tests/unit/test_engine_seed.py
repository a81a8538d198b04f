"""What the engine reports on the Verji seed register (documented in docs/rules.md)."""

from __future__ import annotations

from datetime import date

from catalog.compliance import rules
from catalog.compliance.engine import evaluate
from catalog.compliance.model import TransferStatus
from catalog.domain.register import Register
from catalog.reference import load_reference

DAY = date(2026, 11, 27)
US_VENDORS = ["crm-provider", "hubspot", "website-hosting-provider", "webstat"]


def test_seed_summary_matches_the_documentation(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    assert report.summary() == {"critical": 0, "high": 27, "medium": 11, "low": 4, "info": 0}


def test_us_hosting_under_sccs_of_an_unstated_decision_is_safeguarded(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    hops = {h.id: h for h in report.transfers}
    for key in US_VENDORS:
        hop = hops[f"controller->processor:{key}@US"]
        assert hop.status == TransferStatus.SAFEGUARDED
        found = {f.rule for f in report.findings if f.subject == f"processor:{key}" and f.country == "US"}
        assert found == {rules.SCC_DETAILS_MISSING, rules.TIA_MISSING}


def test_the_hosting_provider_carries_both_roles(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    hop = next(h for h in report.transfers if h.importer == "processor:hosting-provider")
    assert hop.relationships == ["controller_to_processor", "processor_to_processor"]
    assert "messages.content" in hop.data_categories and "message-delivery" in hop.activities
