"""One exception root for the whole package; the CLI and UI translate these at the edges."""

from __future__ import annotations

from dataclasses import dataclass


class CatalogError(Exception):
    """Root of every error this package raises on purpose."""


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
        where = ":".join(part for part in (self.file, str(self.line) if self.line else None) if part)
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}" if where or field else self.message


class RegisterValidationError(InputError):
    """A register (YAML or edited entity) failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the register"
        super().__init__(header + ":\n" + "\n".join(f"  {p}" for p in problems))


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
