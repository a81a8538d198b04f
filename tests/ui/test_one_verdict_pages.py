"""The transfer map, the findings page and the overview count the same transfers per status (issue #26)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from streamlit.testing.v1 import AppTest

from catalog.app.register import DEFAULT_SEED_DIR
from catalog.compliance.engine import evaluate
from catalog.compliance.model import TransferStatus
from catalog.compliance.status_words import STATUS_STYLES, status_label, transfer_counts
from catalog.reference import load_reference
from catalog.registerfile.register_yaml import load_register
from ui.components.legend import status_text

LABELS = {status_label(status): status for status in TransferStatus}


def _status_metrics(app: AppTest) -> dict[TransferStatus, int]:
    assert not app.exception, [e.value for e in app.exception]
    return {LABELS[m.label]: int(m.value) for m in app.metric if m.label in LABELS}


def test_the_map_findings_and_overview_show_the_same_count_per_status(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page("views/transfer_map.py").run()
    on_the_map = _status_metrics(app)
    map_table = next(t.value for t in app.table if "Status" in t.value.columns)
    app.switch_page("views/findings.py").run()
    on_findings = _status_metrics(app)
    app.switch_page("views/overview.py").run()
    on_overview = _status_metrics(app)
    seed = load_register(DEFAULT_SEED_DIR)
    expected = transfer_counts(evaluate(seed, load_reference(), date.today()).transfers)
    assert on_the_map == on_findings == on_overview == expected
    # the Verji register: the four US transfers under SCCs of an unstated decision, 14 unknown destinations
    assert expected[TransferStatus.VALID_DETAILS_MISSING] == 4 and expected[TransferStatus.DESTINATION_UNKNOWN] == 14
    # the map's table says the same per transfer, in the same words
    assert sorted(map_table["Status"].value_counts().items()) == sorted(
        (status_text(s), n) for s, n in expected.items() if n
    )
    assert {s.colour for s in STATUS_STYLES.values()} == {"green", "amber", "red", "grey"}
