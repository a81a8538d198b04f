"""The lineage people read (#31): status as a sign on the edge with the words in a legend, no text under 11 px,
the component's id-listing panel hidden in favour of the card with names."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from catalog.app.review import STATUS_STYLES, TransferStatus
from ui.components.graph import (
    GRAPH_STYLES,
    MIN_FONT_PX,
    SIGN_SIZE,
    GraphView,
    ViewEdge,
    ViewNode,
    link_analysis_elements,
    sign_spots,
)
from ui.components.legend import legend_html, status_text


def _sizes() -> list[float]:
    found = []
    for rule in GRAPH_STYLES:
        style = rule.dump()["style"]
        assert isinstance(style, dict)
        found += [float(str(v)) for k, v in style.items() if k == "font-size"]
    return found


NOT_VALID = TransferStatus.NOT_VALID


def test_no_text_is_drawn_under_11_pixels_and_edges_carry_a_sign_not_words() -> None:
    assert MIN_FONT_PX == 11
    assert all(size >= MIN_FONT_PX for size in _sizes())
    styles = [rule.dump() for rule in GRAPH_STYLES]
    assert {"selector": "*", "style": {"min-zoomed-font-size": 11}} in styles
    labels = {
        style.get("label")
        for rule in styles
        if str(rule["selector"]).startswith("edge[") and isinstance(style := rule["style"], dict)
    }
    assert labels == {"data(icon)"}


def test_every_crossing_gets_its_status_sign_and_the_legend_its_words() -> None:
    nodes = [
        ViewNode("system:s", "system", "s", "CRM"),
        ViewNode("processor:a", "processor", "a", "Acme"),
        ViewNode("country:US", "country", "US", "United States (US)", third_country=True),
    ]
    edges = [
        ViewEdge("system:s", "processor:a", "uses", "flow", ""),
        ViewEdge("processor:a", "country:US", "processes_in", "transfer_not_valid", "NOT VALID", (), NOT_VALID),
    ]
    drawn = link_analysis_elements(GraphView("processor:a", nodes, edges))["edges"]
    assert [e["data"]["icon"] for e in drawn] == ["", "✕"]
    html = legend_html()
    for style in STATUS_STYLES.values():
        assert style.hex in html and style.icon in html and style.en in html
    assert status_text(NOT_VALID) == "✕ Not valid"


def test_the_lineage_page_draws_a_legend_and_hides_the_id_panel(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.query_params["focus"] = "category:contact.email"
    app.switch_page("views/lineage.py").run()
    assert not app.exception and not app.error
    bodies = [str(h.proto.body) for h in app.get("html")]
    assert any("catalog-status-legend" in b and "Double border" in b for b in bodies)
    assert any(".infopanel { display: none" in b for b in bodies)
    crossings = next(d.value for d in app.dataframe if "status" in d.value.columns)
    assert all(str(v)[:1] in "✓!✕?" for v in crossings["status"])
    assert not any(":" in str(v) for v in [*crossings["from"], *crossings["to"]])  # names, never node ids


def test_status_signs_of_crossing_edges_never_overlap() -> None:
    """Two crossings that cross each other (an X between two columns) share a middle: their signs part."""
    a, b = ((0.0, 0.0), (300.0, 58.0)), ((0.0, 58.0), (300.0, 0.0))
    first, second = sign_spots([a, b])
    assert first == (150.0, 29.0)
    assert abs(first[0] - second[0]) >= SIGN_SIZE or abs(first[1] - second[1]) >= SIGN_SIZE
