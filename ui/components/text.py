"""Make register text inert: names are data, never markup.

Streamlit renders markdown (and, with unsafe_allow_html, HTML) in st.markdown, st.write of a
string, captions, labels and help texts. Register text can hold anything a user typed, so every
place that renders markdown gets it through ``md`` first; widgets that show plain text
(selectbox options, dataframes, st.text, st.code) need nothing.
"""

from __future__ import annotations

import re

from catalog.app.language import render

# Everything CommonMark, GitHub-flavoured markdown and Streamlit's extensions give meaning to:
# emphasis, links, images, headings, lists, tables, code, strike-through, maths ($), colour
# directives (:red[...]) and emoji shortcodes (:smile:), plus the HTML angle brackets.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:>=])")


def md(text: object) -> str:
    """Escape text for a markdown context so it renders exactly as typed."""
    raw = str(text)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", raw)
    # '<' cannot be backslash-escaped into inertness in every renderer; an entity always is.
    escaped = escaped.replace("<", "&lt;")
    # a line break inside a name must not start a new markdown block (heading, list, quote)
    return escaped.replace("\r", " ").replace("\n", " ")


def md_error(error: object, lang: str) -> str:
    """An error (or a problem, or any text that words itself) in the reader's language, made inert."""
    return md(render(error, lang))


def plotly_text(text: object) -> str:
    """Plotly reads a few HTML tags (<a>, <b>, <br>) in labels; entities make them plain text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
