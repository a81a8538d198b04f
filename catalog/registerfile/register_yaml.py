"""The register as code: a directory of YAML files, loaded with located errors and dumped back.

Each ``*.yaml`` file in the directory is a mapping whose top-level keys are any of
``organisation``, ``data_categories``, ``data_subjects``, ``activities``, ``systems``,
``processors`` and ``recipients``; lists from several files are concatenated. The format is
documented in docs/register-format.md.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from catalog.domain.models import Organisation
from catalog.domain.register import Entity, EntityKind, Register, find_reference_issues
from catalog.errors import InputError, Problem, RegisterValidationError
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.kernel.yamlsource import PathKey, YamlDocument, dump_yaml, problems_from_validation, read_yaml

ORGANISATION = "organisation"
SECTIONS = (ORGANISATION, *(kind.value for kind in EntityKind))
DUMP_FILES = {section: f"{section}.yaml" for section in SECTIONS}


@dataclass(frozen=True)
class Origin:
    """Where an entity was written: the document and its path inside it."""

    doc: YamlDocument
    path: PathKey


def yaml_files(path: Path) -> list[Path]:
    """The register's files: the file itself, or every *.yaml / *.yml in the directory, sorted."""
    if not path.is_dir():
        if not path.exists():
            raise InputError(Phrase(N_("{path}: no such file or directory"), path=path))
        return [path]  # a FIFO or device given by name is refused when it is read (catalog.kernel.guarded)
    # Links are listed even when dangling, so one that leaves the directory is named, not skipped; so are
    # FIFOs and devices, which the guarded reader refuses by name.
    files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and (p.is_symlink() or not p.is_dir()))
    _refuse_links_leaving(path, files)
    if not files:
        raise InputError(Phrase(N_("{path}: no .yaml files in this directory"), path=path))
    return files


def _refuse_links_leaving(folder: Path, files: list[Path]) -> None:
    """A symlink in the register directory must stay inside it: a link elsewhere would import a stranger's file."""
    inside = folder.resolve()
    leaving = []
    for file in files:
        if file.is_symlink() and not file.resolve().is_relative_to(inside):
            leaving.append(
                Problem(
                    Phrase(N_("is a symbolic link to {target}, outside the register directory"), target=file.resolve()),
                    file=str(file),
                )
            )
    if leaving:
        raise RegisterValidationError(leaving)


def load_register(path: Path) -> Register:
    """Load and fully validate a register; raise ``RegisterValidationError`` listing every problem."""
    problems: list[Problem] = []
    sections: dict[str, list[tuple[Any, Origin]]] = {section: [] for section in SECTIONS}
    for file in yaml_files(path):
        doc, found = read_yaml(file)
        problems.extend(found)
        if doc is None:
            continue
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), Phrase(N_("the top level must be a mapping of sections"))))
            continue
        for section, value in doc.data.items():
            if section not in sections:
                problems.append(
                    doc.problem(
                        (section,),
                        Phrase(
                            N_("unknown section {section!r}; expected one of {sections}"),
                            section=section,
                            sections=", ".join(SECTIONS),
                        ),
                    )
                )
            elif section == ORGANISATION:
                sections[section].append((value, Origin(doc, (section,))))
            elif not isinstance(value, list):
                problems.append(doc.problem((section,), Phrase(N_("must be a list of entries"))))
            else:
                sections[section].extend((item, Origin(doc, (section, i))) for i, item in enumerate(value))

    organisation = _load_organisation(sections[ORGANISATION], path, problems)
    entities: dict[EntityKind, list[Entity]] = {kind: [] for kind in EntityKind}
    origins: dict[tuple[EntityKind, str], Origin] = {}
    first_seen: dict[str, Origin] = {}
    for kind in EntityKind:
        for raw, origin in sections[kind.value]:
            try:
                entity = kind.model.model_validate(raw)
            except ValidationError as error:
                problems.extend(problems_from_validation(error, origin.doc, origin.path))
                continue
            if entity.key in first_seen:
                earlier = first_seen[entity.key]
                where = f"{earlier.doc.file}:{earlier.doc.line_of(earlier.path)}"
                problems.append(
                    origin.doc.problem(
                        (*origin.path, "key"),
                        Phrase(N_("duplicate key {key!r} (first at {where})"), key=entity.key, where=where),
                    )
                )
                continue
            first_seen[entity.key] = origin
            origins[(kind, entity.key)] = origin
            entities[kind].append(entity)

    if organisation is None or problems:
        raise RegisterValidationError(problems or [Problem(Phrase(N_("no organisation")), file=str(path))])
    collections: dict[str, Any] = {kind.value: found for kind, found in entities.items()}
    draft = Register.model_construct(organisation=organisation, **collections)
    for issue in find_reference_issues(draft):
        origin = origins[(issue.kind, issue.key)]
        problems.append(origin.doc.problem((*origin.path, *issue.path), issue.message))
    if problems:
        raise RegisterValidationError(problems)
    return Register.model_validate(draft.model_dump())


def _load_organisation(found: list[tuple[Any, Origin]], path: Path, problems: list[Problem]) -> Organisation | None:
    if not found:
        problems.append(Problem(Phrase(N_("the register has no 'organisation' section")), file=str(path)))
        return None
    if len(found) > 1:
        for _, origin in found[1:]:
            problems.append(
                origin.doc.problem(origin.path, Phrase(N_("a second 'organisation' section; keep exactly one")))
            )
        return None
    raw, origin = found[0]
    try:
        return Organisation.model_validate(raw)
    except ValidationError as error:
        problems.extend(problems_from_validation(error, origin.doc, origin.path))
        return None


def register_to_yaml(register: Register) -> dict[str, str]:
    """One YAML text per section, file name -> text; keys sorted so dumps are stable."""
    canonical = register.sorted()
    texts = {DUMP_FILES[ORGANISATION]: dump_yaml({ORGANISATION: _plain(canonical.organisation)})}
    for kind in EntityKind:
        items = [_plain(entity) for entity in canonical.entities(kind)]
        texts[DUMP_FILES[kind.value]] = dump_yaml({kind.value: items})
    return texts


def _plain(model: Any) -> Any:
    return model.model_dump(mode="json", exclude_defaults=True)


def dump_register(register: Register, folder: Path) -> list[Path]:
    """Write the register as a directory of YAML files; each file is replaced atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    ours = set(DUMP_FILES.values())
    strangers = sorted(p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.name not in ours)
    if strangers:
        raise InputError(
            Phrase(
                N_("{folder}: holds other YAML files ({files}); dump into an empty directory"),
                folder=folder,
                files=", ".join(strangers),
            )
        )
    written = []
    for name, text in register_to_yaml(register).items():
        target = folder / name
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written
