"""TIA documents escape register text for their format (issue #32): a hostile vendor name stays text in
Markdown, HTML and DOCX, each re-opened with a real reader."""

from __future__ import annotations

import io
from datetime import date
from html.parser import HTMLParser

import docx
from markdown_it import MarkdownIt

from catalog.app import tia as tias
from catalog.domain.register import Register

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) \u202eevil"
DAY = date(2026, 12, 7)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links.extend(value or "" for name, value in attrs if name == "href")


def _hostile(seed_register: Register) -> Register:
    data = seed_register.model_dump()
    for processor in data["processors"]:
        if processor["key"] == "hubspot":
            processor["legal_name"] = HOSTILE
    return Register.model_validate(data)


def test_a_hostile_name_stays_text_in_every_tia_document(seed_register: Register) -> None:
    register = _hostile(seed_register)
    documents = {d.stem: d for d in tias.documents(register, DAY, "en")}
    document = documents["tia-hubspot-us"]
    html = tias.document_bytes(document, "html", "en").decode()
    tags = _Tags()
    tags.feed(html)
    assert "script" not in tags.tags and not tags.links
    assert "&lt;script&gt;" in html
    markdown = tias.document_bytes(document, "md", "en").decode()
    rendered = MarkdownIt().render(markdown)
    assert "<script" not in rendered and "<a " not in rendered  # no live tag, no link from a name
    assert "\u202eevil\u202c" in html  # the direction override is closed within the value
    opened = docx.Document(io.BytesIO(tias.document_bytes(document, "docx", "en")))
    assert any("<script>alert(1)</script>" in p.text for p in opened.paragraphs)
