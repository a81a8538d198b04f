"""The indented JSON writer gives ``json.dumps(..., indent=2, ensure_ascii=False)``'s text exactly."""

from __future__ import annotations

import json
from enum import StrEnum

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.kernel.jsontext import dumps_indented

_TEXT = st.text(alphabet=st.sampled_from(list('a "\\/\n\t\x00\x1fé€😀\u2028\ud800')), max_size=20)
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | _TEXT
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(tree=_TREES)
def test_the_text_is_json_dumps_text(tree: object) -> None:
    assert dumps_indented(tree) == json.dumps(tree, indent=2, ensure_ascii=False)


class _Kind(StrEnum):
    A = "a"


def test_keys_that_are_not_strings_and_string_subclasses_are_written_as_json_writes_them() -> None:
    tree = {1: [_Kind.A, {"x": 1.5, "y": []}], None: {}, "z": float("nan")}
    assert dumps_indented(tree) == json.dumps(tree, indent=2, ensure_ascii=False)
