"""Progress of long work, reported by the use cases (catalog.app) and shown (or not) by whoever called them.

The use cases name their stages ("loading the register", "writing 100,000 entities") and count what
they can; the CLI draws that on a terminal, the UI in a status box. Nothing here prints.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives the stages of one long operation."""

    def stage(self, text: str, total: int | None = None) -> None:
        """A new stage begins; ``total`` is how many units it has, when known."""

    def advance(self, done: int) -> None:
        """How many units of the current stage are done so far."""


class Silent:
    """Progress nobody watches: scripts, tests, output that is not a terminal."""

    def stage(self, text: str, total: int | None = None) -> None:
        return None

    def advance(self, done: int) -> None:
        return None


SILENT: Progress = Silent()
