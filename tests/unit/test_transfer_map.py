"""The transfer map's accounting (every transfer an arc or in the unknown group), two dates compared, the Sankey."""

from __future__ import annotations

from datetime import date

from catalog.compliance.engine import evaluate
from catalog.compliance.model import TransferBasis, TransferStatus
from catalog.compliance.status_words import status_rgb, transfer_counts
from catalog.domain.register import Register
from catalog.exporters.rows import build_table
from catalog.graph.edges import build_graph
from catalog.reference import load_reference
from tests.engine_registers import register, vendor
from tools.synthetic import synthetic_register
from ui.components.sankey import MAX_VENDORS, sankey_flows
from ui.components.world import arc_groups, map_status_counts, status_changes, transfer_name

DAY = date(2025, 6, 1)


def test_arcs_and_the_unknown_group_add_up_to_the_transfer_register(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    groups, unplaced = arc_groups(seed_register, report.transfers)
    transfer_rows = build_table("transfers", seed_register, report).rows
    assert sum(g.count for g in groups) + len(unplaced) == len(report.transfers) == len(transfer_rows)
    assert unplaced and all(h.country == "unknown" for h in unplaced)
    (us,) = [g for g in groups if any(h.endswith("@US") for h in g.hop_ids)]
    assert us.count == 4 and us.width > min(g.width for g in groups) - 1  # wider with more transfers
    placed = {h for g in groups for h in g.hop_ids} | {h.id for h in unplaced}
    assert placed == {h.id for h in report.transfers}


def test_arc_groups_account_for_every_transfer_at_scale() -> None:
    big = synthetic_register(2000, seed=5)
    hops = evaluate(big, load_reference(), DAY).transfers
    groups, unplaced = arc_groups(big, hops)
    assert sum(g.count for g in groups) + len(unplaced) == len(hops)
    bad = [g for g in groups if any(h.status is TransferStatus.NOT_VALID for h in hops if h.id in g.hop_ids)]
    assert bad and all(g.colour == status_rgb(TransferStatus.NOT_VALID) for g in bad)
    # the map counts per status in the engine's unit, one hop each, as the report does
    counts = map_status_counts(groups, unplaced)
    assert counts == transfer_counts(hops)


def test_two_dates_show_the_transfers_whose_status_differs() -> None:
    cert = {"programme": "privacy-shield", "certified_from": "2016-08-01"}
    shield = {"kind": "adequacy", "instrument": "us-privacy-shield"}
    reg = register([vendor(safeguards=[shield], certifications=[cert])])
    before = evaluate(reg, load_reference(), date(2020, 7, 15)).transfers
    after = evaluate(reg, load_reference(), date(2020, 7, 17)).transfers
    (change,) = status_changes(before, after)
    assert change.before is not None and change.before.basis is TransferBasis.ADEQUATE
    assert change.after is not None and change.after.basis is TransferBasis.INVALID_SAFEGUARD
    assert change.after.status is TransferStatus.NOT_VALID
    assert status_changes(after, after) == []


def test_a_transfer_is_named_by_its_data(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    names = {c.key: c.name for c in seed_register.data_categories}
    hop = next(h for h in report.transfers if h.id == "controller->processor:crm-provider@US")
    assert transfer_name(hop, names).startswith("E-mail address")
    assert ":" not in transfer_name(hop, names)


def test_the_sankey_groups_by_vendor_and_each_band_opens_a_lineage(seed_register: Register) -> None:
    graph = build_graph(seed_register)
    flows = sankey_flows(graph, "vendor")
    links = {
        (flows.labels[s], flows.labels[t]): focus
        for s, t, focus in zip(flows.sources, flows.targets, flows.focus, strict=True)
    }
    assert links[("E-mail address", "unknown (CRM provider, not named)")] == "category:contact.email"
    assert links[("unknown (CRM provider, not named)", "United States")] == "processor:crm-provider"
    assert all(focus in graph for focus in flows.focus)
    service = sankey_flows(graph, "service")
    assert len(service.focus) == len(service.values) and all(focus in graph for focus in service.focus)


def test_the_vendor_sankey_stays_readable_and_acyclic_at_scale() -> None:
    graph = build_graph(synthetic_register(3000, seed=2))
    flows = sankey_flows(graph, "vendor")
    middle = {flows.labels[t] for t in flows.targets} & {flows.labels[s] for s in flows.sources}
    assert len(middle) <= MAX_VENDORS + 1
    assert any(label.startswith("Other vendors") for label in middle)
    assert len(set(flows.labels)) == len(flows.labels)  # one node per name: no loop through a shared label


def test_the_unknown_group_is_drawn_and_every_place_named(seed_register: Register) -> None:
    from ui.components.world import UNKNOWN_POINT, map_labels, map_text, unknown_groups

    report = evaluate(seed_register, load_reference(), DAY)
    _groups, unplaced = arc_groups(seed_register, report.transfers)
    drawn = unknown_groups(seed_register, unplaced)
    assert sum(g.count for g in drawn) == len(unplaced) and all(g.target == UNKNOWN_POINT for g in drawn)
    assert all(g.colour == status_rgb(TransferStatus.DESTINATION_UNKNOWN) for g in drawn)
    labels = {label["text"] for label in map_labels(seed_register, report.transfers, len(unplaced))}
    assert {"United States", "Norway", f"? Destination unknown: {len(unplaced)}"} <= labels
    assert map_text("Türkiye") == "Turkiye" and map_text("Åland Islands") == "Aland Islands"


def test_verdict_days_are_the_starts_and_ends_the_register_depends_on() -> None:
    from ui.components.world import verdict_days

    shield = {"kind": "adequacy", "instrument": "us-privacy-shield"}
    cert = {"programme": "privacy-shield", "certified_from": "2016-08-01"}
    small = register([vendor(safeguards=[shield], certifications=[cert])])
    past, future = verdict_days(small, load_reference(), DAY, {"US"})
    assert date(2020, 7, 16) in past  # the day after the Shield's last day
    assert date(2016, 8, 1) in past and past == sorted(past, reverse=True)
    assert all(day > DAY for day in future)
