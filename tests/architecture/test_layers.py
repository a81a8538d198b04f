"""The layout docs/architecture.md describes, checked on the source: what the package root holds, who
imports whom, and that the CLI and the UI go through the application layer.

Imports are read with ``ast`` (every ``import`` statement, including those inside functions), so a
lazy import counts like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[2]

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "kernel"),
    ("domain",),
    ("reference",),
    ("graph", "history", "registerfile", "compliance"),
    ("store", "review", "exporters", "importers"),
    ("interop",),
    ("app",),
    ("cli",),
)
"""catalog's packages from the innermost out: a package may import its own layer's packages and inner
ones, never outer ones (``ui/`` sits beside ``cli``, outermost)."""

LAYER_OF = {package: depth for depth, packages in enumerate(LAYERS) for package in packages}

EDGE_ALLOWED = {"app", "domain", "errors", "reference"}
"""What ``catalog/cli/`` and ``ui/`` may import from ``catalog`` (besides the CLI's own modules)."""

ROOT_MODULES_ALLOWED = 2
"""Modules in ``catalog/`` besides ``__init__.py`` and ``__main__.py`` (today: ``errors.py``)."""

SESSION_MODULE = ROOT / "ui" / "session.py"


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute module names ``path`` imports (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # "from catalog import x" imports the module catalog.x
            found.update(f"{base}.{alias.name}" for alias in node.names if base in {"catalog", "catalog.app"})
    return found


def _catalog_package(module: str) -> str | None:
    """``catalog.compliance.engine`` → ``compliance``; ``catalog.errors`` → ``errors``; None outside catalog."""
    parts = module.split(".")
    if parts[0] != "catalog" or len(parts) < 2:
        return None
    return parts[1]


def test_catalog_root_holds_at_most_two_modules() -> None:
    modules = sorted(p.name for p in (ROOT / "catalog").glob("*.py") if p.name not in {"__init__.py", "__main__.py"})
    assert len(modules) <= ROOT_MODULES_ALLOWED, modules


def test_every_catalog_package_has_a_layer() -> None:
    packages = {p.name for p in (ROOT / "catalog").iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in (ROOT / "catalog").glob("*.py") if p.stem not in {"__init__", "__main__"}}
    assert packages | modules == set(LAYER_OF), "add the new package to LAYERS (and docs/architecture.md)"


def test_no_import_points_outward() -> None:
    outward = []
    for path in _python_files("catalog"):
        here = _catalog_package(_module_name(path))
        if here not in LAYER_OF:  # the package root and __main__ (which only starts the CLI)
            continue
        for module in _imports(path):
            there = _catalog_package(module)
            if there is not None and there in LAYER_OF and LAYER_OF[there] > LAYER_OF[here]:
                outward.append(f"{path.relative_to(ROOT)} imports {module} ({here} → {there})")
    assert not outward, "\n".join(outward)


def test_no_import_cycle_between_packages() -> None:
    graph = nx.DiGraph()
    for path in _python_files("catalog"):
        here = _catalog_package(_module_name(path))
        for module in _imports(path):
            there = _catalog_package(module)
            if here in LAYER_OF and there in LAYER_OF and there != here:
                graph.add_edge(here, there)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, cycles


def test_the_product_imports_no_development_tooling() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for folder in ("catalog", "ui")
        for path in _python_files(folder)
        for module in _imports(path)
        if module.split(".")[0] in {"tools", "bench", "tests"}
    ]
    assert not offenders, offenders


def test_cli_and_ui_call_the_application_layer() -> None:
    offenders = []
    for path in [*_python_files("catalog/cli"), *_python_files("ui")]:
        for module in _imports(path):
            package = _catalog_package(module)
            if package is not None and package not in EDGE_ALLOWED | {"cli"}:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
            if path.is_relative_to(ROOT / "ui") and package == "cli":
                offenders.append(f"{path.relative_to(ROOT)} imports {module} (the UI and the CLI are peers)")
    assert not offenders, "\n".join(offenders)


UI_LAYERS: tuple[tuple[str, ...], ...] = (
    ("ui.components",),
    ("ui.session", "ui.checks"),
    ("ui.snapshots",),
    ("ui.views",),
    ("ui.app",),
)
"""ui/ from the innermost out: components draw what they are given; session holds the visitor's state;
snapshots are what catalog.app answered for the shown revision; pages compose them; app routes."""


def _ui_layer(module: str) -> int | None:
    for depth, prefixes in enumerate(UI_LAYERS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return depth
    return None


def test_no_ui_import_points_outward() -> None:
    outward = []
    for path in _python_files("ui"):
        here = _ui_layer(_module_name(path))
        for module in _imports(path):
            there = _ui_layer(module)
            if here is not None and there is not None and there > here:
                outward.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not outward, "\n".join(outward)


def test_only_the_session_module_touches_session_state() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files("ui")
        if path != SESSION_MODULE and "session_state" in path.read_text("utf-8")
    ]
    assert not offenders, offenders
