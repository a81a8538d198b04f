"""Each derived hop's verdict on a date, without its findings or a report: what ``catalog due`` reads.

``catalog due`` lists every hop's status, reason and mechanism and judges the hops again on later days;
it never reads a finding. The full check (``engine.evaluate``) also words every finding of every hop,
the findings about the register's entries and sorts both into a report: at 100k entities, seconds for
nothing shown. This is the engine's own scan (``engine._HopScan``), the same judgement shared between
equal hops, stopped at each hop's verdict, so every status and reason is the full check's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog.compliance.engine import CheckOptions, _HopScan, tia_limit
from catalog.compliance.flows import Flows, HopDraft, derive_flows
from catalog.compliance.model import TransferStatus
from catalog.compliance.tias import TiaIndex
from catalog.domain.register import Register
from catalog.kernel.gcpause import collector_paused
from catalog.reference import ReferenceData


@dataclass(frozen=True, slots=True)
class HopVerdict:
    """A derived hop's status on the date, why, and the tool it relies on: as in the full check's report."""

    draft: HopDraft
    status: TransferStatus
    reason: str
    mechanism: str | None


def hop_verdicts(
    register: Register, reference: ReferenceData, as_of: date, options: CheckOptions | None = None
) -> tuple[Flows, list[HopVerdict]]:
    """The hops ``engine.evaluate_with_flows`` derives, each with the verdict its report gives."""
    with collector_paused():  # as the full check: the scan allocates much, nothing cyclic to free
        chosen = CheckOptions(tia_max_age_days=tia_limit(register, options))
        flows = derive_flows(register, reference, as_of)
        scan = _HopScan(register.data_categories, reference, as_of, chosen, TiaIndex(register.tias))
        verdicts = []
        for draft in flows.hops:
            verdicts.append(HopVerdict(draft, *scan.verdict(draft)))
        return flows, verdicts
