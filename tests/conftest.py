"""Shared fixtures: the seed register, and stores of every backend for the contract suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.domain.register import Register
from catalog.register_yaml import load_register
from catalog.services import DEFAULT_SEED_DIR
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore

SEED_DIR = DEFAULT_SEED_DIR


@pytest.fixture(scope="session")
def seed_register() -> Register:
    return load_register(SEED_DIR)


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "catalog.db")
    yield store
    store.close()


STORE_BACKENDS = ["embedded"]


@pytest.fixture(params=STORE_BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RegisterStore]:
    """A fresh, empty store of each backend; the contract suite runs once per backend."""
    if request.param == "embedded":
        opened: RegisterStore = EmbeddedStore(tmp_path / "catalog.db")
    else:  # pragma: no cover - backends are added to STORE_BACKENDS as they land
        raise AssertionError(request.param)
    yield opened
    opened.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files under tests/golden/ from the current output (also: UPDATE_GOLDEN=1).",
    )
