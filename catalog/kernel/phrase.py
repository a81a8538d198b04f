"""Words judged once and read in any language: an English sentence that remembers how it was made.

The compliance engine decides each finding once; the language only changes its wording. A ``Phrase`` is
a ``str`` (its English text, so code that compares, sorts, joins or stores it keeps working) that also
keeps its English source template (marked for translation) and its parameters, so that ``render`` can
word it again in another language. Parameters may be phrases themselves, lists joined by ``Joined``, or
register text (``LocalText``, worded with ``local``); anything else is shown as it is (names, keys, dates).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from string import Formatter
from typing import Any

from catalog.kernel.i18n import N_, translate
from catalog.kernel.localtext import local


class Phrase(str):
    """``Phrase(N_("{who} has no agreement"), who=name)``: English now, ``render(lang)`` for another."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, /, **params: object) -> Phrase:
        text = super().__new__(cls, _english(template, params) if params else template)
        text.template = template
        text.params = params
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # kept whole through copies and pickles (caches, processes)
        return (_rebuild, (type(self), self.template, self.params))

    def render(self, lang: str) -> str:
        if lang == "en" and not self.params:
            return str(self)
        words = {key: render(value, lang) for key, value in self.params.items()}
        return translate(self.template, lang).format(**words) if words else translate(self.template, lang)


def _rebuild(kind: type[Phrase], template: str, params: dict[str, object]) -> Phrase:
    return kind(template, **params)


def _english(template: str, params: dict[str, object]) -> str:
    """``template.format`` with every parameter shown as ``str`` shows it, in one copy of the text.

    A finding's message holds its sentence, which holds the list of the data's names: formatting
    copies each text parameter (a ``str`` subclass) once more before copying it into the result. A
    template of plain ``{name}`` fields is joined from its pieces instead, texts as they are (a text's
    characters are its English words, as for every text of this module).
    """
    pieces = _pieces(template)
    if pieces is None:
        return template.format_map({key: str(value) for key, value in params.items()})
    literals, names = pieces
    shown: list[object] = [None] * (2 * len(names) + 1)
    shown[::2] = literals
    shown[1::2] = map(params.__getitem__, names)
    try:
        return "".join(shown)  # type: ignore[arg-type]
    except TypeError:  # a date or a number among them
        return "".join(item if isinstance(item, str) else str(item) for item in shown)


_PIECES: dict[str, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}


def _pieces(template: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The template's literal texts around its fields and the fields' names; None when a field has a
    conversion, a format spec or an index (the template is then formatted as such)."""
    if template in _PIECES:
        return _PIECES[template]
    literals: list[str] = []
    names: list[str] = []
    found: tuple[tuple[str, ...], tuple[str, ...]] | None
    try:
        for literal, name, spec, conversion in Formatter().parse(template):
            if literals and len(literals) > len(names):
                literals[-1] += literal  # '{{' and '}}' end a literal piece early
            else:
                literals.append(literal)
            if name is None:
                continue
            if spec or conversion or not name.isidentifier():
                raise ValueError(name)
            names.append(name)
        if len(literals) == len(names):
            literals.append("")
        found = (tuple(literals), tuple(names))
    except ValueError:
        found = None
    if len(_PIECES) < 4096:  # templates are the code's own: a bound against any built at run time
        _PIECES[template] = found
    return found


class Joined(str):
    """Several texts joined by a separator, each worded in the reader's language."""

    separator: str
    items: tuple[object, ...]

    def __new__(cls, separator: str, items: Iterable[object]) -> Joined:
        listed = tuple(items)
        try:
            english = separator.join(listed)  # type: ignore[arg-type]
        except TypeError:  # not only texts
            english = separator.join(map(str, listed))
        text = super().__new__(cls, english)
        text.separator = separator
        text.items = listed
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.separator, self.items))

    def render(self, lang: str) -> str:
        return self.separator.join(render(item, lang) for item in self.items)


def render(text: object, lang: str) -> str:
    """``text`` worded in ``lang``: a phrase or a joined list rendered, register text localised, else as is."""
    worded = getattr(text, "render", None)  # a Phrase, Joined, ... or another text that words itself
    if callable(worded):
        return str(worded(lang))
    if isinstance(text, str):
        return local(text, lang)
    return str(text)


def unique_joined(separator: str, items: Iterable[object]) -> Joined:
    """``Joined`` without repeats (by their English words), in first-seen order."""
    seen: dict[str, object] = {}
    for item in items:
        seen.setdefault(str(item), item)
    return Joined(separator, seen.values())


def sentence(text: str) -> str:
    """First letter upper-cased, keeping a phrase a phrase (its template is upper-cased in every language)."""
    return Capitalised(text) if hasattr(text, "render") else text[:1].upper() + text[1:]


class Capitalised(str):
    """A text worded in the reader's language with its first letter upper-cased."""

    inner: object

    def __new__(cls, inner: object) -> Capitalised:
        english = str(inner)
        text = super().__new__(cls, english[:1].upper() + english[1:])
        text.inner = inner
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Capitalised, (self.inner,))

    def render(self, lang: str) -> str:
        words = render(self.inner, lang)
        return words[:1].upper() + words[1:]


def trimmed(text: str, suffix: str = ".") -> str:
    """``text`` without a trailing ``suffix`` in every language (a reason used inside a sentence)."""
    if hasattr(text, "render"):
        return Trimmed(text, suffix)
    return text.removesuffix(suffix)


class Trimmed(str):
    """A text worded in the reader's language without its trailing ``suffix``."""

    inner: object
    suffix: str

    def __new__(cls, inner: object, suffix: str) -> Trimmed:
        text = super().__new__(cls, str(inner).removesuffix(suffix))
        text.inner = inner
        text.suffix = suffix
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Trimmed, (self.inner, self.suffix))

    def render(self, lang: str) -> str:
        return render(self.inner, lang).removesuffix(self.suffix)


class Unprefixed(str):
    """A text worded in the reader's language without a leading ``prefix`` (a path a problem names apart)."""

    inner: object
    prefix: str

    def __new__(cls, inner: object, prefix: str) -> Unprefixed:
        text = super().__new__(cls, str(inner).removeprefix(prefix))
        text.inner = inner
        text.prefix = prefix
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Unprefixed, (self.inner, self.prefix))

    def render(self, lang: str) -> str:
        return render(self.inner, lang).removeprefix(self.prefix)


def error_message(item: Mapping[str, Any]) -> str:
    """A pydantic error's message: the phrase our validator raised (worded in any language), else pydantic's words
    without its 'Value error, ' prefix."""
    raised = (item.get("ctx") or {}).get("error")
    if isinstance(raised, Exception) and len(raised.args) == 1 and hasattr(raised.args[0], "render"):
        return raised.args[0]  # type: ignore[no-any-return]
    return str(item["msg"]).removeprefix("Value error, ")


def and_joined(items: Sequence[object]) -> str:
    """'a, b and c' in any language ('a, b og c')."""
    if len(items) == 1:
        return items[0] if isinstance(items[0], str) else str(items[0])
    return Phrase(N_("{items} and {last}"), items=Joined(", ", items[:-1]), last=items[-1])
