"""Register text in several languages through every exchange format (#30): each export carries the
language it is asked for (DPV every language, as tagged literals), a missing translation is marked, and
reading the export back changes nothing, on both stores."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from catalog.app.export import ExportFormat, ExportKind, render_export, report_for
from catalog.app.imports import import_path, plan_lines
from catalog.app.interop import dpv_bytes, export_fides, import_fides
from catalog.domain.register import Register
from catalog.importers.plan import ImportMode, ImportPlan
from catalog.interop.dpv import DPV, RdfFormat
from catalog.kernel.lang import Lang
from catalog.kernel.localtext import LocalText, local
from catalog.store.base import RegisterStore
from tests.conftest import SEED_DIR

AS_OF = date(2026, 6, 1)


def _zero(plan: ImportPlan) -> None:
    assert plan.totals() == {"added": 0, "removed": 0, "changed": 0}, plan_lines(plan, "store")
    assert not plan.conflicts and not plan.findings_added and not plan.findings_removed


def _ropa_rows(register: Register, lang: Lang) -> list[dict[str, object]]:
    data = render_export(ExportKind.ROPA, ExportFormat.JSON, register, report_for(register, AS_OF), lang)
    rows: list[dict[str, object]] = json.loads(data)["rows"]
    return rows


def _lines(cell: object) -> list[str]:
    return [str(line) for line in cell] if isinstance(cell, list) else [str(cell)]


def test_the_ropa_names_and_purposes_are_in_the_language_asked_for(seed_register: Register) -> None:
    controller = [a for a in seed_register.activities if a.role == "controller"]
    assert controller
    for lang in Lang:
        rows = {str(row["activity"]): row for row in _ropa_rows(seed_register, lang)}
        assert set(rows) == {local(a.name, lang) for a in controller}
        for activity in controller:
            assert _lines(rows[local(activity.name, lang)]["purposes"]) == [local(p, lang) for p in activity.purposes]
    for activity in controller:
        # Every Verji activity is written in bokmål first: its Norwegian name and purposes differ from the English
        assert isinstance(activity.name, LocalText) and activity.name.variants["nb"] != activity.name.variants["en"]
        assert all(isinstance(p, LocalText) and set(p.variants) == {"nb", "en"} for p in activity.purposes)


def test_the_dpv_export_carries_each_language_as_a_tagged_literal(seed_register: Register) -> None:
    report = report_for(seed_register, AS_OF)
    for fmt in RdfFormat:
        graph = Graph().parse(data=dpv_bytes(seed_register, report, fmt).decode("utf-8"), format=fmt.rdflib_name)
        node = next(graph.subjects(DCTERMS.identifier, Literal("user-accounts")))
        assert set(graph.objects(node, DPV.hasName)) == {
            Literal("Brukerkontoer", lang="nb"),
            Literal("User accounts", lang="en"),
        }
        purposes = {
            literal for purpose in graph.objects(node, DPV.hasPurpose) for literal in graph.objects(purpose, None)
        }
        assert Literal("Kommunisere med brukerne", lang="nb") in purposes
        assert Literal("Communicate with users", lang="en") in purposes


def test_fides_is_written_in_the_chosen_language_and_merges_back_as_no_change(
    store: RegisterStore, tmp_path: Path
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    register = store.load_register()
    for lang in Lang:
        folder = tmp_path / f"fides-{lang.value}"
        export_fides(register, folder, AS_OF, lang)
        uses = yaml.safe_load((folder / "data_use.yml").read_text(encoding="utf-8"))["data_use"]
        names = {use["name"] for use in uses}
        assert {"Brukerkontoer", "User accounts"} & names == {
            local(LocalText({"nb": "Brukerkontoer", "en": "User accounts"}), lang)
        }
        _zero(import_fides(store, folder, mode=ImportMode.MERGE, as_of=AS_OF, dry_run=True, lang=lang))


def _without_bokmal(register: Register, key: str) -> Register:
    """The register with one activity's name written in English only."""
    data = register.model_dump(mode="json")
    for activity in data["activities"]:
        if activity["key"] == key:
            activity["name"] = {"en": activity["name"]["en"]}
    return Register.model_validate(data)


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_a_missing_translation_is_marked_and_the_marked_workbook_reads_back_as_no_change(
    store: RegisterStore, seed_register: Register, tmp_path: Path, suffix: str
) -> None:
    register = _without_bokmal(seed_register, "user-accounts")
    store.replace_register(register)
    names = [str(row["activity"]) for row in _ropa_rows(register, Lang.NB)]
    assert "User accounts [en]" in names and "Brukerkontoer" not in names
    fmt = ExportFormat.XLSX if suffix == "xlsx" else ExportFormat.CSV
    data = render_export(ExportKind.ROPA, fmt, register, report_for(register, AS_OF), Lang.NB)
    path = tmp_path / f"ropa-nb.{suffix}"
    path.write_bytes(data)
    _zero(import_path(store, path, as_of=AS_OF, dry_run=True))


def test_a_bokmal_workbook_sets_only_the_bokmal_text(
    store: RegisterStore, seed_register: Register, tmp_path: Path
) -> None:
    store.replace_register(seed_register)
    data = render_export(ExportKind.ROPA, ExportFormat.XLSX, seed_register, report_for(seed_register, AS_OF), Lang.NB)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edited = 0
    for row in workbook.worksheets[0].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "Ta sikkerhetskopier av databasene" in cell.value:
                cell.value = cell.value.replace("Ta sikkerhetskopier av databasene", "Sikkerhetskopiere databasene")
                edited += 1
    assert edited == 1
    path = tmp_path / "edited.xlsx"
    workbook.save(path)
    plan = import_path(store, path, as_of=AS_OF)
    assert [(c.key, [f.field for f in c.fields]) for c in plan.changes] == [("user-accounts", ["purposes"])]
    purposes = next(a.purposes for a in store.load_register().activities if a.key == "user-accounts")
    assert [getattr(p, "variants", p) for p in purposes][2] == {
        "nb": "Sikkerhetskopiere databasene",
        "en": "Keep backups of the databases",
    }
    assert all(isinstance(p, LocalText) and set(p.variants) == {"nb", "en"} for p in purposes)
