"""The lineage explorer's drawing: columns in order, a placed (never collapsed) layout, groups, the node card."""

from __future__ import annotations

import itertools
from datetime import date

import networkx as nx
import pytest

from catalog.app.language import Lang
from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport
from catalog.compliance.rule_titles import rule_title
from catalog.compliance.rules import RULES
from catalog.domain.register import Register
from catalog.graph.edges import NodeType, build_graph
from catalog.graph.lineage import lineage_from_graph
from catalog.reference import load_reference
from tools.synthetic import synthetic_register
from ui.components.graph import (
    EXPANDED_SHOWN,
    FOCUS_TYPES,
    GROUP,
    GROUP_ABOVE,
    GraphView,
    build_view,
    columns,
    group_view,
    in_language,
    layout_positions,
    link_analysis_elements,
)
from ui.components.node_card import node_card

DAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def seeded(seed_register: Register) -> tuple[nx.MultiDiGraph, CheckReport]:
    return build_graph(seed_register), evaluate(seed_register, load_reference(), DAY)


def _view(graph: nx.MultiDiGraph, report: CheckReport, focus: str) -> GraphView:
    lineage = None
    if focus.startswith("category:"):
        lineage = lineage_from_graph(graph, graph.nodes[focus]["key"])
    return build_view(graph, focus, report, load_reference(), DAY, lineage)


def test_email_lineage_runs_in_columns_with_the_crm_us_crossing_labelled_scc(
    seeded: tuple[nx.MultiDiGraph, CheckReport],
) -> None:
    graph, report = seeded
    view = _view(graph, report, "category:contact.email")
    column = columns(view)
    by_type: dict[str, set[int]] = {}
    for node in view.nodes:
        by_type.setdefault(node.type, set()).add(column[node.id])
    order = [NodeType.CATEGORY, NodeType.ACTIVITY, NodeType.SYSTEM, NodeType.PROCESSOR, NodeType.COUNTRY]
    spans = [by_type[t.value] for t in order]
    for left, right in itertools.pairwise(spans):
        assert max(left) < min(right), f"columns out of order: {spans}"
    crm_us = next(e for e in view.edges if (e.source, e.target) == ("processor:crm-provider", "country:US"))
    assert crm_us.group == "transfer_valid_details_missing" and "SCC" in crm_us.caption


def test_every_focus_of_every_kind_is_placed_without_overlap(
    seeded: tuple[nx.MultiDiGraph, CheckReport],
) -> None:
    graph, report = seeded
    focuses = [n for n, d in graph.nodes(data=True) if d["type"] in {t.value for t in FOCUS_TYPES}]
    assert len(focuses) > 30
    for focus in focuses:
        view = _view(graph, report, focus)
        elements = link_analysis_elements(view)
        places = [(n["position"]["x"], n["position"]["y"]) for n in elements["nodes"]]
        assert len(set(places)) == len(places), focus  # no two nodes on one spot
        ids = {n["data"]["id"] for n in elements["nodes"]}
        assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in elements["edges"]), focus
        if len(places) > 1:
            xs, ys = zip(*places, strict=True)
            assert max(xs) - min(xs) > 100 or max(ys) - min(ys) > 40, focus


def test_a_large_view_is_grouped_by_column_and_expands() -> None:
    register = synthetic_register(2000, seed=3)
    graph = build_graph(register)
    category = max((c.key for c in register.data_categories), key=lambda key: len(lineage_from_graph(graph, key).nodes))
    full = build_view(graph, f"category:{category}", None, load_reference(), DAY, lineage_from_graph(graph, category))
    assert len(full.nodes) > GROUP_ABOVE
    grouped = group_view(full)
    assert grouped.grouped and len(grouped.nodes) <= GROUP_ABOVE
    assert grouped.node(full.focus) is not None
    ids = {n.id for n in grouped.nodes}
    assert all(e.source in ids and e.target in ids for e in grouped.edges)
    groups = [n for n in grouped.nodes if n.type == GROUP]
    assert sum(g.members for g in groups) + len(grouped.nodes) - len(groups) == len(full.nodes)
    biggest = max(groups, key=lambda g: g.members)
    assert biggest.column is not None
    opened = group_view(full, frozenset({biggest.column}))
    shown = [n for n in opened.nodes if n.type != GROUP and columns(opened)[n.id] == biggest.column]
    assert len(shown) >= min(EXPANDED_SHOWN, biggest.members)
    positions = layout_positions(opened)
    assert len(set(positions.values())) == len(positions)


def test_node_card_names_role_locations_safeguards_and_findings_by_title(
    seed_register: Register, seeded: tuple[nx.MultiDiGraph, CheckReport]
) -> None:
    graph, report = seeded
    view = _view(graph, report, "category:contact.email")
    crm = view.node("processor:crm-provider")
    assert crm is not None
    card = node_card(seed_register, report, load_reference(), DAY, crm)
    assert card.name == "unknown (CRM provider, not named)" and card.kind == "Processor"
    assert "Processor" in card.role
    assert any("United States" in place for place in card.locations)
    assert any("contractual clauses" in s for s in card.safeguards)
    titles = {rule_title(rule) for rule in RULES}  # the one title per rule every page shows
    assert card.findings and all(f.title in titles for f in card.findings)
    us = view.node("country:US")
    assert us is not None
    assert "Outside the EEA" in node_card(seed_register, report, load_reference(), DAY, us).role
    # Issue #29: a fact the register reads into its source is marked as a reading on the card, with its source.
    readings = [(label, text) for label, text in card.details if label.startswith("Reading")]
    assert readings == [(label, text) for label, text in readings if "Safeguards" in label]
    assert readings and "(source: Verji privacy statement (2022-01-15)" in readings[0][1]


def test_a_broad_category_no_activity_names_is_drawn_above_its_narrower_ones(
    seed_register: Register, seeded: tuple[nx.MultiDiGraph, CheckReport]
) -> None:
    graph, report = seeded
    broad = "category:contact"
    lineage = lineage_from_graph(graph, "contact")
    assert broad not in lineage.nodes  # no activity processes "contact" itself: only its narrower categories
    view = build_view(graph, broad, report, load_reference(), DAY, lineage)
    ids = {node.id for node in view.nodes}
    assert broad in ids
    hanging = {edge.source for edge in view.edges if edge.target == broad and edge.rel == "PART_OF"}
    assert hanging and all(graph.nodes[node]["type"] == NodeType.CATEGORY.value for node in hanging)
    positions = layout_positions(view)
    assert broad in positions


def test_a_view_in_bokmal_names_the_unknown_place_and_the_statuses_in_bokmal(
    seeded: tuple[nx.MultiDiGraph, CheckReport], seed_register: Register
) -> None:
    graph, report = seeded
    english = _view(graph, report, "country:unknown")
    view = in_language(english, Lang.NB)
    unknown = view.node("country:unknown")
    assert unknown is not None and unknown.name == "Ukjent sted"
    crossings = [e for e in view.edges if e.status is not None]
    assert crossings and all(e.caption.startswith("UKJENT MOTTAKERLAND") for e in crossings)
    assert in_language(english, Lang.EN) is english  # built in English: nothing to change
    card = node_card(seed_register, report, load_reference(), DAY, unknown, lang=Lang.NB)
    assert card.kind == "Land" and card.role.startswith(("Utenfor EØS", "Ukjent", "Innenfor EØS"))
