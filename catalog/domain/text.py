"""Free register text in one language or several: ``name: User accounts`` or ``name: {nb: Brukerkontoer, en: …}``.

Validated into a ``LocalText`` when given by language, kept a plain ``str`` when given as one text;
serialised back the way it was given, so a dump, a store and the history keep every variant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, PlainSerializer, SerializationInfo, ValidatorFunctionWrapHandler, WrapValidator

from catalog.domain.base import InvalidValueError
from catalog.kernel.i18n import N_
from catalog.kernel.localtext import LANGUAGES, LocalText, local
from catalog.kernel.phrase import Phrase

M = TypeVar("M", bound=BaseModel)


def _validate(value: Any, handler: ValidatorFunctionWrapHandler) -> str:
    if isinstance(value, LocalText):
        return value
    if not isinstance(value, Mapping):
        return str(handler(value))
    variants: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in LANGUAGES:
            raise InvalidValueError(
                Phrase(
                    N_("unknown language {lang!r}: write the text under {languages}"),
                    lang=lang,
                    languages=" or ".join(LANGUAGES),
                )
            )
        if not isinstance(text, str) or not text.strip():
            raise InvalidValueError(Phrase(N_("the {lang!r} text must be a non-empty string"), lang=lang))
        variants[str(lang)] = text.strip()
    if not variants:
        raise InvalidValueError(
            Phrase(N_("give the text, or the text by language ({languages})"), languages=", ".join(LANGUAGES))
        )
    return LocalText(variants)


def _serialise(value: str, info: SerializationInfo) -> str | dict[str, str]:
    lang = info.context.get("lang") if isinstance(info.context, dict) else None
    if lang is not None:
        return local(value, lang)
    if isinstance(value, LocalText):
        return dict(value.variants)
    return value


def in_language(model: M, lang: str) -> M:
    """``model`` with every register text in ``lang`` alone (marked where a variant is missing), for an
    export that carries one language (Fides)."""
    data = model.model_dump(context={"lang": lang})
    _name_readings_in(model, data, lang)
    return type(model).model_validate(data)


def _name_readings_in(model: BaseModel, data: dict[str, Any], lang: str) -> None:
    """A reading (``provenance``) names a listed value by its text: in one language, by that language's text."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            _name_readings_in(value, data[name], lang)
        elif isinstance(value, list):
            for item, dumped in zip(value, data[name], strict=True):
                if isinstance(item, BaseModel):
                    _name_readings_in(item, dumped, lang)
    for entry in data.get("provenance") or []:
        listed = getattr(model, str(entry.get("field")), None)
        if entry.get("value") is not None and isinstance(listed, list):
            named = next((item for item in listed if isinstance(item, str) and item == entry["value"]), None)
            if named is not None:
                entry["value"] = local(named, lang)


class LocalTextField:
    """Marks an annotated field as register text in several languages (read by the stored-body decoder)."""


LOCAL_TEXT = LocalTextField()

Text = Annotated[
    str,
    WrapValidator(_validate, json_schema_input_type=str | dict[str, str]),
    PlainSerializer(_serialise, return_type=Any),
    LOCAL_TEXT,
]
"""Free text a person reads, in one language (a string) or several (a mapping of language code to text)."""

NonEmptyText = Annotated[
    str,
    Field(min_length=1),
    WrapValidator(_validate, json_schema_input_type=str | dict[str, str]),
    PlainSerializer(_serialise, return_type=Any),
    LOCAL_TEXT,
]
"""A name or purpose: ``Text`` that is never empty."""
