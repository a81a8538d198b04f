"""Pausing Python's cyclic garbage collector while large object graphs are built.

Loading a register or scanning it creates millions of small objects and no cycles; the collector
would walk them again and again (measured: about 40% of a 100k-node check). It is paused for the
duration and restored as it was, nesting- and thread-safe.

When the collector comes back, everything built during the pause would be in its youngest generation,
and the first collection after it would walk all of it (1.3 s after loading a 100k register). So the
objects alive at the end of a pause are frozen (``gc.freeze``: kept out of collections; reference
counting still frees them) and handed back to the oldest generation when the next pause starts
(``gc.unfreeze``), where a full collection still examines them in time: nothing is kept from the
collector for longer than until the next pause.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector; nested and concurrent scans restore it once, when the last ends."""
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
            gc.unfreeze()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.freeze()
                gc.enable()
