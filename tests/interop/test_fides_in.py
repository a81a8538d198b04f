"""Fides manifests read back into a register: the round trip, unknowns, bad input, and the store import."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from catalog.app.export import report_for
from catalog.app.interop import import_fides
from catalog.compliance.engine import evaluate
from catalog.domain.location import UNKNOWN
from catalog.domain.register import Register
from catalog.errors import InputError, RegisterValidationError
from catalog.importers.plan import Action
from catalog.interop.fides_in import NOT_STATED, read_fides, register_from_fides
from catalog.interop.fides_out import write_fides
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tests.interop.conftest import AS_OF
from tools.synthetic import synthetic_register


def round_trip(register: Register, folder: Path) -> Register:
    write_fides(register, report_for(register, AS_OF), folder)
    return register_from_fides(read_fides(folder))


def essentials(register: Register) -> dict[str, dict[str, tuple[object, ...]]]:
    """What the round trip must keep of every system, activity, category and vendor."""
    return {
        "systems": {s.key: (s.name, s.kind, s.operator, tuple(s.hosting)) for s in register.systems},
        "activities": {
            a.key: (
                a.name,
                tuple(a.purposes),
                tuple(sorted(a.data_categories)),
                tuple(sorted(a.data_subjects)),
                tuple(sorted(a.systems)),
                tuple(sorted((f.to, tuple(sorted(f.data_categories))) for f in a.flows)),
            )
            for a in register.activities
        },
        "categories": {
            c.key: (c.name, c.parent, c.special_category, c.criminal_data) for c in register.data_categories
        },
        "subjects": {s.key: (s.name,) for s in register.data_subjects},
        "processors": {
            p.key: (
                p.legal_name,
                p.service_category,
                p.established_in,
                tuple(p.processing_locations),
                tuple(sorted(e.processor for e in p.sub_processors)),
            )
            for p in register.processors
        },
    }


def test_round_trip_keeps_every_system_activity_category_and_vendor(any_register: Register, tmp_path: Path) -> None:
    back = round_trip(any_register, tmp_path)
    assert essentials(back) == essentials(any_register)
    assert back.organisation.name == any_register.organisation.name


def test_what_fides_cannot_say_comes_back_unknown_and_the_check_reports_it(
    seed_register: Register, tmp_path: Path
) -> None:
    back = round_trip(seed_register, tmp_path)
    hubspot = next(p for p in back.processors if p.key == "hubspot")
    assert [(s.kind.value, s.instrument, s.module) for s in hubspot.safeguards] == [("scc", UNKNOWN, None)]
    assert back.recipients == []  # Fides names third parties in free text only
    rules = {f.rule for f in evaluate(back, load_reference(), AS_OF).findings}
    assert "transfer.scc-details-missing" in rules


FOREIGN = """
organization:
  - fides_key: default_organization
    name: Example Shop Ltd
data_use:
  - fides_key: marketing.communications.newsletter
    name: Newsletter
    description: Send the monthly newsletter
    parent_key: marketing.communications
system:
  - fides_key: mailer
    name: Mailer
    system_type: Service
    legal_name: Mailer Inc.
    responsibility: [Processor]
    legal_basis_for_transfers: [SCCs]
    privacy_declarations:
      - name: Newsletter
        data_use: marketing.communications.newsletter
        data_categories: [user.contact.email]
        data_subjects: [customer]
        legal_basis_for_processing: Legitimate interests
  - fides_key: Shop_DB
    name: Shop database
    system_type: Database
    privacy_declarations:
      - name: Orders
        data_use: essential.service
        data_categories: [user.contact.email, user.name]
        data_subjects: [customer]
        legal_basis_for_processing: Contract
"""


def test_a_manifest_written_elsewhere_reads_with_unknowns(tmp_path: Path) -> None:
    (tmp_path / "fides.yml").write_text(FOREIGN, encoding="utf-8")
    register = register_from_fides(read_fides(tmp_path))
    assert register.organisation.name == "Example Shop Ltd"
    assert {s.key for s in register.systems} == {"mailer", "shop_db"}
    vendor = next(p for p in register.processors if p.key == "mailer.vendor")
    assert vendor.legal_name == "Mailer Inc."
    assert vendor.processing_locations == [UNKNOWN]
    assert next(s for s in register.systems if s.key == "mailer").operator == "mailer.vendor"
    newsletter = next(a for a in register.activities if a.key == "newsletter")
    assert newsletter.purposes == ["Send the monthly newsletter"]
    assert newsletter.legal_bases[0].legitimate_interest == NOT_STATED
    assert {c.key for c in register.data_categories} == {"contact.email", "name"}


def test_bad_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "system.yml").write_text("system:\n  - fides_key: a\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"system\.yml:4: YAML syntax error"):
        read_fides(tmp_path)


def test_a_resource_without_a_key_is_named(tmp_path: Path) -> None:
    (tmp_path / "system.yml").write_text("system:\n  - name: No key\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"system\.yml:2 \[system\[0\]\]: each resource needs a text 'fides_key'"):
        read_fides(tmp_path)


def test_an_invalid_value_names_the_resource_and_field(tmp_path: Path) -> None:
    text = FOREIGN.replace("data_categories: [user.contact.email, user.name]", "data_categories: []").replace(
        "data_categories: [user.contact.email]", "data_categories: []"
    )
    (tmp_path / "fides.yml").write_text(text, encoding="utf-8")
    with pytest.raises(RegisterValidationError) as raised:
        register_from_fides(read_fides(tmp_path))
    assert "system[0] (mailer) -> data_categories]: needs at least one value" in str(raised.value)


def test_two_resources_that_would_become_one_entity_are_named(tmp_path: Path) -> None:
    text = (
        FOREIGN
        + """
data_subject:
  - fides_key: Mailer
    name: People called mailer
"""
    )
    (tmp_path / "fides.yml").write_text(text, encoding="utf-8")
    with pytest.raises(RegisterValidationError) as raised:
        register_from_fides(read_fides(tmp_path))
    assert "becomes system or processor 'mailer', as data_subject[0] (Mailer)" in str(raised.value)


def test_import_into_an_empty_store_gives_the_same_register(
    store: RegisterStore, seed_register: Register, tmp_path: Path
) -> None:
    write_fides(seed_register, report_for(seed_register, AS_OF), tmp_path)
    preview = import_fides(store, tmp_path, dry_run=True, as_of=AS_OF)
    assert store.is_empty()
    assert preview.stored_entities == 0 and preview.dry_run
    added = [c for c in preview.changes if c.kind == "activities" and c.action == Action.ADDED]
    assert len(added) == len(seed_register.activities)
    import_fides(store, tmp_path, as_of=AS_OF)
    stored = store.load_register()
    expected = essentials(seed_register)
    assert essentials(stored) == expected
    assert import_fides(store, tmp_path, as_of=AS_OF).is_empty


def test_import_refuses_to_delete_without_being_allowed(
    store: RegisterStore, seed_register: Register, tmp_path: Path
) -> None:
    store.replace_register(seed_register)
    write_fides(seed_register, report_for(seed_register, date(2026, 1, 15)), tmp_path)
    with pytest.raises(InputError, match="would remove every recipient"):
        import_fides(store, tmp_path, as_of=AS_OF)
    assert store.load_register().sorted() == seed_register.sorted()
    plan = import_fides(store, tmp_path, as_of=AS_OF, allow_deletions=True)
    assert {c.kind for c in plan.removed} == {"recipients"}
    assert store.load_register().recipients == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_trip_holds_for_other_synthetic_registers(seed: int, tmp_path: Path) -> None:
    register = synthetic_register(150, seed=seed, gap_share=0.5)
    assert essentials(round_trip(register, tmp_path)) == essentials(register)


# --- hostile and mistyped manifests: refused by name, in bounded time and memory -----------------


def test_an_alias_bomb_and_deep_nesting_are_refused_before_they_are_built(tmp_path: Path) -> None:
    levels = "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + levels
    (tmp_path / "system.yml").write_text(bomb + "system:\n  - fides_key: x\n    system_type: *a9\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"system\.yml:\d+ \[.*\]: aliases expand to more than"):
        read_fides(tmp_path)
    (tmp_path / "system.yml").write_text("system: " + "[" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"system\.yml:1 .*nested more than 50 levels deep"):
        read_fides(tmp_path)


def test_special_files_and_links_leaving_the_folder_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "fides"
    folder.mkdir()
    (folder / "fides.yml").write_text(FOREIGN, encoding="utf-8")
    (folder / "zero.yml").symlink_to("/dev/zero")
    with pytest.raises(InputError, match=r"zero\.yml: is a symbolic link to /dev/zero, outside"):
        read_fides(folder)
    (folder / "zero.yml").unlink()
    os.mkfifo(folder / "pipe.yml")  # read naively, this would block until killed
    with pytest.raises(InputError, match=r"pipe\.yml: is a FIFO \(named pipe\), not a regular file"):
        read_fides(folder)
    (folder / "pipe.yml").unlink()
    (tmp_path / "stranger.yml").write_text(FOREIGN.replace("Example Shop Ltd", "Stranger"), encoding="utf-8")
    (folder / "more.yml").symlink_to(tmp_path / "stranger.yml")
    with pytest.raises(InputError, match=r"more\.yml: is a symbolic link to .*stranger\.yml, outside"):
        read_fides(folder)
    (tmp_path / "zero.yml").symlink_to("/dev/zero")
    with pytest.raises(InputError, match=r"zero\.yml: is a character device"):
        read_fides(tmp_path / "zero.yml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("data_use: essential.service", "data_use: [essential.service]", r"data_use\]: must be text, not a list"),
        (
            "legal_basis_for_processing: Contract",
            "legal_basis_for_processing: {basis: Contract}",
            r"legal_basis_for_processing\]: must be text, not a mapping",
        ),
        ("data_subjects: [customer]", "data_subjects: customer", r"data_subjects\]: must be a list, not text"),
        (
            "legal_basis_for_processing: Contract",
            "legal_basis_for_processing: Contractual",
            r"'Contractual' is not one of Fides' values",
        ),
    ],
)
def test_a_field_of_the_wrong_type_is_an_error_naming_file_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in FOREIGN
    (tmp_path / "fides.yml").write_text(FOREIGN.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RegisterValidationError, match=r"fides\.yml.*" + message):
        register_from_fides(read_fides(tmp_path))
