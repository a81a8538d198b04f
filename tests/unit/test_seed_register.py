"""The Verji seed register says what the privacy statement says, and no more."""

from catalog.domain.register import Register
from catalog.domain.vocab import LegalBasis, ProcessingRole


def test_controller_details(seed_register: Register) -> None:
    org = seed_register.organisation
    assert org.name == "Verji Tech AS"
    assert org.organisation_number == "930 830 372"
    assert (org.address.street, org.address.postcode, org.address.city, org.address.country) == (
        "Kaien 11",
        "4250",
        "Kopervik",
        "NO",
    )
    assert any(c.name == "Martin Bergquist" and c.email == "mb@verji.no" for c in org.contacts)
    assert org.dpo_appointed is None


def test_named_vendors_and_unknown_ones(seed_register: Register) -> None:
    processors = {p.key: p for p in seed_register.processors}
    assert processors["hubspot"].legal_name == "HubSpot"
    assert processors["webstat"].legal_name == "Webstat"
    unnamed = [p for p in seed_register.processors if p.key not in ("hubspot", "webstat")]
    assert unnamed and all(p.legal_name.startswith("unknown") for p in unnamed)
    assert all(p.established_in == "unknown" for p in seed_register.processors)
    assert all(p.dpa is None for p in seed_register.processors)


def test_us_hosting_under_sccs_of_unstated_decision(seed_register: Register) -> None:
    systems = {s.key: s for s in seed_register.systems}
    for key in ("website", "crm", "webstat-analytics", "hubspot-analytics"):
        assert systems[key].hosting == ["US"]
        operator = next(p for p in seed_register.processors if p.key == systems[key].operator)
        (safeguard,) = operator.safeguards
        assert safeguard.kind == "scc" and safeguard.instrument == "unknown" and safeguard.module is None
    assert systems["verji-service"].hosting == ["EU", "NO"]


def test_legal_bases_as_stated(seed_register: Register) -> None:
    activities = {a.key: a for a in seed_register.activities}
    assert [c.basis for c in activities["user-accounts"].legal_bases] == [LegalBasis.CONTRACT]
    assert [c.basis for c in activities["newsletter"].legal_bases] == [LegalBasis.CONSENT]
    assert [c.basis for c in activities["service-notices"].legal_bases] == [
        LegalBasis.CONTRACT,
        LegalBasis.LEGITIMATE_INTERESTS,
    ]
    assert activities["advertising"].legal_bases == []  # the statement gives none
    retention = activities["transaction-records"].retention
    assert retention is not None and (retention.minimum, retention.maximum) == ("P5Y", "P10Y")


def test_messaging_is_processed_on_behalf_of_customers(seed_register: Register) -> None:
    messaging = next(a for a in seed_register.activities if a.key == "message-delivery")
    assert messaging.role == ProcessingRole.PROCESSOR
    assert messaging.controllers_served
    assert any("End-to-end" in m for m in messaging.security_measures)
