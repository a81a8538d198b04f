"""The Cypher module: text pinned, values only as parameters, labels only from the whitelist."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from catalog.graph.edges import Rel
from catalog.store import neo4j_cypher, neo4j_store
from catalog.store.neo4j_cypher import Label

GOLDEN = Path(__file__).parent / "golden" / "neo4j_cypher.txt"
CYPHER_SOURCE = Path(neo4j_cypher.__file__)
STORE_SOURCE = Path(neo4j_store.__file__)
CYPHER_WORDS = re.compile(r"\b(MATCH|MERGE|CREATE|DELETE|UNWIND|RETURN|CALL)\b")


def all_statements() -> dict[str, str]:
    """Every constant and every builder output, by a stable name."""
    statements = {
        name: value
        for name, value in vars(neo4j_cypher).items()
        if name.isupper() and not name.startswith("_") and isinstance(value, str)
    }
    for label in Label:
        statements[f"create_key_constraint({label.name})"] = neo4j_cypher.create_key_constraint(label)
        if label in neo4j_cypher.KIND_LABELS.values():
            for builder in (
                neo4j_cypher.list_entities,
                neo4j_cypher.get_entity,
                neo4j_cypher.create_entity,
                neo4j_cypher.update_entity,
                neo4j_cypher.merge_entities,
            ):
                statements[f"{builder.__name__}({label.name})"] = builder(label)
    for rel in Rel:
        statements[f"merge_relationships({rel.name})"] = neo4j_cypher.merge_relationships(rel)
    return statements


def render(statements: dict[str, str]) -> str:
    return "".join(f"-- {name}\n{text}\n\n" for name, text in sorted(statements.items()))


def test_the_statement_text_is_pinned() -> None:
    rendered = render(all_statements())
    if os.environ.get("CATALOG_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(rendered, encoding="utf-8")
    assert rendered == GOLDEN.read_text(encoding="utf-8"), (
        "Cypher changed; review the diff and rerun with CATALOG_UPDATE_GOLDEN=1"
    )


def test_string_literals_in_statements_are_fixed_names_only() -> None:
    # A quoted literal is the tell-tale of a value pasted into query text; the only ones allowed
    # are the label and component names below, fixed in the module.
    allowed = {"'Entity'", "'Neo4j Kernel'"}
    for name, text in all_statements().items():
        if not CYPHER_WORDS.search(text):
            continue
        literals = set(re.findall(r"'[^']*'|\"[^\"]*\"", text))
        assert literals <= allowed, (name, literals - allowed)


def test_builders_accept_only_whitelisted_labels_and_types() -> None:
    hostile = "Processor) DETACH DELETE (n"
    with pytest.raises(TypeError, match="whitelisted label"):
        neo4j_cypher.list_entities(hostile)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="whitelisted relationship"):
        neo4j_cypher.merge_relationships(hostile)  # type: ignore[arg-type]
    assert neo4j_cypher.constraint_name(Label.DATA_CATEGORY) == "catalog_data_category_key"


def test_query_text_is_built_only_from_enum_members() -> None:
    """No %-formatting or .format(), and every f-string interpolates whitelisted names or constants."""
    tree = ast.parse(CYPHER_SOURCE.read_text(encoding="utf-8"))
    whitelisting = {"_label", "_rel", "_flow_row", "constraint_name"}
    constants = {"MAX_CATEGORY_DEPTH", "MAX_FLOW_DEPTH", "find_target", "snake"}
    in_error_messages = {id(n) for r in ast.walk(tree) if isinstance(r, ast.Raise) for n in ast.walk(r)}
    for node in ast.walk(tree):
        if id(node) in in_error_messages:
            continue
        assert not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)), ast.unparse(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr != "format", ast.unparse(node)
        if isinstance(node, ast.FormattedValue):
            value = node.value
            checked = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in whitelisting
            assert checked or (isinstance(value, ast.Name) and value.id in constants), ast.unparse(value)


def test_every_cypher_statement_lives_in_the_cypher_module() -> None:
    tree = ast.parse(STORE_SOURCE.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CYPHER_WORDS.search(node.value):
            # Docstrings and messages may name Cypher words in prose; a statement starts with one.
            assert not CYPHER_WORDS.match(node.value.strip()), node.value


def test_relationship_endpoints_cover_every_relationship_type() -> None:
    assert set(neo4j_cypher.REL_ENDPOINTS) == set(Rel)
    # TIAs and country assessments are stored nodes outside the data-flow graph (issue #32)
    unlinked = {Label.ENTITY, Label.ORGANISATION, Label.COUNTRY_ASSESSMENT, Label.TIA}
    assert set(neo4j_cypher.NODE_TYPE_LABELS.values()) | unlinked == set(Label)
