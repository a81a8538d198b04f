"""Registers the interop tests run on: the Verji seed and a synthetic register with every kind of tool."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.domain.register import Register
from tools.synthetic import synthetic_register

AS_OF = date(2026, 1, 15)


@pytest.fixture(scope="session")
def synthetic() -> Register:
    return synthetic_register(300, seed=7, gap_share=0.3)


@pytest.fixture(params=["verji", "synthetic"])
def any_register(request: pytest.FixtureRequest, seed_register: Register, synthetic: Register) -> Register:
    return seed_register if request.param == "verji" else synthetic
