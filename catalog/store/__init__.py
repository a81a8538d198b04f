"""Stores: where a register lives. Pick one with a URL; see ``open_store``."""

from __future__ import annotations

import os
from pathlib import Path

from catalog.errors import InputError
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.store.base import RegisterStore, Versioned
from catalog.store.readonly import ReadOnlyStore

__all__ = ["RegisterStore", "Versioned", "default_store_url", "open_store"]

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def default_store_url() -> str:
    """``CATALOG_STORE`` if set, else the embedded file in the user's data directory."""
    configured = os.environ.get("CATALOG_STORE")
    if configured:
        return configured
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'gdpr-transfer-catalog' / 'catalog.db'}"


def open_store(url: str | None = None, *, read_only: bool = False) -> RegisterStore:
    """Open a store by URL: ``sqlite:///path.db`` or a plain path (embedded), ``bolt://`` / ``neo4j://``.

    ``read_only`` returns a ``ReadOnlyStore`` that refuses every write, opened so that nothing is created
    or migrated: a missing embedded file is an ``InputError``, not a new empty store. (A Neo4j store
    creates its constraints on the first write only, so reading creates nothing there either.)
    """
    chosen = (url or default_store_url()).strip()
    if chosen.startswith(NEO4J_SCHEMES):
        from catalog.store.neo4j_store import Neo4jStore  # imported lazily: the driver is heavy

        graph_store = Neo4jStore.from_url(chosen)
        return ReadOnlyStore(graph_store) if read_only else graph_store
    if chosen.startswith("sqlite://"):
        # sqlite:///abs/path.db -> /abs/path.db ; sqlite://rel/path.db -> rel/path.db ;
        # sqlite:////abs/path.db (SQLAlchemy's spelling) -> /abs/path.db
        rest = chosen.removeprefix("sqlite://")
        path = Path("/" + rest.lstrip("/") if rest.startswith("/") else rest).expanduser()
    elif "://" in chosen:
        scheme = chosen.split("://", 1)[0]
        raise InputError(
            Phrase(
                N_(
                    "unsupported store URL scheme {scheme!r}: use sqlite:///path/to/file.db, a file path, "
                    "bolt://host:7687 or neo4j://host:7687"
                ),
                scheme=scheme,
            )
        )
    else:
        path = Path(chosen).expanduser()
    if path.is_dir():
        raise InputError(
            Phrase(
                N_("{path} is a directory; the embedded store is a file, e.g. {example}"),
                path=path,
                example=path / "catalog.db",
            )
        )
    from catalog.store.embedded import EmbeddedStore

    if read_only:
        return ReadOnlyStore(EmbeddedStore(path, read_only=True))
    return EmbeddedStore(path)
