"""The model-driven forms: every field has a widget; problems read as plain language naming the label."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import get_args

import pandas as pd
import pytest
from pydantic import BaseModel, Field

from catalog.app.language import Lang
from catalog.app.register import form_values, validate_entity, validate_organisation
from catalog.compliance.engine import evaluate
from catalog.compliance.rules import SCC_DETAILS_MISSING
from catalog.domain import models as m
from catalog.domain.base import CatalogModel
from catalog.domain.fieldtext import base_type, field_label, nested_model, strip_optional
from catalog.domain.location import Location
from catalog.domain.register import EntityKind, Register
from catalog.errors import RegisterValidationError
from catalog.reference import load_reference
from ui.components.field_help import FIELD_HELP
from ui.components.field_labels import FIELD_LABELS
from ui.components.fixes import fix_target
from ui.components.forms import (
    ITEM_FORMS,
    FormContext,
    _column_config,
    _Table,
    _uncell,
    enum_label,
    enum_values,
    instrument_choices,
    location_code,
    location_label,
    location_options,
    vocabulary_label,
    widget_for,
)
from ui.components.readable import readable_rows
from ui.components.search import search_register
from ui.components.vocabulary import VOCABULARY

PYDANTIC_WORDING = ("Input should", "valid date", "Value error", "Field required", "type=", "pydantic")


def _models() -> list[type[BaseModel]]:
    """Every model a form edits: the organisation, every entity kind, and everything nested in them."""
    found: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [m.Organisation, *(kind.model for kind in EntityKind)]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            if (inner := nested_model(info.annotation)) is not None:
                todo.append(inner)
    return found


@pytest.mark.parametrize("model", _models(), ids=lambda model: model.__name__)
def test_every_field_of_every_kind_has_a_widget(model: type[BaseModel]) -> None:
    for name in model.model_fields:
        assert widget_for(model, name), f"{model.__name__}.{name}"
        assert field_label(model, name) and "_" not in field_label(model, name)


def test_widgets_follow_the_field_types() -> None:
    assert widget_for(m.Processor, "key") == "key"
    assert widget_for(m.Processor, "legal_name") == "text"
    assert widget_for(m.Processor, "service_category") == "enum"
    assert widget_for(m.Processor, "can_access_data") == "bool"
    assert widget_for(m.Organisation, "dpo_appointed") == "optional_bool"
    assert widget_for(m.Processor, "established_in") == "location"
    assert widget_for(m.Processor, "processing_locations") == "locations"
    assert widget_for(m.Processor, "dpa") == "model"
    assert widget_for(m.Processor, "certifications") == "table"
    assert widget_for(m.Processor, "sub_processors") == "table"
    assert widget_for(m.Processor, "safeguards") == "items" and m.Safeguard in ITEM_FORMS
    assert widget_for(m.Safeguard, "instrument") == "instrument"
    assert widget_for(m.Safeguard, "module") == "enum"
    assert widget_for(m.Safeguard, "signed_on") == "date"
    assert widget_for(m.System, "operator") == "ref"
    assert widget_for(m.ProcessingActivity, "data_categories") == "refs"
    assert widget_for(m.ProcessingActivity, "purposes") == "strings"


def _offered_values() -> set[str]:
    """Every value a form's choice (one or several) offers, over every model a form edits."""
    values: set[str] = set()
    for model in _models():
        for name, info in model.model_fields.items():
            kind = widget_for(model, name)
            if kind == "enum":
                values.update(enum_values(info.annotation))
            elif kind == "enums":
                values.update(enum_values(get_args(base_type(strip_optional(info.annotation)[0]))[0]))
    return values


def test_every_choice_a_form_offers_is_marked_for_translation_with_its_own_label() -> None:
    for value in _offered_values():
        label = enum_label(value)
        if value in VOCABULARY:
            assert label == VOCABULARY[value] == vocabulary_label(value), value
        else:  # an SCC module or "unknown": worded by enum_label itself, through the catalog
            assert label.startswith(("Module ", "unknown")), value
    assert enum_label("6(1)(f)", Lang.NB) == "Berettiget interesse (art. 6 nr. 1 bokstav f)"
    assert enum_label("2", Lang.NB) == "Modul 2: behandlingsansvarlig til databehandler"


def test_every_field_label_a_form_shows_is_marked_for_translation() -> None:
    shown = {field_label(model, name) for model in _models() for name in model.model_fields}
    assert shown <= set(FIELD_LABELS), sorted(shown - set(FIELD_LABELS))


def test_every_help_text_a_form_shows_is_marked_for_translation() -> None:
    shown = {info.description for model in _models() for info in model.model_fields.values() if info.description}
    assert shown <= set(FIELD_HELP), sorted(shown - set(FIELD_HELP))


def test_countries_read_as_name_and_code_with_unknown_first() -> None:
    options = location_options()
    assert options[0] == "unknown" and {"EU", "EEA", "NO", "US"} <= set(options)
    assert location_label("NO") == "Norway (NO)"
    assert location_label("unknown").startswith("unknown")


def test_instruments_are_grouped_by_kind_and_sorted_by_date() -> None:
    reference = load_reference()
    labels = list(instrument_choices(reference).values())[2:]
    kinds = [label.split(" · ")[0] for label in labels]
    assert kinds == sorted(kinds, key=lambda k: k != "SCC decision")  # SCC decisions, then adequacy decisions
    scc = [s.id for s in sorted(reference.scc.entries, key=lambda d: d.valid_from, reverse=True)]
    assert list(instrument_choices(reference))[2 : 2 + len(scc)] == scc


def _problems(data: dict[str, object]) -> dict[str | None, str]:
    with pytest.raises(RegisterValidationError) as caught:
        validate_entity(EntityKind.PROCESSOR, data)
    return {problem.field: problem.message for problem in caught.value.problems}


def test_problems_name_the_label_in_plain_words(seed_register: Register) -> None:
    data = seed_register.processors[2].model_dump(mode="json")
    data["established_in"] = "Atlantis"
    data["safeguards"][0].update(
        {"instrument": "scc-2021-914", "module": "7", "tia": {"assessed_on": "2025-13-01", "outcome": "adequate"}}
    )
    problems = _problems(data)
    assert problems["safeguards.0.tia.assessed_on"].startswith("TIA date")
    assert "enter a date such as 2025-06-30" in problems["safeguards.0.tia.assessed_on"]
    assert problems["established_in"].startswith("Established in:")
    assert (
        problems["safeguards.0.module"].startswith("SCC module")
        and "choose one of: 1, 2, 3, 4" in (problems["safeguards.0.module"])
    )
    for message in problems.values():
        assert not any(word in message for word in PYDANTIC_WORDING), message


def test_a_rule_across_fields_names_the_row_and_labels(seed_register: Register) -> None:
    data = seed_register.processors[2].model_dump(mode="json")
    data["safeguards"][0]["instrument"] = "scc-2021-914"
    problems = _problems(data)
    assert problems["safeguards.0"].startswith("Safeguards, row 1:") and "module" in problems["safeguards.0"]
    data = seed_register.processors[2].model_dump(mode="json")
    data["sub_processors"] = [{"processor": "Not A Key"}]
    assert _problems(data)["sub_processors.0.processor"].startswith("Sub-processor (Sub-processors, row 1)")


def test_organisation_problems_are_plain() -> None:
    with pytest.raises(RegisterValidationError) as caught:
        validate_organisation({"name": "", "address": {"country": "XX"}})
    messages = [p.message for p in caught.value.problems]
    assert any(message.startswith("Legal name:") for message in messages)
    assert any(message.startswith("Country (Address)") for message in messages)


def test_the_crm_providers_scc_finding_is_fixed_at_its_safeguard(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), date(2026, 1, 1))
    finding = next(
        f for f in report.findings if f.rule == SCC_DETAILS_MISSING and f.subject == "processor:crm-provider"
    )
    target = fix_target(finding, seed_register, report)
    assert target is not None
    assert target.query_params() == {
        "kind": "processors",
        "key": "crm-provider",
        "field": "safeguards.0",
        "finding": finding.id,
    }
    assert target.field_label() == "Safeguards"
    for each in report.findings:  # every finding of the seed leads to a form
        assert fix_target(each, seed_register, report) is not None, each.rule


def test_search_by_name_key_legal_name_and_country(seed_register: Register) -> None:
    assert any(h.key == "hubspot" for h in search_register(seed_register, "HubSpot"))
    assert any(h.key == "crm-provider" for h in search_register(seed_register, "crm-prov"))
    by_country = search_register(seed_register, "united states")
    assert {"crm-provider", "webstat"} <= {h.key for h in by_country}
    assert any(h.key == "webstat" for h in search_register(seed_register, "US"))
    assert search_register(seed_register, "   ") == []


def test_auditor_rows_show_labels_names_and_countries(seed_register: Register) -> None:
    system = next(s for s in seed_register.systems if s.operator)
    # the register view reads an entity's text in the form's language (form_values), as here
    rows = readable_rows(m.System, form_values(system), seed_register, load_reference())
    fields = {row["field"]: row["value"] for row in rows}
    assert "Operator" in fields and f"({system.operator})" in fields["Operator"]
    assert all(":" not in value.split(" ")[0] for value in fields.values())
    processor = seed_register.processors[2]
    rows = readable_rows(m.Processor, form_values(processor), seed_register, load_reference())
    assert {"field": "Processing locations", "value": "United States (US)"} in rows
    assert any(row["field"].startswith("Safeguards 1 › ") for row in rows)


class _Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class _Inner(CatalogModel):
    when: date | None = None


class _Added(CatalogModel):
    """Field shapes other issues add concurrently (enums, lists of enums, dates, bools, numbers, records)."""

    colour: _Colour | None = None
    colours: list[_Colour] = Field(default_factory=list)
    reviewed_on: date | None = None
    certified: bool | None = None
    count: int | None = None
    inner: _Inner | None = None
    inners: list[_Inner] = Field(default_factory=list)
    where: Location = "unknown"


def test_new_kinds_of_field_get_a_widget_without_ui_work() -> None:
    widgets = {name: widget_for(_Added, name) for name in _Added.model_fields}
    assert widgets == {
        "colour": "enum",
        "colours": "enums",
        "reviewed_on": "date",
        "certified": "optional_bool",
        "count": "number",
        "inner": "model",
        "inners": "table",
        "where": "location",
    }


def test_a_field_no_widget_can_edit_fails_loudly() -> None:
    class Odd(CatalogModel):
        blob: dict[str, int] = Field(default_factory=dict)

    with pytest.raises(TypeError, match=r"no widget for Odd\.blob"):
        widget_for(Odd, "blob")


def test_a_location_typed_in_a_table_cell_by_its_country_name_is_read_as_its_code() -> None:
    assert _uncell("locations", ["Norway", "united states", "us", "EU", "unknown"]) == [
        "NO",
        "US",
        "US",
        "EU",
        "unknown",
    ]
    assert _uncell("location", "Germany") == "DE" and _uncell("location", None) is None
    # Text naming no place is kept as typed: the save refuses it with a message, the row stays.
    assert location_code("Narnia") == "Narnia"


class _NoWidgets:
    """No widget has a value yet (the forms read widget state only through this protocol)."""

    def get(self, key: str, default: object = None) -> object:
        return default

    def forget_prefixed(self, prefix: str) -> None:
        pass

    def put(self, key: str, value: object) -> None:
        pass


def test_no_table_column_holds_back_a_row_the_browser_thinks_incomplete(seed_register: Register) -> None:
    """A ``required`` column keeps a new row with that cell empty in the browser: the save never sees it."""
    ctx = FormContext("t", seed_register, load_reference(), widgets=_NoWidgets())
    for model in _models():
        table = _Table.of(model)
        for column in table.columns:
            config = _column_config(ctx, model, column, table.cells[column])
            assert not config.get("required"), f"{model.__name__}.{column}"


def test_an_incomplete_or_invalid_table_row_is_kept_and_refused_naming_its_row(seed_register: Register) -> None:
    table = _Table.of(m.SubProcessorEngagement)
    edited = pd.DataFrame(
        [
            {"processor": "webstat", "purpose": "Hosting", "locations": ["Norway"]},
            {"processor": None, "purpose": "Backups", "locations": []},
            {"processor": "webstat", "purpose": None, "locations": ["Atlantis"]},
        ],
        columns=table.columns,
    )
    records = table.records(edited, [], [])
    assert [r.get("purpose") for r in records] == ["Hosting", "Backups", None]  # every row, none skipped
    assert records[0]["locations"] == ["NO"] and records[2]["locations"] == ["Atlantis"]
    data = seed_register.processors[2].model_dump(mode="json")
    data["sub_processors"] = records
    problems = _problems(data)
    assert problems["sub_processors.1.processor"].startswith("Sub-processor (Sub-processors, row 2): required")
    assert "Sub-processors, row 3" in problems["sub_processors.2.locations.0"]
    assert "sub_processors.0.processor" not in problems


def test_empty_table_cells_are_blank_not_none() -> None:
    table = _Table.of(m.SubProcessorEngagement)
    frame = table.frame([{"processor": "webstat"}])
    assert frame.loc[0, "purpose"] == "" and list(frame.loc[0, "locations"]) == []
