"""A corpus of malformed registers, generated in code from the seed register's canonical dump.

Each case is a valid register directory with one thing broken, in one of the classes a careless
user or an attacker produces: wrong types, missing fields, unknown keys, dangling references,
duplicate keys, bad country codes, invalid YAML, impossible dates, control characters, binary
files, huge values, deep nesting, alias bombs, recursive aliases, broken structure and symlinks
leaving the directory. Mutations work on the dumped data (not on the seed's wording), so the corpus
keeps working when the seed changes.
"""

from __future__ import annotations

import codecs
import copy
import os
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from catalog.domain.register import EntityKind
from catalog.kernel.yamlsource import dump_yaml
from catalog.registerfile.register_yaml import DUMP_FILES, ORGANISATION, load_register, register_to_yaml
from tests.conftest import SEED_DIR

Files = dict[str, bytes]
Mutation = Callable[[dict[str, Any], str], None]


@dataclass(frozen=True)
class Case:
    """One malformed register: file name -> bytes, and symlinks (name -> target, relative to the case root)."""

    name: str
    files: Files
    links: dict[str, str] = field(default_factory=dict)
    outside: Files = field(default_factory=dict)  # files written next to (not inside) the register
    fifos: tuple[str, ...] = ()  # named pipes made inside the register: read naively, each blocks forever

    def write(self, root: Path) -> Path:
        register = root / "register"
        register.mkdir(parents=True)
        for name, data in self.outside.items():
            (root / name).write_bytes(data)
        for name, data in self.files.items():
            (register / name).write_bytes(data)
        for name, target in self.links.items():
            (register / name).symlink_to(root / target if not target.startswith("/") else Path(target))
        for name in self.fifos:
            os.mkfifo(register / name)
        return register


@cache
def base_texts() -> dict[str, str]:
    return register_to_yaml(load_register(SEED_DIR))


def base_data() -> dict[str, Any]:
    """Every section's data (a fresh copy each time), keyed by its file name."""
    return {name: yaml.safe_load(text) for name, text in base_texts().items()}


def encoded(texts: dict[str, str]) -> Files:
    return {name: text.encode("utf-8") for name, text in texts.items()}


def with_data(mutate: Callable[[dict[str, Any]], None]) -> Files:
    data = base_data()
    mutate(data)
    return encoded({name: dump_yaml(content) for name, content in data.items()})


def section_file(kind: EntityKind) -> str:
    return DUMP_FILES[kind.value]


def seeded_kinds() -> list[EntityKind]:
    """The kinds the base register holds entries of (the Verji seed records no TIA or country assessment:
    their malformed forms are covered by tests/unit/test_tia_model.py)."""
    data = base_data()
    return [kind for kind in EntityKind if (data.get(section_file(kind)) or {}).get(kind.value)]


def first(data: dict[str, Any], kind: EntityKind) -> dict[str, Any]:
    entity: dict[str, Any] = data[section_file(kind)][kind.value][0]
    return entity


def with_text(name: str, change: Callable[[str], str]) -> Files:
    texts = dict(base_texts())
    texts[name] = change(texts[name])
    return encoded(texts)


def replaced(name: str, text: str) -> Files:
    return encoded({**base_texts(), name: text})


def at_line(text: str, number: int, insert: str) -> str:
    lines = text.split("\n")
    index = min(number, len(lines) - 1)
    lines[index] = lines[index] + insert
    return "\n".join(lines)


# --- classes of breakage ------------------------------------------------------------------------


def missing_fields() -> Iterator[Case]:
    for kind in seeded_kinds():
        for name, info in kind.model.model_fields.items():
            if info.is_required():

                def drop(data: dict[str, Any], kind: EntityKind = kind, name: str = name) -> None:
                    first(data, kind).pop(name, None)

                yield Case(f"missing-{kind.value}-{name}", with_data(drop))
    for name in ("name", "address"):

        def drop_org(data: dict[str, Any], name: str = name) -> None:
            data[DUMP_FILES[ORGANISATION]][ORGANISATION].pop(name, None)

        yield Case(f"missing-organisation-{name}", with_data(drop_org))


def unknown_keys() -> Iterator[Case]:
    for kind in seeded_kinds():
        for extra in ("nmae", "Key", "hosting_", "__proto__"):

            def add(data: dict[str, Any], kind: EntityKind = kind, extra: str = extra) -> None:
                first(data, kind)[extra] = "x"

            yield Case(f"unknown-{kind.value}-{extra}", with_data(add))
    yield Case("unknown-section", with_data(lambda data: data[DUMP_FILES[ORGANISATION]].update(vendors=[])))


WRONG_VALUES: dict[type, list[Any]] = {
    str: [[1, 2], {"a": 1}],
    list: ["just text", {"a": 1}],
    dict: ["just text", [1]],
    bool: [[True], {"a": 1}],
}


def _wrong_values(value: Any) -> list[Any]:
    # text by language ({nb: …, en: …}) is text: a string is right for it, a list or another mapping wrong
    if isinstance(value, dict) and value and set(value) <= {"en", "nb"}:
        return WRONG_VALUES[str]
    return WRONG_VALUES.get(type(value), [])


def wrong_types() -> Iterator[Case]:
    for kind in seeded_kinds():
        for name, value in base_data()[section_file(kind)][kind.value][0].items():
            for index, wrong in enumerate(_wrong_values(value)):

                def swap(data: dict[str, Any], kind: EntityKind = kind, name: str = name, wrong: Any = wrong) -> None:
                    first(data, kind)[name] = copy.deepcopy(wrong)

                yield Case(f"type-{kind.value}-{name}-{index}", with_data(swap))
    for shape, value in (("scalar", "text"), ("mapping", {"a": 1}), ("null", None)):

        def entry(data: dict[str, Any], value: Any = value) -> None:
            data[section_file(EntityKind.SYSTEM)][EntityKind.SYSTEM.value].append(copy.deepcopy(value))

        yield Case(f"type-entry-is-{shape}", with_data(entry))


def dangling_references() -> Iterator[Case]:
    def activity(field_name: str) -> Callable[[dict[str, Any]], None]:
        return lambda data: first(data, EntityKind.ACTIVITY).__setitem__(field_name, ["ghost-entity"])

    for field_name in ("data_categories", "data_subjects", "systems"):
        yield Case(f"dangling-activity-{field_name}", with_data(activity(field_name)))
    yield Case(
        "dangling-system-operator", with_data(lambda d: first(d, EntityKind.SYSTEM).__setitem__("operator", "ghost"))
    )
    yield Case(
        "dangling-category-parent",
        with_data(lambda d: first(d, EntityKind.DATA_CATEGORY).__setitem__("parent", "ghost")),
    )
    yield Case(
        "dangling-sub-processor",
        with_data(
            lambda d: first(d, EntityKind.PROCESSOR).__setitem__(
                "sub_processors", [{"processor": "ghost", "locations": ["US"]}]
            )
        ),
    )


def duplicate_keys() -> Iterator[Case]:
    for kind in seeded_kinds():

        def twice(data: dict[str, Any], kind: EntityKind = kind) -> None:
            data[section_file(kind)][kind.value].append(copy.deepcopy(first(data, kind)))

        yield Case(f"duplicate-{kind.value}", with_data(twice))

    def across(data: dict[str, Any]) -> None:
        first(data, EntityKind.RECIPIENT)["key"] = first(data, EntityKind.PROCESSOR)["key"]

    yield Case("duplicate-across-kinds", with_data(across))
    for name in base_texts():
        # A mapping key written twice: the second would silently win in a plain YAML reader.
        yield Case(f"duplicate-mapping-key-{name}", with_text(name, lambda t: t + t))


BAD_COUNTRIES = ["XQ", "USA", "U.S.", "", "1", "EU-27"]


def bad_countries() -> Iterator[Case]:
    places: list[tuple[str, Mutation]] = [
        ("system-hosting", lambda d, c: first(d, EntityKind.SYSTEM).__setitem__("hosting", [c])),
        ("processor-locations", lambda d, c: first(d, EntityKind.PROCESSOR).__setitem__("processing_locations", [c])),
        ("recipient-locations", lambda d, c: first(d, EntityKind.RECIPIENT).__setitem__("locations", [c])),
        ("organisation-country", lambda d, c: d[DUMP_FILES[ORGANISATION]][ORGANISATION]["address"].update(country=c)),
    ]
    for place, mutate in places:
        for code in BAD_COUNTRIES:

            def apply(
                data: dict[str, Any], mutate: Callable[[dict[str, Any], str], None] = mutate, code: str = code
            ) -> None:
                mutate(data, code)

            yield Case(f"country-{place}-{code or 'empty'}", with_data(apply))


INVALID_YAML = {
    "unclosed-flow": "systems: [a, b\n",
    "unclosed-quote": 'systems:\n  - key: "abc\n',
    "bad-indentation": "systems:\n  - key: a\n   name: b\n",
    "tab-indentation": "systems:\n\t- key: a\n",
    "mapping-in-scalar": "systems: a: b\n",
    "two-documents": "systems: []\n---\nrecipients: []\n",
    "undefined-alias": "systems: *nowhere\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\n",
    "python-tag": "systems: !!python/object/apply:os.system [echo pwned]\n",
    "unknown-tag": "systems: !vendor [a]\n",
    "stray-dash": "systems:\n- a\nb\n",
    "lone-colon": ": \n",
    "directive": "%YAML 9.9\n---\nsystems: []\n",
    "unhashable-key": "? [a, b]\n: c\n",
}


def invalid_yaml() -> Iterator[Case]:
    names = list(base_texts())
    for index, (label, text) in enumerate(INVALID_YAML.items()):
        yield Case(f"yaml-{label}-extra-file", {**encoded(base_texts()), "zz-extra.yaml": text.encode()})
        target = names[index % len(names)]
        yield Case(f"yaml-{label}-in-{target}", replaced(target, base_texts()[target] + "\n" + text))


IMPOSSIBLE_DATES = ["2023-02-30", "2023-02-29", "2021-04-31", "2023-13-01", "2023-00-10", "2023-06-31", "2023-12-32"]


def impossible_dates() -> Iterator[Case]:
    placeholder = "DATE-PLACEHOLDER"
    places: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
        ("dpa", lambda d: first(d, EntityKind.PROCESSOR).__setitem__("dpa", {"signed_on": placeholder})),
        (
            "safeguard",
            lambda d: first(d, EntityKind.PROCESSOR).__setitem__(
                "safeguards", [{"kind": "scc", "instrument": "unknown", "valid_from": placeholder}]
            ),
        ),
        (
            "certification",
            lambda d: first(d, EntityKind.PROCESSOR).__setitem__(
                "certifications", [{"programme": "eu-us-dpf", "certified_from": placeholder}]
            ),
        ),
    ]
    for place, mutate in places:
        for day in IMPOSSIBLE_DATES:
            # Written unquoted, as a person would: YAML reads it as a timestamp that does not exist.
            files = {name: data.replace(placeholder.encode(), day.encode()) for name, data in with_data(mutate).items()}
            yield Case(f"date-{place}-{day}", files)


CONTROL_CHARACTERS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x80, 0x9F]] + [
    "\ufffe",
    "\uffff",
]


def control_characters() -> Iterator[Case]:
    names = list(base_texts())
    for index, char in enumerate(CONTROL_CHARACTERS):
        target = names[index % len(names)]
        yield Case(
            f"control-U+{ord(char):04X}-in-{target}",
            replaced(target, at_line(base_texts()[target], 1 + index % 5, char)),
        )


def binary_files() -> Iterator[Case]:
    rng = random.Random(13)
    blobs = {
        "random": bytes(rng.randrange(256) for _ in range(4096)),
        "latin1": "systems:\n  - key: café\n".encode("latin-1"),
        "utf16": "systems: []\n".encode("utf-16"),
        "gzip": b"\x1f\x8b\x08\x00" + bytes(rng.randrange(256) for _ in range(512)),
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "elf": b"\x7fELF\x02\x01\x01" + bytes(120),
        "nul-only": bytes(1024),
    }
    names = list(base_texts())
    for index, (label, blob) in enumerate(blobs.items()):
        yield Case(f"binary-{label}-extra-file", {**encoded(base_texts()), "zz-blob.yaml": blob})
        target = names[index % len(names)]
        yield Case(f"binary-{label}-as-{target}", {**encoded(base_texts()), target: blob})


def huge_values() -> Iterator[Case]:
    long_word = "x" * 150_000
    yield Case("huge-one-line", with_text(DUMP_FILES["systems"], lambda t: t + f"  - key: {long_word}\n"))
    yield Case("huge-million", with_text(DUMP_FILES["systems"], lambda t: t + "  - key: " + "y" * 1_000_000 + "\n"))
    block = "".join("      " + "z" * 90 + "\n" for _ in range(1_500))
    yield Case(
        "huge-block-scalar", with_text(DUMP_FILES["systems"], lambda t: t + "  - key: k\n    description: |\n" + block)
    )
    yield Case("huge-mapping-key", with_text(DUMP_FILES["systems"], lambda t: t + "  - " + "k" * 200_000 + ": 1\n"))


def deep_nesting() -> Iterator[Case]:
    for depth in (51, 100, 1_000, 10_000):
        flow = "systems: " + "[" * depth + "]" * depth + "\n"
        yield Case(f"deep-flow-{depth}", {**encoded(base_texts()), "zz-deep.yaml": flow.encode()})
    for depth in (51, 300, 1_000):
        block = "systems:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth))
        yield Case(f"deep-block-{depth}", {**encoded(base_texts()), "zz-deep.yaml": block.encode()})
    yield Case("deep-complex-keys", {**encoded(base_texts()), "zz-deep.yaml": ("? " * 1_000 + "x\n").encode()})


def alias_bomb(levels: int, width: int) -> bytes:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + f"\nsystems: *a{levels}\n").encode()


def alias_bombs() -> Iterator[Case]:
    for levels, width in ((7, 9), (8, 9), (9, 9), (9, 10), (5, 30), (30, 2)):
        yield Case(f"alias-bomb-{levels}x{width}", {**encoded(base_texts()), "zz-bomb.yaml": alias_bomb(levels, width)})
    wide = "a: &a [" + ", ".join(["x"] * 30) + "]\nsystems: [" + ", ".join(["*a"] * 5_000) + "]\n"
    yield Case("alias-bomb-wide", {**encoded(base_texts()), "zz-bomb.yaml": wide.encode()})
    yield Case("alias-recursive-sequence", {**encoded(base_texts()), "zz-loop.yaml": b"systems: &a [*a]\n"})
    yield Case("alias-recursive-mapping", {**encoded(base_texts()), "zz-loop.yaml": b"systems: &a {k: *a}\n"})


def broken_structure() -> Iterator[Case]:
    texts = base_texts()
    org = DUMP_FILES[ORGANISATION]
    yield Case("structure-top-level-list", {**encoded(texts), "zz.yaml": b"- systems\n- processors\n"})
    yield Case("structure-top-level-scalar", {**encoded(texts), "zz.yaml": b"just some text\n"})
    yield Case("structure-section-not-a-list", {**encoded(texts), "zz.yaml": b"systems: not a list\n"})
    yield Case("structure-section-mapping", {**encoded(texts), "zz.yaml": b"systems: {key: a}\n"})
    yield Case("structure-no-organisation", {n: d for n, d in encoded(texts).items() if n != org})
    yield Case("structure-two-organisations", {**encoded(texts), "zz.yaml": texts[org].encode()})
    yield Case("structure-organisation-list", {**encoded(texts), org: b"organisation: [a, b]\n"})
    yield Case("structure-organisation-null", {**encoded(texts), org: b"organisation:\n"})
    yield Case("structure-entry-empty-mapping", {**encoded(texts), "zz.yaml": b"systems:\n  - {}\n"})
    yield Case("structure-integer-section-name", {**encoded(texts), "zz.yaml": b"42: []\n"})
    # an emptied or truncated section would remove every entity of its kind: the deletion guard refuses it
    for section in ("activities", "processors", "systems"):
        yield Case(f"structure-emptied-{section}", {**encoded(texts), DUMP_FILES[section]: b""})
    truncated = texts[DUMP_FILES["activities"]]
    yield Case("structure-truncated-activities", {**encoded(texts), DUMP_FILES["activities"]: truncated[:80].encode()})


def symlinks() -> Iterator[Case]:
    texts = encoded(base_texts())
    yield Case("symlink-to-etc-passwd", texts, links={"zz-passwd.yaml": "/etc/passwd"})
    outside_valid = {"stranger.yaml": b"data_subjects:\n  - {key: strangers, name: Strangers}\n"}
    yield Case("symlink-to-valid-file-outside", texts, links={"zz-more.yaml": "stranger.yaml"}, outside=outside_valid)
    yield Case("symlink-dangling-outside", texts, links={"zz-gone.yaml": "missing.yaml"})
    yield Case("symlink-fifo-in-the-directory", texts, fifos=("zz-pipe.yaml",))
    yield Case(
        "symlink-to-a-fifo-in-the-directory",
        texts,
        links={"zz-more.yaml": "register/zz-pipe.yml"},
        fifos=("zz-pipe.yml",),
    )
    moved = dict(texts)
    systems = moved.pop(DUMP_FILES["systems"])
    yield Case(
        "symlink-section-moved-outside",
        moved,
        links={DUMP_FILES["systems"]: "systems-elsewhere.yaml"},
        outside={"systems-elsewhere.yaml": systems},
    )


GENERATORS = (
    missing_fields,
    unknown_keys,
    wrong_types,
    dangling_references,
    duplicate_keys,
    bad_countries,
    invalid_yaml,
    impossible_dates,
    control_characters,
    binary_files,
    huge_values,
    deep_nesting,
    alias_bombs,
    broken_structure,
    symlinks,
)


@cache
def corpus() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for generate in GENERATORS:
        for case in generate():
            assert case.name not in cases, case.name
            cases[case.name] = case
    return cases


# --- hostile files for the spreadsheet, CSV, sub-processor list and Fides readers ---------------
# Each is generated here, in a second or two: the tiny files that once grew to gigabytes (a merged
# range over a whole sheet, a row repeated a billion times), an archive that unpacks far past its
# size, a sparse 5 GiB CSV, special files, links leaving the folder, YAML bombs and wrong types.

GIB = 1024**3
SUBPROCESSOR_VENDOR = "hubspot"
"""A processor of the seed register whose sub-processor list the hostile lists would replace."""
ICO_HEADER = (
    "Processing activity",
    "Business function",
    "Purpose of processing",
    "Categories of personal data",
    "Article 6 lawful basis for processing personal data",
)
ICO_ROW = ("Payroll Tromsø", "Tromsø office", "Pay staff", "Name", "6(1)(b)")
LIST_HEADER = ("Name", "Service", "Locations")
LIST_ROW = ("Acme Hosting AS", "Hosting", "Norway")


@dataclass(frozen=True)
class Hostile:
    """One hostile input: the command that reads it and how to build it under a root directory.

    ``build`` returns the path given to the command; ``names`` are words the refusal must hold
    besides the path (the sheet, the limit, the reason).
    """

    name: str
    command: str  # "path" (catalog import PATH), "subprocessors" or "fides"
    build: Callable[[Path], Path]
    names: tuple[str, ...] = ()

    def args(self, path: Path) -> list[str]:
        if self.command == "subprocessors":
            return ["import", "subprocessors", "--processor", SUBPROCESSOR_VENDOR, str(path)]
        if self.command == "fides":
            return ["import", "fides", str(path)]
        return ["import", str(path)]


def zip_archive(members: Mapping[str, bytes | Callable[[Any], None]], compresslevel: int = 6) -> bytes:
    """A zip archive; a member given as a function writes itself in pieces (a big member costs no memory)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, content in members.items():
            if callable(content):
                with archive.open(name, "w", force_zip64=True) as stream:
                    content(stream)
            else:
                archive.writestr(name, content)
    return out.getvalue()


XLSX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="Record" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
_SHEET_OPEN = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _inline_row(number: int, values: tuple[str, ...]) -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'.encode()


def xlsx_with(after_data: bytes = b"", extra_rows: Callable[[Any], None] | None = None) -> bytes:
    """A one-sheet workbook (header and one row of the ICO layout) with something appended."""

    def sheet(stream: Any) -> None:
        stream.write(_SHEET_OPEN + b"<sheetData>" + _inline_row(1, ICO_HEADER) + _inline_row(2, ICO_ROW))
        if extra_rows is not None:
            extra_rows(stream)
        stream.write(b"</sheetData>" + after_data + b"</worksheet>")

    return zip_archive({**XLSX_PARTS, "xl/worksheets/sheet1.xml": sheet}, compresslevel=1)


def _many_cells(stream: Any) -> None:
    """About 95 MiB of cells, just under the unpacked-size limit: refused by the cell count while streaming."""
    from openpyxl.utils import get_column_letter

    # 60 columns: the million cells are reached before the row limit
    cells = "".join(f'<c r="{get_column_letter(i)}{{n}}"><v>1</v></c>' for i in range(1, 61))
    written, first = 0, 3
    while written < 95 * 1024 * 1024:
        block = "".join(f'<row r="{n}">' + cells.format(n=n) + "</row>" for n in range(first, first + 1_000))
        written += stream.write(block.encode())
        first += 1_000


def _unpacked_470_mib(stream: Any) -> None:
    piece = b"<!-- padding -->" * 65_536  # 1 MiB of a comment: compresses to almost nothing
    for _ in range(470):
        stream.write(piece)


def _one_cell_of_95_mib(stream: Any) -> None:
    stream.write(b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
    piece = ("ø" * 524_288).encode()  # 1 MiB
    for _ in range(95):
        stream.write(piece)
    stream.write(b"</t></is></c></row>")


def _empty_rows(stream: Any) -> None:
    piece = b"<row/>" * 174_762  # 1 MiB of rows holding nothing, each costing the parser a call
    for _ in range(95):
        stream.write(piece)


def _empty_elements(stream: Any) -> None:
    piece = b"<x/>" * 262_144  # 1 MiB of elements no reader looks at, each costing the parser a call
    for _ in range(95):
        stream.write(piece)


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value: str, attributes: str = "") -> str:
    return f'<table:table-cell office:value-type="string" {attributes}><text:p>{value}</text:p></table:table-cell>'


def ods_with(rows: str) -> bytes:
    """An .ods whose one sheet holds the ICO header row, then ``rows`` (content.xml as written by hand)."""
    header = "<table:table-row>" + "".join(_ods_cell(h) for h in ICO_HEADER) + "</table:table-row>"
    content = (
        f'<?xml version="1.0"?><office:document-content {_ODS_NS}><office:body><office:spreadsheet>'
        f'<table:table table:name="Protokoll">{header}{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    return zip_archive({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content.encode()})


ODS_DATA_ROW = "<table:table-row>" + "".join(_ods_cell(v) for v in ICO_ROW) + "</table:table-row>"
ODS_EMPTY_ROWS = '<table:table-row table:number-rows-repeated="999999999"><table:table-cell/></table:table-row>'


def csv_text(header: tuple[str, ...] = ICO_HEADER, row: tuple[str, ...] = ICO_ROW) -> str:
    return ",".join(header) + "\n" + ",".join(row) + "\n"


def stray_byte_csv() -> bytes:
    """UTF-8 text with one byte that is not UTF-8 (a cp1252 'ø' typed into one cell): once read wholly as cp1252."""
    text = csv_text() + "Invoicing Oslo,Finance,Send invoices,Name,6(1)(b)\n"
    return text.encode("utf-8").replace(b"Oslo", b"Bod\xf8")


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        path = root / name
        path.write_bytes(data)
        return path

    return build


def _sparse(name: str, size: int) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        path = root / name
        with path.open("wb") as out:
            out.truncate(size)  # no blocks written: 5 GiB on paper, nothing on disk
        return path

    return build


def _fifo(name: str, folder: str | None = None) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        where = root / folder if folder else root
        where.mkdir(exist_ok=True)
        if folder:
            (where / "organization.yml").write_text(FIDES_MANIFEST, encoding="utf-8")
        os.mkfifo(where / name)  # read naively, a FIFO blocks until killed
        return where if folder else where / name

    return build


def _link(name: str, target: str, folder: str | None = None, outside: bytes | None = None) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        where = root / folder if folder else root
        where.mkdir(exist_ok=True)
        if folder:
            (where / "organization.yml").write_text(FIDES_MANIFEST, encoding="utf-8")
        goal = Path(target) if target.startswith("/") else root / target
        if outside is not None:
            goal.write_bytes(outside)
        (where / name).symlink_to(goal)
        return where if folder else where / name

    return build


FIDES_MANIFEST = """organization:
  - fides_key: default_organization
    name: Example Shop Ltd
system:
  - fides_key: shop_db
    name: Shop database
    system_type: Database
    privacy_declarations:
      - name: Orders
        data_use: essential.service
        data_categories: [user.contact.email]
        data_subjects: [customer]
        legal_basis_for_processing: Contract
"""


def _fides(text: str) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        folder = root / "fides"
        folder.mkdir()
        (folder / "fides.yml").write_text(text, encoding="utf-8")
        return folder

    return build


def fides_alias_bomb() -> str:
    lines = ["x0: &x0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n" + FIDES_MANIFEST.replace("system_type: Database", "system_type: *x9")


def hostile_inputs() -> Iterator[Hostile]:
    limit = ("CATALOG_IMPORT_MAX_CELLS",)
    merged = xlsx_with(b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    yield Hostile("xlsx-merged-whole-sheet", "path", _file("ropa.xlsx", merged), ("'Record'", *limit))
    yield Hostile("xlsx-unpacks-470-mib", "path", _file("ropa.xlsx", xlsx_with(extra_rows=_unpacked_470_mib)),
                  ("CATALOG_IMPORT_MAX_UNPACKED_MB",))  # fmt: skip
    yield Hostile("xlsx-cells-under-the-unpacked-limit", "path", _file("ropa.xlsx", xlsx_with(extra_rows=_many_cells)),
                  ("'Record'", *limit))  # fmt: skip
    yield Hostile("xlsx-one-cell-of-95-mib", "path", _file("ropa.xlsx", xlsx_with(extra_rows=_one_cell_of_95_mib)),
                  ("'Record'", "a cell of more than 100,000 characters"))  # fmt: skip
    yield Hostile("xlsx-16-million-empty-rows", "path", _file("ropa.xlsx", xlsx_with(extra_rows=_empty_rows)),
                  ("'Record'", "lists more than", "CATALOG_IMPORT_MAX_ROWS"))  # fmt: skip
    yield Hostile("xlsx-25-million-empty-elements", "path", _file("ropa.xlsx", xlsx_with(extra_rows=_empty_elements)),
                  ("'Record'", "XML elements", *limit))  # fmt: skip
    bomb = ods_with(ODS_EMPTY_ROWS + ODS_DATA_ROW)
    yield Hostile(
        "ods-rows-repeated-bomb", "path", _file("protokoll.ods", bomb), ("'Protokoll'", "CATALOG_IMPORT_MAX_ROWS")
    )
    wide = ods_with(
        "<table:table-row>" + _ods_cell("x", 'table:number-columns-repeated="999999999"') + "</table:table-row>"
    )
    yield Hostile(
        "ods-columns-repeated-bomb", "path", _file("protokoll.ods", wide), ("'Protokoll'", "CATALOG_IMPORT_MAX_COLUMNS")
    )
    rows = (
        '<table:table-row table:number-rows-repeated="99999">'
        + "".join(_ods_cell(v) for v in ICO_ROW)
        + "</table:table-row>"
    )
    yield Hostile(
        "ods-data-rows-repeated",
        "path",
        _file("protokoll.ods", ods_with(rows * 20)),
        ("'Protokoll'", "CATALOG_IMPORT_MAX_ROWS"),
    )
    yield Hostile("csv-sparse-5-gib", "path", _sparse("ropa.csv", 5 * GIB), ("CATALOG_IMPORT_MAX_FILE_MB",))
    yield Hostile("csv-stray-byte", "path", _file("ropa.csv", stray_byte_csv()), ("line 3", "--encoding"))
    yield Hostile(
        "csv-utf16-without-bom", "path", _file("ropa.csv", csv_text().encode("utf-16-le")), ("line 2", "--encoding")
    )
    yield Hostile("csv-fifo", "path", _fifo("ropa.csv"), ("FIFO",))
    yield Hostile("csv-link-to-dev-zero", "path", _link("ropa.csv", "/dev/zero"), ("character device",))
    yield Hostile("xlsx-fifo", "path", _fifo("ropa.xlsx"), ("FIFO",))
    # the same readers behind a vendor's sub-processor list
    list_csv = csv_text(LIST_HEADER, LIST_ROW)
    yield Hostile(
        "list-csv-sparse-5-gib", "subprocessors", _sparse("list.csv", 5 * GIB), ("CATALOG_IMPORT_MAX_FILE_MB",)
    )
    yield Hostile("list-xlsx-merged-whole-sheet", "subprocessors", _file("list.xlsx", merged), ("'Record'", *limit))
    yield Hostile("list-ods-rows-repeated-bomb", "subprocessors", _file("list.ods", bomb), ("CATALOG_IMPORT_MAX_ROWS",))
    yield Hostile("list-csv-stray-byte", "subprocessors",
                  _file("list.csv", list_csv.encode().replace(b"Norway", b"Norge \xf8")), ("line 2",))  # fmt: skip
    yield Hostile("list-fifo", "subprocessors", _fifo("list.csv"), ("FIFO",))
    # Fides manifests
    yield Hostile("fides-alias-bomb-in-system-type", "fides", _fides(fides_alias_bomb()), ("alias",))
    yield Hostile("fides-100000-brackets", "fides", _fides("system: " + "[" * 100_000 + "\n"), ("nested more than",))
    yield Hostile("fides-link-to-dev-zero", "fides", _link("zero.yml", "/dev/zero", "fides"), ("/dev/zero",))
    yield Hostile("fides-fifo", "fides", _fifo("pipe.yml", "fides"), ("FIFO",))
    stranger = FIDES_MANIFEST.replace("shop_db", "stranger_db").replace(
        "organization:\n  - fides_key: default_organization\n    name: Example Shop Ltd\n", ""
    )
    yield Hostile("fides-link-out-of-the-folder", "fides",
                  _link("more.yml", "stranger.yml", "fides", stranger.encode()), ("outside",))  # fmt: skip
    values = FIDES_MANIFEST + "data_subject:\n" + "  - x\n" * 1_000_000  # 6 MB: each value costs ~1 KB parsed
    yield Hostile(
        "fides-a-million-values", "fides", _fides(values), ("250,000 values", "CATALOG_IMPORT_MAX_YAML_VALUES")
    )
    wrong_use = FIDES_MANIFEST.replace("data_use: essential.service", "data_use: [essential.service]")
    yield Hostile("fides-data-use-a-list", "fides", _fides(wrong_use), ("data_use", "must be text"))
    wrong_basis = FIDES_MANIFEST.replace(
        "legal_basis_for_processing: Contract", "legal_basis_for_processing: {basis: Contract}"
    )
    yield Hostile(
        "fides-legal-basis-a-mapping", "fides", _fides(wrong_basis), ("legal_basis_for_processing", "must be text")
    )


@cache
def hostile_corpus() -> dict[str, Hostile]:
    found: dict[str, Hostile] = {}
    for hostile in hostile_inputs():
        assert hostile.name not in found, hostile.name
        found[hostile.name] = hostile
    return found


def bom_csvs() -> dict[str, bytes]:
    """The ICO CSV in every Unicode encoding a byte-order mark names: each must import as written."""
    text = csv_text()
    return {
        "utf-8-bom": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16-le": text.encode("utf-16"),
        "utf-16-be": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf-32-le": codecs.BOM_UTF32_LE + text.encode("utf-32-le"),
        "utf-32-be": codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
    }
