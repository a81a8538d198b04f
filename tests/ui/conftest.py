"""Fixtures for driving the real app headless with Streamlit's AppTest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog.app import register as services
from catalog.domain.register import Register
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore
from tests.conftest import Neo4jTarget

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
PAGES = [
    "views/overview.py",
    "views/lineage.py",
    "views/transfer_map.py",
    "views/findings.py",
    "views/due.py",
    "views/tia.py",
    "views/register.py",
    "views/exports.py",
    "views/history.py",
]


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A seeded embedded store, by URL (each test gets its own file, so caches never mix)."""
    path = tmp_path / "ui.db"
    store = EmbeddedStore(path)
    services.seed(store)
    store.close()
    return f"sqlite:///{path}"


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    def make(url: str, read_only: bool = False) -> AppTest:
        monkeypatch.setenv("CATALOG_STORE", url)
        monkeypatch.setenv("CATALOG_UI_READ_ONLY", "1" if read_only else "0")
        app = AppTest.from_file(str(APP), default_timeout=60)
        app.run()
        return app

    return make


def is_search(key: str | None) -> bool:
    """The sidebar's search and the Register table's filters: inputs that read the register, never write it."""
    return key == "sidebar_search" or (key or "").startswith("register_table_")


def store_with(tmp_path: Path, register: Register) -> str:
    path = tmp_path / "custom.db"
    store = EmbeddedStore(path)
    store.replace_register(register)
    store.close()
    return f"sqlite:///{path}"


def url_for_app(store: RegisterStore, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL an app opens ``store`` by (the `store` fixture's): Neo4j's with its credentials in the environment."""
    if isinstance(store, EmbeddedStore):
        return store.display_url
    target: Neo4jTarget = request.getfixturevalue("neo4j_target")
    for name, value in target.env.items():
        monkeypatch.setenv(name, value)
    return target.uri
