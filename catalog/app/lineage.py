"""Where data goes: the lineage of a data category, and the register seen as a graph.

Names the graph's node and relationship types and the lineage's shape for the CLI and the UI.
"""

from __future__ import annotations

from catalog.domain.location import local_country_name
from catalog.domain.register import EntityKind
from catalog.errors import NotFoundError
from catalog.graph.edges import FLOW_RELS, NodeType, Rel, build_graph, node_id
from catalog.graph.lineage import Lineage, LineageEdge, lineage_from_graph, related_categories
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.store.base import RegisterStore

__all__ = [
    "FLOW_RELS",
    "Lineage",
    "LineageEdge",
    "NodeType",
    "Rel",
    "build_graph",
    "collector_paused",
    "country_label",
    "lineage",
    "lineage_from_graph",
    "node_id",
    "related_categories",
]


def lineage(store: RegisterStore, category_key: str) -> Lineage:
    """Where a data category goes; an unknown key is bad input, not an empty answer."""
    if store.get_entity(EntityKind.DATA_CATEGORY, category_key) is None:
        raise NotFoundError(
            Phrase(N_("no data category with key {key!r} (see: catalog show data_category)"), key=category_key)
        )
    return store.lineage(category_key)


def country_label(code: str, lang: str = "en") -> str:
    """'United States (US)', 'USA (US)': a country reached, by its name in ``lang`` and its code."""
    return f"{local_country_name(code, lang)} ({code})"
