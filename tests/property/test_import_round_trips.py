"""For generated registers of several sizes and shapes, every export -> import pair is no change (#27).

The registers come from ``tools/synthetic.py`` (vendors in tiers, sub-processors, recipients, gaps in
a chosen share of hops and activities), drawn by size, seed and gap share. The store-free properties
read each export back against the register it came from; the store tests run the same pairs through
``catalog import`` on both stores. A sheet that leaves a column out, or empty, never changes the field
it maps to.
"""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.app.export import ExportFormat, ExportKind, render_export, report_for
from catalog.app.imports import import_path, read_spreadsheet
from catalog.app.interop import export_fides, fides_reader, import_fides
from catalog.domain.register import Register
from catalog.importers.plan import ImportMode, diff_registers
from catalog.kernel.lang import Lang
from catalog.registerfile.register_yaml import dump_register
from catalog.store.base import RegisterStore
from tests.importers.test_round_trips import write_ropa
from tools.synthetic import synthetic_register

AS_OF = date(2026, 6, 1)
SHAPES = st.tuples(
    st.integers(min_value=10, max_value=80),  # about this many entities
    st.integers(min_value=0, max_value=10**6),  # the generator's seed
    st.sampled_from([0.0, 0.3, 1.0]),  # the share of hops and activities with a gap
)
KEY_COLUMNS = {"Processing activity", "Hva gjelder behandlingen?"}


def _register(shape: tuple[int, int, float]) -> Register:
    nodes, seed, gap_share = shape
    return synthetic_register(nodes, seed=seed, gap_share=gap_share)


def _ropa(register: Register, fmt: ExportFormat, lang: Lang) -> bytes:
    return render_export(ExportKind.ROPA, fmt, register, report_for(register, AS_OF), lang)


def _no_change(register: Register, data: bytes, name: str) -> None:
    incoming = read_spreadsheet(data, name, register)
    assert diff_registers(register, incoming.register) == ()
    assert incoming.conflicts == ()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHAPES, st.sampled_from(list(Lang)), st.sampled_from([ExportFormat.XLSX, ExportFormat.CSV]))
def test_the_ropa_export_reads_back_as_no_change(shape: tuple[int, int, float], lang: Lang, fmt: ExportFormat) -> None:
    register = _register(shape)
    _no_change(register, _ropa(register, fmt, lang), f"ropa.{fmt.value}")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHAPES)
def test_fides_merged_back_is_no_change(shape: tuple[int, int, float]) -> None:
    register = _register(shape)
    with tempfile.TemporaryDirectory() as folder:
        export_fides(register, Path(folder), AS_OF)
        incoming = fides_reader(Path(folder), ImportMode.MERGE)(register)
    assert diff_registers(register, incoming.register) == ()


def _header(sheet: openpyxl.worksheet.worksheet.Worksheet) -> tuple[int, int]:
    """The header row and the activity-name column (1-based): in the English or the bokmål layout."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value in KEY_COLUMNS:
                return cell.row, cell.column
    raise AssertionError("no header row")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHAPES, st.sampled_from(list(Lang)), st.integers(min_value=1, max_value=40), st.booleans())
def test_a_sheet_without_a_column_never_changes_its_field(
    shape: tuple[int, int, float], lang: Lang, column: int, remove: bool
) -> None:
    register = _register(shape)
    workbook = openpyxl.load_workbook(io.BytesIO(_ropa(register, ExportFormat.XLSX, lang)))
    sheet = workbook.worksheets[0]
    header, name_column = _header(sheet)
    others = [c for c in range(1, sheet.max_column + 1) if c != name_column]
    index = others[column % len(others)]
    if remove:
        sheet.delete_cols(index)
    else:
        for row in sheet.iter_rows(min_row=header + 1, min_col=index, max_col=index):
            row[0].value = None
    out = io.BytesIO()
    workbook.save(out)
    _no_change(register, out.getvalue(), "ropa.xlsx")


@pytest.mark.parametrize(("nodes", "seed"), [(40, 7), (160, 11)])
def test_generated_registers_round_trip_on_the_store(
    store: RegisterStore, tmp_path: Path, nodes: int, seed: int
) -> None:
    register = synthetic_register(nodes, seed=seed, gap_share=0.3)
    dump_register(register, tmp_path / "reg")
    import_path(store, tmp_path / "reg", as_of=AS_OF)
    plans = [import_path(store, tmp_path / "reg", as_of=AS_OF, dry_run=True)]
    for lang in Lang:
        for suffix in ("xlsx", "csv"):
            plans.append(import_path(store, write_ropa(register, tmp_path, suffix, lang), as_of=AS_OF, dry_run=True))
    export_fides(register, tmp_path / "fides", AS_OF)
    plans.append(import_fides(store, tmp_path / "fides", mode=ImportMode.MERGE, as_of=AS_OF, dry_run=True))
    for plan in plans:
        assert plan.totals() == {"added": 0, "removed": 0, "changed": 0}, plan.source
        assert not plan.conflicts
