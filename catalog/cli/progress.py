"""Progress on a terminal: a transient bar on standard error while long work runs.

Drawn only when standard error is a terminal and ``--quiet`` is not given, so scripts, pipes and
CI logs see exactly the output they saw before. rich comes with typer.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from catalog.app.progress import SILENT, Progress

QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar on the terminal (it is never drawn into a pipe).")
]


class TerminalProgress:
    """One rich task whose description follows the stages and whose bar fills when a total is known."""

    def __init__(self, bar: RichProgress, title: str) -> None:
        self._bar = bar
        self._title = title
        self._task = bar.add_task(title, total=None)

    def stage(self, text: str, total: int | None = None) -> None:
        self._bar.update(self._task, description=f"{self._title}: {text}", total=total, completed=0)

    def advance(self, done: int) -> None:
        self._bar.update(self._task, completed=done)


def shows_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


@contextmanager
def terminal_progress(title: str, quiet: bool = False) -> Iterator[Progress]:
    """Progress for ``title`` on the terminal, or silence when it is not one (or ``quiet``)."""
    if not shows_progress(quiet):
        yield SILENT
        return
    console = Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=console, transient=True) as bar:
        yield TerminalProgress(bar, title)
