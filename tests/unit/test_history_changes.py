from catalog.history import register_changes


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
