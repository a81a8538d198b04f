"""``verdicts.hop_verdicts``: each hop's status, reason and mechanism exactly as the full check reports them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from catalog.compliance.engine import CheckOptions, evaluate
from catalog.compliance.verdicts import hop_verdicts
from catalog.domain.register import Register
from catalog.reference import load_reference
from catalog.registerfile.register_yaml import load_register
from tools.synthetic import synthetic_register

REVIEW_DATA = Path(__file__).parents[1] / "review" / "data"


def _registers() -> list[tuple[str, Register]]:
    return [("dated", load_register(REVIEW_DATA)), ("synthetic", synthetic_register(1500, seed=5))]


@pytest.mark.parametrize(("name", "register"), _registers(), ids=lambda value: value if isinstance(value, str) else "")
@pytest.mark.parametrize("options", [None, CheckOptions(tia_max_age_days=30)])
def test_each_hops_verdict_is_the_full_checks(name: str, register: Register, options: CheckOptions | None) -> None:
    reference = load_reference()
    for day in (date(2024, 6, 1), date(2027, 3, 1), date(2032, 1, 1)):
        flows, verdicts = hop_verdicts(register, reference, day, options)
        report = evaluate(register, reference, day, options)
        assert [v.draft for v in verdicts] == list(flows.hops)
        by_id = {hop.id: (hop.status, hop.status_reason, hop.mechanism) for hop in report.transfers}
        assert {v.draft.id: (v.status, v.reason, v.mechanism) for v in verdicts} == by_id, name
        # the words too, not only their English text
        assert all(
            getattr(v.reason, "template", None) == getattr(by_id[v.draft.id][1], "template", None) for v in verdicts
        )
