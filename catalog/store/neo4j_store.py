"""Placeholder until the Neo4j store lands (issue: Neo4j store)."""

from __future__ import annotations

from catalog.errors import InputError
from catalog.store.base import RegisterStore


class Neo4jStore:
    """Not implemented yet."""

    @classmethod
    def from_url(cls, url: str) -> RegisterStore:
        raise InputError("the Neo4j store is not available in this version; use an embedded store URL")
