"""The engine judges each distinct case once; hops must still get exactly their own verdict."""

from __future__ import annotations

from datetime import date
from typing import Any

from catalog.compliance import rules
from catalog.compliance.safeguards import DOCUMENTATION_ONLY, value_key
from catalog.domain.models import Safeguard
from tests.engine_registers import activity, check, scc, vendor
from tests.engine_registers import register as make_register


def two_vendors(first: dict[str, Any], second: dict[str, Any]) -> Any:
    systems = [
        {"key": "sys-a", "name": "A", "kind": "saas", "operator": "a", "hosting": ["DE"]},
        {"key": "sys-b", "name": "B", "kind": "saas", "operator": "b", "hosting": ["DE"]},
    ]
    return make_register(
        [vendor("a", safeguards=[first]), vendor("b", safeguards=[second])],
        activities=[activity(systems=["sys-a", "sys-b"])],
        systems=systems,
    )


def test_remarks_do_not_change_the_key_and_every_judged_field_does() -> None:
    base = Safeguard.model_validate(scc("2"))
    remarked = base.model_copy(update={"note": "see the DPA annex", "source": None})
    assert value_key(remarked) == value_key(base)
    assert DOCUMENTATION_ONLY[Safeguard] == {"note", "source"}
    changed = {
        "module": "3",
        "instrument": "scc-2010-87",
        "signed_on": base.signed_on or date(2022, 1, 1),
        "valid_until": date(2030, 1, 1),
        "tia": None,
    }
    for field, value in changed.items():
        assert value_key(base.model_copy(update={field: value})) != value_key(base), field


def test_vendors_with_equal_contracts_share_a_verdict_but_keep_their_own_hops() -> None:
    report = check(two_vendors(scc("2", note="first"), scc("2", note="second")))
    assert [(h.importer, h.basis.value, h.mechanism) for h in report.transfers] == [
        ("processor:a", "safeguarded", "SCC 2021/914 module 2"),
        ("processor:b", "safeguarded", "SCC 2021/914 module 2"),
    ]
    assert [h.safeguards[0].note for h in report.transfers] == ["first", "second"]


def test_vendors_whose_contracts_differ_only_in_the_tia_get_different_findings() -> None:
    old = scc("2", tia={"assessed_on": "2020-01-01", "outcome": "adequate"})
    report = check(two_vendors(scc("2"), old))
    outdated = [f.subject for f in report.findings if f.rule == rules.TIA_OUTDATED]
    assert outdated == ["processor:b"]
    wrong_module = check(two_vendors(scc("2"), scc("3")))
    assert [h.basis.value for h in wrong_module.transfers] == ["safeguarded", "invalid_safeguard"]
