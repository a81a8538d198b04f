"""Hostile or broken register files: each is refused with a located problem, before anything is built."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from catalog.errors import RegisterValidationError
from catalog.kernel.yamlsource import MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_SCALAR_CHARS, parse_yaml
from catalog.registerfile.register_yaml import load_register
from tests.conftest import SEED_DIR


@pytest.fixture
def register_dir(tmp_path: Path) -> Path:
    target = tmp_path / "register"
    shutil.copytree(SEED_DIR, target)
    return target


def only_problem(path: Path) -> str:
    with pytest.raises(RegisterValidationError) as caught:
        load_register(path)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1, problems
    return problems[0]


def test_an_impossible_unquoted_date_names_file_line_and_field(register_dir: Path) -> None:
    processors = register_dir / "processors.yaml"
    text = processors.read_text(encoding="utf-8")
    processors.write_text(
        text.replace("  - key: hubspot\n", "  - key: hubspot\n    dpa: {reference: DPA-1, signed_on: 2023-02-30}\n")
    )
    line = (
        processors.read_text(encoding="utf-8").splitlines().index("    dpa: {reference: DPA-1, signed_on: 2023-02-30}")
        + 1
    )
    problem = only_problem(register_dir)
    assert f"processors.yaml:{line} [processors[4].dpa.signed_on]" in problem
    assert "'2023-02-30' is not a date that exists" in problem


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\ufffe"])
def test_a_control_character_is_named_with_its_line(register_dir: Path, char: str) -> None:
    systems = register_dir / "systems.yaml"
    lines = systems.read_text(encoding="utf-8").splitlines()
    number = next(i for i, text in enumerate(lines) if "name:" in text)
    lines[number] += char
    systems.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
    problem = only_problem(register_dir)
    assert f"systems.yaml:{number + 1}:" in problem
    assert "binary file" in problem if char == "\x00" else f"U+{ord(char):04X}" in problem


def test_a_binary_file_is_refused(register_dir: Path) -> None:
    (register_dir / "extra.yaml").write_bytes(bytes(range(256)) * 4)
    assert "extra.yaml:1: is a binary file" in only_problem(register_dir)


def test_text_that_is_not_utf8_names_its_line(register_dir: Path) -> None:
    (register_dir / "extra.yaml").write_bytes(b"activities: []\n# caf\xe9\n")
    assert "extra.yaml:2: not UTF-8 text" in only_problem(register_dir)


@pytest.mark.parametrize("style", ["flow", "block", "complex-key"])
def test_nesting_past_the_limit_is_refused_before_parsing_recurses(style: str) -> None:
    if style == "flow":
        text = "activities: " + "[" * 1000 + "]" * 1000
    elif style == "block":
        text = "activities:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(1000))
    else:
        text = "? " * 1000 + "x\n"
    document, problems = parse_yaml(text, "deep.yaml")
    assert document is None
    assert len(problems) == 1 and f"nested more than {MAX_DEPTH} levels deep" in str(problems[0])
    assert str(problems[0]).startswith("deep.yaml:")


def test_nesting_within_the_limit_loads() -> None:
    text = "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    document, problems = parse_yaml(text, "ok.yaml")
    assert problems == [] and document is not None


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + f"\nactivities: *a{levels}\n"


@pytest.mark.parametrize("levels", [7, 9, 30])
def test_an_alias_bomb_is_refused_without_expanding_it(levels: int) -> None:
    _, problems = parse_yaml(alias_bomb(levels), "bomb.yaml")
    (problem,) = problems
    assert f"more than {MAX_ALIAS_EXPANSION:,} extra values" in problem.message
    assert problem.file == "bomb.yaml" and problem.line == 2 and problem.field == "a1[0]"


def test_small_aliases_still_load(register_dir: Path) -> None:
    # The seed shares one safeguard block between processors through an anchor.
    assert "&us-scc" in (register_dir / "processors.yaml").read_text(encoding="utf-8")
    assert load_register(register_dir).organisation.name == "Verji Tech AS"


def test_a_recursive_alias_is_refused() -> None:
    _, problems = parse_yaml("activities: &a [*a]\n", "loop.yaml")
    (problem,) = problems
    assert problem.line == 1 and "recursive" in problem.message


@pytest.mark.parametrize("layout", ["one line", "block scalar"])
def test_a_huge_value_is_refused(layout: str) -> None:
    if layout == "one line":
        text = "activities:\n  - key: " + "x" * (MAX_SCALAR_CHARS * 3) + "\n"
    else:
        text = "activities:\n  - key: k\n    description: |\n" + ("      " + "y" * 99 + "\n") * 1200
    _, problems = parse_yaml(text, "big.yaml")
    (problem,) = problems
    assert problem.line == (2 if layout == "one line" else 3)
    assert f"{MAX_SCALAR_CHARS:,}" in problem.message
    if layout == "block scalar":
        assert problem.field == "activities[0].description"


def test_an_integer_too_long_for_python_stays_text(register_dir: Path) -> None:
    # Python refuses to convert it to an int; the text field then simply holds the digits.
    (register_dir / "extra.yaml").write_text("data_subjects:\n  - key: k\n    name: " + "1" * 5000 + "\n")
    (subject,) = [s for s in load_register(register_dir).data_subjects if s.key == "k"]
    assert subject.name == "1" * 5000


def test_a_symlink_leaving_the_directory_is_refused_and_named(register_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("data_subjects: []\n", encoding="utf-8")
    (register_dir / "more.yaml").symlink_to(outside)
    (register_dir / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    with pytest.raises(RegisterValidationError) as caught:
        load_register(register_dir)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2
    assert any("more.yaml: is a symbolic link to" in m and "elsewhere.yaml" in m for m in messages)
    assert any("gone.yaml: is a symbolic link to" in m for m in messages)


def test_a_symlink_inside_the_directory_is_followed(register_dir: Path) -> None:
    (register_dir / "parts").mkdir()
    os.replace(register_dir / "systems.yaml", register_dir / "parts" / "systems.yaml")
    (register_dir / "systems.yaml").symlink_to(Path("parts") / "systems.yaml")
    assert load_register(register_dir).organisation.name == "Verji Tech AS"


def test_a_file_of_more_values_than_the_limit_is_refused_as_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_IMPORT_MAX_YAML_VALUES", "100")
    document, problems = parse_yaml("systems:\n" + "  - x\n" * 200, "big.yaml")
    assert document is None and len(problems) == 1
    assert "more than 100 values in one file" in problems[0].message and problems[0].line == 99
    monkeypatch.delenv("CATALOG_IMPORT_MAX_YAML_VALUES")
    document, problems = parse_yaml("systems:\n" + "  - x\n" * 200, "big.yaml")
    assert document is not None and not problems
