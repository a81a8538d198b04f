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

import json
import types
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

from catalog.domain.base import all_fields_set

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


def model_decoder(model: type[M]) -> Callable[[Any], M]:
    """The compiled decoder of one model class: a JSON object in, an unvalidated instance out."""
    found = _DECODERS.get(model)
    if found is not None:
        return found
    fields = model.model_fields
    names = tuple(fields)
    expected = frozenset(names)
    every = all_fields_set(model)
    decoders: list[Decoder] = []

    def decode(value: Any) -> M:
        if type(value) is not dict or value.keys() != expected:
            raise _Unexpected
        # declaration order, as validation gives: serialisation follows the order of __dict__
        values = {name: field_decoder(value[name]) for name, field_decoder in zip(names, decoders, strict=True)}
        instance = model.__new__(model)
        object.__setattr__(instance, "__dict__", values)
        object.__setattr__(instance, "__pydantic_fields_set__", every)
        object.__setattr__(instance, "__pydantic_extra__", None)
        object.__setattr__(instance, "__pydantic_private__", None)
        return instance

    # registered before the fields are compiled, so that a model nested in itself resolves
    _DECODERS[model] = decode
    try:
        decoders.extend(_decoder_for(fields[name].annotation) for name in names)
    except TypeError:
        del _DECODERS[model]
        raise
    return decode


def read_stored(model: type[M], body: str | bytes) -> M:
    """A model from a body the catalogue stored; validated in full only when it is not as stored."""
    try:
        decode = model_decoder(model)
    except TypeError:
        return model.model_validate_json(body)
    try:
        return decode(json.loads(body))
    except (_Unexpected, ValueError):
        # ValueError covers malformed JSON: validation reports it as it always did
        return model.model_validate_json(body)
