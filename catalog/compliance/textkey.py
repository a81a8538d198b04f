"""Text compared in every language it is written in (issue #33's incremental check).

Register text (``LocalText``) and the engine's words (``Phrase``, ``Joined``) are ``str``s that compare by
their English (or first) text only; what is kept between checks must also change when another language's
words change.
"""

from __future__ import annotations


def text_key(value: object) -> object:
    """Everything a text says in every language: a phrase's template and parameters, a localised text's
    variants, a joined list's items; any other value as it is."""
    variants = getattr(value, "variants", None)
    if isinstance(variants, dict):
        return ("local", tuple(sorted(variants.items())))
    template = getattr(value, "template", None)
    params = getattr(value, "params", None)
    if isinstance(template, str) and isinstance(params, dict):
        return ("phrase", template, tuple(sorted((k, text_key(v)) for k, v in params.items())))
    items = getattr(value, "items", None)
    separator = getattr(value, "separator", None)
    if isinstance(items, tuple) and isinstance(separator, str):
        return ("joined", separator, tuple(text_key(item) for item in items))
    return value
