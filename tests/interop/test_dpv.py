"""The DPV export read back by rdflib and checked against the pinned DPV 2.2 term lists."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from catalog.app.export import report_for
from catalog.domain.models import Safeguard, SupplementaryMeasure, TransferImpactAssessment
from catalog.domain.register import Register
from catalog.domain.vocab import SafeguardKind, SccModule, SupplementaryMeasureKind, TiaOutcome
from catalog.exporters.rows import build_table, location_label
from catalog.interop.dpv import CAT, DPV, EU_GDPR, LOC, RdfFormat, iri, render_dpv
from catalog.kernel.lang import Lang
from tests.interop.conftest import AS_OF

TERMS_FILE = Path(__file__).parent / "data" / "dpv-2.2-terms.tsv"
DPV_NAMESPACES = (str(DPV), str(EU_GDPR), str(LOC))


@cache
def dpv_terms() -> dict[str, str]:
    """IRI -> 'class' | 'property' | 'concept', as defined by the pinned release."""
    terms = {}
    for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            term, kind = line.split("\t")
            terms[term] = kind
    return terms


def parsed(register: Register, fmt: RdfFormat) -> Graph:
    data = render_dpv(register, report_for(register, AS_OF), fmt)
    return Graph().parse(data=data.decode("utf-8"), format=fmt.rdflib_name)


def test_both_serialisations_parse_to_the_same_graph(any_register: Register) -> None:
    turtle = parsed(any_register, RdfFormat.TURTLE)
    jsonld = parsed(any_register, RdfFormat.JSONLD)
    assert len(turtle) > 100
    assert isomorphic(turtle, jsonld)


def test_every_dpv_term_used_is_defined_in_the_pinned_release(any_register: Register) -> None:
    graph = parsed(any_register, RdfFormat.TURTLE)
    terms = dpv_terms()
    used: dict[str, set[str]] = {"property": set(), "class": set(), "value": set()}
    for s, p, o in graph:
        used["property"].add(str(p))
        if p == RDF.type:
            used["class"].add(str(o))
        for node in (s, o):
            if isinstance(node, URIRef):
                used["value"].add(str(node))
    vocabulary = [term for group in used.values() for term in group if term.startswith(DPV_NAMESPACES)]
    assert vocabulary, "the export uses DPV terms"
    undefined = sorted(term for term in vocabulary if term not in terms)
    assert undefined == []
    not_properties = sorted(t for t in used["property"] if t.startswith(DPV_NAMESPACES) and terms[t] != "property")
    assert not_properties == []
    not_classes = sorted(t for t in used["class"] if t.startswith(DPV_NAMESPACES) and terms[t] != "class")
    assert not_classes == []


TRANSFERS_QUERY = """
SELECT ?id ?exporterName ?importerName ?country ?mechanism WHERE {
  ?transfer dpv:hasProcessing dpv:CrossBorderTransfer ;
            dpv:hasIdentifier ?id ;
            cat:mechanism ?mechanism ;
            dpv:hasDataExporter ?exporter ;
            dpv:hasDataImporter ?importer .
  ?exporter dpv:hasName ?exporterName .
  ?importer dpv:hasName ?importerName .
  OPTIONAL { ?transfer dpv:hasThirdCountry ?country }
  # a name in several languages is one literal per language: the English one, or the untagged one
  FILTER (lang(?exporterName) IN ("", "en") && lang(?importerName) IN ("", "en"))
}
"""


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_sparql_lists_the_transfer_registers_rows(any_register: Register, fmt: RdfFormat) -> None:
    graph = parsed(any_register, fmt)
    found = set()
    for row in graph.query(TRANSFERS_QUERY, initNs={"dpv": DPV, "cat": CAT}):
        transfer_id, exporter, importer, country, mechanism = row  # type: ignore[misc]
        code = str(country)[len(str(LOC)) :] if country is not None else "unknown"
        found.add((str(transfer_id), str(exporter), str(importer), location_label(code, Lang.EN), str(mechanism)))
    table = build_table("transfers", any_register, report_for(any_register, AS_OF), Lang.EN)
    ids = [column.id for column in table.columns]
    expected = set()
    for cells in table.rows:
        values = dict(zip(ids, cells, strict=True))
        exporter_cell = str(values["exporter"])
        exporter_name = exporter_cell[: exporter_cell.rindex(" (")]
        expected.add(
            (
                str(values["transfer_id"]),
                exporter_name,
                str(values["importer"]),
                str(values["country"]),
                str(values["mechanism"]),
            )
        )
    assert expected
    assert found == expected


def test_adequacy_the_engine_finds_is_the_legal_basis(synthetic: Register) -> None:
    report = report_for(synthetic, AS_OF)
    adequate = {h.id for h in report.transfers if h.basis.value == "adequate"}
    assert adequate
    graph = parsed(synthetic, RdfFormat.TURTLE)
    query = """
    SELECT ?id WHERE {
      ?transfer dpv:hasIdentifier ?id ; dpv:hasLegalBasis eu-gdpr:A45-3 ;
                dpv:hasTechnicalOrganisationalMeasure ?decision .
      ?decision a eu-gdpr:AdequacyDecision .
    }"""
    found = {str(row[0]) for row in graph.query(query, initNs={"dpv": DPV, "eu-gdpr": EU_GDPR})}  # type: ignore[index]
    assert adequate <= found


def test_verji_transfers_carry_their_mechanism(seed_register: Register) -> None:
    graph = parsed(seed_register, RdfFormat.TURTLE)
    query = """
    SELECT ?id WHERE {
      ?transfer dpv:hasIdentifier ?id ; dpv:hasLegalBasis eu-gdpr:A46-2-c ;
                dpv:hasTechnicalOrganisationalMeasure ?tool .
      ?tool a eu-gdpr:SCCByCommission .
    }"""
    ids = {str(row[0]) for row in graph.query(query, initNs={"dpv": DPV, "eu-gdpr": EU_GDPR})}  # type: ignore[index]
    assert "controller->processor:hubspot@US" in ids


def test_scc_module_tia_and_measures_are_exported(seed_register: Register) -> None:
    hubspot = next(p for p in seed_register.processors if p.key == "hubspot")
    safeguard = Safeguard(
        kind=SafeguardKind.SCC,
        instrument="scc-2021-914",
        module=SccModule.C2P,
        tia=TransferImpactAssessment(assessed_on=date(2025, 3, 1), outcome=TiaOutcome.ADEQUATE),
        security_measures=[SupplementaryMeasure(kind=SupplementaryMeasureKind.PSEUDONYMISATION, supplementary=True)],
    )
    processors = [
        p.model_copy(update={"safeguards": [safeguard]}) if p is hubspot else p for p in seed_register.processors
    ]
    register = seed_register.model_copy(update={"processors": processors})
    graph = parsed(register, RdfFormat.JSONLD)
    query = """
    SELECT ?decision ?module ?assessed ?measureKind WHERE {
      ?transfer dpv:hasIdentifier "controller->processor:hubspot@US" ;
                dpv:hasTechnicalOrganisationalMeasure ?tool, ?measure ;
                dpv:hasImpactAssessment ?tia .
      ?tool a eu-gdpr:SCCByCommission ; dpv:hasIdentifier ?decision ; cat:sccModule ?module .
      ?tia a dpv:DataTransferImpactAssessment ; dct:date ?assessed .
      ?measure a eu-gdpr:SupplementaryMeasure, ?measureKind .
      FILTER (?measureKind != eu-gdpr:SupplementaryMeasure)
    }"""
    namespaces = {"dpv": DPV, "eu-gdpr": EU_GDPR, "cat": CAT, "dct": DCTERMS}
    rows = {tuple(str(v) for v in row) for row in graph.query(query, initNs=namespaces)}  # type: ignore[union-attr]
    assert rows == {("scc-2021-914", "2", "2025-03-01", str(DPV.Pseudonymisation))}


def test_security_measures_are_dpv_measures_of_what_they_protect(seed_register: Register) -> None:
    encrypted = SupplementaryMeasure(kind=SupplementaryMeasureKind.ENCRYPTION_AT_REST, description="Disks encrypted")
    systems = [
        s.model_copy(update={"security_measures": [encrypted]}) if s.key == "verji-service" else s
        for s in seed_register.systems
    ]
    register = seed_register.model_copy(update={"systems": systems})
    graph = parsed(register, RdfFormat.TURTLE)
    system = iri("system", "verji-service")
    (measure,) = graph.objects(system, DPV.hasTechnicalOrganisationalMeasure)
    assert (measure, RDF.type, DPV.EncryptionAtRest) in graph
    # The end-to-end encryption recorded on the message content is a measure of that data category.
    content = iri("category", "messages.content")
    (e2e,) = graph.objects(content, DPV.hasTechnicalOrganisationalMeasure)
    assert (e2e, RDF.type, DPV.EndToEndEncryption) in graph
