"""Read YAML while remembering the line of every value, so errors can name file, line and field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalog.errors import Problem

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Parsed data plus the 1-based line of each value, keyed by its path in the document."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """Line of the deepest known prefix of ``path`` (a missing field points at its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(message, file=self.file, line=self.line_of(path), field=dotted(path))


def dotted(path: PathKey) -> str | None:
    """``('processors', 2, 'dpa')`` -> ``processors[2].dpa``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or None


def parse_yaml(text: str, file: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document; syntax errors and duplicate mapping keys become problems."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = error.problem or str(error)
        return None, [Problem(f"YAML syntax error: {reason}", file=file, line=line)]
    except yaml.YAMLError as error:
        return None, [Problem(f"YAML error: {error}", file=file)]
    finally:
        loader.dispose()
    document = YamlDocument(file=file, data=data)
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), document, problems)
    return document, problems


def read_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse a YAML file; unreadable or non-UTF-8 files become problems too."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(f"not UTF-8 text ({error.reason})", file=name)]
    except OSError as error:
        return None, [Problem(f"cannot read: {error.strerror}", file=name)]
    return parse_yaml(text, name)


def _walk(node: yaml.Node, path: PathKey, doc: YamlDocument, problems: list[Problem]) -> None:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(
                        f"duplicate mapping key {key!r} (first at line {seen[key]})",
                        file=doc.file,
                        line=line,
                        field=dotted((*path, key)),
                    )
                )
            seen[key] = line
            doc.lines[(*path, key)] = line
            _walk(value_node, (*path, key), doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), doc, problems)


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. YAML 1.1 would read the country code NO as false."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_constructor("tag:yaml.org,2002:bool", lambda loader, node: node.value.lower() == "true")


def dump_yaml(data: Any) -> str:
    """Deterministic, human-friendly YAML: block style, insertion order kept, UTF-8 text."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """Indents sequences inside mappings, the way people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def problems_from_validation(error: Any, doc: YamlDocument, base: PathKey) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` on the value at ``base`` into located problems."""
    problems = []
    for item in error.errors():
        path: PathKey = (*base, *item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; see docs/register-format.md)"
        elif item["type"] == "missing":
            message = "required field is missing"
        problems.append(doc.problem(path, message))
    return problems
