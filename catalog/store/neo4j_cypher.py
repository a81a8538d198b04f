"""Every Cypher statement the Neo4j store runs, in one place.

Values are always ``$parameters``. Labels and relationship types cannot be parameters in Cypher,
so the few builders below take them only as members of the :class:`Label` and
:class:`~catalog.graph.edges.Rel` enums and refuse anything else: user text never becomes query text.
``tests/unit/test_neo4j_cypher.py`` pins the rendered text of every statement.

The graph schema is described for people in ``docs/graph-schema.md``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from catalog.domain.register import EntityKind
from catalog.graph.edges import FLOW_RELS, NodeType, Rel


class Label(StrEnum):
    """Every node label the store writes (the whitelist for query text)."""

    ENTITY = "Entity"  # on every register entity, so keys are unique across kinds
    DATA_CATEGORY = "DataCategory"
    DATA_SUBJECT = "DataSubject"
    ACTIVITY = "Activity"
    SYSTEM = "System"
    PROCESSOR = "Processor"
    RECIPIENT = "Recipient"
    COUNTRY_ASSESSMENT = "CountryAssessment"
    TIA = "Tia"
    COUNTRY = "Country"
    ORGANISATION = "Organisation"


KIND_LABELS: Final[dict[EntityKind, Label]] = {
    EntityKind.DATA_CATEGORY: Label.DATA_CATEGORY,
    EntityKind.DATA_SUBJECT: Label.DATA_SUBJECT,
    EntityKind.ACTIVITY: Label.ACTIVITY,
    EntityKind.SYSTEM: Label.SYSTEM,
    EntityKind.PROCESSOR: Label.PROCESSOR,
    EntityKind.RECIPIENT: Label.RECIPIENT,
    EntityKind.COUNTRY_ASSESSMENT: Label.COUNTRY_ASSESSMENT,
    EntityKind.TIA: Label.TIA,
}

NODE_TYPE_LABELS: Final[dict[NodeType, Label]] = {
    NodeType.CATEGORY: Label.DATA_CATEGORY,
    NodeType.SUBJECT: Label.DATA_SUBJECT,
    NodeType.ACTIVITY: Label.ACTIVITY,
    NodeType.SYSTEM: Label.SYSTEM,
    NodeType.PROCESSOR: Label.PROCESSOR,
    NodeType.RECIPIENT: Label.RECIPIENT,
    NodeType.COUNTRY: Label.COUNTRY,
}

REL_ENDPOINTS: Final[dict[Rel, tuple[Label, Label]]] = {
    Rel.PART_OF: (Label.DATA_CATEGORY, Label.DATA_CATEGORY),
    Rel.PROCESSED_IN: (Label.DATA_CATEGORY, Label.ACTIVITY),
    Rel.SUBJECT_OF: (Label.DATA_SUBJECT, Label.ACTIVITY),
    Rel.USES: (Label.ACTIVITY, Label.SYSTEM),
    Rel.DISCLOSED_TO: (Label.ACTIVITY, Label.RECIPIENT),
    Rel.OPERATED_BY: (Label.SYSTEM, Label.PROCESSOR),
    Rel.HOSTED_IN: (Label.SYSTEM, Label.COUNTRY),
    Rel.SUBCONTRACTS_TO: (Label.PROCESSOR, Label.PROCESSOR),
    Rel.PROCESSES_IN: (Label.PROCESSOR, Label.COUNTRY),
    Rel.ESTABLISHED_IN: (Label.PROCESSOR, Label.COUNTRY),
    Rel.RECEIVES_IN: (Label.RECIPIENT, Label.COUNTRY),
}
"""Which labels each relationship type joins: a relationship is only written between these."""

# Depth limits of the lineage query's variable-length patterns (Cypher needs literal bounds).
# Far above any real register; the store detects a route that runs into the limit and says so.
MAX_CATEGORY_DEPTH: Final = 64
MAX_FLOW_DEPTH: Final = 64


def _label(label: Label) -> str:
    if not isinstance(label, Label):
        raise TypeError(f"not a whitelisted label: {label!r}")
    return label.value


def _rel(rel: Rel) -> str:
    if not isinstance(rel, Rel):
        raise TypeError(f"not a whitelisted relationship type: {rel!r}")
    return rel.value


def constraint_name(label: Label) -> str:
    """``catalog_<label in snake case>_key``, e.g. ``catalog_data_category_key``."""
    snake = "".join("_" + c.lower() if c.isupper() else c for c in _label(label)).lstrip("_")
    return f"catalog_{snake}_key"


def create_key_constraint(label: Label) -> str:
    """A named uniqueness constraint on ``key``; a no-op when it already exists."""
    return f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS FOR (n:{_label(label)}) REQUIRE n.key IS UNIQUE"


CHANGE_LOG_CONSTRAINTS: Final = (
    "CREATE CONSTRAINT catalog_change_entry_seq IF NOT EXISTS FOR (c:ChangeEntry) REQUIRE c.seq IS UNIQUE",
    "CREATE CONSTRAINT catalog_change_log_head_id IF NOT EXISTS FOR (h:ChangeLogHead) REQUIRE h.id IS UNIQUE",
)


def schema_statements() -> list[str]:
    """Every constraint the store relies on, in creation order."""
    return [*(create_key_constraint(label) for label in Label), *CHANGE_LOG_CONSTRAINTS]


# --- reads ---------------------------------------------------------------------------------------

IS_EMPTY: Final = "RETURN NOT (EXISTS { MATCH (:Organisation) } OR EXISTS { MATCH (:Entity) }) AS empty"

GET_ORGANISATION: Final = "MATCH (o:Organisation) RETURN o.body AS body, o.version AS version"

ALL_ENTITIES: Final = (
    "MATCH (n:Entity) RETURN n.entity_kind AS entity_kind, n.key AS key, n.version AS version, n.body AS body "
    "ORDER BY n.key"
)

# One row per kind with its bodies in key order: the driver builds a record object per row, so 100k
# rows cost seconds on the client where six rows of string lists cost a fraction of one.
BODIES_BY_KIND: Final = (
    "MATCH (n:Entity) WITH n ORDER BY n.key RETURN n.entity_kind AS entity_kind, collect(n.body) AS bodies"
)


def list_entities(label: Label) -> str:
    """Bodies of one kind, in key order."""
    return f"MATCH (n:{_label(label)}) RETURN n.body AS body ORDER BY n.key"


def get_entity(label: Label) -> str:
    """One entity's body and version by key."""
    return f"MATCH (n:{_label(label)} {{key: $key}}) RETURN n.body AS body, n.version AS version"


SERVER_VERSION: Final = (
    "CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version"
)

COUNT_NODES: Final = "MATCH (n) RETURN count(n) AS nodes"

ALL_RELATIONSHIPS: Final = (
    "MATCH (source)-[r]->(target) RETURN type(r) AS rel, source.key AS source, target.key AS target, "
    "properties(r) AS properties"
)
"""Every relationship with its end keys, for checks that the derived graph is exact."""

# --- writes --------------------------------------------------------------------------------------

# Locking reads: setting a property takes the node's write lock, and the version is read after it,
# so the check that follows sees the last committed write and cannot interleave with another
# writer's check-then-write. The lock property is set and removed (no net change). Setting
# ``version`` to itself did not serialise writers: two processes saving the same stale version
# both succeeded (tests/integration/test_concurrency.py).
LOCK_ENTITY: Final = (
    "MATCH (n:Entity {key: $key}) SET n._lock = true REMOVE n._lock "
    "RETURN n.entity_kind AS entity_kind, n.version AS version"
)

LOCK_ORGANISATION: Final = (
    "MATCH (o:Organisation) SET o._lock = true REMOVE o._lock RETURN o.version AS version, o.body AS body"
)


def create_entity(label: Label) -> str:
    """A new entity node; the ``Entity`` key constraint rejects a concurrent duplicate."""
    return f"CREATE (n:Entity:{_label(label)}) SET n = $properties"


def update_entity(label: Label) -> str:
    """Replace an existing entity's properties (``$properties`` carries key, version and body)."""
    return f"MATCH (n:{_label(label)} {{key: $key}}) SET n = $properties"


def merge_entities(label: Label) -> str:
    """A batch of entities of one kind, created or updated by key (idempotent)."""
    return f"UNWIND $rows AS row MERGE (n:Entity:{_label(label)} {{key: row.key}}) SET n = row.properties"


def merge_relationships(rel: Rel) -> str:
    """A batch of one relationship type between existing nodes; countries are created on demand.

    A row whose source or target entity is missing writes nothing: relationships only ever join
    stored entities, and they are rebuilt whenever an entity is written, so a later write of the
    missing entity adds them.
    """
    source, target = REL_ENDPOINTS[Rel(_rel(rel))]
    find_target = "MERGE" if target is Label.COUNTRY else "MATCH"
    return (
        f"UNWIND $rows AS row "
        f"MATCH (source:{_label(source)} {{key: row.source}}) "
        f"{find_target} (target:{_label(target)} {{key: row.target}}) "
        f"MERGE (source)-[r:{_rel(rel)}]->(target) SET r = row.properties"
    )


DELETE_ENTITIES_NOT_IN: Final = "MATCH (n:Entity) WHERE coalesce($keep[n.key] <> n.entity_kind, true) DETACH DELETE n"
"""Remove entities absent from ``$keep`` (a map of key to ``entity_kind``) or stored as another kind."""

DELETE_ENTITY: Final = "MATCH (n:Entity {key: $key}) DETACH DELETE n"

DELETE_ENTITIES_BY_KEYS: Final = "MATCH (n:Entity) WHERE n.key IN $keys DETACH DELETE n"

ENTITIES_BY_KEYS: Final = (
    "MATCH (n:Entity) WHERE n.key IN $keys "
    "RETURN n.entity_kind AS entity_kind, n.key AS key, n.version AS version, n.body AS body ORDER BY n.key"
)
"""The stored entities keyed in ``$keys`` (the key constraint indexes them), in key order as ``ALL_ENTITIES``."""

DELETE_ALL_RELATIONSHIPS: Final = "MATCH (:Entity)-[r]->() DELETE r"

DELETE_RELATIONSHIPS_AROUND: Final = "MATCH (n:Entity)-[r]-() WHERE n.key IN $keys WITH DISTINCT r DELETE r"
"""Every relationship touching one of the entities keyed in ``$keys``, whichever way it points."""

DECLARERS_AROUND: Final = (
    "MATCH (n:Entity) WHERE n.key IN $keys "
    "CALL (n) { RETURN n AS declarer UNION MATCH (n)--(declarer:Entity) RETURN declarer } "
    "RETURN DISTINCT declarer.entity_kind AS entity_kind, declarer.key AS key, declarer.body AS body"
)
"""The entities keyed in ``$keys`` and their entity neighbours: every body that can declare a relationship
touching them (a stored reference between two stored entities always has its relationship)."""

ENTITIES_MENTIONING: Final = (
    "MATCH (n:Entity) WHERE n.body CONTAINS $quoted_key RETURN n.entity_kind AS entity_kind, n.key AS key, "
    "n.body AS body"
)
"""Entities whose body contains ``$quoted_key`` (a key as a JSON string): the ones that may refer to a
key before it exists. A superset; a body that merely mentions the key declares nothing towards it."""

ENTITIES_MENTIONING_ANY: Final = (
    "MATCH (n:Entity) WHERE any(quoted IN $quoted_keys WHERE n.body CONTAINS quoted) "
    "RETURN n.entity_kind AS entity_kind, n.key AS key, n.body AS body"
)
"""``ENTITIES_MENTIONING`` for several keys at once, in one pass over the bodies."""

DELETE_ORPHAN_COUNTRIES: Final = "MATCH (c:Country) WHERE NOT EXISTS { (c)--() } DELETE c"

MERGE_ORGANISATION: Final = "MERGE (o:Organisation {key: $key}) SET o = $properties"

CREATE_ORGANISATION: Final = "CREATE (o:Organisation) SET o = $properties"

GET_ENTITY_BODY: Final = "MATCH (n:Entity {key: $key}) RETURN n.entity_kind AS entity_kind, n.body AS body"

# --- change log ----------------------------------------------------------------------------------
# The log is a chain of (:ChangeEntry {seq, at, entry, hash}) nodes; a single (:ChangeLogHead)
# holds the last seq, hash and time. Advancing the head takes its write lock, so concurrent
# writers append one after the other, each in the same transaction as its change.

ADVANCE_CHANGE_LOG: Final = (
    "MERGE (h:ChangeLogHead {id: $head}) ON CREATE SET h.seq = 0, h.hash = $genesis, h.at = null "
    "SET h.seq = h.seq + 1 RETURN h.seq AS seq, h.hash AS prev_hash, h.at AS last_at"
)

CHANGE_LOG_REVISION: Final = "MATCH (h:ChangeLogHead {id: $head}) RETURN h.seq AS seq, h.hash AS hash"

LOCK_CHANGE_LOG_HEAD: Final = (
    "MERGE (h:ChangeLogHead {id: $head}) ON CREATE SET h.seq = 0, h.hash = $genesis, h.at = null "
    "SET h._lock = true REMOVE h._lock RETURN h.seq AS seq, h.hash AS hash"
)
"""The head under its write lock, created at seq 0 on an empty log: a whole-register write checks the
revision it was planned from here, and every other writer waits for the lock to append."""

APPEND_CHANGE: Final = (
    "MATCH (h:ChangeLogHead {id: $head}) "
    "CREATE (:ChangeEntry {seq: $seq, at: $at, entry: $entry, hash: $hash}) "
    "SET h.hash = $hash, h.at = $at"
)

ALL_CHANGES: Final = "MATCH (c:ChangeEntry) RETURN c.seq AS seq, c.entry AS entry ORDER BY c.seq"

CHANGE_HASH: Final = "MATCH (c:ChangeEntry {seq: $seq}) RETURN c.hash AS hash"

CHANGES_AFTER: Final = "MATCH (c:ChangeEntry) WHERE c.seq > $seq RETURN c.entry AS entry ORDER BY c.seq"
"""The entries after one (the unique constraint on seq indexes it): what a reader holding that revision missed."""

STORED_CHANGES: Final = (
    "MATCH (c:ChangeEntry) RETURN c.seq AS seq, c.at AS at, c.hash AS hash, c.entry AS entry ORDER BY c.seq"
)

CHANGE_LOG_HEAD_RECORD: Final = "MATCH (h:ChangeLogHead {id: $head}) RETURN h.seq AS seq, h.hash AS hash, h.at AS at"

WIPE_DATABASE: Final = "MATCH (n) DETACH DELETE n"
"""Everything in the database; only the test harness runs it, on a database it was allowed to wipe."""

# --- lineage -------------------------------------------------------------------------------------

LINEAGE_FLOWS: Final[dict[Label, tuple[Rel, ...]]] = {
    label: tuple(sorted((rel for rel in FLOW_RELS if REL_ENDPOINTS[rel][0] is label), key=lambda rel: rel.value))
    for label in (Label.SYSTEM, Label.RECIPIENT, Label.PROCESSOR)
}
"""The flow relationships leaving each kind of node a lineage reaches beyond the activities, by name:
the order of the target lists in the ``LINEAGE`` row of such a node."""


def _flow_row(label: Label) -> str:
    """``[node.key, [target keys on its first flow type], ...]`` for a ``node`` of ``label``."""
    return "[node.key" + "".join(f", [(node)-[:{_rel(rel)}]->(next) | next.key]" for rel in LINEAGE_FLOWS[label]) + "]"


LINEAGE: Final = f"""
MATCH (start:DataCategory {{key: $category}})
CALL (start) {{
  MATCH (start)-[:PART_OF*0..{MAX_CATEGORY_DEPTH}]->(related:DataCategory)
  RETURN related
  UNION
  MATCH (related:DataCategory)-[:PART_OF*0..{MAX_CATEGORY_DEPTH}]->(start)
  RETURN related
}}
WITH collect(related) AS matching
WITH matching, [category IN matching | category.key] AS matching_keys
UNWIND matching AS category
MATCH (category)-[:PROCESSED_IN]->(activity:Activity)
WITH matching_keys,
     collect([category.key, activity.key]) AS processed_in,
     collect(DISTINCT activity) AS activities
CALL (activities, matching_keys) {{
  UNWIND activities AS activity
  MATCH (activity)-[handoff:USES|DISCLOSED_TO]->(receiver)
  WHERE any(key IN handoff.data_categories WHERE key IN matching_keys)
  RETURN collect([activity.key, type(handoff), receiver.key]) AS handoffs,
         collect(DISTINCT receiver) AS receivers
}}
CALL (receivers) {{
  UNWIND receivers AS receiver
  MATCH (receiver)-[:{_rel(Rel.OPERATED_BY)}]->(operator)
  RETURN collect(DISTINCT operator) AS operators
}}
CALL (operators) {{
  UNWIND operators AS operator
  MATCH (operator)-[:{_rel(Rel.SUBCONTRACTS_TO)}*0..{MAX_FLOW_DEPTH}]->(processor)
  RETURN collect(DISTINCT processor) AS processors
}}
RETURN processed_in, handoffs,
       [node IN receivers WHERE node:{_label(Label.SYSTEM)} | {_flow_row(Label.SYSTEM)}] AS systems,
       [node IN receivers WHERE node:{_label(Label.RECIPIENT)} | {_flow_row(Label.RECIPIENT)}] AS recipients,
       [node IN processors | {_flow_row(Label.PROCESSOR)}] AS processors
""".strip()
"""Where one data category goes, in one read, as compact rows of keys.

1. The matching categories: the category, its broader and its narrower ones (``PART_OF``).
2. Their ``PROCESSED_IN`` activities, and those activities' ``USES``/``DISCLOSED_TO`` hand-offs
   whose ``data_categories`` include a matching category.
3. What the receivers reach along the flow relationships. Only processors pass data on (systems and
   recipients reach their operator and countries in one step; countries are ends), so one pruning
   breadth-first walk over ``SUBCONTRACTS_TO`` from the distinct operators finds every processor,
   instead of a walk over every flow relationship from every receiver, which explored the same
   sub-processor chains and countries again for each of thousands of systems at 100k entities.
   Then the flow relationships leaving each receiver and processor; a sub-processor beyond the depth
   bound is reached by no walk (it is missing from ``processors``), which the store reports.

Rows carry keys only, no labels and no relationship per flow: each reached system, recipient and
processor comes once, as its key and one list of target keys per flow type leaving its label
(``LINEAGE_FLOWS``), and each relationship type joins one pair of labels (``REL_ENDPOINTS``), so the
store names both ends. At 100k entities the largest views reach over 30,000 flows; a row per flow
(a pair of type and key) cost the server, the driver and the client more than these lists of keys.
"""
