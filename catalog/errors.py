"""One exception root for the whole package; the CLI and UI translate these at the edges.

A message may be a ``Phrase`` (``catalog/kernel/phrase.py``): ``str(error)`` stays English (logs, tests),
and ``error.render(lang)`` words it in the reader's language where the CLI prints it or the UI shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def N_(message: str) -> str:  # marks the string for extraction; catalog.kernel.i18n translates it
    return message


_translation: list[Callable[[str, str], str]] = []
"""``catalog.kernel.i18n.translate``, registered by that module (which imports this one: errors import nothing)."""


def use_translation(translate: Callable[[str, str], str]) -> None:
    _translation[:] = [translate]


def _translated(message: str, lang: str) -> str:
    return _translation[0](message, lang) if _translation and lang != "en" else message


def render(text: object, lang: str) -> str:
    """A message in ``lang``: a ``Phrase`` (or anything that words itself) worded again, else as it is."""
    worded = getattr(text, "render", None)
    return str(worded(lang)) if callable(worded) else str(text)


class CatalogError(Exception):
    """Root of every error this package raises on purpose."""

    def render(self, lang: str) -> str:
        """The message in ``lang``: a phrase worded again, plain text as it was raised."""
        return render(self.args[0], lang) if len(self.args) == 1 else str(self)


class InputError(CatalogError):
    """The user gave something invalid: a file, a URL, an option, an entity. Exit code 2."""


@dataclass(frozen=True)
class Problem:
    """One located problem in user input: where it is and what is wrong."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str) -> str:
        """The problem in ``lang``: its place as it is (file, line, field path), its message worded."""
        where = ":".join(part for part in (self.file, str(self.line) if self.line else None) if part)
        field = f" [{self.field}]" if self.field else ""
        message = render(self.message, lang)
        return f"{where}{field}: {message}" if where or field else message


class RegisterValidationError(InputError):
    """A register (YAML or edited entity) failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.render("en"))

    def header(self, lang: str) -> str:
        count = len(self.problems)
        if count == 1:
            return _translated(N_("1 problem in the register"), lang)
        return _translated(N_("{count} problems in the register"), lang).format(count=count)

    def render(self, lang: str) -> str:
        return self.header(lang) + ":\n" + "\n".join(f"  {p.render(lang)}" for p in self.problems)


class NotFoundError(InputError):
    """A key or kind that the register does not hold."""


class ConcurrentEditError(CatalogError):
    """Someone else saved the entity after it was read; the edit was not applied."""


class RegisterChangedError(ConcurrentEditError):
    """A whole-register write was planned from a revision another write has since replaced; nothing was written."""

    def __init__(self, message: str, current_revision: str) -> None:
        super().__init__(message)
        self.current_revision = current_revision


class StoreError(CatalogError):
    """The store failed (I/O, database error); nothing was reported as saved."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached (e.g. the Neo4j server is down)."""


class ReadOnlyError(CatalogError):
    """A write was attempted through a read-only view of the store (e.g. an auditor's UI)."""
