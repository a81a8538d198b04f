"""The service layer: what the CLI and the UI do, in one place. No printing, no exiting."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from catalog.compliance.engine import CheckOptions, evaluate
from catalog.compliance.model import CheckReport
from catalog.domain.register import Entity, EntityKind, Register
from catalog.errors import InputError, NotFoundError, Problem, RegisterValidationError
from catalog.reference import load_reference
from catalog.register_yaml import dump_register, load_register
from catalog.store.base import RegisterStore

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED_DIR = REPO_ROOT / "seed" / "verji"


def seed_dir() -> Path:
    """The Verji seed register (``CATALOG_SEED_DIR`` overrides)."""
    return Path(os.environ.get("CATALOG_SEED_DIR") or DEFAULT_SEED_DIR)


@dataclass(frozen=True)
class WriteReport:
    """What a bulk write did."""

    entities: int
    changed: bool


def count_entities(register: Register) -> int:
    return sum(1 for _ in register.all_entities())


def seed(store: RegisterStore, replace: bool = False) -> WriteReport:
    """Load the Verji seed register. Idempotent; refuses to overwrite a different register unless asked."""
    register = load_register(seed_dir())
    if not store.is_empty():
        current = store.load_register()
        if current.sorted() == register.sorted():
            return WriteReport(count_entities(register), changed=False)
        if not replace:
            raise InputError(
                f"{store.display_url} already holds a register that differs from the seed; "
                "use 'catalog import' for your own register, or 'catalog seed --replace' to overwrite it"
            )
    store.replace_register(register)
    return WriteReport(count_entities(register), changed=True)


def import_register(store: RegisterStore, path: Path) -> WriteReport:
    """Validate a YAML register completely, then replace the stored register in one transaction."""
    register = load_register(path)
    unchanged = not store.is_empty() and store.load_register().sorted() == register.sorted()
    if not unchanged:
        store.replace_register(register)
    return WriteReport(count_entities(register), changed=not unchanged)


def dump(store: RegisterStore, folder: Path) -> list[Path]:
    """Write the stored register as YAML files."""
    return dump_register(store.load_register(), folder)


def show(store: RegisterStore, kind_name: str, key: str | None = None) -> list[dict[str, Any]]:
    """Entities of a kind as plain dicts (or one, by key). ``organisation`` is a kind too."""
    if kind_name.strip().lower() == "organisation":
        organisation = store.get_organisation()
        if organisation is None:
            raise NotFoundError(f"{store.display_url}: the store is empty; run 'catalog seed' first")
        return [organisation.value.model_dump(mode="json")]
    try:
        kind = EntityKind.parse(kind_name)
    except ValueError as error:
        raise InputError(str(error)) from None
    if key is not None:
        found = store.get_entity(kind, key)
        if found is None:
            raise NotFoundError(f"no {kind.singular} with key {key!r}")
        entities: list[Entity] = [found.value]
    else:
        entities = store.list_entities(kind)
    rows = [entity.model_dump(mode="json") for entity in entities]
    if kind == EntityKind.PROCESSOR:
        operated: dict[str, list[str]] = {}
        for system in store.list_entities(EntityKind.SYSTEM):
            operator = getattr(system, "operator", None)
            if operator:
                operated.setdefault(operator, []).append(system.key)
        for row in rows:
            row["operates_systems"] = operated.get(row["key"], [])
    return rows


def validate_entity(kind: EntityKind, data: dict[str, Any]) -> Entity:
    """Validate one entity from user input; errors name the field."""
    try:
        return kind.model.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(
                str(item["msg"]).removeprefix("Value error, "),
                field=".".join(str(p) for p in item["loc"]) or None,
            )
            for item in error.errors()
        ]
        raise RegisterValidationError(problems) from None


def check(store: RegisterStore, as_of: date | None = None, options: CheckOptions | None = None) -> CheckReport:
    """Run the compliance engine on the stored register as of a date (default: today)."""
    return evaluate(store.load_register(), load_reference(), as_of or date.today(), options)
