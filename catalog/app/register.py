"""Keeping the register: seed, import a folder, dump, show, validate, save and delete entities, copy stores."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from catalog.app import history as history_service
from catalog.app.imports import import_path
from catalog.app.save_check import delete_issues, save_issues
from catalog.domain.fieldtext import label_problem, plain_problems
from catalog.domain.models import Organisation
from catalog.domain.register import Entity, EntityKind, Register, find_reference_issues, kind_of
from catalog.errors import (
    InputError,
    NotFoundError,
    Problem,
    ReadOnlyError,
    RegisterChangedError,
    RegisterValidationError,
)
from catalog.history.chain import ChangeContext, context
from catalog.importers.localtext import localise_body
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.kernel.progress import SILENT, Progress
from catalog.kernel.yamlsource import dump_yaml as dump_yaml
from catalog.registerfile.register_yaml import dump_register, load_register
from catalog.store.base import RegisterStore
from catalog.store.readonly import is_read_only

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SEED_DIR = REPO_ROOT / "seed" / "verji"


def seed_dir() -> Path:
    """The Verji seed register (``CATALOG_SEED_DIR`` overrides)."""
    return Path(os.environ.get("CATALOG_SEED_DIR") or DEFAULT_SEED_DIR)


@dataclass(frozen=True)
class WriteReport:
    """What a bulk write did."""

    entities: int
    changed: bool


SEED_ATTEMPTS = 3
"""How many times ``seed`` decides and writes while other writes keep landing first."""


def count_entities(register: Register) -> int:
    return sum(1 for _ in register.all_entities())


def seed(
    store: RegisterStore, replace: bool = False, only_if_empty: bool = False, change: ChangeContext | None = None
) -> WriteReport:
    """Load the Verji seed register. Idempotent; refuses to overwrite a different register unless asked.

    With ``only_if_empty`` a store holding anything is left alone (for container start-up). The
    decision is made on the register as read; if another write lands before the seed is written, it
    is made again on the new register (two containers seeding one store at once: one seeds).
    """
    register = load_register(seed_dir())
    for attempt in range(1, SEED_ATTEMPTS + 1):
        revision = store.revision()  # before the reads the decision rests on; the write checks it
        if only_if_empty and not store.is_empty():
            return WriteReport(count_entities(register), changed=False)
        if not store.is_empty():
            current = store.load_register()
            if current.sorted() == register.sorted():
                return WriteReport(count_entities(register), changed=False)
            if not replace:
                raise InputError(
                    Phrase(
                        N_(
                            "{store} already holds a register that differs from the seed; use 'catalog import' for "
                            "your own register, or 'catalog seed --replace' to overwrite it"
                        ),
                        store=store.display_url,
                    )
                )
        try:
            store.replace_register(register, change=change or context("seed"), expected_revision=revision)
        except RegisterChangedError:
            if attempt == SEED_ATTEMPTS:
                raise
            continue
        return WriteReport(count_entities(register), changed=True)
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


def import_register(store: RegisterStore, path: Path, change: ChangeContext | None = None) -> WriteReport:
    """Validate a YAML register completely, then replace the stored register in one transaction.

    Goes through the import plan, so the deletion guard applies (see ``catalog.importers.plan``).
    """
    plan = import_path(store, path, change=change or context("import"))
    return WriteReport(plan.incoming_entities, changed=plan.applied)


def dump(store: RegisterStore, folder: Path) -> list[Path]:
    """Write the stored register as YAML files."""
    return dump_register(store.load_register(), folder)


def show(
    store: RegisterStore,
    kind_name: str,
    key: str | None = None,
    register_as_of: date | None = None,
    lang: str | None = "en",
) -> list[dict[str, Any]]:
    """Entities of a kind as plain dicts (or one, by key); ``organisation`` is a kind too.

    With ``register_as_of``, from the register as it was at the end of that day (from the history).
    Register text is in ``lang`` (marked where it has no such variant); ``lang=None`` keeps every language.
    """
    shown = {"lang": lang} if lang is not None else None
    past = history_service.register_as_of(store, register_as_of) if register_as_of else None

    def entities_of(kind: EntityKind) -> list[Entity]:
        if past is not None:
            return sorted(past.entities(kind), key=lambda entity: entity.key)
        return store.list_entities(kind)

    if kind_name.strip().lower() == "organisation":
        organisation = past.organisation if past else _current_organisation(store)
        return [organisation.model_dump(mode="json", context=shown)]
    try:
        kind = EntityKind.parse(kind_name)
    except ValueError as error:
        raise InputError(error.args[0]) from None
    entities = entities_of(kind)
    if key is not None:
        entities = [entity for entity in entities if entity.key == key]
        if not entities:
            raise NotFoundError(Phrase(N_("no {kind} with key {key!r}"), kind=kind.word, key=key))
    rows = [entity.model_dump(mode="json", context=shown) for entity in entities]
    if kind == EntityKind.PROCESSOR:
        operated: dict[str, list[str]] = {}
        for system in entities_of(EntityKind.SYSTEM):
            operator = getattr(system, "operator", None)
            if operator:
                operated.setdefault(operator, []).append(system.key)
        for row in rows:
            row["operates_systems"] = operated.get(row["key"], [])
    return rows


def form_values(entity: Organisation | Entity, lang: str = "en") -> dict[str, Any]:
    """An entity's fields for a form that edits its register text in ``lang`` (a missing variant marked)."""
    return entity.model_dump(mode="json", context={"lang": lang})


def keep_other_languages(
    data: dict[str, Any], entity: Organisation | Entity | None, lang: str = "en"
) -> dict[str, Any]:
    """A form's values (its text in ``lang``) with the entity's other languages kept: a form sets one language."""
    return localise_body(data, entity.model_dump(mode="json") if entity is not None else None, lang)


def _current_organisation(store: RegisterStore) -> Organisation:
    organisation = store.get_organisation()
    if organisation is None:
        raise NotFoundError(
            Phrase(N_("{store}: the store is empty; run 'catalog seed' first"), store=store.display_url)
        )
    return organisation.value


def validate_entity(kind: EntityKind, data: dict[str, Any]) -> Entity:
    """Validate one entity from user input; each problem names the field's label in plain words."""
    try:
        return kind.model.model_validate(data)
    except ValidationError as error:
        raise RegisterValidationError(plain_problems(kind.model, error)) from None


def validate_organisation(data: dict[str, Any]) -> Organisation:
    """Validate the controller's details from user input, like ``validate_entity``."""
    try:
        return Organisation.model_validate(data)
    except ValidationError as error:
        raise RegisterValidationError(plain_problems(Organisation, error)) from None


def save_organisation(
    store: RegisterStore, organisation: Organisation, expected_version: int | None, change: ChangeContext | None = None
) -> int:
    """Create (``expected_version`` None) or update the controller; a concurrent edit raises and writes nothing."""
    _refuse_if_read_only(store, Phrase(N_("saving the organisation")))
    operation = "create" if expected_version is None else "edit"
    return store.put_organisation(organisation, expected_version, change=change or context(operation))


def copy_register(
    source: RegisterStore,
    target: RegisterStore,
    replace: bool = False,
    change: ChangeContext | None = None,
    progress: Progress = SILENT,
) -> WriteReport:
    """Copy the whole register from one store to another, in one transaction on the target.

    Lossless: the target then loads an equal register. Versions are per store and restart at 1
    for entities the target did not hold. A target holding a different register is only
    overwritten with ``replace``.
    """
    if source.display_url == target.display_url:
        raise InputError(Phrase(N_("--from and --to are the same store ({store})"), store=source.display_url))
    progress.stage(f"reading {source.display_url}")
    register = source.load_register()
    revision = target.revision()  # before the comparison: a write landing after it refuses the copy
    if not target.is_empty():
        progress.stage(f"comparing with {target.display_url}")
        try:
            current: Register | None = target.load_register()
        except NotFoundError:
            current = None
        if current is not None and current.sorted() == register.sorted():
            return WriteReport(count_entities(register), changed=False)
        if not replace:
            raise InputError(
                Phrase(
                    N_(
                        "{store} already holds a different register; use 'catalog copy --replace' to overwrite it "
                        "(nothing was changed)"
                    ),
                    store=target.display_url,
                )
            )
    progress.stage(f"writing {count_entities(register):,} entities")
    target.replace_register(
        register, fault_hook=progress.advance, change=change or context("copy"), expected_revision=revision
    )
    return WriteReport(count_entities(register), changed=True)


def _refuse_if_read_only(store: RegisterStore, what: Phrase) -> None:
    if is_read_only(store):
        raise ReadOnlyError(
            Phrase(
                N_("{store} is open read-only (auditor); {what} was refused and nothing changed"),
                store=store.display_url,
                what=what,
            )
        )


def _register_with(store: RegisterStore, kind: EntityKind, key: str, replacement: Entity | None) -> Register:
    """The stored register with one entity replaced, added (replacement new) or removed (None); unvalidated."""
    current = store.load_register()
    collections: dict[str, Any] = {}
    for each in EntityKind:
        entities = [e for e in current.entities(each) if not (each == kind and e.key == key)]
        if each == kind and replacement is not None:
            entities.append(replacement)
        collections[each.value] = entities
    return Register.model_construct(organisation=current.organisation, **collections)


def save_entity(
    store: RegisterStore, entity: Entity, expected_version: int | None, change: ChangeContext | None = None
) -> int:
    """Create (``expected_version`` None) or update one entity, atomically, after validating its references.

    References must still resolve once the change is made (checked on the entities the change involves,
    see ``catalog.app.save_check``); a concurrent edit raises ``ConcurrentEditError``
    (from the store) and nothing is written. Returns the new version.
    """
    kind = kind_of(entity)
    _refuse_if_read_only(store, Phrase(N_("saving {kind} {key!r}"), kind=kind.word, key=entity.key))
    issues = save_issues(store, entity)  # reads the entity's neighbourhood, not the register
    if issues is None:
        issues = find_reference_issues(_register_with(store, kind, entity.key, entity))
    if issues:
        raise RegisterValidationError(
            [
                label_problem(kind.model, Problem(issue.message, field=".".join(str(part) for part in issue.path)))
                if issue.key == entity.key
                else Problem(issue.phrase())
                for issue in issues
            ]
        )
    operation = "create" if expected_version is None else "edit"
    return store.put_entity(entity, expected_version, change=change or context(operation))


def delete_entity(
    store: RegisterStore,
    kind: EntityKind,
    key: str,
    expected_version: int | None,
    change: ChangeContext | None = None,
) -> None:
    """Delete one entity, refusing when anything still refers to it (the message names every referrer)."""
    _refuse_if_read_only(store, Phrase(N_("deleting {kind} {key!r}"), kind=kind.word, key=key))
    if store.get_entity(kind, key) is None:
        raise NotFoundError(Phrase(N_("no {kind} with key {key!r}"), kind=kind.word, key=key))
    issues = delete_issues(store, key)  # its referrers, found without loading the register
    if issues:
        raise RegisterValidationError(
            [
                Problem(
                    Phrase(N_("cannot delete {kind} {key!r}: {issue}"), kind=kind.word, key=key, issue=issue.phrase())
                )
                for issue in issues
            ]
        )
    store.delete_entity(kind, key, expected_version, change=change or context("delete"))
