"""``catalog tia`` and ``catalog export tia`` as real processes (issue #32); documents re-opened with
python-docx and markdown-it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from markdown_it import MarkdownIt

from catalog.app import register as register_service
from catalog.app import tia as tias
from catalog.app.stores import open_store
from catalog.domain.models import Processor, SubProcessorEngagement, Tia
from catalog.domain.register import EntityKind
from tests.cli.conftest import Result

DAY = date(2026, 12, 7)


def _run(run_cli, tmp_path: Path, *args: str) -> Result:
    return run_cli(*args, "--store", f"sqlite:///{tmp_path / 'cli.db'}", store_url=None)


def _headings(text: str, level: str = "h2") -> list[str]:
    tokens = MarkdownIt().parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == level]


def test_seed_then_export_tia_writes_a_draft_for_each_us_transfer(run_cli, tmp_path: Path) -> None:
    assert _run(run_cli, tmp_path, "seed").code == 0
    out = tmp_path / "tia"
    done = _run(run_cli, tmp_path, "export", "tia", "--format", "md", "--out", str(out), "--lang", "en")
    assert done.code == 0, done.err
    files = sorted(out.glob("*.md"))
    assert [f.name for f in files] == [
        "tia-crm-provider-us.md",
        "tia-hubspot-us.md",
        "tia-website-hosting-provider-us.md",
        "tia-webstat-us.md",
    ]
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert [h.split(":")[0] for h in _headings(text)] == [f"Step {n}" for n in range(1, 7)]
        assert "not assessed" in text
    hubspot = (out / "tia-hubspot-us.md").read_text(encoding="utf-8")
    assert "HubSpot" in hubspot and "United States (US)" in hubspot  # steps 1-2 by name, not by key
    assert "2023/1795" in hubspot  # the DPF decision offered as a citation


def test_docx_documents_open_in_python_docx_and_speak_bokmal(run_cli, tmp_path: Path) -> None:
    assert _run(run_cli, tmp_path, "seed").code == 0
    out = tmp_path / "docx"
    done = _run(run_cli, tmp_path, "export", "tia", "--format", "docx", "--out", str(out), "--lang", "nb")
    assert done.code == 0, done.err
    files = sorted(out.glob("*.docx"))
    assert len(files) == 4
    for file in files:
        document = docx.Document(str(file))
        headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
        assert [h.split(":")[0] for h in headings] == [f"Trinn {n}" for n in range(1, 7)]
        assert any("ikke vurdert" in p.text for p in document.paragraphs)


def test_html_documents_escape_register_text(run_cli, tmp_path: Path) -> None:
    assert _run(run_cli, tmp_path, "seed").code == 0
    out = tmp_path / "html"
    assert _run(run_cli, tmp_path, "export", "tia", "--format", "html", "--out", str(out)).code == 0
    text = (out / "tia-hubspot-us.html").read_text(encoding="utf-8")
    assert "<script" not in text and "Content-Security-Policy" in text
    assert "<h2>Step 1: Know your transfers</h2>" in text


def test_tia_new_writes_a_draft_and_list_shows_it(run_cli, tmp_path: Path) -> None:
    assert _run(run_cli, tmp_path, "seed").code == 0
    made = _run(run_cli, tmp_path, "tia", "new", "--transfer", "hubspot@US", "--lang", "en")
    assert made.code == 0, made.err
    assert "+ TIA HubSpot (US) (tia-hubspot-us)" in made.out
    listed = _run(run_cli, tmp_path, "tia", "list", "--lang", "en")
    assert "- hubspot@US  HubSpot: draft (tia-hubspot-us)" in listed.out
    again = _run(run_cli, tmp_path, "tia", "new", "--transfer", "hubspot@US")
    assert again.code == 2 and "already exists" in again.err and "Traceback" not in again.err
    unknown = _run(run_cli, tmp_path, "tia", "new", "--transfer", "nobody@US")
    assert unknown.code == 2 and "known transfers: crm-provider@US" in unknown.err
    shown = _run(run_cli, tmp_path, "show", "tia", "tia-hubspot-us")
    assert shown.code == 0 and "hubspot" in shown.out


def test_a_sub_processor_in_a_new_country_makes_check_report_the_tia_needs_review(run_cli, tmp_path: Path) -> None:
    assert _run(run_cli, tmp_path, "seed").code == 0
    store = open_store(f"sqlite:///{tmp_path / 'cli.db'}")
    try:  # the DPO decides the HubSpot TIA (the UI's save): steps 1-2 are kept as decided
        draft, _ = tias.new_tia(store, "hubspot@US", as_of=DAY)
        decided = Tia.model_validate(
            {**draft.model_dump(), "outcome": "adequate", "decided_by": "DPO", "decided_on": DAY}
        )
        tias.save_planned(store, tias.plan_tia_save(store, [decided], as_of=DAY))
    finally:
        store.close()
    clean = _run(run_cli, tmp_path, "check", "--as-of", DAY.isoformat(), "--lang", "en")
    assert "tia-needs-review" not in clean.out
    assert "transfer.tia-missing processor:hubspot [US]" not in clean.out  # the decision covers the hop
    store = open_store(f"sqlite:///{tmp_path / 'cli.db'}")
    try:
        support = Processor(
            key="indian-support",
            legal_name="Support Co Pvt Ltd",
            service_category="customer_support",
            established_in="IN",
            processing_locations=["IN"],
        )
        register_service.save_entity(store, support, None)
        hubspot = store.get_entity(EntityKind.PROCESSOR, "hubspot")
        assert hubspot is not None and isinstance(hubspot.value, Processor)
        engaged = [*hubspot.value.sub_processors, SubProcessorEngagement(processor="indian-support")]
        register_service.save_entity(
            store, hubspot.value.model_copy(update={"sub_processors": engaged}), hubspot.version
        )
    finally:
        store.close()
    flagged = _run(run_cli, tmp_path, "check", "--as-of", DAY.isoformat(), "--lang", "en")
    assert flagged.code == 3
    assert "transfer.tia-needs-review tia:tia-hubspot-us" in flagged.out
    assert "new countries the data reaches: India (IN)" in flagged.out
