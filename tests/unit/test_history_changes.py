from datetime import UTC, datetime

from catalog.history.chain import GENESIS_HASH, ChangeEntry, context, new_entry, register_changes, verify_chain


def test_only_changed_bodies_become_changes_and_a_kind_move_is_split() -> None:
    old = {"a": ("systems", '{"k":1}'), "b": ("systems", '{"k":2}'), "c": ("systems", '{"k":3}')}
    new = {"a": ("systems", '{"k":1}'), "b": ("processors", '{"k":2}'), "d": ("recipients", '{"k":4}')}
    changes = register_changes(old, new, '{"name":"X"}', '{"name":"X"}')
    summary = [(c.kind, c.key, c.before is not None, c.after is not None) for c in changes]
    assert summary == [
        ("systems", "b", True, False),
        ("processors", "b", False, True),
        ("recipients", "d", False, True),
        ("systems", "c", True, False),
    ]
    assert register_changes({}, {}, None, '{"name":"X"}')[0].kind == "organisation"


def test_a_new_entry_hashes_what_verification_recomputes_from_the_stored_json() -> None:
    changes = register_changes({"a": ("systems", '{"k": 1}')}, {"a": ("systems", '{"k": 2, "n": "Ø"}')}, None, "{}")
    at = datetime(2026, 11, 27, 10, 30, 15, 123456, tzinfo=UTC)
    first = new_entry(1, GENESIS_HASH, context("import", actor="dpo"), changes, at=at)
    second = new_entry(2, first.hash, context("edit", actor="dpo", reason="why"), list(reversed(changes)))
    stored = [ChangeEntry.model_validate_json(entry.model_dump_json()) for entry in (first, second)]
    assert [entry.content_hash() for entry in stored] == [first.hash, second.hash]
    assert verify_chain(stored) is None
    assert stored[0].at == at and stored[0].changes[-1].after == {"k": 2, "n": "Ø"}
