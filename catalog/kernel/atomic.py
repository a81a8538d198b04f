"""Writing a file in one step, for every export and dump."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from catalog.errors import InputError


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one, never half."""
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such directory")
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
