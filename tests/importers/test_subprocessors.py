"""Vendor sub-processor lists: replace one processor's sub-processors, previewed with the findings they bring."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from catalog.app.imports import import_path, import_subprocessors
from catalog.domain.register import EntityKind, Register
from catalog.errors import InputError, NotFoundError
from catalog.importers.sheets import read_sheets
from catalog.importers.subprocessors import read_subprocessor_list
from catalog.store.base import RegisterStore
from tests.conftest import SEED_DIR

AS_OF = date(2026, 6, 1)

LIST_CSV = (
    "HubSpot sub-processors, updated 2026-05\n"
    "\n"
    "Name,Service,Locations,Entity,Website\n"
    'Amazon Web Services,Hosting,"United States, Ireland","Amazon Web Services, Inc.",https://aws.amazon.com\n'
    "Acme Support,Customer support,India,Acme Support India Pvt Ltd,https://acme.example\n"
    "Mystery Co,Analytics,Atlantis,,\n"
)


def test_a_list_adding_a_sub_processor_in_india_shows_the_onward_transfer_finding_first(
    store: RegisterStore, tmp_path: Path
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    revision = store.revision()
    listed = tmp_path / "hubspot.csv"
    listed.write_text(LIST_CSV, encoding="utf-8")
    dry = import_subprocessors(store, "hubspot", listed, as_of=AS_OF, dry_run=True)
    assert store.revision() == revision
    india = [f for f in dry.findings_added if f.country == "IN"]
    assert india, dry.findings_added
    assert any("Acme Support India Pvt Ltd" in f.subject_name or "Acme" in f.message for f in india)
    summary = "\n".join(dry.summary)
    assert "Sub-processors of HubSpot: 0 before, 3 after" in summary
    assert "+ Acme Support India Pvt Ltd (India)" in summary and "Countries added:" in summary
    assert [(w.row, w.column, w.value) for w in dry.warnings] == [(6, "Locations", "Atlantis")]
    done = import_subprocessors(store, "hubspot", listed, as_of=AS_OF)
    assert done.applied and done.findings_added == dry.findings_added
    stored = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert stored is not None
    engaged = [e.processor for e in stored.value.sub_processors]  # type: ignore[union-attr]
    assert len(engaged) == 3

    # A later list without Acme removes that engagement and says so; an empty list is refused.
    shorter = tmp_path / "hubspot-2.csv"
    shorter.write_text("\n".join(line for line in LIST_CSV.splitlines() if "Acme" not in line), encoding="utf-8")
    plan = import_subprocessors(store, "hubspot", shorter, as_of=AS_OF, dry_run=True)
    assert "- Acme Support India Pvt Ltd (India)" in "\n".join(plan.summary)
    assert any(f.country == "IN" for f in plan.findings_removed)
    empty = tmp_path / "empty.csv"
    empty.write_text("Name,Service,Locations\n", encoding="utf-8")
    with pytest.raises(InputError, match="would be removed"):
        import_subprocessors(store, "hubspot", empty, as_of=AS_OF)
    assert store.get_entity(EntityKind.PROCESSOR, "hubspot") == stored


def test_xlsx_list_and_bad_input(store: RegisterStore, tmp_path: Path) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Sub-processor", "Purpose", "Country"])
    sheet.append(["Zendesk", "Support tickets", "USA – SCCs"])
    out = io.BytesIO()
    book.save(out)
    listed = tmp_path / "webstat.xlsx"
    listed.write_bytes(out.getvalue())
    plan = import_subprocessors(store, "webstat", listed, as_of=AS_OF)
    webstat = store.get_entity(EntityKind.PROCESSOR, "webstat")
    assert plan.applied and webstat is not None
    (engagement,) = webstat.value.sub_processors  # type: ignore[union-attr]
    assert engagement.locations == ["US"] and engagement.safeguards[0].kind == "scc"
    with pytest.raises(NotFoundError, match="no processor with key 'nobody'"):
        import_subprocessors(store, "nobody", listed)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no header row with a name column and a locations column"):
        import_subprocessors(store, "webstat", bad)


def test_a_list_validates_only_the_processors_it_changes_and_gives_the_whole_registers_result(
    seed_register: Register,
) -> None:
    """The vendor and the processors a list adds are validated; every other entity is the stored object, and the
    register is the one validating the whole of it gives."""
    sheets = read_sheets(LIST_CSV.encode("utf-8"), "hubspot.csv")
    read = read_subprocessor_list(sheets, "hubspot.csv", seed_register, "hubspot")
    assert read.register == Register.model_validate(read.register.model_dump(mode="json"))
    stored = {entity.key: entity for _, entity in seed_register.all_entities()}
    kept = [entity for _, entity in read.register.all_entities() if entity.key in stored and entity.key != "hubspot"]
    assert kept and all(entity is stored[entity.key] for entity in kept)
    assert [p.key for p in read.register.processors][: len(seed_register.processors)] == [
        p.key for p in seed_register.processors
    ]
    assert len(read.register.processors) == len(seed_register.processors) + 3
