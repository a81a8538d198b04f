"""Golden files: the text exports of the seed register on a fixed date, byte for byte.

The report is hand-built (tests/exporters/conftest.py), so these do not depend on the engine.
Update after a deliberate change with ``pytest --update-golden`` (or UPDATE_GOLDEN=1) and review the diff.
"""

from __future__ import annotations

import pytest

from catalog.app.export import ExportFormat, ExportKind, render_export
from catalog.kernel.lang import Lang

TEXT_FORMATS = [ExportFormat.CSV, ExportFormat.JSON, ExportFormat.MD, ExportFormat.HTML]
TABLE_KINDS = [k for k in ExportKind if k != ExportKind.REPORT]

CASES: list[tuple[ExportKind, ExportFormat, Lang]] = [
    (kind, fmt, Lang.EN) for kind in TABLE_KINDS for fmt in TEXT_FORMATS
]
CASES += [(kind, ExportFormat.MD, Lang.NB) for kind in TABLE_KINDS]
CASES += [(ExportKind.ROPA, ExportFormat.CSV, Lang.NB), (ExportKind.ROPA, ExportFormat.JSON, Lang.NB)]
CASES += [(ExportKind.REPORT, fmt, lang) for fmt in (ExportFormat.HTML, ExportFormat.MD) for lang in Lang]


@pytest.mark.parametrize(
    ("kind", "fmt", "lang"), CASES, ids=[f"{k.value}.{lang.value}.{f.value}" for k, f, lang in CASES]
)
def test_text_export_matches_golden(seed_register, seed_report, golden, kind, fmt, lang) -> None:
    data = render_export(kind, fmt, seed_register, seed_report, lang)
    golden.check(f"{kind.value}.{lang.value}.{fmt.value}", data)


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, ExportFormat.XLSX])
def test_same_register_and_date_give_identical_bytes(seed_register, seed_report, fmt) -> None:
    shuffled = seed_register.model_copy(
        update={"activities": list(reversed(seed_register.activities)), "processors": seed_register.processors[::-1]}
    )
    for kind in TABLE_KINDS:
        first = render_export(kind, fmt, seed_register, seed_report, Lang.EN)
        assert render_export(kind, fmt, shuffled, seed_report, Lang.EN) == first, kind
