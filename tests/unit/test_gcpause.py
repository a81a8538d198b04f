"""The collector pause: what a pause builds is frozen after it, and no reference cycle is kept for long."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from catalog.kernel import gcpause
from catalog.kernel.gcpause import collector_paused


class _Node:
    """An object that can sit in a reference cycle and be watched through a weak reference."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture(autouse=True)
def _restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was_enabled:
        gc.disable()


def test_the_collector_is_off_during_a_pause_and_back_after_with_what_it_built_frozen() -> None:
    gc.unfreeze()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested pauses restore it once, at the outermost end
            built = [{"value": index} for index in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(built)


def test_a_cycle_dropped_between_pauses_is_collected_when_the_next_pause_starts() -> None:
    with collector_paused():
        pass
    gc.disable()  # keep the collector from freeing it by itself before the pause does
    watched = _cycle()
    gc.enable()
    assert gc.get_count()[0] < gc.get_threshold()[0]  # no automatic collection ran in between
    with collector_paused():
        assert watched() is None


def test_a_cycle_frozen_while_alive_is_freed_by_the_periodic_full_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _Node()
    first.other = _Node()
    first.other.other = first
    watched = weakref.ref(first)
    with collector_paused():
        pass  # the cycle is alive and frozen when the pause ends
    del first
    with collector_paused():
        assert watched() is not None  # frozen: an ordinary pause start does not walk it
    monkeypatch.setattr(gcpause, "FULL_COLLECTION_SECONDS", 0.0)
    with collector_paused():
        assert watched() is None
