"""Read YAML while remembering the line of every value, so errors can name file, line and field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalog.errors import InputError, Problem
from catalog.kernel.guarded import ENVIRONMENT, read_guarded, read_limits
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase, Unprefixed, error_message

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


# Limits on what a register file may hold, checked while parsing and before any value is built, so
# hostile input (an alias bomb, a file nested a thousand levels deep) is refused in bounded time and
# memory. A real register is a few levels deep and uses aliases, if at all, for small shared blocks.
MAX_DEPTH = 50
MAX_SCALAR_CHARS = 100_000
MAX_LINE_CHARS = MAX_SCALAR_CHARS + 1_000
"""Checked on the raw text first: the YAML scanner reads a huge value slowly, a character at a time."""
MAX_ALIAS_EXPANSION = 100_000
"""Nodes that aliases may add beyond those written out; more is an alias bomb."""

# The characters the YAML reader refuses (pyyaml's Reader.NON_PRINTABLE), found first so the
# message can name the line and the character.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class YamlLimitError(yaml.MarkedYAMLError):
    """The document breaks one of the limits above; carries the path where it happened."""

    def __init__(self, problem: str, mark: yaml.Mark | None, path: PathKey) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.path = path


def parse_yaml(text: str, file: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document; syntax errors, duplicate mapping keys and broken limits become problems."""
    bad_char = _NON_PRINTABLE.search(text)
    if bad_char is not None:
        line = text.count("\n", 0, bad_char.start()) + 1
        column = bad_char.start() - (text.rfind("\n", 0, bad_char.start()) + 1) + 1
        code = f"U+{ord(bad_char.group()):04X}"
        message = Phrase(
            N_("contains the control character {code} at column {column}; a register file must be plain text"),
            code=code,
            column=column,
        )
        return None, [Problem(message, file=file, line=line)]
    long_line = _long_line(text)
    if long_line is not None:
        number, length = long_line
        message = Phrase(
            N_("line of {length} characters; a value may hold at most {most}"),
            length=f"{length:,}",
            most=f"{MAX_SCALAR_CHARS:,}",
        )
        return None, [Problem(message, file=file, line=number)]
    loader = _Loader(text, read_limits().max_yaml_values)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, loader)
        data = loader.construct_document(node) if node is not None else None
    except YamlLimitError as error:
        at = error.problem_mark.line + 1 if error.problem_mark else None
        return None, [Problem(error.problem or "too large", file=file, line=at, field=_short_path(error.path))]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = mark.line + 1 if mark else None
        reason = error.problem or str(error)
        return None, [Problem(Phrase(N_("YAML syntax error: {reason}"), reason=reason), file=file, line=where)]
    except yaml.YAMLError as error:
        return None, [Problem(Phrase(N_("YAML error: {reason}"), reason=error), file=file)]
    finally:
        loader.dispose()
    document = YamlDocument(file=file, data=data)
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), document, problems)
    return document, problems


def _long_line(text: str) -> tuple[int, int] | None:
    """The first line longer than ``MAX_LINE_CHARS``: its number and length."""
    if len(text) <= MAX_LINE_CHARS:
        return None
    lengths = list(map(len, text.split("\n")))
    for number, length in enumerate(lengths, start=1):
        if length > MAX_LINE_CHARS:
            return number, length
    return None


def _short_path(path: PathKey) -> str | None:
    """The field of a limit error; a path nested past the limit is cut after a few parts."""
    shown = dotted(path[:4])
    return None if shown is None else shown + ("..." if len(path) > 4 else "")


def _check_expansion(root: yaml.Node, loader: _Loader) -> None:
    """Refuse recursive aliases and aliases that expand to too many nodes, before anything is built.

    Counts each node once per place it appears (what constructing and validating would visit), with
    the count of every shared node memoised, so the check itself is linear in the nodes written.
    """
    sizes: dict[int, int] = {}
    on_stack: set[int] = set()
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        ident = id(node)
        if children_done:
            on_stack.discard(ident)
            sizes[ident] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if ident in sizes:
            continue
        if ident in on_stack:
            raise YamlLimitError(
                "an alias refers to the collection it is part of (a recursive structure)",
                loader.first_alias,
                loader.first_alias_path,
            )
        distinct += 1
        on_stack.add(ident)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    if sizes[id(root)] - distinct > MAX_ALIAS_EXPANSION:
        raise YamlLimitError(
            f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} extra values (an alias bomb?); "
            "write the values out instead",
            loader.first_alias,
            loader.first_alias_path,
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def read_yaml(
    path: Path, display: str | None = None, folder: Path | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse a YAML file; unreadable, binary, oversized or non-UTF-8 files become problems too.

    The file is read through ``catalog.kernel.guarded``: a FIFO, a device or a link leaving ``folder`` (the
    folder it was found in) is refused, and so is a file over ``CATALOG_IMPORT_MAX_FILE_MB``.
    """
    name = display or str(path)
    try:
        raw = read_guarded(path, max_bytes=read_limits().max_file_bytes, folder=folder)
    except InputError as error:
        return None, [Problem(Unprefixed(error.args[0], f"{path}: "), file=name)]
    except OSError as error:
        return None, [Problem(Phrase(N_("cannot read: {reason}"), reason=error.strerror), file=name)]
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        message = Phrase(N_("is a binary file (it contains NUL bytes), not YAML text"))
        return None, [Problem(message, file=name, line=line)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [Problem(Phrase(N_("not UTF-8 text ({reason})"), reason=error.reason), file=name, line=line)]
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
                        Phrase(N_("duplicate mapping key {key!r} (first at line {line})"), key=key, line=seen[key]),
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
    """YAML 1.2 booleans: only true/false. YAML 1.1 would read the country code NO as false.

    Composing also enforces the nesting and scalar-size limits, and notes the first alias (where an
    alias bomb is reported), before any Python value is built.
    """

    def __init__(self, stream: str, max_values: int) -> None:
        super().__init__(stream)
        self.values = 0  # nodes composed so far: each costs about a kilobyte until the document is built
        self.max_values = max_values
        self.path: list[str | int] = []
        self.depth = 0  # counts complex mapping keys too, which add no part to the path
        self.first_alias: yaml.Mark | None = None
        self.first_alias_path: PathKey = ()

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # ``index`` is the key node of a mapping value, an int in a sequence, None for a mapping key.
        part = index.value if isinstance(index, yaml.ScalarNode) else index if isinstance(index, int) else None
        if part is not None:
            self.path.append(part)
        try:
            if self.check_event(yaml.AliasEvent):
                if self.first_alias is None:
                    self.first_alias = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                    self.first_alias_path = tuple(self.path)
                return super().compose_node(parent, index)
            self.values += 1
            if self.values > self.max_values:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise YamlLimitError(
                    f"more than {self.max_values:,} values in one file; at most that many are read "
                    f"({ENVIRONMENT['max_yaml_values']} raises the limit)",
                    mark,
                    tuple(self.path),
                )
            if self.depth >= MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise YamlLimitError(f"nested more than {MAX_DEPTH} levels deep", mark, tuple(self.path))
            self.depth += 1
            try:
                node = super().compose_node(parent, index)
            finally:
                self.depth -= 1
            if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_SCALAR_CHARS:
                raise YamlLimitError(
                    f"a value of {len(node.value):,} characters; at most {MAX_SCALAR_CHARS:,} are allowed",
                    node.start_mark,
                    tuple(self.path),
                )
            return node
        finally:
            if part is not None:
                self.path.pop()

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # An impossible date such as 2023-02-30 stays text, so the field's validation names it.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return node.value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        # Python refuses to convert integers of more than 4300 digits; keep them as text too.
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return node.value


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_constructor("tag:yaml.org,2002:bool", lambda loader, node: node.value.lower() == "true")
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


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
        message = error_message(item)
        if item["type"] == "extra_forbidden":
            message = Phrase(N_("unknown field (check the spelling; see docs/register-format.md)"))
        elif item["type"] == "missing":
            message = Phrase(N_("required field is missing"))
        elif item["type"] in _PLAIN_MESSAGES:
            template = _PLAIN_MESSAGES[item["type"]]
            message = Phrase(template, value=_shown(item.get("input"))) if "{value}" in template else Phrase(template)
        problems.append(doc.problem(path, message))
    return problems


# Pydantic's wording for the commonest type errors, said plainly (the value is shown where it helps).
_PLAIN_MESSAGES = {
    "date_from_datetime_parsing": N_("{value} is not a date that exists; write it as YYYY-MM-DD"),
    "date_parsing": N_("{value} is not a date that exists; write it as YYYY-MM-DD"),
    "date_type": N_("must be a date written as YYYY-MM-DD"),
    "string_type": N_("must be text"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be a mapping of fields"),
    "model_type": N_("must be a mapping of fields"),
    "model_attributes_type": N_("must be a mapping of fields"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
