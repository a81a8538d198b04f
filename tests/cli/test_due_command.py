"""``catalog due`` as a user or a scheduled job runs it: text, JSON, iCalendar, bad input (issue #18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

DATA = Path(__file__).resolve().parents[1] / "review" / "data"
UK_HOP = "controller->processor:ukco@GB"


def test_due_ics_parses_and_keeps_its_uids_between_runs(run_cli, tmp_path: Path) -> None:
    assert run_cli("import", str(DATA)).code == 0
    uids = []
    for name in ("a.ics", "b.ics"):
        out = tmp_path / name
        result = run_cli("due", "--within", "90d", "--as-of", "2027-03-01", "--format", "ics", "--out", str(out))
        assert result.code == 0, result.err
        calendar = Calendar.from_ical(out.read_bytes())
        events = calendar.walk("VEVENT")
        assert len(events) == 5
        assert str(events[0]["SUMMARY"]) == "OVERDUE: Entry review: DPF Analytics Inc."
        uids.append([str(event["UID"]) for event in events])
    assert uids[0] == uids[1] and len(set(uids[0])) == 5
    # A later run (other as-of date) keeps the UID of every item still listed.
    later = tmp_path / "c.ics"
    assert run_cli("due", "--as-of", "2027-03-15", "--format", "ics", "--out", str(later)).code == 0
    again = {str(e["UID"]) for e in Calendar.from_ical(later.read_bytes()).walk("VEVENT")}
    assert set(uids[0]) <= again


def test_due_text_and_json(run_cli) -> None:
    assert run_cli("import", str(DATA)).code == 0
    text = run_cli("due", "--as-of", "2027-03-01")
    assert text.code == 0, text.err
    assert text.out.index("OVERDUE (3)") < text.out.index("DUE WITHIN 90 DAYS (2)") < text.out.index("WHAT BREAKS")
    assert "2031-12-28  Example AS -> UK CRM Ltd (GB)" in text.out
    data = json.loads(run_cli("due", "--as-of", "2027-03-01", "--format", "json").out)
    assert [i["kind"] for i in data["overdue"]] == ["entry-review", "tia-review", "dpa-review"]
    assert {b["transfer"]: b["breaks_on"] for b in data["breaks"]}[UK_HOP] == "2031-12-28"


@pytest.mark.parametrize("bad", [["--within", "soon"], ["--as-of", "2027-13-01"]])
def test_due_bad_input_exits_2(run_cli, bad: list[str]) -> None:
    assert run_cli("import", str(DATA)).code == 0
    result = run_cli("due", *bad)
    assert result.code == 2 and result.err.startswith("error: ")


def test_check_applies_the_registers_tia_policy_unless_the_option_is_given(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    text = (DATA / "register.yaml").read_text()
    text = text.replace(
        '  address: {country: "NO"}\n', '  address: {country: "NO"}\n  review_policy: {tia_months: 18}\n'
    )
    (folder / "register.yaml").write_text(text)
    assert run_cli("import", str(folder)).code == 0
    lenient = json.loads(run_cli("check", "--as-of", "2027-03-01", "--format", "json").out)
    assert "transfer.tia-outdated" not in {f["rule"] for f in lenient["findings"]}
    strict = run_cli("check", "--as-of", "2027-03-01", "--format", "json", "--tia-max-age-days", "365")
    assert "transfer.tia-outdated" in {f["rule"] for f in json.loads(strict.out)["findings"]}


HOSTILE_ORGANISATION = "Evil\nBEGIN:VEVENT\rSUMMARY:injected; a, b \\ c \u202eabc"


def test_due_ics_escapes_an_organisation_name_with_line_breaks(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    text = (DATA / "register.yaml").read_text()
    quoted = json.dumps(HOSTILE_ORGANISATION)  # a JSON string is a YAML double-quoted scalar
    (folder / "register.yaml").write_text(text.replace("  name: Example AS\n", f"  name: {quoted}\n", 1))
    assert run_cli("import", str(folder)).code == 0
    out = tmp_path / "due.ics"
    result = run_cli("due", "--as-of", "2027-03-01", "--format", "ics", "--out", str(out))
    assert result.code == 0, result.err
    data = out.read_bytes()
    # Each content line starts with a property name or BEGIN/END: the name started none of its own.
    lines = data.split(b"\r\n")
    assert not [line for line in lines if b"\r" in line or b"\n" in line]
    assert sum(line == b"BEGIN:VEVENT" for line in lines) == 5
    assert not [line for line in lines if line.startswith(b"SUMMARY:injected")]
    calendar = Calendar.from_ical(data)
    assert len(calendar.walk("VEVENT")) == 5
    name = str(calendar["X-WR-CALNAME"])
    # The bare CR is a line break like the others; the direction override is closed inside the name.
    assert name == "Evil\nBEGIN:VEVENT\nSUMMARY:injected; a, b \\ c \u202eabc\u202c: register reviews"


def test_due_json_is_two_space_indented_json_with_text_unescaped(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    text = (DATA / "register.yaml").read_text()
    hostile = json.dumps(HOSTILE_ORGANISATION + ' "quoted" \\ ø')
    (folder / "register.yaml").write_text(text.replace("  name: Example AS\n", f"  name: {hostile}\n", 1))
    assert run_cli("import", str(folder)).code == 0
    out = run_cli("due", "--as-of", "2027-03-01", "--format", "json").out
    # The text a reader diffs from run to run: json.dumps(indent=2, ensure_ascii=False) of the same data.
    assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"
    assert "Evil\\nBEGIN:VEVENT" in out and '\\"quoted\\" \\\\ ø' in out
