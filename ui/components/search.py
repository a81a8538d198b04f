"""Search anywhere: the sidebar's box finds any entity as the reader types (names in every language, legal
names, keys, countries by name or code, categories), forgiving typos, spaces and case; a hit opens the entity."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from catalog.app.language import Lang, local, translator
from catalog.app.search import Hit, Matched, SearchEntry, search, search_index
from catalog.domain.register import Register
from ui.components.text import md
from ui.components.words import kind_singular

SIDEBAR_KEY = "sidebar_search"
SIDEBAR_HITS = 8
"""How many hits the sidebar lists (the Register page's filter lists them all)."""

__all__ = ["Hit", "matched_word", "search_register", "sidebar_search"]


def search_register(register: Register, text: str, limit: int = 50) -> list[Hit]:
    """Entities whose name, legal name, key, country or category matches ``text``, best first."""
    return search(search_index(register, ("en", "nb")), text, limit)


def matched_word(hit: Hit, lang: Lang) -> str:
    """What a hit matched, for the reader: "name", "key", or "country: Norway"."""
    _ = translator(lang)
    words = {
        Matched.NAME: _("name"),
        Matched.LEGAL_NAME: _("legal name"),
        Matched.KEY: _("key"),
        Matched.COUNTRY: _("country"),
        Matched.CATEGORY: _("category"),
    }
    word = words.get(hit.matched, hit.matched)
    return word if hit.matched in (Matched.NAME, Matched.LEGAL_NAME) else f"{word}: {hit.text}"


def sidebar_search(entries: Callable[[], tuple[SearchEntry, ...] | None], lang: Lang) -> None:
    """The search box (results while typing, after a short pause); ``entries`` gives the index when asked."""
    _ = translator(lang)

    @st.fragment
    def box() -> None:
        query = st.text_input(
            _("Search the register"),
            key=SIDEBAR_KEY,
            type="search",
            live=True,
            placeholder=_("Name, key, country or category"),
        )
        if not query or not query.strip():
            return
        index = entries()
        if index is None:
            return
        hits = search(index, query, limit=None)
        if not hits:
            st.caption(_("Nothing matches."))
            return
        for hit in hits[:SIDEBAR_HITS]:
            st.page_link(
                "views/register.py",
                label=md(f"{local(hit.name, lang)} · {kind_singular(hit.kind, _)} · {matched_word(hit, lang)}"),
                query_params={"kind": hit.kind.value, "key": hit.key},
            )
        if len(hits) > SIDEBAR_HITS:
            st.caption(_("{count} more: refine the search.").format(count=len(hits) - SIDEBAR_HITS))

    box()
