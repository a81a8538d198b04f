"""Every surface's verdict on every transfer hop, gathered and compared (issue #26: one verdict per transfer).

A surface reads the status the engine put on the hop; these helpers read each surface back the way a
person or a tool would (the exported JSON, the DPV graph, the map's arcs, the due report) and assert
that all of them give every hop the engine's status, and that the counts per status agree.
"""

from __future__ import annotations

import json
from datetime import date

from rdflib import Literal

from catalog.app.export import ExportFormat, ExportKind, build_manifest, render_export
from catalog.compliance import rules
from catalog.compliance.model import CheckReport, Severity, TransferStatus
from catalog.compliance.status_words import STATUS_STYLES, transfer_count_values, transfer_counts
from catalog.domain.register import Register
from catalog.exporters.headings import label
from catalog.exporters.rows import build_table, hop_mechanism, location_label, split_transfer_line
from catalog.interop.dpv import CAT, DPV, register_graph
from catalog.kernel.lang import Lang
from catalog.reference import ReferenceData
from catalog.review.due import DueReport, due_report
from ui.components.world import arc_groups, map_status_counts

LABELLED = {style.en: status for status, style in STATUS_STYLES.items()}
"""An exported status label back to its status."""

NO_SAFEGUARD_CLASS = {
    rules.NO_SAFEGUARD,
    rules.ONWARD_NO_SAFEGUARD,
    rules.SAFEGUARD_EXPIRED,
    rules.SAFEGUARD_INVALIDATED,
    rules.SAFEGUARD_UNRECOGNISED,
    rules.SCC_REPEALED,
    rules.SCC_MODULE_MISMATCH,
    rules.DPF_NOT_CERTIFIED,
    rules.ADEQUACY_OUT_OF_SCOPE,
}


def exported_transfers(register: Register, report: CheckReport) -> dict[str, dict[str, object]]:
    """The transfer register as exported to JSON (English), re-read, by transfer id."""
    data = json.loads(render_export(ExportKind.TRANSFERS, ExportFormat.JSON, register, report, Lang.EN))
    return {str(row["transfer_id"]): row for row in data["rows"]}


def dpv_statuses(register: Register, report: CheckReport) -> dict[str, TransferStatus]:
    """Each transfer's cat:status in the DPV graph, by its identifier."""
    graph = register_graph(register, report)
    found: dict[str, TransferStatus] = {}
    for node, status in graph.subject_objects(CAT.status):
        identifier = graph.value(node, DPV.hasIdentifier)
        assert isinstance(identifier, Literal) and isinstance(status, Literal)
        found[str(identifier)] = TransferStatus(str(status))
    return found


def assert_one_verdict(
    register: Register, report: CheckReport, reference: ReferenceData, due: DueReport | None = None
) -> None:
    """Every surface shows each hop of ``report`` with the hop's own status, and the counts agree."""
    engine = {hop.id: hop.status for hop in report.transfers}
    by_id = {hop.id: hop for hop in report.transfers}
    findings = {f.id: f for f in report.findings}

    # Findings name their hop's status; the status and the findings' severities never disagree.
    for finding in report.findings:
        if finding.transfer is not None:
            assert finding.transfer_status == engine[finding.transfer], finding
        if finding.severity == Severity.CRITICAL and finding.transfer is not None:
            assert engine[finding.transfer] == TransferStatus.NOT_VALID, finding
        if finding.rule in NO_SAFEGUARD_CLASS:
            assert finding.transfer is not None and engine[finding.transfer] == TransferStatus.NOT_VALID, finding
    for hop in report.transfers:
        severities = {findings[i].severity for i in hop.finding_ids}
        if hop.status == TransferStatus.VALID:
            assert severities <= {Severity.INFO}, hop
        elif hop.status == TransferStatus.VALID_DETAILS_MISSING:
            assert severities & {Severity.MEDIUM, Severity.LOW}, hop
            assert not severities & {Severity.CRITICAL, Severity.HIGH}, hop
        elif hop.status == TransferStatus.NOT_VALID:
            assert severities & {Severity.CRITICAL, Severity.HIGH}, hop

    # The transfer register (every format is laid out from the same rows; JSON is re-read here).
    rows = exported_transfers(register, report)
    assert {hop_id: LABELLED[str(row["status"])] for hop_id, row in rows.items()} == engine
    for hop_id, row in rows.items():
        breaks_on = str(row["breaks_on"])
        if engine[hop_id].counts_as_valid:
            assert breaks_on == label(Lang.EN, "breaks.no_known_end") or date.fromisoformat(breaks_on) > report.as_of
        elif engine[hop_id] == TransferStatus.NOT_VALID:
            assert breaks_on == label(Lang.EN, "breaks.not_valid")
        else:
            assert breaks_on == label(Lang.EN, "breaks.destination_unknown")

    # The ROPA's transfer column names each hop with its status.
    lines = {
        f"{hop.importer_name} → {location_label(hop.country, Lang.EN)}: {hop_mechanism(hop, Lang.EN)} "
        f"({STATUS_STYLES[hop.status].en})"
        for hop in report.transfers
    }
    ropa = build_table("ropa", register, report, Lang.EN)
    column = [c.id for c in ropa.columns].index("transfer_safeguards")
    for record in ropa.rows:
        cell = record[column]
        shown = cell if isinstance(cell, tuple) else (cell,)
        if shown == (label(Lang.EN, "no_transfer"),):
            continue
        # One line per importer, each country with its status: read back as one line per hop.
        assert {hop_line for line in shown for hop_line in split_transfer_line(str(line))} <= lines

    # What breaks next: the valid ones (with or without details) and the already broken, nothing dropped.
    due = due or due_report(register, reference, report.as_of, 90, report=report)
    assert {b.transfer: b.status for b in due.breaks} == {i: s for i, s in engine.items() if s.counts_as_valid}
    assert {b.transfer: b.status for b in due.broken} == {i: s for i, s in engine.items() if not s.counts_as_valid}
    assert all(b.breaks_on is None or b.breaks_on > report.as_of for b in due.breaks)

    # The transfer map: every hop in an arc or beside the map, with its status, counted in hops.
    groups, unplaced = arc_groups(register, report.transfers)
    drawn = {hop_id: status for g in groups for hop_id, status in zip(g.hop_ids, g.statuses, strict=True)}
    assert drawn | {hop.id: hop.status for hop in unplaced} == engine
    assert map_status_counts(groups, unplaced) == transfer_counts(report.transfers)
    assert all(by_id[h].status != TransferStatus.DESTINATION_UNKNOWN for h in drawn)

    # The DPV export and the audit pack manifest.
    assert dpv_statuses(register, report) == engine
    manifest = build_manifest(register, report, Lang.EN, {})
    assert manifest["transfers_by_status"] == transfer_count_values(report.transfers)
    assert sum(manifest["transfers_by_status"].values()) == len(report.transfers) == len(rows)
