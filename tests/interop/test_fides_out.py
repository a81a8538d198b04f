"""The Fides export read back and validated by fideslang itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.manifests import ingest_manifests
from fideslang.models import Organization, Taxonomy
from fideslang.parse import load_manifests_into_taxonomy
from fideslang.relationships import get_referenced_missing_keys
from pydantic import BaseModel

from catalog.app.export import report_for
from catalog.domain.register import Register
from catalog.interop.fides_out import write_fides
from tests.interop.conftest import AS_OF


def exported(register: Register, folder: Path) -> dict[str, list[dict[str, Any]]]:
    write_fides(register, report_for(register, AS_OF), folder)
    return ingest_manifests(str(folder))


def ignored_fields(model: BaseModel, raw: dict[str, Any], where: str) -> list[str]:
    """Fields fideslang silently drops (its models ignore unknown fields): each one would be a lost value."""
    problems = [f"{where}.{name}" for name in raw if name not in type(model).model_fields]
    for name, value in raw.items():
        child = getattr(model, name, None)
        if isinstance(value, dict) and isinstance(child, BaseModel):
            problems += ignored_fields(child, value, f"{where}.{name}")
        if isinstance(value, list) and isinstance(child, list) and value and isinstance(value[0], dict):
            for i, (item, parsed) in enumerate(zip(value, child, strict=True)):
                if isinstance(item, dict) and isinstance(parsed, BaseModel):
                    problems += ignored_fields(parsed, item, f"{where}.{name}[{i}]")
    return problems


def test_fideslang_validates_the_export_with_zero_errors(any_register: Register, tmp_path: Path) -> None:
    raw = exported(any_register, tmp_path)
    taxonomy = load_manifests_into_taxonomy(raw)  # raises on any validation error
    assert {name: len(items) for name, items in raw.items()} == {name: len(getattr(taxonomy, name)) for name in raw}
    dropped = [
        problem
        for name, items in raw.items()
        for i, (item, model) in enumerate(zip(items, getattr(taxonomy, name), strict=True))
        for problem in ignored_fields(model, item, f"{name}[{i}]")
    ]
    assert dropped == []
    # Every key referenced resolves in the export or in fideslang's default taxonomy.
    merged = Taxonomy(
        **{
            name: getattr(DEFAULT_TAXONOMY, name) + getattr(taxonomy, name)
            for name in ("data_category", "data_use", "data_subject")
        },
        system=taxonomy.system,
        # The default taxonomy's own entries belong to Fides' built-in organisation.
        organization=[*taxonomy.organization, Organization(fides_key="default_organization")],
    )
    assert get_referenced_missing_keys(merged) == set()


def test_export_covers_every_system_processor_activity_and_category(seed_register: Register, tmp_path: Path) -> None:
    taxonomy = load_manifests_into_taxonomy(exported(seed_register, tmp_path))
    system_keys = {s.fides_key for s in taxonomy.system}
    assert {s.key for s in seed_register.systems} | {p.key for p in seed_register.processors} <= system_keys
    assert len(taxonomy.data_use) == len(seed_register.activities)
    assert len(taxonomy.data_category) == len(seed_register.data_categories)
    assert taxonomy.organization[0].name == seed_register.organisation.name
    hubspot = next(s for s in taxonomy.system if s.fides_key == "hubspot")
    assert hubspot.does_international_transfers
    assert hubspot.legal_basis_for_transfers == ["SCCs"]
    assert hubspot.responsibility == ["Processor"]
    default_uses = {u.fides_key for u in DEFAULT_TAXONOMY.data_use}
    assert all(use.parent_key in default_uses for use in taxonomy.data_use)
