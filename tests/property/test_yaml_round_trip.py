"""Dumping any valid register to YAML and loading it back gives an equal register."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from catalog.domain.register import Register
from catalog.registerfile.register_yaml import dump_register, load_register
from tests.property.strategies import registers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers())
def test_dump_then_load_round_trips(register: Register) -> None:
    with tempfile.TemporaryDirectory() as folder:
        dump_register(register, Path(folder))
        assert load_register(Path(folder)).sorted() == register.sorted()
