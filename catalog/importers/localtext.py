"""A source in one language read against a register in several: a cell sets only its own language's text.

A spreadsheet or a Fides manifest holds each text once, in the language it was written in. Read back
against the stored register, a text that equals what the register would export in that language (a
variant, or a variant marked as a fallback) keeps the stored text with all its languages; a text that
differs replaces that language's variant and keeps the others (``catalog.kernel.localtext.read_local``).
"""

from __future__ import annotations

from typing import Any

from catalog.domain.register import Register
from catalog.kernel.localtext import LANGUAGES, LocalText, local, read_local, unmarked


def _as_text(value: Any) -> str | None:
    """A body's text value as register text: a plain string, or a mapping by language as a ``LocalText``."""
    if isinstance(value, str):
        return value
    if (
        isinstance(value, dict)
        and value
        and set(value) <= set(LANGUAGES)
        and all(isinstance(text, str) for text in value.values())
    ):
        return LocalText(value)
    return None


def _as_body(text: str) -> str | dict[str, str]:
    return dict(text.variants) if isinstance(text, LocalText) else str(text)


def localise_value(source: Any, stored: Any, lang: str) -> Any:
    """``source`` (a body value read in ``lang``) with the stored languages kept where it agrees with them."""
    if isinstance(source, str):
        current = _as_text(stored)
        if current is None:
            text, marked = unmarked(source)
            return text if marked is not None else source
        return _as_body(read_local(source, lang, current))
    if isinstance(source, dict) and isinstance(stored, dict) and _as_text(stored) is None:
        return {name: localise_value(value, stored.get(name), lang) for name, value in source.items()}
    if isinstance(source, list) and isinstance(stored, list):
        return _localise_list(source, stored, lang)
    return source


def _localise_list(source: list[Any], stored: list[Any], lang: str) -> list[Any]:
    texts = [_as_text(item) for item in stored]
    by_language = any(isinstance(text, LocalText) for text in texts)
    result = []
    for index, item in enumerate(source):
        if isinstance(item, str):
            # the stored text this item reads as, wherever it stands; else the one in its place
            same = next((t for t in texts if t is not None and local(t, lang) == item), None)
            if same is not None:
                result.append(_as_body(same))
                continue
        paired = stored[index] if len(source) == len(stored) else None
        value = localise_value(item, paired, lang)
        if isinstance(value, str) and by_language and paired is None:
            # a new item beside texts kept by language is recorded in the source's language
            text, marked = unmarked(item)
            value = {marked or lang: text}
        result.append(value)
    return result


def localise_body(source: dict[str, Any], stored: dict[str, Any] | None, lang: str) -> dict[str, Any]:
    """An entity body a source produced, its text fields read against the stored body of the same entity."""
    if stored is None:
        return {name: localise_value(value, None, lang) for name, value in source.items()}
    result = localise_value(source, stored, lang)
    assert isinstance(result, dict)
    return result


def localise_register(incoming: Register, stored: Register | None, lang: str) -> Register:
    """``incoming`` (read from a source in ``lang``) with every text the stored register holds in several
    languages kept where the source agrees with its ``lang`` variant, and only that variant set where not."""
    if stored is None:
        return incoming
    index = {(kind, entity.key): entity for kind, entity in stored.all_entities()}
    collections: dict[str, list[dict[str, Any]]] = {}
    for kind, entity in incoming.all_entities():
        before = index.get((kind, entity.key))
        body = entity.model_dump(mode="json")
        stored_body = before.model_dump(mode="json") if before is not None else None
        collections.setdefault(kind.value, []).append(localise_body(body, stored_body, lang))
    organisation = localise_body(
        incoming.organisation.model_dump(mode="json"), stored.organisation.model_dump(mode="json"), lang
    )
    return Register.model_validate({"organisation": organisation, **collections})
