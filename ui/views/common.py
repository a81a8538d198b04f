"""Helpers every page shares: the snapshot for this run, and the engine's absence explained once."""

from __future__ import annotations

from ui import session, snapshots


def page_snapshot() -> snapshots.Snapshot:
    role = session.role()
    return snapshots.snapshot(role)
