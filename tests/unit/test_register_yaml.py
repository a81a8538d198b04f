"""Loading a YAML register: every error names file, line and field; nothing is half-loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog.errors import RegisterValidationError
from catalog.registerfile.register_yaml import dump_register, load_register
from tests.conftest import SEED_DIR


@pytest.fixture
def register_dir(tmp_path: Path) -> Path:
    target = tmp_path / "register"
    shutil.copytree(SEED_DIR, target)
    return target


def replace_in(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    before = text[: text.index(old)]
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return before.count("\n") + 1


def problems(path: Path) -> list[str]:
    with pytest.raises(RegisterValidationError) as caught:
        load_register(path)
    return [str(p) for p in caught.value.problems]


def test_seed_loads(register_dir: Path) -> None:
    assert load_register(register_dir).organisation.name == "Verji Tech AS"


def test_unknown_country_code_names_file_line_and_field(register_dir: Path) -> None:
    line = replace_in(register_dir / "systems.yaml", 'hosting: ["US"]', 'hosting: ["XQ"]')
    (problem,) = problems(register_dir)
    assert f"systems.yaml:{line} [systems[1].hosting[0]]" in problem
    assert "ISO 3166-1" in problem


def test_dangling_reference(register_dir: Path) -> None:
    line = replace_in(register_dir / "systems.yaml", "operator: crm-provider", "operator: crm-vendor")
    (problem,) = problems(register_dir)
    assert f"systems.yaml:{line} [systems[2].operator]" in problem
    assert "'crm-vendor'" in problem and "not in the register" in problem


def test_duplicate_key_across_files(register_dir: Path) -> None:
    line = replace_in(register_dir / "recipients.yaml", "key: researchers", "key: hubspot")
    (problem,) = problems(register_dir)
    assert f"recipients.yaml:{line} [recipients[0].key]" in problem
    assert "duplicate key 'hubspot'" in problem and "processors.yaml" in problem


def test_wrong_type(register_dir: Path) -> None:
    line = replace_in(register_dir / "recipients.yaml", "occasional: null", "occasional: [1, 2]")
    (problem,) = problems(register_dir)
    assert f"recipients.yaml:{line} [recipients[5].occasional]" in problem


def test_yaml_syntax_error(register_dir: Path) -> None:
    line = replace_in(register_dir / "processors.yaml", "service_category: crm", "service_category: [crm")
    (problem,) = problems(register_dir)
    assert "processors.yaml:" in problem and "YAML syntax error" in problem
    assert int(problem.split("processors.yaml:")[1].split()[0].rstrip(":")) >= line


def test_unknown_field_is_reported_not_ignored(register_dir: Path) -> None:
    line = replace_in(register_dir / "systems.yaml", "kind: website", "kind: website\n    hostng: [US]")
    (problem,) = problems(register_dir)
    assert f"systems.yaml:{line + 1} [systems[1].hostng]: unknown field" in problem


def test_missing_required_field_points_at_the_entry(register_dir: Path) -> None:
    replace_in(register_dir / "processors.yaml", "    service_category: crm\n", "")
    (problem,) = problems(register_dir)
    assert "[processors[2].service_category]: required field is missing" in problem


def test_every_problem_is_reported_at_once(register_dir: Path) -> None:
    replace_in(register_dir / "systems.yaml", 'hosting: ["US"]', 'hosting: ["XQ"]')
    replace_in(register_dir / "recipients.yaml", "kind: researcher", "kind: scientist")
    assert len(problems(register_dir)) == 2


def test_country_code_no_is_norway_not_false(tmp_path: Path, register_dir: Path) -> None:
    replace_in(register_dir / "organisation.yaml", 'country: "NO"', "country: NO")
    assert load_register(register_dir).organisation.address.country == "NO"


def test_dump_then_load_is_equal(tmp_path: Path, register_dir: Path) -> None:
    register = load_register(register_dir)
    dump_register(register, tmp_path / "out")
    assert load_register(tmp_path / "out").sorted() == register.sorted()


def test_dump_refuses_a_directory_with_other_yaml(tmp_path: Path, register_dir: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.yaml").write_text("x: 1\n")
    with pytest.raises(Exception, match="other YAML files"):
        dump_register(load_register(register_dir), tmp_path / "out")
