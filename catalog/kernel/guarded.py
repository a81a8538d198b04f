"""Open the files people give an import, safely: every reader (spreadsheets, CSV, sub-processor lists,
YAML registers, Fides manifests) goes through here.

A path is read only when it is a regular file (a FIFO would block the reader forever, a link to
``/dev/zero`` would never end, a socket or device is no document), when a file found in a folder
stays inside that folder (a symbolic link elsewhere would import a stranger's file), and when its
size, taken from the opened file itself, is within the limit. Reading stops at the limit too, since
some regular files (``/proc``) report no size. The limits the readers check while streaming (rows,
columns, cells, unpacked bytes) live here as well, so one place documents and configures them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from catalog.errors import InputError
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase

MIB = 1024 * 1024
MAX_CELL_CHARS = 100_000
"""Characters one cell may hold, as one YAML value may (Excel itself stops at 32,767)."""


@dataclass(frozen=True)
class ReadLimits:
    """How much one import may read; past any of them the file is refused (exit 2), naming the limit.

    Each can be changed with the environment variable named in ``ENVIRONMENT`` (docs/import.md).
    """

    max_file_bytes: int = 64 * MIB
    """Any input file, as stored on disk (a spreadsheet, a CSV, a YAML register file, a Fides manifest)."""
    max_unpacked_bytes: int = 100 * MIB
    """An .xlsx or .ods is a zip: the sum of the sizes its members declare (a zip bomb declares gigabytes)."""
    max_rows: int = 25_000
    """Rows of one sheet, counting empty rows before the last row that holds a value. Each row becomes
    an activity or a processor: 20,000 of them take an import to about 250 MiB, so the default keeps a
    whole import (reading, planning, the findings delta) under 400 MiB."""
    max_columns: int = 200
    """Columns of one sheet that may hold a value."""
    max_cells: int = 1_000_000
    """Cells one file may hold (written or repeated), and cells one merged range may cover."""
    max_text_chars: int = 16_000_000
    """Characters of text all the cells of one file may hold together (what the import then carries)."""
    max_yaml_values: int = 250_000
    """Values (scalars, lists, mappings) of one YAML file, counted as it is parsed: each costs about a
    kilobyte until the document is built. A 10,000-entity register dump holds about 390,000."""

    def describe(self, name: str) -> str:
        """A limit as it is named in messages: the variable and its value."""
        value = getattr(self, name)
        shown = f"{value // MIB} MiB" if name.endswith("_bytes") else f"{value:,}"
        return f"{shown} ({ENVIRONMENT[name]})"


ENVIRONMENT = {
    "max_file_bytes": "CATALOG_IMPORT_MAX_FILE_MB",
    "max_unpacked_bytes": "CATALOG_IMPORT_MAX_UNPACKED_MB",
    "max_rows": "CATALOG_IMPORT_MAX_ROWS",
    "max_columns": "CATALOG_IMPORT_MAX_COLUMNS",
    "max_cells": "CATALOG_IMPORT_MAX_CELLS",
    "max_text_chars": "CATALOG_IMPORT_MAX_TEXT_CHARS",
    "max_yaml_values": "CATALOG_IMPORT_MAX_YAML_VALUES",
}
"""Limit -> the environment variable that sets it (sizes in MiB, counts as whole numbers)."""


def read_limits(environ: Mapping[str, str] | None = None) -> ReadLimits:
    """The limits in force: the defaults, with any set in the environment."""
    env = os.environ if environ is None else environ
    values: dict[str, int] = {}
    for name, variable in ENVIRONMENT.items():
        text = env.get(variable, "").strip()
        if not text:
            continue
        if not text.isdigit() or int(text) < 1:
            raise InputError(
                Phrase(N_("{variable}={text!r}: give a whole number of at least 1"), variable=variable, text=text)
            )
        values[name] = int(text) * (MIB if name.endswith("_bytes") else 1)
    return ReadLimits(**values)


class LimitExceeded(InputError):
    """A file breaks one of the ``ReadLimits``; the message names the limit and how to raise it."""


def _kind(mode: int) -> Phrase | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISDIR, N_("a directory")),
        (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
        (stat.S_ISCHR, N_("a character device")),
        (stat.S_ISBLK, N_("a block device")),
        (stat.S_ISSOCK, N_("a socket")),
    )
    return Phrase(next((label for test, label in kinds if test(mode)), N_("not a regular file")))


def check_inside(folder: Path, file: Path) -> None:
    """Refuse ``file`` (found in ``folder``) when it, or a link on its way, leads out of the folder."""
    inside = folder.resolve()
    target = file.resolve()
    if not target.is_relative_to(inside):
        raise InputError(
            Phrase(
                N_("{file}: is a symbolic link to {target}, outside {folder}; copy the file into the folder"),
                file=file,
                target=target,
                folder=folder,
            )
        )


@contextmanager
def open_guarded(path: Path, *, max_bytes: int, folder: Path | None = None) -> Iterator[BinaryIO]:
    """``path`` opened for reading in binary, once it is known to be a regular file within ``max_bytes``.

    ``folder``: the folder ``path`` was found in; a path leading out of it is refused. Opening never
    blocks (O_NONBLOCK, so a FIFO is named, not waited on) and the checks are made on the opened
    file, so swapping the path after the check changes nothing.
    """
    if folder is not None:
        check_inside(folder, path)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise InputError(Phrase(N_("{path}: no such file"), path=path)) from None
    except OSError as error:
        raise InputError(Phrase(N_("{path}: cannot read ({reason})"), path=path, reason=error.strerror)) from None
    kind = _kind(before.st_mode)
    if kind is not None:
        raise InputError(Phrase(N_("{path}: is {kind}, not a regular file; nothing was read"), path=path, kind=kind))
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise InputError(Phrase(N_("{path}: cannot read ({reason})"), path=path, reason=error.strerror)) from None
    try:
        status = os.fstat(handle)
        kind = _kind(status.st_mode)
        if kind is not None:
            raise InputError(
                Phrase(N_("{path}: is {kind}, not a regular file; nothing was read"), path=path, kind=kind)
            )
        if status.st_size > max_bytes:
            raise LimitExceeded(
                Phrase(
                    N_(
                        "{path}: the file holds {size} bytes; at most {most} MiB are read ({variable} raises the limit)"
                    ),
                    path=path,
                    size=f"{status.st_size:,}",
                    most=max_bytes // MIB,
                    variable=ENVIRONMENT["max_file_bytes"],
                )
            )
        os.set_blocking(handle, True)
        stream = os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise
    with stream:
        yield stream


def read_guarded(path: Path, *, max_bytes: int, folder: Path | None = None) -> bytes:
    """The whole of a regular file of at most ``max_bytes`` (see ``open_guarded``)."""
    with open_guarded(path, max_bytes=max_bytes, folder=folder) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # a file that grew, or one that reports no size
        raise LimitExceeded(
            Phrase(
                N_("{path}: the file holds more than {most} MiB; at most that is read ({variable} raises the limit)"),
                path=path,
                most=max_bytes // MIB,
                variable=ENVIRONMENT["max_file_bytes"],
            )
        )
    return data
