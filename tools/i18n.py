"""Keep the translation catalogs in step with the sources.

    python -m tools.i18n update   # add new strings (untranslated) and drop stale ones, per area
    python -m tools.i18n check    # list what is missing, untranslated, fuzzy, stale or mis-placeholdered

``tests/unit/test_translations.py`` runs the check: a string added to the code without its bokmål
translation fails the suite.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

from catalog.kernel.i18n import AREAS, LOCALE_DIR, REPO_ROOT

LANGUAGES = ("nb",)
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")
_METHODS = [("**.py", "python")]


def _extracted(sources: tuple[str, ...]) -> Iterator[tuple[str | tuple[str, ...], str | None]]:
    for source in sources:
        path = REPO_ROOT / source
        if path.is_file():
            found = ((path.name, *entry) for entry in extract_from_file("python", path, keywords=DEFAULT_KEYWORDS))
            for _name, _line, message, _comments, context in found:
                yield message, context
            continue
        for _file, _line, message, _comments, context in extract_from_dir(path, _METHODS, keywords=DEFAULT_KEYWORDS):
            yield message, context


def source_catalog(area: str) -> Catalog:
    """Every string the area's sources mark, as an empty catalog."""
    catalog = Catalog()
    for message, context in _extracted(AREAS[area]):
        catalog.add(message, context=context)
    return catalog


def po_path(lang: str, area: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{area}.po"


def read_catalog(lang: str, area: str) -> Catalog:
    path = po_path(lang, area)
    if not path.exists():
        return Catalog(locale=lang)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def update(lang: str, area: str) -> tuple[int, int]:
    """Rewrite the area's catalog: the sources' strings, keeping known translations. Returns (added, dropped)."""
    known = read_catalog(lang, area)
    fresh = Catalog(locale=lang, project="gdpr-transfer-catalog", fuzzy=False)
    added = 0
    for message in source_catalog(area):
        if not message.id:
            continue
        old = known.get(message.id, context=message.context)
        string = old.string if old is not None else ("", "") if isinstance(message.id, tuple) else ""
        added += old is None
        fresh.add(message.id, string, context=message.context, flags=old.flags if old else ())
    dropped = sum(1 for m in known if m.id and fresh.get(m.id, context=m.context) is None)
    path = po_path(lang, area)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, fresh, width=0, sort_output=True, omit_header=True, include_lineno=False)
    return added, dropped


def _strings(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def problems(lang: str, area: str) -> list[str]:
    """Why the area's catalog is not complete and current; empty when it is."""
    found: list[str] = []
    wanted = source_catalog(area)
    have = read_catalog(lang, area)
    where = po_path(lang, area).relative_to(REPO_ROOT)
    for message in wanted:
        if not message.id:
            continue
        entry = have.get(message.id, context=message.context)
        label = _strings(message.id)[0]
        if entry is None:
            found.append(f"{where}: missing: {label!r}")
        elif not entry.string or not all(_strings(entry.string)):
            found.append(f"{where}: untranslated: {label!r}")
        elif entry.fuzzy:
            found.append(f"{where}: fuzzy: {label!r}")
        else:
            source_marks = set(_PLACEHOLDER.findall(" ".join(_strings(message.id))))
            for text in _strings(entry.string):
                if set(_PLACEHOLDER.findall(text)) != source_marks:
                    found.append(f"{where}: placeholders differ: {label!r}")
                    break
    for entry in have:
        if entry.id and wanted.get(entry.id, context=entry.context) is None:
            found.append(f"{where}: stale (no longer in the sources): {_strings(entry.id)[0]!r}")
    return found


def inconsistencies(lang: str) -> list[str]:
    """Strings translated differently in two areas: one catalog is loaded, so one of them would silently win."""
    seen: dict[tuple[str, str | None], dict[str, str]] = {}
    for area in AREAS:
        for entry in read_catalog(lang, area):
            if entry.id and entry.string:
                key = (_strings(entry.id)[0], entry.context)
                seen.setdefault(key, {})[area] = " | ".join(_strings(entry.string))
    return [
        f"{lang}: {msgid!r} is translated differently by area: {by_area}"
        for (msgid, _context), by_area in seen.items()
        if len(set(by_area.values())) > 1
    ]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        for lang in LANGUAGES:
            for area in AREAS:
                added, dropped = update(lang, area)
                print(f"{po_path(lang, area).relative_to(REPO_ROOT)}: {added} new, {dropped} stale removed")
        return 0
    if command == "check":
        issues = [issue for lang in LANGUAGES for area in AREAS for issue in problems(lang, area)]
        issues += [issue for lang in LANGUAGES for issue in inconsistencies(lang)]
        print("\n".join(issues) or "catalogs complete")
        return 1 if issues else 0
    print(f"unknown command {command!r}: use 'update' or 'check'", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
