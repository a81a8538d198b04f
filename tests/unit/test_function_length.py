"""No function in catalog/ or ui/ is longer than 80 lines (issue #28): a long one reads better as named steps.

A function is counted from its ``def`` line to the last line of its body (decorators excluded); a
function nested in another counts toward the one holding it, so moving steps into inner functions
does not shorten anything. Methods count on their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("catalog", "ui")
LIMIT = 80


def function_lengths(source: str) -> list[tuple[int, str, int]]:
    """(line, name, length in lines) of every outermost function and method in ``source``."""
    found: list[tuple[int, str, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                end = child.end_lineno if child.end_lineno is not None else child.lineno
                found.append((child.lineno, child.name, end - child.lineno + 1))
            else:  # classes, and blocks at module level: their functions count on their own
                visit(child)

    visit(ast.parse(source))
    return found


def long_functions() -> dict[str, list[str]]:
    """Relative file path -> "path:line:name (N lines)" for each function over the limit."""
    found: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for line, name, length in function_lengths(path.read_text(encoding="utf-8")):
                if length > LIMIT:
                    found.setdefault(relative, []).append(f"{relative}:{line}:{name} ({length} lines)")
    return found


def test_no_function_in_catalog_or_ui_is_longer_than_80_lines() -> None:
    offending = [entry for entries in long_functions().values() for entry in entries]
    assert not offending, f"functions over {LIMIT} lines; split them into named steps:\n" + "\n".join(offending)


def test_the_count_runs_from_def_to_the_body_end_and_holds_nested_functions() -> None:
    source = '''
import functools


@functools.cache
def outer(x):
    def inner(y):
        return y

    return inner(x)


class Holder:
    def method(self):
        """Docstring."""
        return 1
'''
    assert function_lengths(source) == [(6, "outer", 5), (14, "method", 3)]
