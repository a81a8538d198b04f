"""The UI's pure parts: text escaping, roles, forms, the explorer view, the SVG, the Sankey and the map data."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
from datetime import date

import networkx as nx
import pytest

from catalog.compliance.model import CheckReport, TransferBasis, TransferHop, TransferStatus
from catalog.domain.location import country_name
from catalog.domain.register import Register
from catalog.graph.edges import build_graph
from catalog.graph.lineage import lineage_from_graph
from catalog.reference import load_reference
from tools.synthetic import synthetic_register
from ui.components.graph import build_view, focus_nodes, link_analysis_elements
from ui.components.roles import Role, role_from_claims
from ui.components.sankey import register_flows, sankey_flows
from ui.components.svg import render_svg
from ui.components.text import md, plotly_text
from ui.components.world import GEOJSON_PATH, label_points, transfer_arcs, world_geojson

HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) ![i](http://x/i.png) :red[r] $x$"

STATUS_OF_BASIS = {
    TransferBasis.ADEQUATE: TransferStatus.VALID,
    TransferBasis.SAFEGUARDED: TransferStatus.VALID,
    TransferBasis.DEROGATION: TransferStatus.VALID,
    TransferBasis.INVALID_SAFEGUARD: TransferStatus.NOT_VALID,
    TransferBasis.UNSAFEGUARDED: TransferStatus.NOT_VALID,
    TransferBasis.UNKNOWN_DESTINATION: TransferStatus.DESTINATION_UNKNOWN,
}
"""The status a hand-built hop with this basis and no missing detail has (as engine.hop_status decides)."""


def test_md_escapes_every_markdown_and_html_construct() -> None:
    escaped = md(HOSTILE)
    assert "<" not in escaped
    for token in ("**", "[x]", "![i]", ":red[", "$x$"):
        assert token not in escaped
    assert md("line\n# heading") == "line \\# heading"


def test_plotly_text_neutralises_tags() -> None:
    assert plotly_text('<a href="x">y</a>') == '&lt;a href="x"&gt;y&lt;/a&gt;'


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"groups": ["staff", "dpo"]}, Role.DPO),
        ({"groups": "staff dpo"}, Role.DPO),
        ({"groups": ["staff"]}, Role.AUDITOR),
        ({}, Role.AUDITOR),
        ({"groups": None}, Role.AUDITOR),
    ],
)
def test_group_claim_maps_to_role_denying_by_default(claims: dict[str, object], expected: Role) -> None:
    assert role_from_claims(claims, "groups", ["dpo"]) is expected


def _hop(importer: str, country: str, status: TransferBasis, mechanism: str | None) -> TransferHop:
    return TransferHop(
        id=f"controller->{importer}@{country}",
        exporter="controller",
        exporter_name="Verji Tech AS",
        exporter_role="controller",
        importer=importer,
        importer_name=importer,
        importer_role="processor",
        country=country,
        onward=False,
        data_categories=["contact.email"],
        activities=["newsletter"],
        mechanism=mechanism,
        basis=status,
        status=STATUS_OF_BASIS[status],
        status_reason="test data",
        path=["activity:newsletter", "system:crm", importer, f"country:{country}"],
    )


def test_view_marks_transfers_from_the_report(seed_register: Register) -> None:
    graph = build_graph(seed_register)
    report = CheckReport(
        as_of=date(2025, 1, 1),
        transfers=[
            _hop("processor:crm-provider", "US", TransferBasis.INVALID_SAFEGUARD, "SCC (decision not stated)"),
            _hop("processor:hubspot", "US", TransferBasis.SAFEGUARDED, "SCC 2021/914 module 2"),
        ],
        findings=[],
    )
    lineage = lineage_from_graph(graph, "contact.email")
    view = build_view(graph, "category:contact.email", report, load_reference(), date(2025, 1, 1), lineage)
    by_edge = {(e.source, e.target): e for e in view.edges}
    bad = by_edge[("processor:crm-provider", "country:US")]
    assert bad.group == "transfer_not_valid" and "NOT VALID" in bad.caption and "SCC" in bad.caption
    assert ("activity:newsletter", "system:crm") in by_edge
    assert ("system:crm", "processor:crm-provider") in by_edge
    us = view.node("country:US")
    assert us is not None and us.third_country


def test_focus_on_country_shows_only_routes_into_it(seed_register: Register) -> None:
    graph = build_graph(seed_register)
    nodes, edges = focus_nodes(graph, "country:unknown")
    assert "processor:customer-support-tool-provider" in nodes
    assert all(target != "country:US" for _, _, target in edges)
    view = build_view(graph, "country:unknown", None, load_reference(), date(2025, 1, 1))
    unknown = view.node("country:unknown")
    assert unknown is not None and unknown.name == "Unknown location"


def test_svg_is_well_formed_and_escapes_hostile_names(seed_register: Register) -> None:
    data = seed_register.model_dump()
    data["data_categories"][3]["name"] = HOSTILE  # contact.email
    register = Register.model_validate(data)
    graph = build_graph(register)
    view = build_view(
        graph,
        "category:contact.email",
        None,
        load_reference(),
        date(2025, 1, 1),
        lineage_from_graph(graph, "contact.email"),
    )
    svg = render_svg(view, HOSTILE)
    root = ET.fromstring(svg)  # a real XML parser: escaping mistakes make this fail
    assert root.find(".//{http://www.w3.org/2000/svg}script") is None
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert HOSTILE in texts
    elements = link_analysis_elements(view)
    assert any(n["data"]["name"] == HOSTILE for n in elements["nodes"])


def test_sankey_runs_from_categories_through_service_categories_to_countries(seed_register: Register) -> None:
    flows = sankey_flows(build_graph(seed_register))
    links = {(flows.labels[s], flows.labels[t]) for s, t in zip(flows.sources, flows.targets, strict=True)}
    assert ("E-mail address", "Processor: crm") in links
    assert ("Processor: crm", "United States") in links


def test_world_geometry_is_keyed_by_alpha2_and_carries_attribution() -> None:
    collection = world_geojson()
    assert "Natural Earth" in collection["attribution"]
    codes = [f["properties"]["iso_a2"] for f in collection["features"]]
    assert len(codes) == len(set(codes)) > 150
    assert {"US", "NO", "DE", "IN", "BR"} <= set(codes)
    json.loads(GEOJSON_PATH.read_text(encoding="utf-8"))
    lon, lat = label_points()["US"]
    assert -125 < lon < -65 and 25 < lat < 50


def test_arcs_start_at_the_controller_and_skip_unknown_destinations(seed_register: Register) -> None:
    hops = [
        _hop("processor:crm-provider", "US", TransferBasis.INVALID_SAFEGUARD, None),
        _hop("processor:customer-support-tool-provider", "unknown", TransferBasis.UNKNOWN_DESTINATION, None),
    ]
    arcs, unplaced = transfer_arcs(seed_register, hops)
    assert [a.hop_id for a in arcs] == [hops[0].id]
    assert arcs[0].source == label_points()["NO"]
    assert [h.id for h in unplaced] == [hops[1].id]


def test_audit_pack_zip_reopens_with_a_manifest_matching_its_files(seed_register: Register) -> None:
    import hashlib
    import io
    import zipfile

    from catalog.compliance.engine import evaluate
    from catalog.kernel.lang import Lang
    from ui.components.exports import audit_pack_zip

    report = evaluate(seed_register, load_reference(), date(2025, 1, 1))
    data = audit_pack_zip(seed_register, report, Lang.EN)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        assert "transfers.xlsx" in archive.namelist()
    assert audit_pack_zip(seed_register, report, Lang.EN) == data  # deterministic


def _naive_sankey_links(graph: nx.MultiDiGraph) -> dict[tuple[str, str], set[str]]:
    """The definition, walked the slow way: every activity's systems, each system's whole chain."""
    links: dict[tuple[str, str], set[str]] = {}
    for activity in [n for n, d in graph.nodes(data=True) if d["type"] == "activity"]:
        for _, system, rel, data in graph.out_edges(activity, keys=True, data=True):
            if rel != "USES":
                continue
            seen: set[str] = set()
            stack = [t for _, t, k in graph.out_edges(system, keys=True) if k == "OPERATED_BY"]
            while stack:
                processor = stack.pop()
                if processor in seen:
                    continue
                seen.add(processor)
                stack.extend(t for _, t, k in graph.out_edges(processor, keys=True) if k == "SUBCONTRACTS_TO")
                service = "Processor: " + str(graph.nodes[processor]["service_category"]).replace("_", " ")
                for category in data["data_categories"]:
                    links.setdefault((graph.nodes[f"category:{category}"]["label"], service), set()).add(processor)
                for _, country, k in graph.out_edges(processor, keys=True):
                    if k in ("PROCESSES_IN", "ESTABLISHED_IN"):
                        code = graph.nodes[country]["key"]
                        where = country_name(code) if code != "unknown" else "Unknown location"
                        links.setdefault((service, where), set()).add(processor)
    return links


def test_sankey_weights_equal_the_walk_of_every_chain_on_a_register_with_cycles(seed_register: Register) -> None:
    for register in (seed_register, synthetic_register(400, seed=5)):
        graph = build_graph(register)
        flows = sankey_flows(graph)
        got = {
            (flows.labels[s], flows.labels[t]): v
            for s, t, v in zip(flows.sources, flows.targets, flows.values, strict=True)
        }
        assert got == {link: len(via) for link, via in _naive_sankey_links(graph).items()}


@pytest.mark.parametrize("by", ["service", "vendor"])
def test_the_overview_sankey_from_the_register_equals_the_one_from_its_graph(seed_register: Register, by: str) -> None:
    # the overview reads the register's edges directly, without building the graph: same bands, weights, links
    for register in (seed_register, synthetic_register(2000, seed=7)):
        from_graph = sankey_flows(build_graph(register), "vendor" if by == "vendor" else "service")
        from_register = register_flows(register, "vendor" if by == "vendor" else "service")
        assert from_register == from_graph


def test_an_onward_arc_starts_where_the_exporting_processor_works(seed_register: Register) -> None:
    onward = _hop("processor:crm-provider", "IN", TransferBasis.UNSAFEGUARDED, None).model_copy(
        update={"exporter": "processor:hubspot"}
    )
    (arc,), _ = transfer_arcs(seed_register, [onward])
    assert arc.source == label_points()["US"] and arc.target == label_points()["IN"]


def test_drawing_columns_follow_subcontracting_and_end_on_cycles() -> None:
    from ui.components.graph import GraphView, ViewEdge, ViewNode
    from ui.components.svg import layers

    chain = [f"processor:p{i}" for i in range(30)]
    nodes = [ViewNode(n, "processor", n.split(":")[1], n) for n in chain] + [
        ViewNode("country:US", "country", "US", "US")
    ]
    edges = [ViewEdge(a, b, "SUBCONTRACTS_TO", "flow", "") for a, b in itertools.pairwise(chain)]
    edges.append(ViewEdge(chain[5], chain[3], "SUBCONTRACTS_TO", "flow", ""))  # a cycle p3 -> p4 -> p5 -> p3
    column = layers(GraphView(chain[0], nodes, edges))
    assert column[chain[0]] == 3 and column[chain[1]] == 4 and column[chain[2]] == 5
    assert all(column[b] == column[a] + 1 for a, b in itertools.pairwise(chain[6:]))  # after the cycle
    assert column["country:US"] == max(column[n] for n in chain) + 1


def test_a_vendor_table_beyond_the_styler_cell_limit_is_shown_uncoloured_rather_than_refused() -> None:
    """Streamlit refuses a pandas Styler over pandas' cell limit: a 100k register's vendor table raised."""
    import pandas as pd

    from catalog.app.vendors import EntityRow
    from catalog.domain.register import EntityKind
    from ui.components.vendors import styled

    def rows(count: int) -> list[EntityRow]:
        return [
            EntityRow(EntityKind.PROCESSOR, f"p{i}", f"P {i}", ("US",), 0, None, TransferStatus.NOT_VALID, 1)
            for i in range(count)
        ]

    small = pd.DataFrame({"Name": ["P 0"], "Transfer status": ["Not valid"]})
    assert not isinstance(styled(small, "Transfer status", rows(1)), pd.DataFrame)  # coloured: a Styler
    limit = pd.get_option("styler.render.max_elements")
    large = pd.DataFrame({"Name": ["x"] * (limit // 2 + 1), "Transfer status": ["Not valid"] * (limit // 2 + 1)})
    shown = styled(large, "Transfer status", rows(limit // 2 + 1))
    assert isinstance(shown, pd.DataFrame)
    assert len(shown) == limit // 2 + 1
