"""A hand-built check report for the seed register, so export tests do not depend on the engine.

It has the shape the engine produces: the US hops of the website, CRM and analytics processors
with the seed's SCC safeguard, hops to unknown destinations, and findings that point at them.
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path

import pytest

from catalog.compliance.model import CheckReport, Finding, Severity, TransferBasis, TransferHop, TransferStatus
from catalog.domain.register import Register

AS_OF = date(2026, 1, 15)

STATUS_OF_BASIS = {
    TransferBasis.ADEQUATE: TransferStatus.VALID,
    TransferBasis.SAFEGUARDED: TransferStatus.VALID,
    TransferBasis.DEROGATION: TransferStatus.VALID,
    TransferBasis.INVALID_SAFEGUARD: TransferStatus.NOT_VALID,
    TransferBasis.UNSAFEGUARDED: TransferStatus.NOT_VALID,
    TransferBasis.UNKNOWN_DESTINATION: TransferStatus.DESTINATION_UNKNOWN,
}
"""The status a hand-built hop with this basis and no missing detail has (as engine.hop_status decides)."""


def _hop(
    register: Register,
    processor: str,
    country: str,
    activities: list[str],
    categories: list[str],
    status: TransferBasis,
    reason: str,
    findings: list[str],
) -> TransferHop:
    found = next(p for p in register.processors if p.key == processor)
    return TransferHop(
        id=f"controller->processor:{processor}@{country}",
        exporter="controller",
        exporter_name=register.organisation.name,
        exporter_role="controller",
        importer=f"processor:{processor}",
        importer_name=found.legal_name,
        importer_role="processor",
        country=country,
        onward=False,
        data_categories=sorted(categories),
        activities=sorted(activities),
        safeguards=list(found.safeguards),
        mechanism="SCC (decision not stated)" if found.safeguards else None,
        basis=status,
        status=STATUS_OF_BASIS[status],
        status_reason=reason,
        path=[f"activity:{activities[0]}", f"processor:{processor}", f"country:{country}"],
        finding_ids=findings,
    )


def build_seed_report(register: Register, as_of: date = AS_OF) -> CheckReport:
    scc_reason = "Standard contractual clauses are recorded, but not which Commission decision they follow."
    unknown_reason = "The destination country is not known."
    usage = ["usage.browser-os", "usage.navigation", "usage.ip-address", "online-identifiers"]
    hops = [
        _hop(
            register,
            "crm-provider",
            "US",
            ["correspondence", "newsletter"],
            ["contact.email", "correspondence.content"],
            TransferBasis.INVALID_SAFEGUARD,
            scc_reason,
            ["f-0001"],
        ),
        _hop(
            register,
            "customer-support-tool-provider",
            "unknown",
            ["customer-support"],
            ["contact.email", "support.enquiry"],
            TransferBasis.UNKNOWN_DESTINATION,
            unknown_reason,
            ["f-0002"],
        ),
        _hop(
            register,
            "hubspot",
            "US",
            ["usage-analytics"],
            usage,
            TransferBasis.INVALID_SAFEGUARD,
            scc_reason,
            ["f-0003"],
        ),
        _hop(
            register,
            "webstat",
            "US",
            ["usage-analytics"],
            usage,
            TransferBasis.INVALID_SAFEGUARD,
            scc_reason,
            ["f-0004"],
        ),
        _hop(
            register,
            "website-hosting-provider",
            "US",
            ["advertising", "sign-in", "usage-analytics"],
            ["online-identifiers", "usage.navigation"],
            TransferBasis.INVALID_SAFEGUARD,
            scc_reason,
            ["f-0005"],
        ),
    ]
    findings = [
        Finding(
            id="f-0002",
            rule="transfer.unknown-destination",
            severity=Severity.CRITICAL,
            article="Art. 44",
            message="Where the customer support tool provider processes the data is not known; record its locations.",
            subject="processor:customer-support-tool-provider",
            country="unknown",
            data_categories=["contact.email", "support.enquiry"],
            transfer="controller->processor:customer-support-tool-provider@unknown",
            transfer_status=TransferStatus.DESTINATION_UNKNOWN,
        ),
        *(
            Finding(
                id=hop.finding_ids[0],
                rule="transfer.scc-decision-unknown",
                severity=Severity.HIGH,
                article="Art. 46(2)(c)",
                message="The SCCs do not name their Commission decision; record 'scc-2021-914' and the module.",
                subject=hop.importer,
                country=hop.country,
                data_categories=hop.data_categories,
                transfer=hop.id,
                transfer_status=hop.status,
            )
            for hop in hops
            if hop.basis == TransferBasis.INVALID_SAFEGUARD
        ),
        Finding(
            id="f-0006",
            rule="activity.no-legal-basis",
            severity=Severity.MEDIUM,
            article="Art. 6(1)",
            message="No lawful basis is recorded for this activity.",
            subject="activity:sign-in",
        ),
    ]
    return CheckReport(as_of=as_of, transfers=sorted(hops, key=lambda h: h.id), findings=findings)


@pytest.fixture(scope="session")
def seed_report(seed_register: Register) -> CheckReport:
    return build_seed_report(seed_register)


GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"


class Golden:
    """Compares bytes with a file under tests/golden/, or rewrites it when updating."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, data: bytes) -> None:
        path = GOLDEN_DIR / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"{path} is missing; run pytest --update-golden (or UPDATE_GOLDEN=1) and review it"
        expected = path.read_bytes()
        if data != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.decode("utf-8", "replace").splitlines(keepends=True),
                    data.decode("utf-8", "replace").splitlines(keepends=True),
                    fromfile=f"golden/{name}",
                    tofile="output",
                    n=1,
                )
            )
            pytest.fail(f"output differs from golden/{name} (update with --update-golden):\n{diff[:4000]}")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    update = bool(request.config.getoption("--update-golden")) or os.environ.get("UPDATE_GOLDEN") == "1"
    return Golden(update)
