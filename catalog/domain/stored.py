"""Read back bodies the catalogue itself stored, without validating them a second time.

Every stored body was validated when it was written and is canonical JSON of its model
(``catalog.store.base.stored_body``). Validating it again on every load was most of the time a
large register took to load. Here each model class gets a decoder compiled once from its field
types: it turns JSON values into the Python values validation would give (dates, enums, nested
models) and checks the JSON type of every plain value, but runs no validators. Anything it does
not expect (a missing key, an unknown one, a wrong type, a class it cannot compile) falls back to
full validation, so a corrupted row is reported exactly as before. The integrity of the stored rows
themselves is what ``catalog history verify`` checks.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import from_json

from catalog.domain.base import all_fields_set
from catalog.domain.text import LOCAL_TEXT
from catalog.kernel.localtext import LocalText

M = TypeVar("M", bound=BaseModel)
Decoder = Callable[[Any], Any]


class _Unexpected(Exception):
    """The stored value is not what the catalogue writes: validate it instead."""


def _plain(kind: type) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not kind:
            raise _Unexpected
        return value

    return decode


def _date(value: Any) -> date:
    if type(value) is not str:
        raise _Unexpected
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Unexpected from None


def _enum(kind: type[Enum]) -> Decoder:
    members = kind._value2member_map_

    def decode(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise _Unexpected from None

    return decode


def _literal(allowed: tuple[Any, ...]) -> Decoder:
    values = frozenset(allowed)

    def decode(value: Any) -> Any:
        if value not in values:
            raise _Unexpected
        return value

    return decode


def _local_text(value: Any) -> Any:
    # register text is stored as a string (one language) or a mapping of language to text, as validated
    if type(value) is str:
        return value
    if type(value) is not dict or not value or any(type(text) is not str for text in value.values()):
        raise _Unexpected
    return LocalText(value)


def _is_local_text(annotation: Any) -> bool:
    return get_origin(annotation) is Annotated and any(meta is LOCAL_TEXT for meta in get_args(annotation)[1:])


def _optional(inner: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        return None if value is None else inner(value)

    return decode


def _first_of(choices: list[Decoder]) -> Decoder:
    def decode(value: Any) -> Any:
        for choice in choices:
            try:
                return choice(value)
            except _Unexpected:
                continue
        raise _Unexpected

    return decode


def _list(item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise _Unexpected
        return [item(element) for element in value]

    return decode


def _decoder_for(annotation: Any) -> Decoder:
    origin = get_origin(annotation)
    if _is_local_text(annotation):
        return _local_text
    if origin is Annotated:
        return _decoder_for(get_args(annotation)[0])
    if annotation in (str, int, bool):
        return _plain(annotation)
    if annotation is float:
        return _first_of([_plain(float), _plain(int)])
    if annotation is date:
        return _date
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _enum(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_decoder(annotation)
    if origin is Literal:
        return _literal(get_args(annotation))
    if origin is list:
        return _list(_decoder_for(get_args(annotation)[0]))
    if origin in (Union, types.UnionType):
        args = get_args(annotation)
        choices = [_decoder_for(arg) for arg in args if arg is not type(None)]
        inner = choices[0] if len(choices) == 1 else _first_of(choices)
        return _optional(inner) if type(None) in args else inner
    raise TypeError(f"no stored-body decoder for {annotation!r}")


_DECODERS: dict[type[BaseModel], Decoder] = {}


def _inline_check(annotation: Any) -> tuple[str, Any] | None:
    """How a field's value is checked inline in a model's compiled decoder, or None to call its decoder.

    Most fields are plain strings, flags, enums, dates or lists of them: checking those in the body of
    one generated function, instead of one closure call per value, halves the time a large register
    takes to load. Returns a template over ``{v}`` (the value) and the object it needs, if any.
    """
    if _is_local_text(annotation):
        return None
    if get_origin(annotation) is Annotated:
        return _inline_check(get_args(annotation)[0])
    if annotation in (str, int, bool):
        return ("if type({v}) is not {n}: raise _Unexpected", annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return ("{v} = {n}[{v}]", annotation._value2member_map_)
    if annotation is date:
        return ("if type({v}) is not str: raise _Unexpected\n{v} = _fromisoformat({v})", None)
    if get_origin(annotation) is list:
        item = _inline_check(get_args(annotation)[0])
        if item is not None and item[0].startswith("if type"):  # a list of plain values: checked in place
            return (
                "if type({v}) is not list: raise _Unexpected\nfor _item in {v}:\n    "
                + item[0].format(v="_item", n="{n}"),
                item[1],
            )
    if get_origin(annotation) in (Union, types.UnionType):
        args = get_args(annotation)
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            inner = _inline_check(rest[0])
            if inner is not None:
                body = inner[0].replace("\n", "\n    ")
                return ("if {v} is not None:\n    " + body, inner[1])
    return None


def _compile(model: type[BaseModel], names: tuple[str, ...]) -> Decoder:
    """Generate the decoder of ``model`` (field names and types only: no stored text becomes code)."""
    namespace: dict[str, Any] = {
        "_Unexpected": _Unexpected,
        "_fromisoformat": date.fromisoformat,
        "_expected": frozenset(names),
        "_model": model,
        "_every": all_fields_set(model),
        "_setattr": object.__setattr__,
    }
    lines = [
        "def decode(value):",
        "    if type(value) is not dict or value.keys() != _expected:",
        "        raise _Unexpected",
        "    try:",
    ]
    for index, name in enumerate(names):
        variable = f"v{index}"
        lines.append(f"        {variable} = value[{name!r}]")
        check = _inline_check(model.model_fields[name].annotation)
        if check is None:
            namespace[f"d{index}"] = _decoder_for(model.model_fields[name].annotation)
            lines.append(f"        {variable} = d{index}({variable})")
            continue
        template, needed = check
        namespace[f"n{index}"] = needed
        for line in template.format(v=variable, n=f"n{index}").split("\n"):
            lines.append(f"        {line}")
    lines += [
        "    except (KeyError, TypeError, ValueError):",  # an unknown enum value, an unhashable one, a bad date
        "        raise _Unexpected from None",
        "    instance = _model.__new__(_model)",
        # declaration order, as validation gives: serialisation follows the order of __dict__
        "    _setattr(instance, '__dict__', {" + ", ".join(f"{n!r}: v{i}" for i, n in enumerate(names)) + "})",
        "    _setattr(instance, '__pydantic_fields_set__', _every)",
        "    _setattr(instance, '__pydantic_extra__', None)",
        "    _setattr(instance, '__pydantic_private__', None)",
        "    return instance",
    ]
    exec(compile("\n".join(lines), f"<stored decoder of {model.__name__}>", "exec"), namespace)
    decode: Decoder = namespace["decode"]
    return decode


def model_decoder(model: type[M]) -> Callable[[Any], M]:
    """The compiled decoder of one model class: a JSON object in, an unvalidated instance out."""
    found = _DECODERS.get(model)
    if found is not None:
        return found
    names = tuple(model.model_fields)
    compiled: list[Decoder] = []

    def decode(value: Any) -> M:  # resolves a model nested in itself while it compiles
        result: M = compiled[0](value)
        return result

    _DECODERS[model] = decode
    try:
        compiled.append(_compile(model, names))
    except TypeError:
        del _DECODERS[model]
        raise
    _DECODERS[model] = compiled[0]
    return compiled[0]


def read_stored(model: type[M], body: str | bytes) -> M:
    """A model from a body the catalogue stored; validated in full only when it is not as stored."""
    try:
        decode = model_decoder(model)
    except TypeError:
        return model.model_validate_json(body)
    try:
        # pydantic's own JSON parser: the one validation uses, and faster than json.loads on large bodies
        return decode(from_json(body))
    except (_Unexpected, ValueError):
        # ValueError covers malformed JSON: validation reports it as it always did
        return model.model_validate_json(body)
