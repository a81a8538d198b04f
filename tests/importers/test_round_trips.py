"""What we export comes back unchanged, and a merge never erases what its source cannot carry (#27).

Each export -> import pair is a zero-change plan on the register it came from, on both stores: the
ROPA workbook (English and bokmål; .xlsx, .csv, and the same cells as .ods), ``catalog dump``, Fides
manifests merged back, and a vendor list in the sub-processor export's layout.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from catalog.app.export import ExportFormat, ExportKind, render_export, report_for
from catalog.app.imports import Prefer, import_path, import_subprocessors, plan_lines
from catalog.app.interop import export_fides, import_fides
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind, Register
from catalog.importers.plan import ImportMode, ImportPlan
from catalog.kernel.lang import Lang
from catalog.registerfile.register_yaml import dump_register
from catalog.store.base import RegisterStore
from tests.conftest import SEED_DIR

AS_OF = date(2026, 6, 1)


def _zero(plan: ImportPlan) -> None:
    assert plan.totals() == {"added": 0, "removed": 0, "changed": 0}, plan_lines(plan, "store")
    assert not plan.conflicts and not plan.findings_added and not plan.findings_removed


def xlsx_as_ods(data: bytes) -> bytes:
    """The same sheets and cells (hidden key sheet included) written as OpenDocument, as LibreOffice would."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    document = OpenDocumentSpreadsheet()
    for sheet in workbook.worksheets:
        table = Table(name=sheet.title)
        for values in sheet.iter_rows(values_only=True):
            row = TableRow()
            for value in values:
                if isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                    for line in ("" if value is None else str(value)).split("\n") if value is not None else []:
                        cell.addElement(P(text=line))
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def write_ropa(register: Register, folder: Path, suffix: str, lang: Lang) -> Path:
    fmt = ExportFormat.CSV if suffix == "csv" else ExportFormat.XLSX
    data = render_export(ExportKind.ROPA, fmt, register, report_for(register, AS_OF), lang)
    if suffix == "ods":
        data = xlsx_as_ods(data)
    path = folder / f"ropa-{lang.value}.{suffix}"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("suffix", ["xlsx", "ods", "csv"])
@pytest.mark.parametrize("lang", [Lang.EN, Lang.NB])
def test_our_ropa_export_imports_back_as_no_change(
    store: RegisterStore, tmp_path: Path, suffix: str, lang: Lang
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    path = write_ropa(store.load_register(), tmp_path, suffix, lang)
    plan = import_path(store, path, as_of=AS_OF, dry_run=True)
    _zero(plan)
    assert plan.untouched is not None and plan.untouched > 0
    assert f"{plan.untouched} entities not in the source: unchanged" in plan_lines(plan, "store")


def test_dump_and_fides_merge_import_back_as_no_change(store: RegisterStore, tmp_path: Path) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    register = store.load_register()
    dump_register(register, tmp_path / "dump")
    _zero(import_path(store, tmp_path / "dump", as_of=AS_OF, dry_run=True))
    export_fides(register, tmp_path / "fides", AS_OF)
    _zero(import_fides(store, tmp_path / "fides", mode=ImportMode.MERGE, as_of=AS_OF, dry_run=True))


def _with_vendor(register: Register) -> Register:
    vendor = Processor.model_validate(
        {
            "key": "vendor",
            "legal_name": "Vendor AS",
            "service_category": "hosting",
            "established_in": "NO",
            "processing_locations": ["NO"],
        }
    )
    return register.model_copy(update={"processors": [*register.processors, vendor]})


def test_the_sub_processor_export_imports_back_as_no_change(store: RegisterStore, tmp_path: Path) -> None:
    # Verji's published list (its sub-processors as a processor), read as the list of a vendor engaging
    # the same companies: the first import engages them; the same list again changes nothing.
    import_path(store, SEED_DIR, as_of=AS_OF)
    register = _with_vendor(store.load_register())
    dump_register(register, tmp_path / "reg")
    import_path(store, tmp_path / "reg", as_of=AS_OF)
    listed = tmp_path / "subprocessors.csv"
    listed.write_bytes(render_export(ExportKind.SUBPROCESSORS, ExportFormat.CSV, register, report_for(register, AS_OF)))
    first = import_subprocessors(store, "vendor", listed, as_of=AS_OF)
    assert first.applied
    vendor = next(p for p in store.load_register().processors if p.key == "vendor")
    assert [e.processor for e in vendor.sub_processors] == ["hosting-provider"]
    _zero(import_subprocessors(store, "vendor", listed, as_of=AS_OF, dry_run=True))


SCC_ON_CRM = {
    "kind": "scc",
    "instrument": "scc-2021-914",
    "module": "2",
    "signed_on": "2024-03-01",
    "tia": {"assessed_on": "2026-01-15", "outcome": "adequate"},
}


def _record_scc(store: RegisterStore, folder: Path) -> dict[str, object]:
    data = store.load_register().model_dump(mode="json")
    crm = next(p for p in data["processors"] if p["key"] == "crm-provider")
    crm["safeguards"] = [{**crm["safeguards"][0], **SCC_ON_CRM}]
    dump_register(Register.model_validate(data), folder)
    assert import_path(store, folder, as_of=AS_OF).applied
    return dict(crm["safeguards"][0])


def test_a_merge_of_the_exported_workbook_keeps_a_recorded_scc_and_tia(store: RegisterStore, tmp_path: Path) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    recorded = _record_scc(store, tmp_path / "reg")
    workbook = write_ropa(store.load_register(), tmp_path, "xlsx", Lang.EN)
    plan = import_path(store, workbook, as_of=AS_OF)
    assert plan.is_empty and not plan.conflicts
    crm = next(p for p in store.load_register().processors if p.key == "crm-provider")
    assert crm.safeguards[0].model_dump(mode="json", exclude_none=True) == {
        k: v for k, v in recorded.items() if v is not None
    }
    _zero(import_path(store, tmp_path / "reg", as_of=AS_OF, dry_run=True))


def _sheet(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _headings(store: RegisterStore) -> list[str]:
    register = store.load_register()
    data = render_export(ExportKind.ROPA, ExportFormat.XLSX, register, report_for(register, AS_OF), Lang.EN)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return next([str(v) for v in row] for row in sheet.iter_rows(values_only=True) if row[0] == "Processing activity")


def test_a_one_row_sheet_changes_only_its_activity(store: RegisterStore, tmp_path: Path) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    headings = _headings(store)
    row: list[object] = [None] * len(headings)
    row[headings.index("Processing activity")] = "Correspondence"
    row[headings.index("Purpose of processing")] = "Answering people who write to Verji"
    row[headings.index("Categories of recipients")] = "Authorities and parties to legal process"
    path = tmp_path / "one.xlsx"
    header: list[object] = [*headings]
    path.write_bytes(_sheet([header, row]))
    before = store.load_register()
    plan = import_path(store, path, as_of=AS_OF, dry_run=True)
    assert [(c.kind, c.key) for c in plan.changes] == [("activities", "correspondence")]
    assert {f.field for f in plan.changes[0].fields} == {"purposes", "recipients"}
    assert not plan.findings_removed
    mentioned = {(e.kind, e.key) for r in plan.rows for e in r.entities}
    assert plan.untouched == sum(1 for k, e in before.all_entities() if (k.value, e.key) not in mentioned)
    text = "\n".join(plan_lines(plan, "store"))
    # the English cell sets the English text: the stored purposes are shown in both languages, the new one in English
    assert (
        "Purposes: [{en: Communicate with the person, nb: Kommunisere med personen}; {en: Archiving, nb: Arkivering}]"
        " → [{en: Answering people who write to Verji}]"
    ) in text


def test_a_coarse_cell_that_disagrees_is_a_conflict_kept_as_stored_unless_the_source_is_preferred(
    store: RegisterStore, tmp_path: Path
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    register = store.load_register()
    data = render_export(ExportKind.ROPA, ExportFormat.XLSX, register, report_for(register, AS_OF), Lang.EN)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "HubSpot → United States (US)" in cell.value:
                cell.value = cell.value.replace("HubSpot → United States (US)", "HubSpot → India")
    path = tmp_path / "edited.xlsx"
    workbook.save(path)
    plan = import_path(store, path, as_of=AS_OF, dry_run=True)
    assert plan.is_empty
    assert [(c.key, c.field, c.stored, c.source) for c in plan.conflicts] == [
        ("hubspot", "processing_locations", ["US"], ["EU", "IN", "NO"])
    ]
    assert "Processing locations: stored [US]; source [EU; IN; NO]" in "\n".join(plan_lines(plan, "store"))
    preferred = import_path(store, path, as_of=AS_OF, prefer=Prefer.SOURCE)
    assert preferred.applied
    hubspot = next(p for p in store.load_register().processors if p.key == "hubspot")
    assert hubspot.processing_locations == ["EU", "IN", "NO"]
    assert preferred.to_json()["conflicts"][0]["applied"] is True


def test_the_json_plan_names_each_changed_field(store: RegisterStore, tmp_path: Path) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    register = store.load_register()
    data = register.model_dump(mode="json")
    data["activities"][0]["purposes"] = ["Changed"]
    dump_register(Register.model_validate(data), tmp_path / "reg")
    plan = import_path(store, tmp_path / "reg", as_of=AS_OF, dry_run=True)
    field = plan.to_json()["changes"][0]["fields"][0]
    before = register.model_dump(mode="json")["activities"][0]["purposes"]  # each purpose by language
    assert field == {"field": "purposes", "label": "Purposes", "before": before, "after": ["Changed"]}
    assert EntityKind.ACTIVITY.value == plan.to_json()["changes"][0]["kind"]


def test_a_vendor_list_never_writes_its_coarse_tool_over_a_recorded_safeguard(
    store: RegisterStore, tmp_path: Path
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    data = _with_vendor(store.load_register()).model_dump(mode="json")
    vendor = next(p for p in data["processors"] if p["key"] == "vendor")
    vendor["sub_processors"] = [{"processor": "hubspot", "locations": ["US"], "safeguards": [SCC_ON_CRM]}]
    dump_register(Register.model_validate(data), tmp_path / "reg")
    import_path(store, tmp_path / "reg", as_of=AS_OF)
    agreeing = tmp_path / "agrees.csv"
    agreeing.write_text("Name,Locations\nHubSpot,USA – SCCs\n")
    _zero(import_subprocessors(store, "vendor", agreeing, as_of=AS_OF, dry_run=True))
    differing = tmp_path / "differs.csv"
    differing.write_text("Name,Locations\nHubSpot,USA – BCR\n")
    plan = import_subprocessors(store, "vendor", differing, as_of=AS_OF, dry_run=True)
    assert plan.is_empty and [(c.key, c.field) for c in plan.conflicts] == [("vendor", "sub_processors")]
    assert plan.conflicts[0].source[0]["safeguards"] == [{"kind": "bcr"}]
