"""Writing a file in one step, for every export and dump."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from catalog.errors import InputError
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one, never half."""
    if not path.parent.is_dir():
        raise InputError(Phrase(N_("{folder}: no such directory"), folder=path.parent))
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
