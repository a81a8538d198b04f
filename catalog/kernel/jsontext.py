"""``json.dumps(value, indent=2, ensure_ascii=False)``, the same text, for large trees of plain values.

With an indent, the standard library encodes in pure Python, a generator per nested value: at 100k entities
``catalog due --format json`` spent seconds there. Here each string goes through the library's own
(C) string encoder and the nesting is written by one recursive function; anything else than dicts with
string keys, lists, tuples, strings, booleans, None, integers and finite floats is left to ``json.dumps``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any


class _Unsupported(Exception):
    """A value this writer leaves to ``json.dumps`` (its error or its text is the answer)."""


def dumps_indented(value: Any, indent: int = 2) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False)``."""
    out: list[str] = []
    try:
        _write(value, out, "\n", " " * indent)
    except (_Unsupported, RecursionError):
        return json.dumps(value, indent=indent, ensure_ascii=False)
    return "".join(out)


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return float.__repr__(value)
    raise _Unsupported


def _write(value: object, out: list[str], newline: str, step: str) -> None:
    """``value`` at the nesting whose lines start with ``newline`` (a line break and the indent)."""
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + step
        opening = "{" + inner
        separator = "," + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unsupported
            out.append(opening)
            opening = separator
            out.append(encode_basestring(key))
            if isinstance(item, str):  # most values: written here, without a call per value
                out.append(": " + encode_basestring(item))
            elif isinstance(item, dict | list | tuple):
                out.append(": ")
                _write(item, out, inner, step)
            else:
                out.append(": " + _scalar(item))
        out.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + step
        opening = "[" + inner
        separator = "," + inner
        for item in value:
            out.append(opening)
            opening = separator
            if isinstance(item, str):
                out.append(encode_basestring(item))
            elif isinstance(item, dict | list | tuple):
                _write(item, out, inner, step)
            else:
                out.append(_scalar(item))
        out.append(newline + "]")
    else:
        out.append(_scalar(value))
