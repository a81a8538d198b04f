"""Pausing Python's cyclic garbage collector while large object graphs are built.

Loading a register or scanning it creates millions of small objects and no cycles; the collector
would walk them again and again (measured: about 40% of a 100k-node check). It is paused for the
duration and restored as it was, nesting- and thread-safe.

When the collector comes back, everything built during the pause would be in its youngest generation,
and the first collection after it would walk all of it (1.3 s after loading a 100k register). So what is
alive when a pause ends is frozen (``gc.freeze``): collections skip it, and reference counting still frees
it when it is dropped. Two things keep frozen objects from hiding garbage for long:
- each pause starts with a collection of the two young generations (cheap: neither the frozen objects
  nor the old generation are walked), so cycles just dropped are not frozen with the rest;
- at most every ``FULL_COLLECTION_SECONDS``, a pause first unfreezes everything and runs a full
  collection, so cycles among once-frozen objects (a long-running UI server's ended sessions) are freed;
  that pass walks the whole heap (about 1.5 s with a 100k register loaded), once an hour at most.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = False
_last_full_collection = time.monotonic()
_froze = False

FULL_COLLECTION_SECONDS = 3600.0
"""The longest a cycle among frozen objects waits for the collector (see the module's docstring)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector; nested and concurrent scans restore it once, when the last ends."""
    global _pauses, _collector_was_enabled, _froze
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            if _collector_was_enabled and _froze:  # not gc.get_freeze_count(): it counts by walking the list
                _collect_before_pause()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.freeze()
                _froze = True
                gc.enable()


def _collect_before_pause() -> None:
    global _last_full_collection
    now = time.monotonic()
    if now - _last_full_collection >= FULL_COLLECTION_SECONDS:
        gc.unfreeze()
        _last_full_collection = now
        gc.collect()
    else:
        # Not the old generation: a large structure built outside any pause (a generated register)
        # would otherwise be walked again at the start of every pause.
        gc.collect(1)
