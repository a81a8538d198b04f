"""One security-measure model (issue #29): registers written with 'supplementary_measures' still read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from catalog.compliance.engine import evaluate
from catalog.domain.models import DataCategory, Safeguard, SecurityMeasure
from catalog.domain.register import Register
from catalog.domain.vocab import SupplementaryMeasureKind
from catalog.reference import load_reference
from catalog.registerfile.register_yaml import dump_register, load_register

DAY = date(2026, 11, 27)
E2E = SupplementaryMeasureKind.E2E_ENCRYPTION


def test_the_old_field_name_reads_as_measures_marked_supplementary() -> None:
    category = DataCategory.model_validate(
        {
            "key": "messages",
            "name": "Messages",
            "supplementary_measures": [{"kind": "e2e_encryption", "description": "keys with the users"}],
            "provenance": [{"field": "supplementary_measures", "basis": "reading", "note": "Our reading."}],
        }
    )
    assert category.security_measures == [
        SecurityMeasure(kind=E2E, description="keys with the users", supplementary=True)
    ]
    assert category.supplementary_measures == category.security_measures
    assert category.provenance[0].field == "security_measures"
    safeguard = Safeguard.model_validate(
        {"kind": "scc", "instrument": "unknown", "supplementary_measures": [{"kind": "pseudonymisation"}]}
    )
    assert [m.supplementary for m in safeguard.security_measures] == [True]


def test_only_measures_marked_supplementary_count_for_transfers() -> None:
    category = DataCategory(
        key="messages",
        name="Messages",
        security_measures=[
            SecurityMeasure(kind=E2E),
            SecurityMeasure(kind=SupplementaryMeasureKind.BACKUPS, supplementary=True),
        ],
    )
    assert [m.kind for m in category.supplementary_measures] == [SupplementaryMeasureKind.BACKUPS]


def test_a_seed_written_the_old_way_gives_the_same_findings(seed_register: Register, tmp_path: Path) -> None:
    folder = tmp_path / "old"
    dump_register(seed_register, folder)
    data = yaml.safe_load((folder / "data_categories.yaml").read_text(encoding="utf-8"))
    for category in data["data_categories"]:
        measures = category.pop("security_measures", None)
        if measures:
            category["supplementary_measures"] = [
                {k: v for k, v in m.items() if k != "supplementary"} for m in measures
            ]
            for entry in category.get("provenance", []):
                if entry["field"] == "security_measures":
                    entry["field"] = "supplementary_measures"
    (folder / "data_categories.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    old = load_register(folder)
    assert old.sorted() == seed_register.sorted()
    reference = load_reference()
    assert evaluate(old, reference, DAY).findings == evaluate(seed_register, reference, DAY).findings
