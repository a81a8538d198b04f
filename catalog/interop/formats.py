"""The interop formats, registered the way the export formats are (``catalog.exporters.formats``):
each one's writer, file suffixes and MIME type in one table that the application layer writes through.

DPV is one file in either RDF syntax; Fides is a folder of YAML manifests, one per resource type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.interop.dpv import RdfFormat, render_dpv
from catalog.interop.fides_out import write_fides


@dataclass(frozen=True)
class FileFormat:
    """An interop format written as one file."""

    writer: Callable[[Register, CheckReport], bytes]
    suffixes: tuple[str, ...]
    """The first is the one written."""
    mime: str


@dataclass(frozen=True)
class FolderFormat:
    """An interop format written as a folder of files."""

    writer: Callable[[Register, CheckReport, Path], list[Path]]
    suffixes: tuple[str, ...]
    mime: str


DPV_FORMATS: dict[RdfFormat, FileFormat] = {
    RdfFormat.TURTLE: FileFormat(
        writer=lambda register, report: render_dpv(register, report, RdfFormat.TURTLE),
        suffixes=(".ttl",),
        mime="text/turtle",
    ),
    RdfFormat.JSONLD: FileFormat(
        writer=lambda register, report: render_dpv(register, report, RdfFormat.JSONLD),
        suffixes=(".jsonld",),
        mime="application/ld+json",
    ),
}

FIDES = FolderFormat(writer=write_fides, suffixes=(".yml",), mime="application/yaml")
