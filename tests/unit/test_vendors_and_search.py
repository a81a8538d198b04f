"""The vendors table's rows (every processor, the engine's statuses and counts), its CSV/XLSX re-opened with
real readers, the bulk edit's plan and apply on both stores, and the fuzzy search's ranking."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from catalog.app import register as services
from catalog.app.language import LocalText
from catalog.app.review import check_register, worst
from catalog.app.search import Matched, search, search_index
from catalog.app.vendors import (
    apply_bulk_edit,
    entity_rows,
    plan_bulk_edit,
    receives_no_data,
    table_file,
    vendor_rows,
)
from catalog.domain.models import Processor, SubProcessorEngagement, System
from catalog.domain.register import EntityKind, Register
from catalog.errors import InputError, RegisterValidationError
from catalog.store.base import RegisterStore

DAY = date(2026, 1, 15)


def _keys(register: Register, query: str) -> list[str]:
    return [hit.key for hit in search(search_index(register, ("en", "nb")), query)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Web stat", "webstat"),  # a space inside the name
        ("webstatt", "webstat"),  # a letter too many
        ("Hubsopt", "hubspot"),  # two letters swapped
        ("HUBSPOT", "hubspot"),  # case
        ("crm prov", "crm-provider"),  # a key, typed with a space
    ],
)
def test_typos_spaces_and_case_find_the_entity_first(seed_register: Register, query: str, first: str) -> None:
    assert _keys(seed_register, query)[0] == first


def test_countries_are_found_by_name_code_and_bokmal_name(seed_register: Register) -> None:
    in_us = {"crm-provider", "webstat", "hubspot", "website-hosting-provider"}
    for query in ("united states", "US", "USA"):
        assert in_us <= set(_keys(seed_register, query)), query
    assert "hosting-provider" in _keys(seed_register, "Norge")  # Norway, in bokmål
    # a two-letter code matches only whole: "us" is not every name containing "us"
    assert "customer-support-tool-provider" not in _keys(seed_register, "us")


def test_a_category_is_found_by_its_words(seed_register: Register) -> None:
    index = search_index(seed_register, ("en",), lambda value: [value.replace("_", " "), "Kundestøtte"])
    found = {(hit.key, hit.matched) for hit in search(index, "kundestotte")}
    assert ("customer-support-tool-provider", Matched.CATEGORY) in found


def test_a_norwegian_name_and_every_language_of_a_name_are_found(seed_register: Register) -> None:
    webstat = next(p for p in seed_register.processors if p.key == "webstat")
    renamed = webstat.model_copy(
        update={"legal_name": LocalText({"nb": "Nettstatistikk Ærlig Øst AS", "en": "Webstat"})}
    )
    register = seed_register.model_copy(
        update={"processors": [renamed if p.key == "webstat" else p for p in seed_register.processors]}
    )
    assert _keys(register, "nettstatistikk erlig ost")[0] == "webstat"  # typed without æ and ø
    assert _keys(register, "Nettstatistik")[0] == "webstat"
    assert _keys(register, "webstat")[0] == "webstat"


def test_nothing_and_noise_find_nothing(seed_register: Register) -> None:
    assert _keys(seed_register, "   ") == []
    assert _keys(seed_register, "zzqx") == []


def test_every_processor_has_a_row_with_the_engines_status_and_finding_count(seed_register: Register) -> None:
    report = check_register(seed_register, DAY)
    rows = vendor_rows(seed_register, report)
    assert sorted(row.key for row in rows) == sorted(p.key for p in seed_register.processors)
    for row in rows:
        node = f"processor:{row.key}"
        hops = [hop for hop in report.transfers if hop.importer == node]
        assert row.status == (worst({hop.status for hop in hops}) if hops else None)
        assert row.transfers == len(hops)
        assert row.open_findings == sum(1 for f in report.findings if f.subject == node)
        assert dict(row.hop_statuses) == {
            country: worst({h.status for h in hops if h.country == country}) for country in {h.country for h in hops}
        }
    webstat = next(row for row in rows if row.key == "webstat")
    assert webstat.category == "analytics" and "US" in webstat.countries and webstat.receives_data
    systems = entity_rows(seed_register, report, EntityKind.SYSTEM)
    assert len(systems) == len(seed_register.systems)


def test_a_processor_nothing_uses_receives_no_data(seed_register: Register) -> None:
    lonely = Processor.model_validate(
        {
            "key": "lonely",
            "legal_name": "Lonely AS",
            "service_category": "hosting",
            "established_in": "NO",
            "processing_locations": ["US"],
        }
    )
    register = seed_register.model_copy(update={"processors": [*seed_register.processors, lonely]})
    assert receives_no_data(register, "lonely")
    assert not receives_no_data(register, "webstat")
    row = next(r for r in vendor_rows(register, check_register(register, DAY)) if r.key == "lonely")
    assert not row.receives_data and row.status is None and row.transfers == 0
    # operating a system that no activity uses brings it no data either; engaged by a used processor, it has some
    idle = System.model_validate(
        {"key": "idle", "name": "Idle", "kind": "saas", "operator": "lonely", "hosting": ["US"]}
    )
    with_idle = register.model_copy(update={"systems": [*register.systems, idle]})
    assert receives_no_data(with_idle, "lonely")
    webstat = next(p for p in register.processors if p.key == "webstat")
    engaging = webstat.model_copy(update={"sub_processors": [SubProcessorEngagement(processor="lonely")]})
    chained = register.model_copy(
        update={"processors": [engaging if p.key == "webstat" else p for p in register.processors]}
    )
    assert not receives_no_data(chained, "lonely")


HEADINGS = ["Name", "Findings", "Note"]
ROWS: list[list[str | int | None]] = [
    ['=HYPERLINK("http://example.invalid")', 3, "+1 call"],
    ["Webstat", 0, None],
    ["Tjenesteleverandør Ås", 1, "@home"],
]


def test_the_view_as_csv_reopens_with_formulas_neutralised() -> None:
    data = table_file(HEADINGS, ROWS, "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADINGS
    assert rows[1] == ['\'=HYPERLINK("http://example.invalid")', "3", "'+1 call"]
    assert rows[2] == ["Webstat", "0", ""]
    assert rows[3] == ["Tjenesteleverandør Ås", "1", "'@home"]


def test_the_view_as_xlsx_reopens_with_text_as_text_and_numbers_as_numbers() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(table_file(HEADINGS, ROWS, "xlsx", "Processors"))).active
    assert sheet is not None and sheet.title == "Processors"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADINGS
    assert values[1] == ['=HYPERLINK("http://example.invalid")', 3, "+1 call"]
    assert sheet["A2"].data_type == "s"  # a string cell: never evaluated
    assert values[3] == ["Tjenesteleverandør Ås", 1, "@home"]


def test_a_bulk_edit_is_planned_before_after_with_its_findings_then_applied(store: RegisterStore) -> None:
    services.seed(store)
    stored, revision = store.load_register(), store.revision()
    keys = ["webstat", "hubspot"]
    plan = plan_bulk_edit(
        store, stored, EntityKind.PROCESSOR, keys, "established_in", "US", based_on=revision, as_of=DAY
    )
    assert {(change.key, change.action.value) for change in plan.changes} == {(k, "changed") for k in keys}
    for change in plan.changes:
        assert [(f.field, f.before, f.after) for f in change.fields] == [("established_in", "unknown", "US")]
    before = {f.id for f in check_register(stored, DAY).findings}
    after_register = stored.model_copy(
        update={
            "processors": [
                p.model_copy(update={"established_in": "US"}) if p.key in keys else p for p in stored.processors
            ]
        }
    )
    after = {f.id for f in check_register(after_register, DAY).findings}
    assert {f.id for f in plan.findings_added} == after - before
    assert {f.id for f in plan.findings_removed} == before - after
    assert store.revision() == revision  # planning wrote nothing
    done = apply_bulk_edit(store, plan, stored)
    assert done.applied
    reloaded = {p.key: p for p in store.load_register().processors}
    assert all(reloaded[k].established_in == "US" for k in keys)
    assert reloaded["crm-provider"].established_in == "unknown"
    assert store.history()[-1].operation == "edit"


def test_a_bulk_edit_refuses_a_bad_value_or_field_by_name(seed_register: Register, store: RegisterStore) -> None:
    services.seed(store)
    stored, revision = store.load_register(), store.revision()
    with pytest.raises(RegisterValidationError) as bad_date:
        plan_bulk_edit(
            store, stored, EntityKind.PROCESSOR, ["webstat"], "last_reviewed_on", "2026/11/20", based_on=revision
        )
    assert "webstat" in str(bad_date.value)
    with pytest.raises(InputError, match="legal_name"):
        plan_bulk_edit(store, stored, EntityKind.PROCESSOR, ["webstat"], "legal_name", "X", based_on=revision)
    with pytest.raises(InputError, match="no-such"):
        plan_bulk_edit(store, stored, EntityKind.PROCESSOR, ["no-such"], "last_reviewed_on", None, based_on=revision)
