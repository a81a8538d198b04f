"""Exports for download: the same renderers as ``catalog export``, plus the audit pack as one zip."""

from __future__ import annotations

import io
import json
import zipfile

from catalog.app.export import MANIFEST_FILE, ExportFormat, ExportKind, Lang, build_manifest, pack_contents
from catalog.app.review import CheckReport
from catalog.domain.register import Register

# a zip's entries carry a timestamp; a fixed one keeps the same register and date giving the same bytes
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def file_name(kind: ExportKind, fmt: ExportFormat, report: CheckReport, lang: Lang) -> str:
    return f"{kind.value}-{report.as_of.isoformat()}-{lang.value}.{fmt.value}"


def audit_pack_zip(register: Register, report: CheckReport, lang: Lang) -> bytes:
    """Every export and the manifest ``catalog export all`` writes, in one zip archive."""
    contents = pack_contents(register, report, lang)
    manifest = build_manifest(register, report, lang, contents)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [
            *contents.items(),
            (MANIFEST_FILE, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()),
        ]:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
