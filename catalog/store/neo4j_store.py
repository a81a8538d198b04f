"""The Neo4j store: the register as a property graph on a Neo4j 5 server.

Each entity is a node labelled ``Entity`` plus its kind (``Processor``, ``System``, ...) with
``key``, ``version``, ``body`` (the entity's canonical JSON, which reads turn back into the exact
pydantic model) and its top-level scalar fields as plain properties for people querying the
graph. Relationships are :func:`catalog.graph.edges.register_edges`, so lineage runs as Cypher.
``docs/graph-schema.md`` documents the schema; every statement lives in ``neo4j_cypher``.

Writes run in managed transactions (the driver retries them on transient failures, so each is
idempotent) and are atomic: a whole-register replace is one transaction. Relationships are
derived data, rebuilt from the stored bodies inside the same transaction as every write: a
replace rebuilds them all; a single-entity write only those touching that entity, so an edit
costs as much as the entity's neighbourhood, and they stay exact whatever order entities arrive in.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, TypeVar
from urllib.parse import urlsplit

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from catalog.domain.base import trusted
from catalog.domain.models import Organisation, Processor
from catalog.domain.register import Entity, EntityKind, Register, kind_of
from catalog.domain.stored import read_stored
from catalog.errors import (
    ConcurrentEditError,
    InputError,
    NotFoundError,
    RegisterChangedError,
    StoreError,
    StoreUnavailableError,
)
from catalog.graph.edges import NodeType, Rel, entity_nodes, node_id, register_edges
from catalog.graph.lineage import Lineage
from catalog.history.chain import (
    GENESIS_HASH,
    ORGANISATION_KEY,
    ORGANISATION_KIND,
    ChainHead,
    ChangeContext,
    ChangeEntry,
    EntityChange,
    StoredChange,
    StoredLog,
    context,
    entity_change,
    new_entry,
    parse_stored_entry,
    register_changes,
    revision_token,
)
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.store import neo4j_cypher as cypher
from catalog.store.base import (
    ChangeSet,
    FaultHook,
    Versioned,
    change_set_entries,
    conflict_message,
    register_changed_message,
    revision_parts,
    stored_body,
)

DEFAULT_DATABASE = "neo4j"
DEFAULT_BATCH_SIZE = 1000
CHANGE_LOG_HEAD = "head"  # id of the single (:ChangeLogHead) node

T = TypeVar("T")

_LABEL_NODE_TYPES = {label.value: node_type for node_type, label in cypher.NODE_TYPE_LABELS.items()}
_KIND_BY_VALUE = {kind.value: kind for kind in EntityKind}
# The node id prefixes of each relationship type's two ends: a type joins one pair of labels, so the
# lineage query returns keys alone and the store names the nodes (``node_id``) from the type.
_REL_PREFIXES: dict[str, tuple[str, str]] = {
    rel.value: (node_id(_LABEL_NODE_TYPES[source.value], ""), node_id(_LABEL_NODE_TYPES[target.value], ""))
    for rel, (source, target) in cypher.REL_ENDPOINTS.items()
}
# The lineage query's columns of reached nodes, and for each label its node id prefix and the
# (relationship, target id prefix) of each list of target keys in its rows (``LINEAGE_FLOWS``).
_LINEAGE_COLUMNS = {
    cypher.Label.PROCESSOR: "processors",
    cypher.Label.RECIPIENT: "recipients",
    cypher.Label.SYSTEM: "systems",
}
_LINEAGE_RUNS: dict[cypher.Label, tuple[str, list[tuple[str, str]]]] = {
    label: (
        node_id(_LABEL_NODE_TYPES[label.value], ""),
        [(rel.value, _REL_PREFIXES[rel.value][1]) for rel in cypher.LINEAGE_FLOWS[label]],
    )
    for label in _LINEAGE_COLUMNS
}
# A processor's sub-processors must all have been walked: one beyond the depth bound was not.
_SUBCONTRACTS_RUN = cypher.LINEAGE_FLOWS[cypher.Label.PROCESSOR].index(Rel.SUBCONTRACTS_TO)
# Properties the store itself owns; a model field of the same name would be shadowed.
_RESERVED = frozenset({"key", "version", "body", "entity_kind"})


def _queryable(model: Organisation | Entity) -> dict[str, Any]:
    """Top-level scalar fields and lists of scalars, mirrored as properties for Cypher users."""
    mirrored: dict[str, Any] = {}
    for name, value in model.model_dump(mode="json").items():
        if name in _RESERVED or value is None:
            continue
        if isinstance(value, str | bool | int | float) or (
            isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        ):
            mirrored[name] = value
    return mirrored


def _entity_properties(kind: EntityKind, entity: Entity, version: int, body: str) -> dict[str, Any]:
    name = getattr(entity, "name", None) or getattr(entity, "legal_name", None)
    return {
        **_queryable(entity),
        "name": name,
        "key": entity.key,
        "entity_kind": kind.value,
        "version": version,
        "body": body,
    }


def _organisation_properties(organisation: Organisation, version: int, body: str) -> dict[str, Any]:
    return {**_queryable(organisation), "key": ORGANISATION_KEY, "version": version, "body": body}


def _batches(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _reason(error: BaseException) -> str:
    """A short cause from a driver message, e.g. 'Connection refused'."""
    text = _one_line(str(error))
    found = re.search(r"\[Errno -?\d+\] ([^)\]]+)", text)
    if found:
        return found.group(1).strip()
    return text[:200] or type(error).__name__


def relationship_rows(register: Register) -> dict[Rel, list[dict[str, Any]]]:
    """The register's relationships grouped by type, as rows for ``merge_relationships``.

    Relationships naming an entity the register lacks are left out (countries always exist).
    """
    present = entity_nodes(register)
    country = f"{NodeType.COUNTRY.value}:"
    rows: dict[Rel, list[dict[str, Any]]] = {rel: [] for rel in Rel}
    for (source, rel, target), properties in register_edges(register).items():
        if source not in present or (target not in present and not target.startswith(country)):
            continue
        rows[rel].append(_row(source, target, properties))
    return rows


def _row(source: str, target: str, properties: dict[str, Any]) -> dict[str, Any]:
    kept = {name: value for name, value in properties.items() if value is not None}
    return {"source": source.split(":", 1)[1], "target": target.split(":", 1)[1], "properties": kept}


class Neo4jStore:
    """A register on a Neo4j 5 server (Community Edition is enough)."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str = DEFAULT_DATABASE,
        *,
        display_url: str = "neo4j",
        owns_driver: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        """Use ``driver`` (not closed by :meth:`close` unless ``owns_driver``) on ``database``."""
        self._driver = driver
        self._database = database
        self._display_url = display_url
        self._owns_driver = owns_driver
        self._batch_size = batch_size
        self._schema_ready = False

    @classmethod
    def from_url(cls, url: str, env: Mapping[str, str] | None = None) -> Neo4jStore:
        """Connect to ``bolt://host:port`` or ``neo4j://host:port``.

        Credentials come from ``NEO4J_USER`` and ``NEO4J_PASSWORD`` (none: no authentication),
        the database from ``NEO4J_DATABASE`` (default ``neo4j``); ``env`` defaults to the process
        environment. Credentials in the URL itself are refused so they never reach a log.
        """
        environ = os.environ if env is None else env
        parts = urlsplit(url)
        if parts.username is not None or parts.password is not None:
            raise InputError(
                Phrase(
                    N_(
                        "put Neo4j credentials in NEO4J_USER and NEO4J_PASSWORD, not in the store URL "
                        "(URLs end up in shell history and logs)"
                    )
                )
            )
        if not parts.hostname:
            raise InputError(Phrase(N_("{url!r} names no host; use e.g. bolt://localhost:7687"), url=url))
        try:
            port = parts.port
        except ValueError:
            raise InputError(
                Phrase(N_("{url!r} has an invalid port; use e.g. bolt://localhost:7687"), url=url)
            ) from None
        display = f"{parts.scheme}://{parts.hostname}:{port or 7687}"
        user = environ.get("NEO4J_USER") or None
        password = environ.get("NEO4J_PASSWORD")
        if user is not None and not password:
            raise InputError(Phrase(N_("NEO4J_USER is set but NEO4J_PASSWORD is empty; set both, or neither")))
        auth = neo4j.basic_auth(user, password or "") if user is not None else None
        database = environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE
        try:
            driver = neo4j.GraphDatabase.driver(
                url,
                auth=auth,
                connection_timeout=5.0,
                connection_acquisition_timeout=20.0,
                max_transaction_retry_time=15.0,
                notifications_min_severity="OFF",
                user_agent="gdpr-transfer-catalog",
            )
        except (ConfigurationError, ValueError) as error:
            raise InputError(
                Phrase(N_("{url}: not a usable Neo4j URL ({reason})"), url=display, reason=_one_line(str(error)))
            ) from None
        store = cls(driver, database, display_url=display, owns_driver=True)
        try:
            with store._translated(Phrase(N_("connecting"))):
                driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
        return store

    @property
    def display_url(self) -> str:
        return self._display_url

    @property
    def database(self) -> str:
        return self._database

    @property
    def driver(self) -> neo4j.Driver:
        """The driver the store talks through (the bench reads the same rows with it)."""
        return self._driver

    def close(self) -> None:
        if self._owns_driver:
            self._driver.close()

    # --- plumbing ------------------------------------------------------------------------------

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        """Turn driver errors into the package's errors, each a single line without secrets."""
        where = self._display_url
        try:
            yield
        except IncompleteCommit:
            raise StoreUnavailableError(
                Phrase(
                    N_(
                        "{where}: the connection to Neo4j broke while {action} was being committed, so it may or "
                        "may not have been saved; reload and check"
                    ),
                    where=where,
                    action=action,
                )
            ) from None
        except (ServiceUnavailable, SessionExpired) as error:
            raise StoreUnavailableError(
                Phrase(
                    N_(
                        "cannot reach the Neo4j server at {where} ({reason}) while {action}; check that it is "
                        "running and reachable; nothing was changed"
                    ),
                    where=where,
                    reason=_reason(error),
                    action=action,
                )
            ) from None
        except AuthError:
            raise StoreError(
                Phrase(
                    N_("the Neo4j server at {where} refused the login; check NEO4J_USER and NEO4J_PASSWORD"),
                    where=where,
                )
            ) from None
        except TransientError as error:
            raise StoreUnavailableError(
                Phrase(
                    N_(
                        "the Neo4j server at {where} is busy or unavailable ({code}) while {action}; nothing was "
                        "changed; try again"
                    ),
                    where=where,
                    code=error.code,
                    action=action,
                )
            ) from None
        except ConstraintError:
            raise ConcurrentEditError(
                Phrase(
                    N_("{action}: another writer saved the same key at the same moment; nothing was saved; reload"),
                    action=action,
                )
            ) from None
        except Neo4jError as error:
            raise StoreError(
                Phrase(
                    N_("the Neo4j server at {where} failed while {action}: {code}: {reason}"),
                    where=where,
                    action=action,
                    code=error.code,
                    reason=_one_line(error.message or ""),
                )
            ) from None
        except DriverError as error:
            raise StoreError(
                Phrase(
                    N_("the Neo4j driver failed while {action} on {where}: {reason}"),
                    action=action,
                    where=where,
                    reason=_one_line(str(error)),
                )
            ) from None

    def _read(self, action: str, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with (
            self._translated(action),
            self._driver.session(database=self._database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            return session.execute_read(work)

    def _write(self, action: str, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self._translated(action):
            self._ensure_schema()
            with self._driver.session(database=self._database) as session:
                return session.execute_write(work)

    def _ensure_schema(self) -> None:
        """Create the named key constraints once per store object (idempotent on the server)."""
        if self._schema_ready:
            return
        for statement in cypher.schema_statements():
            self._driver.execute_query(statement, database_=self._database)
        self._schema_ready = True

    def server_version(self) -> str:
        """The Neo4j server's version, e.g. ``5.26.30``."""

        def work(tx: neo4j.ManagedTransaction) -> str:
            record = tx.run(cypher.SERVER_VERSION).single()
            return "unknown" if record is None else str(record["version"])

        return self._read(Phrase(N_("reading the server version")), work)

    # --- reads ---------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        def work(tx: neo4j.ManagedTransaction) -> bool:
            record = tx.run(cypher.IS_EMPTY).single(strict=True)
            return bool(record["empty"])

        return self._read(Phrase(N_("checking whether the store is empty")), work)

    def get_organisation(self) -> Versioned[Organisation] | None:
        return self._read(Phrase(N_("reading the organisation")), _read_organisation)

    def list_entities(self, kind: EntityKind) -> list[Entity]:
        statement = cypher.list_entities(cypher.KIND_LABELS[kind])

        def work(tx: neo4j.ManagedTransaction) -> list[str]:
            return [record["body"] for record in tx.run(statement)]

        bodies = self._read(Phrase(N_("listing {kind}"), kind=kind.value), work)
        return [read_stored(kind.model, body) for body in bodies]

    def get_entity(self, kind: EntityKind, key: str) -> Versioned[Entity] | None:
        statement = cypher.get_entity(cypher.KIND_LABELS[kind])

        def work(tx: neo4j.ManagedTransaction) -> tuple[str, int] | None:
            record = tx.run(statement, key=key).single()
            return None if record is None else (record["body"], int(record["version"]))

        found = self._read(Phrase(N_("reading {kind} {key!r}"), kind=kind.word, key=key), work)
        if found is None:
            return None
        return Versioned(read_stored(kind.model, found[0]), found[1])

    def load_register(self) -> Register:
        def work(tx: neo4j.ManagedTransaction) -> tuple[Versioned[Organisation] | None, list[tuple[str, list[str]]]]:
            organisation = _read_organisation(tx)
            kinds = [(record["entity_kind"], record["bodies"]) for record in tx.run(cypher.BODIES_BY_KIND)]
            return organisation, kinds

        with collector_paused():  # the driver's records and the models: millions of acyclic objects
            organisation, kinds = self._read(Phrase(N_("loading the whole register")), work)
            if organisation is None:
                raise NotFoundError(
                    Phrase(
                        N_("{store}: the store is empty; run 'catalog seed' or 'catalog import'"),
                        store=self.display_url,
                    )
                )
            collections: dict[str, list[Entity]] = {kind.value: [] for kind in EntityKind}
            for kind_value, bodies in kinds:
                kind = _KIND_BY_VALUE[kind_value]
                collections[kind.value] = [read_stored(kind.model, body) for body in bodies]
            return trusted(Register, organisation=organisation.value, **collections)

    def revision(self) -> str:
        def work(tx: neo4j.ManagedTransaction) -> tuple[int, str]:
            record = tx.run(cypher.CHANGE_LOG_REVISION, head=CHANGE_LOG_HEAD).single()
            return (0, GENESIS_HASH) if record is None else (int(record["seq"]), str(record["hash"]))

        return revision_token(*self._read(Phrase(N_("reading the store revision")), work))

    def entities_mentioning(self, key: str) -> list[Entity]:
        def work(tx: neo4j.ManagedTransaction) -> list[tuple[str, str, str]]:
            found = tx.run(cypher.ENTITIES_MENTIONING, quoted_key=json.dumps(key, ensure_ascii=False))
            return [(str(r["key"]), str(r["entity_kind"]), str(r["body"])) for r in found]

        rows = sorted(self._read("reading the entities that name a key", work))
        return [read_stored(_KIND_BY_VALUE[kind].model, body) for _, kind, body in rows]

    def changes_since(self, revision: str) -> list[tuple[str, str]] | None:
        parts = revision_parts(revision)
        if parts is None:
            return None
        seq, hash_prefix = parts

        def work(tx: neo4j.ManagedTransaction) -> list[str] | None:
            if seq > 0:
                record = tx.run(cypher.CHANGE_HASH, seq=seq).single()
                if record is None or not str(record["hash"]).startswith(hash_prefix):
                    return None
            elif not GENESIS_HASH.startswith(hash_prefix):
                return None
            return [str(record["entry"]) for record in tx.run(cypher.CHANGES_AFTER, seq=seq)]

        entries = self._read("reading the changes since a revision", work)
        if entries is None:
            return None
        return [
            (str(change["kind"]), str(change["key"])) for entry in entries for change in json.loads(entry)["changes"]
        ]

    def history(self) -> list[ChangeEntry]:
        def work(tx: neo4j.ManagedTransaction) -> list[tuple[int, str]]:
            return [(record["seq"], record["entry"]) for record in tx.run(cypher.ALL_CHANGES)]

        return [
            parse_stored_entry(seq, entry) for seq, entry in self._read(Phrase(N_("reading the change history")), work)
        ]

    def history_head(self) -> ChainHead:
        def work(tx: neo4j.ManagedTransaction) -> ChainHead:
            record = tx.run(cypher.CHANGE_LOG_REVISION, head=CHANGE_LOG_HEAD).single()
            return ChainHead(0, GENESIS_HASH) if record is None else ChainHead(int(record["seq"]), str(record["hash"]))

        return self._read(Phrase(N_("reading the head of the change history")), work)

    def stored_log(self) -> StoredLog:
        def work(tx: neo4j.ManagedTransaction) -> StoredLog:
            rows = [
                StoredChange(int(r["seq"]), str(r["at"]), str(r["hash"]), str(r["entry"]))
                for r in tx.run(cypher.STORED_CHANGES)
            ]
            record = tx.run(cypher.CHANGE_LOG_HEAD_RECORD, head=CHANGE_LOG_HEAD).single()
            head = None if record is None else (int(record["seq"]), str(record["hash"]), record["at"])
            return StoredLog(rows, head)

        return self._read(Phrase(N_("reading the stored change history")), work)

    def stored_bodies(self) -> dict[tuple[str, str], str]:
        def work(tx: neo4j.ManagedTransaction) -> dict[tuple[str, str], str]:
            bodies = {(str(r["entity_kind"]), str(r["key"])): str(r["body"]) for r in tx.run(cypher.ALL_ENTITIES)}
            organisation = _read_organisation_body(tx)
            if organisation is not None:
                bodies[(ORGANISATION_KIND, ORGANISATION_KEY)] = organisation
            return bodies

        return self._read(Phrase(N_("reading the stored register")), work)

    def lineage(self, category_key: str) -> Lineage:
        def work(tx: neo4j.ManagedTransaction) -> neo4j.Record | None:
            return tx.run(cypher.LINEAGE, category=category_key).single()

        with collector_paused():  # tens of thousands of rows at 100k entities, and no cycles among them
            record = self._read(Phrase(N_("computing the lineage of {key!r}"), key=category_key), work)
            return self._lineage_from_record(category_key, record)

    def _lineage_from_record(self, category_key: str, record: neo4j.Record | None) -> Lineage:
        if record is None:
            return Lineage.of(category_key, [], [])
        # One comprehension per column, not a loop per node and flow type: the largest views at 100k
        # entities reach over 30,000 flows, in lists of one or two keys. Every edge comes once (the store
        # merges each relationship, and each reached node is one row), in the order of the node ids'
        # prefixes (activity, category, processor, recipient, system) and each column's rows by key:
        # nearly sorted, the edges sort in a few passes (sorting 30,000 edges in query order cost more).
        edges = [
            (_REL_PREFIXES[rel][0] + activity, rel, _REL_PREFIXES[rel][1] + receiver)
            for activity, rel, receiver in record["handoffs"]
        ]
        category_prefix, activity_prefix = _REL_PREFIXES[Rel.PROCESSED_IN.value]
        processed_in = Rel.PROCESSED_IN.value
        edges += [
            (category_prefix + category, processed_in, activity_prefix + activity)
            for category, activity in record["processed_in"]
        ]
        for label, column in _LINEAGE_COLUMNS.items():
            source_prefix, runs = _LINEAGE_RUNS[label]
            edges += [
                (source_prefix + key, rel, target_prefix + target)
                for key, *targets in sorted(record[column], key=itemgetter(0))
                for (rel, target_prefix), keys in zip(runs, targets, strict=True)
                for target in keys
            ]
        walked = {row[0] for row in record["processors"]}
        if not walked.issuperset(key for row in record["processors"] for key in row[1 + _SUBCONTRACTS_RUN]):
            raise StoreError(
                Phrase(
                    N_(
                        "{store}: the routes of {key!r} are longer than {most} hops; the lineage cannot be computed "
                        "in Neo4j"
                    ),
                    store=self.display_url,
                    key=category_key,
                    most=cypher.MAX_FLOW_DEPTH,
                )
            )
        nodes = {source for source, _, _ in edges} | {target for _, _, target in edges}
        return Lineage.of(category_key, nodes, edges)

    # --- writes --------------------------------------------------------------------------------

    # Every entity is serialised, parsed and logged: millions of acyclic objects for the collector to walk.
    @collector_paused()
    def replace_register(
        self,
        register: Register,
        fault_hook: FaultHook | None = None,
        change: ChangeContext | None = None,
        expected_revision: str | None = None,
    ) -> None:
        new_bodies = {entity.key: (kind.value, stored_body(entity)) for kind, entity in register.all_entities()}
        org_body = stored_body(register.organisation)
        relationships = relationship_rows(register)
        batch_size = self._batch_size

        def work(tx: neo4j.ManagedTransaction) -> None:
            # Runs again from the start if the driver retries, so nothing here may carry state over.
            if expected_revision is not None:
                self._check_revision(tx, expected_revision)
            records = list(tx.run(cypher.ALL_ENTITIES))
            old = {record["key"]: (record["entity_kind"], record["version"], record["body"]) for record in records}
            old_org = _read_organisation_body(tx)
            keep = {key: kind_value for key, (kind_value, _) in new_bodies.items()}
            tx.run(cypher.DELETE_ENTITIES_NOT_IN, keep=keep).consume()
            tx.run(cypher.DELETE_ALL_RELATIONSHIPS).consume()
            written = 0
            for kind in EntityKind:
                rows = []
                for entity in register.entities(kind):
                    body = new_bodies[entity.key][1]
                    previous = old.get(entity.key)
                    version = 1 if previous is None else int(previous[1]) + (previous[2] != body)
                    rows.append({"key": entity.key, "properties": _entity_properties(kind, entity, version, body)})
                statement = cypher.merge_entities(cypher.KIND_LABELS[kind])
                for batch in _batches(rows, batch_size):
                    tx.run(statement, rows=list(batch)).consume()
                    written += len(batch)
                    if fault_hook is not None:
                        fault_hook(written)
            _write_relationships(tx, relationships, batch_size, fault_hook, written)
            _write_organisation(tx, register.organisation)
            before = {key: (kind_value, body) for key, (kind_value, _, body) in old.items()}
            _append_change(tx, change or context("import"), register_changes(before, new_bodies, old_org, org_body))

        self._write(Phrase(N_("replacing the register")), work)

    def apply_changes(
        self,
        changes: ChangeSet,
        fault_hook: FaultHook | None = None,
        change: ChangeContext | None = None,
        expected_revision: str | None = None,
    ) -> None:
        new = {entity.key: (kind_of(entity).value, stored_body(entity)) for entity in changes.put}
        entities = {entity.key: entity for entity in changes.put}
        org_body = None if changes.organisation is None else stored_body(changes.organisation)
        touched = sorted({*new, *(key for _, key in changes.deleted)})
        batch_size = self._batch_size

        def work(tx: neo4j.ManagedTransaction) -> None:
            # Runs again from the start if the driver retries, so nothing here may carry state over.
            if expected_revision is not None:
                self._check_revision(tx, expected_revision)
            old = {
                record["key"]: (str(record["entity_kind"]), int(record["version"]), str(record["body"]))
                for record in tx.run(cypher.ENTITIES_BY_KEYS, keys=touched)
            }  # in key order, as replace_register reads them
            old_org = _read_organisation_body(tx)
            removed = [
                key for kind, key in changes.deleted if key not in new and key in old and old[key][0] == kind.value
            ]
            # A key moving to another kind is a new node under the new label: the old one goes first.
            relabelled = [key for key, (kind_value, _) in new.items() if key in old and old[key][0] != kind_value]
            tx.run(cypher.DELETE_ENTITIES_BY_KEYS, keys=[*removed, *relabelled]).consume()
            written = 0
            rows: dict[EntityKind, list[dict[str, Any]]] = {}
            for key, (kind_value, body) in new.items():
                previous = old.get(key)
                if previous is None or previous[0] != kind_value or previous[2] != body:
                    kind = _KIND_BY_VALUE[kind_value]
                    version = 1 if previous is None else previous[1] + (previous[2] != body)
                    properties = _entity_properties(kind, entities[key], version, body)
                    rows.setdefault(kind, []).append({"key": key, "properties": properties})
            for kind, kind_rows in rows.items():
                statement = cypher.merge_entities(cypher.KIND_LABELS[kind])
                for batch in _batches(kind_rows, batch_size):
                    tx.run(statement, rows=list(batch)).consume()
                    written += len(batch)
                    if fault_hook is not None:
                        fault_hook(written)
            # Relationships touching what was written or removed, and the sub-processors a processor's
            # engagements name (their locations are declared in its body), before and after.
            affected = set(touched)
            for key in touched:
                if key in old and old[key][0] == EntityKind.PROCESSOR.value:
                    affected.update(_engaged(read_stored(Processor, old[key][2])))
                affected.update(_engaged(entities.get(key)))
            created = [key for key in new if key not in old or key in relabelled]
            _rebuild_relationships_around(tx, affected, created, batch_size)
            if changes.organisation is not None:
                _write_organisation(tx, changes.organisation)
            before = {key: (old[key][0], old[key][2]) for key in old if key in new or key in removed}
            _append_change(tx, change or context("import"), change_set_entries(before, new, old_org, org_body))

        self._write(Phrase(N_("writing the register's changes")), work)

    def _check_revision(self, tx: neo4j.ManagedTransaction, expected: str) -> None:
        """Refuse the write unless the log's head, locked until commit, is still at ``expected``."""
        record = tx.run(cypher.LOCK_CHANGE_LOG_HEAD, head=CHANGE_LOG_HEAD, genesis=GENESIS_HASH).single(strict=True)
        current = revision_token(int(record["seq"]), str(record["hash"]))
        if current != expected:
            raise RegisterChangedError(register_changed_message(self._display_url, expected, current), current)

    def put_organisation(
        self, organisation: Organisation, expected_version: int | None, change: ChangeContext | None = None
    ) -> int:
        def work(tx: neo4j.ManagedTransaction) -> int:
            record = tx.run(cypher.LOCK_ORGANISATION).single()
            current = None if record is None else int(record["version"])
            if current != expected_version:
                raise ConcurrentEditError(conflict_message(Phrase(N_("the organisation")), expected_version, current))
            version = 1 if current is None else current + 1
            body = stored_body(organisation)
            properties = _organisation_properties(organisation, version, body)
            statement = cypher.CREATE_ORGANISATION if current is None else cypher.MERGE_ORGANISATION
            tx.run(statement, key=ORGANISATION_KEY, properties=properties).consume()
            before = record["body"] if record is not None else None
            entry = entity_change(ORGANISATION_KIND, ORGANISATION_KEY, before, body)
            _append_change(tx, change or context("edit"), [entry])
            return version

        return self._write(Phrase(N_("saving the organisation")), work)

    def put_entity(self, entity: Entity, expected_version: int | None, change: ChangeContext | None = None) -> int:
        kind = kind_of(entity)
        label = cypher.KIND_LABELS[kind]
        body = stored_body(entity)
        batch_size = self._batch_size

        def work(tx: neo4j.ManagedTransaction) -> int:
            record = tx.run(cypher.LOCK_ENTITY, key=entity.key).single()
            if record is not None and record["entity_kind"] != kind.value:
                used_by = _KIND_BY_VALUE[record["entity_kind"]].word
                raise ConcurrentEditError(
                    Phrase(N_("key {key!r} is already used by a {kind}"), key=entity.key, kind=used_by)
                )
            current = None if record is None else int(record["version"])
            if current != expected_version:
                raise ConcurrentEditError(
                    conflict_message(
                        Phrase(N_("{kind} {key!r}"), kind=kind.word, key=entity.key), expected_version, current
                    )
                )
            version = 1 if current is None else current + 1
            previous = tx.run(cypher.GET_ENTITY_BODY, key=entity.key).single() if current is not None else None
            properties = _entity_properties(kind, entity, version, body)
            if current is None:
                tx.run(cypher.create_entity(label), properties=properties).consume()
            else:
                tx.run(cypher.update_entity(label), key=entity.key, properties=properties).consume()
            old_entity = read_stored(kind.model, previous["body"]) if previous is not None else None
            affected = {entity.key, *_engaged(entity), *_engaged(old_entity)}
            _rebuild_relationships_around(tx, affected, [entity.key] if current is None else [], batch_size)
            before = previous["body"] if previous is not None else None
            entry = entity_change(kind.value, entity.key, before, body)
            _append_change(tx, change or context("edit"), [entry])
            return version

        return self._write(Phrase(N_("saving {kind} {key!r}"), kind=kind.word, key=entity.key), work)

    def delete_entity(
        self, kind: EntityKind, key: str, expected_version: int | None, change: ChangeContext | None = None
    ) -> None:
        batch_size = self._batch_size

        def work(tx: neo4j.ManagedTransaction) -> None:
            record = tx.run(cypher.LOCK_ENTITY, key=key).single()
            if record is None or record["entity_kind"] != kind.value:
                raise NotFoundError(Phrase(N_("no {kind} {key!r}"), kind=kind.word, key=key))
            current = int(record["version"])
            if expected_version is not None and current != expected_version:
                raise ConcurrentEditError(
                    conflict_message(Phrase(N_("{kind} {key!r}"), kind=kind.word, key=key), expected_version, current)
                )
            previous = tx.run(cypher.GET_ENTITY_BODY, key=key).single()
            tx.run(cypher.DELETE_ENTITY, key=key).consume()
            old_entity = read_stored(kind.model, previous["body"]) if previous is not None else None
            # Its own relationships went with the node; a processor also declared where its sub-processors work.
            _rebuild_relationships_around(tx, set(_engaged(old_entity)) - {key}, [], batch_size)
            before = previous["body"] if previous is not None else None
            _append_change(tx, change or context("delete"), [entity_change(kind.value, key, before, None)])

        self._write(Phrase(N_("deleting {kind} {key!r}"), kind=kind.word, key=key), work)


def _read_organisation_body(tx: neo4j.ManagedTransaction) -> str | None:
    record = tx.run(cypher.GET_ORGANISATION).single()
    return None if record is None else str(record["body"])


def _append_change(tx: neo4j.ManagedTransaction, change: ChangeContext, changes: list[EntityChange]) -> None:
    """Append one chained change entry inside the caller's transaction; no change, no entry."""
    if not changes:
        return
    head = tx.run(cypher.ADVANCE_CHANGE_LOG, head=CHANGE_LOG_HEAD, genesis=GENESIS_HASH).single()
    if head is None:  # pragma: no cover - MERGE always returns the head
        raise StoreError("the change log head could not be read")
    at = datetime.now(UTC)
    if head["last_at"]:
        # Keep timestamps non-decreasing so that replaying by time replays in write order.
        at = max(at, datetime.fromisoformat(head["last_at"]))
    entry = new_entry(int(head["seq"]), str(head["prev_hash"]), change, changes, at=at)
    tx.run(
        cypher.APPEND_CHANGE,
        head=CHANGE_LOG_HEAD,
        seq=entry.seq,
        at=entry.at.isoformat(),
        entry=entry.model_dump_json(),
        hash=entry.hash,
    ).consume()


def _read_organisation(tx: neo4j.ManagedTransaction) -> Versioned[Organisation] | None:
    record = tx.run(cypher.GET_ORGANISATION).single()
    if record is None:
        return None
    return Versioned(read_stored(Organisation, record["body"]), int(record["version"]))


def _write_organisation(tx: neo4j.ManagedTransaction, organisation: Organisation) -> None:
    body = stored_body(organisation)
    record = tx.run(cypher.LOCK_ORGANISATION).single()
    version = 1 if record is None else int(record["version"]) + (record["body"] != body)
    properties = _organisation_properties(organisation, version, body)
    tx.run(cypher.MERGE_ORGANISATION, key=ORGANISATION_KEY, properties=properties).consume()


def _write_relationships(
    tx: neo4j.ManagedTransaction,
    relationships: dict[Rel, list[dict[str, Any]]],
    batch_size: int,
    fault_hook: FaultHook | None = None,
    written: int = 0,
) -> int:
    """Write ``relationship_rows`` (the old relationships must be gone) and drop unused countries."""
    for rel, rows in relationships.items():
        statement = cypher.merge_relationships(rel)
        for batch in _batches(rows, batch_size):
            tx.run(statement, rows=list(batch)).consume()
            written += len(batch)
            if fault_hook is not None:
                fault_hook(written)
    tx.run(cypher.DELETE_ORPHAN_COUNTRIES).consume()
    return written


def _engaged(entity: Entity | None) -> list[str]:
    """The sub-processors a processor engages: its body declares where they process (engagement locations)."""
    return [engagement.processor for engagement in entity.sub_processors] if isinstance(entity, Processor) else []


def _rebuild_relationships_around(
    tx: neo4j.ManagedTransaction, keys: set[str], created: Sequence[str], batch_size: int
) -> None:
    """Derive again every relationship touching the entities keyed in ``keys``, inside the caller's transaction.

    Relationships are derived from bodies, and a write only changes those touching the written entity
    (and, for a processor, the sub-processors whose locations its engagements name). Every body that
    declares such a relationship is one of those entities or a neighbour of them, except for an entity
    just created (``created``): bodies written earlier may refer to its key with no relationship yet, so
    they are found by their text. The stored entities need not form a valid register (an edit may reference an
    entity added later), so they are assembled without validation; a reference to a missing entity
    matches no node in ``merge_relationships`` and so writes nothing, as in a full rebuild.
    """
    if keys:
        bodies = {record["key"]: record for record in tx.run(cypher.DECLARERS_AROUND, keys=sorted(keys))}
        if len(created) == 1:
            mentioning = tx.run(cypher.ENTITIES_MENTIONING, quoted_key=json.dumps(created[0]))
            bodies.update((record["key"], record) for record in mentioning)
        elif created:  # one scan of the bodies for all of them
            quoted = [json.dumps(key, ensure_ascii=False) for key in created]
            mentioning = tx.run(cypher.ENTITIES_MENTIONING_ANY, quoted_keys=quoted)
            bodies.update((record["key"], record) for record in mentioning)
        collections: dict[str, Any] = {kind.value: [] for kind in EntityKind}
        for key in sorted(bodies):  # the order of a full rebuild, which reads the entities by key
            kind = _KIND_BY_VALUE[bodies[key]["entity_kind"]]
            collections[kind.value].append(read_stored(kind.model, bodies[key]["body"]))
        around = Register.model_construct(**collections)
        tx.run(cypher.DELETE_RELATIONSHIPS_AROUND, keys=sorted(keys)).consume()
        for rel, rows in _rows_touching(around, keys).items():
            statement = cypher.merge_relationships(rel)
            for batch in _batches(rows, batch_size):
                tx.run(statement, rows=list(batch)).consume()
    tx.run(cypher.DELETE_ORPHAN_COUNTRIES).consume()


def _rows_touching(register: Register, keys: set[str]) -> dict[Rel, list[dict[str, Any]]]:
    """The relationships with an entity keyed in ``keys`` at either end, as rows for ``merge_relationships``.

    The register holds only part of the store, so whether the other end exists is left to the
    statement, which matches stored entities only.
    """
    country = f"{NodeType.COUNTRY.value}:"

    def touches(node: str) -> bool:
        return not node.startswith(country) and node.split(":", 1)[1] in keys

    rows: dict[Rel, list[dict[str, Any]]] = {rel: [] for rel in Rel}
    for (source, rel, target), properties in register_edges(register).items():
        if touches(source) or touches(target):
            rows[rel].append(_row(source, target, properties))
    return rows
