"""Security measures (Art. 32) edited on the organisation, a system and a processor, and readings shown to
an auditor, through AppTest (issue #29)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from catalog.domain.models import SecurityMeasure
from catalog.domain.vocab import SupplementaryMeasureKind
from tests.ui.test_workbench import _errors, _open, _stored


def _save_with_added_row(app: AppTest, prefix: str, field: str, row: dict[str, object]) -> None:
    """Type a new row into a form's table and press Save in the same run.

    AppTest has no element for st.data_editor, so the row goes in as the browser sends it: the editor's
    widget state (added rows by column id), beside the Save button's click.
    """
    editor = next(e for e in app.dataframe if e.proto.id.endswith(f"{prefix}:{field}"))
    app.button(key=f"{prefix}__save").click()
    states = app._tree.get_widget_states()
    edits = {"edited_rows": {}, "added_rows": [row], "deleted_rows": []}
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(edits)))
    app._run(states)


@pytest.mark.parametrize(
    ("kind", "key"), [("organisation", "organisation"), ("systems", "crm"), ("processors", "crm-provider")]
)
def test_a_security_measure_added_in_the_form_is_saved(
    store_url: str, make_app: Callable[..., AppTest], kind: str, key: str
) -> None:
    app = make_app(store_url)
    prefix = _open(app, kind, key)
    before, version = _stored(store_url, kind, key)
    assert before.security_measures == []  # type: ignore[attr-defined]
    row = {"kind": "access_control", "description": "Access by named staff only", "supplementary": False}
    _save_with_added_row(app, prefix, "security_measures", row)
    assert not _errors(app)
    after, new_version = _stored(store_url, kind, key)
    assert new_version == version + 1
    assert after.security_measures == [  # type: ignore[attr-defined]
        SecurityMeasure(kind=SupplementaryMeasureKind.ACCESS_CONTROL, description="Access by named staff only")
    ]


def test_the_auditor_sees_a_reading_with_its_note_and_source(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url, read_only=True)
    _open(app, "activities", "service-notices")
    fields = next(f.value for f in app.dataframe if "field" in f.value.columns)  # below the processors' table
    rows = dict(zip(fields["field"], fields["value"], strict=True))
    label = "Readings and assumptions: Reading — Systems: E-mail and newsletter sending (email-service)"
    assert label in rows, list(rows)
    assert rows[label].startswith("The notices go out by e-mail")
    assert "(source: Verji privacy statement (2022-01-15), Tjeneste- og transaksjonsvarsler" in rows[label]
