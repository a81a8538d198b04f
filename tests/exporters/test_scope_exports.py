"""The transfer register shows a territory's standing and the measures that travel with the data (issue #14)."""

from __future__ import annotations

from datetime import date

from catalog.compliance.engine import evaluate
from catalog.domain.register import Register
from catalog.exporters.rows import Table, build_table, cell_text
from catalog.kernel.lang import Lang
from catalog.reference import load_reference
from tests.engine_registers import register, scc, vendor


def column(table: Table, column_id: str) -> list[str]:
    index = [c.id for c in table.columns].index(column_id)
    return [cell_text(row[index]) for row in table.rows]


def test_a_territory_is_shown_with_its_status_on_the_date() -> None:
    reg = register([vendor("nuuk", ["GL"], safeguards=[scc("2")])], country="DK")
    for lang, expected in (
        (Lang.EN, "Greenland (GL) — outside the EEA, overseas country or territory"),
        (Lang.NB, "— utenfor EØS, oversjøisk land eller territorium"),
    ):
        table = build_table("transfers", reg, evaluate(reg, load_reference(), date(2026, 1, 1)), lang)
        (country,) = column(table, "country")
        assert country.endswith(expected) or country == expected


def test_the_e2e_measure_appears_on_the_message_content_hops_of_the_transfer_register(
    seed_register: Register,
) -> None:
    report = evaluate(seed_register, load_reference(), date(2026, 11, 27))
    table = build_table("transfers", seed_register, report)
    ids, measures = column(table, "transfer_id"), column(table, "supplementary_measures")
    carrying = {h.id for h in report.transfers if "messages.content" in h.data_categories}
    assert carrying
    for hop_id, measure in zip(ids, measures, strict=True):
        assert ("End-to-end encryption" in measure) is (hop_id in carrying), hop_id
