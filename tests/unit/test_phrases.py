"""A finding is judged once and worded in any language: its message keeps how it was made (issue #30)."""

from __future__ import annotations

import copy
import pickle
from datetime import date

from catalog.app.register import DEFAULT_SEED_DIR
from catalog.compliance.engine import evaluate
from catalog.compliance.model import Severity
from catalog.compliance.wording import finding_hint, finding_message
from catalog.kernel.localtext import LocalText
from catalog.kernel.phrase import Joined, Phrase, render
from catalog.reference import load_reference
from catalog.registerfile.register_yaml import load_register


def test_a_phrase_is_its_english_text_and_words_itself_in_bokmal() -> None:
    phrase = Phrase("{exporter} (the controller)", exporter="Verji Tech AS")
    assert phrase == "Verji Tech AS (the controller)" and isinstance(phrase, str)
    assert render(phrase, "nb") == "Verji Tech AS (behandlingsansvarlig)"
    listed = Joined("; ", [Phrase("its locations are not stated"), "plain text"])
    assert render(listed, "nb") == "stedene er ikke oppgitt; plain text"


def test_a_report_keeps_its_words_through_pickle_and_copy() -> None:
    report = evaluate(load_register(DEFAULT_SEED_DIR), load_reference(), date(2026, 11, 27))
    for kept in (pickle.loads(pickle.dumps(report)), copy.deepcopy(report)):
        assert [finding_message(f, "nb") for f in kept.findings] == [finding_message(f, "nb") for f in report.findings]
    finding = report.findings[0]
    assert finding_message(finding, "en") == finding.message  # English is the message as stored
    assert finding_message(finding, "nb") != finding.message
    assert finding_hint(finding, "nb") and finding_hint(finding, "nb") in finding_message(finding, "nb")


def test_a_phrase_shows_each_parameter_as_str_shows_it() -> None:
    # Phrases join their template's pieces instead of formatting: the English must be format's, for any value.
    values: dict[str, object] = {
        "text": "plain",
        "phrase": Phrase("{who} (the controller)", who="Verji"),
        "joined": Joined(", ", ["a", Phrase("b"), 3]),
        "day": date(2026, 11, 27),
        "number": 7,
        "nothing": None,
        "kind": Severity.HIGH,
        "local": LocalText({"en": "User accounts", "nb": "Brukerkontoer"}),
    }
    for template in (
        "{text}-{phrase}; {joined} on {day}: {number} {nothing} {kind} {local}",
        "{{text}} {text}}}",
        "{a}",
    ):
        params = values if "{a}" not in template else {"a": "x"}
        assert Phrase(template, **params) == template.format(**{k: str(v) for k, v in params.items()})
    assert Phrase("{text!r} and {number:>3}", **values) == "'plain' and   7"  # conversions and specs are formatted


def test_a_shared_judgement_words_each_hop_as_its_own() -> None:
    # Hops sharing one judgement share its reasons' words; each finding still names its own hop.
    report = evaluate(load_register(DEFAULT_SEED_DIR), load_reference(), date(2026, 11, 27))
    for finding in report.findings:
        if finding.transfer is not None:
            hop = next(h for h in report.transfers if h.id == finding.transfer)
            assert render(hop.importer_name, "en") in finding.message or "unnamed" in finding.message
            assert finding.transfer_status == hop.status and finding.path == hop.path
