"""The register as W3C Data Privacy Vocabulary (DPV 2.2) RDF, in Turtle or JSON-LD.

The controller, every processing activity (purposes, GDPR legal bases as the EU GDPR extension's
article concepts, personal data, data subjects, processors, recipients, storage locations), the
processors and their sub-processor chains with processing locations, and every third-country
transfer the compliance engine derives (the same hops as the transfer register) with its mechanism,
TIA and supplementary measures. What the register does not know is left out, never guessed:
an 'unknown' location gets no location triple. docs/interop.md maps every field to its term.
"""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import quote

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from catalog.compliance.model import CheckReport, TransferBasis, TransferHop
from catalog.domain.location import INTERNATIONAL_ORGANISATIONS, UNKNOWN
from catalog.domain.models import (
    Address,
    Organisation,
    ProcessingActivity,
    Processor,
    Recipient,
    Safeguard,
    SupplementaryMeasure,
    System,
)
from catalog.domain.register import Register
from catalog.domain.vocab import (
    ContactRole,
    Derogation,
    LegalBasis,
    ProcessingRole,
    SafeguardKind,
    SupplementaryMeasureKind,
)
from catalog.exporters.rows import hop_mechanism
from catalog.kernel.lang import Lang
from catalog.kernel.localtext import LocalText

DPV_VERSION = "2.2"
"""The DPV release the export targets (w3c/dpv tag dpv-2.2.1); its namespaces are unversioned."""

DPV = Namespace("https://w3id.org/dpv#")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
LOC = Namespace("https://w3id.org/dpv/loc#")
# What DPV 2.2 has no term for (the SCC module, the engine's verdict and its mechanism label) goes in the
# catalog's own namespace.
CAT = Namespace("urn:gdpr-transfer-catalog:vocab#")
BASE = "urn:gdpr-transfer-catalog:"


class RdfFormat(StrEnum):
    JSONLD = "jsonld"
    TURTLE = "turtle"

    @property
    def rdflib_name(self) -> str:
        return "json-ld" if self == RdfFormat.JSONLD else "turtle"


LEGAL_BASIS_TERMS: dict[LegalBasis, URIRef] = {
    LegalBasis.CONSENT: EU_GDPR["A6-1-a"],
    LegalBasis.CONTRACT: EU_GDPR["A6-1-b"],
    LegalBasis.LEGAL_OBLIGATION: EU_GDPR["A6-1-c"],
    LegalBasis.VITAL_INTERESTS: EU_GDPR["A6-1-d"],
    LegalBasis.PUBLIC_TASK: EU_GDPR["A6-1-e"],
    LegalBasis.LEGITIMATE_INTERESTS: EU_GDPR["A6-1-f"],
}

DEROGATION_TERMS: dict[Derogation, URIRef] = {
    Derogation.EXPLICIT_CONSENT: EU_GDPR["A49-1-a"],
    Derogation.CONTRACT_WITH_SUBJECT: EU_GDPR["A49-1-b"],
    Derogation.CONTRACT_IN_SUBJECT_INTEREST: EU_GDPR["A49-1-c"],
    Derogation.PUBLIC_INTEREST: EU_GDPR["A49-1-d"],
    Derogation.LEGAL_CLAIMS: EU_GDPR["A49-1-e"],
    Derogation.VITAL_INTERESTS: EU_GDPR["A49-1-f"],
    Derogation.PUBLIC_REGISTER: EU_GDPR["A49-1-g"],
    # The second subparagraph of Art. 49(1) has no concept of its own in DPV 2.2.
}

# Transfer tool -> (the Chapter V article concept, the tool's own concept).
TOOL_TERMS: dict[SafeguardKind, tuple[URIRef, URIRef]] = {
    SafeguardKind.ADEQUACY: (EU_GDPR["A45-3"], EU_GDPR.AdequacyDecision),
    SafeguardKind.DPF: (EU_GDPR["A45-3"], EU_GDPR.AdequacyDecision),
    SafeguardKind.SCC: (EU_GDPR["A46-2-c"], EU_GDPR.SCCByCommission),
    SafeguardKind.BCR: (EU_GDPR["A46-2-b"], EU_GDPR.BindingCorporateRules),
    SafeguardKind.CODE_OF_CONDUCT: (EU_GDPR["A46-2-e"], EU_GDPR.CodesOfConductForDataTransfers),
    SafeguardKind.CERTIFICATION: (EU_GDPR["A46-2-f"], EU_GDPR.CertificationMechanismsForDataTransfers),
    SafeguardKind.AD_HOC_CLAUSES: (EU_GDPR["A46-3-a"], EU_GDPR.AdHocContractualClauses),
}

MEASURE_TERMS: dict[SupplementaryMeasureKind, URIRef] = {
    SupplementaryMeasureKind.E2E_ENCRYPTION_KEYS_IN_EEA: DPV.EndToEndEncryption,
    SupplementaryMeasureKind.E2E_ENCRYPTION: DPV.EndToEndEncryption,
    SupplementaryMeasureKind.ENCRYPTION_AT_REST: DPV.EncryptionAtRest,
    SupplementaryMeasureKind.ACCESS_CONTROL: DPV.AccessControlMethod,
    SupplementaryMeasureKind.AUTHENTICATION: DPV.AuthenticationProtocols,
    SupplementaryMeasureKind.BACKUPS: DPV.DataBackupProtocols,
    SupplementaryMeasureKind.STAFF_TRAINING: DPV.StaffTraining,
    SupplementaryMeasureKind.PSEUDONYMISATION: DPV.Pseudonymisation,
    SupplementaryMeasureKind.CONTRACTUAL: DPV.LegalMeasure,
    SupplementaryMeasureKind.ORGANISATIONAL: DPV.OrganisationalMeasure,
    SupplementaryMeasureKind.OTHER: DPV.TechnicalOrganisationalMeasure,
}


def iri(*parts: str) -> URIRef:
    """An instance IRI under the catalog's URN; keys and hop ids are percent-encoded ('->', '@')."""
    return URIRef(BASE + ":".join(quote(part, safe="") for part in parts))


CONTROLLER = iri("controller")


def node_iri(node: str) -> URIRef:
    """The IRI of an engine node id ('controller', 'processor:<key>', 'system:<key>', ...)."""
    if node == "controller":
        return CONTROLLER
    kind, _, key = node.partition(":")
    return iri(kind, key)


def location_term(code: str) -> URIRef | None:
    """The DPV loc: concept of a location; None when unknown (left out) or an organisation loc: lacks."""
    if code == UNKNOWN or code in INTERNATIONAL_ORGANISATIONS:
        return None
    return LOC[code]


def text_literals(text: str) -> list[Literal]:
    """Register text as literals: one language-tagged literal per variant (``"Brukerkontoer"@nb``), or one
    plain literal for text written in one language."""
    if isinstance(text, LocalText):
        return [Literal(variant, lang=code) for code, variant in text.variants.items()]
    return [Literal(text)]


def _add_text(graph: Graph, node: URIRef, predicate: URIRef, text: str) -> None:
    for literal in text_literals(text):
        graph.add((node, predicate, literal))


def register_graph(register: Register, report: CheckReport) -> Graph:
    """The register and the report's transfer hops as one DPV graph."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in (("dpv", DPV), ("eu-gdpr", EU_GDPR), ("loc", LOC), ("cat", CAT)):
        graph.bind(prefix, namespace)
    graph.bind("dct", DCTERMS)
    graph.bind("skos", SKOS)
    _controller(graph, register.organisation)
    for category in register.data_categories:
        node = iri("category", category.key)
        graph.add((node, RDF.type, DPV.PersonalData))
        if category.special_category:
            graph.add((node, RDF.type, DPV.SpecialCategoryPersonalData))
        _add_text(graph, node, RDFS.label, category.name)
        graph.add((node, DCTERMS.identifier, Literal(category.key)))
        if category.parent is not None:
            graph.add((node, SKOS.broader, iri("category", category.parent)))
        # Measures recorded on the data (e.g. end-to-end encryption of message content) protect it wherever
        # it goes: the same measures the transfers carry, as DPV terms on the category itself.
        _security_measures(graph, node, category.security_measures, "category", category.key)
    for subject in register.data_subjects:
        node = iri("subject", subject.key)
        graph.add((node, RDF.type, DPV.DataSubject))
        _add_text(graph, node, RDFS.label, subject.name)
        graph.add((node, DCTERMS.identifier, Literal(subject.key)))
    for system in register.systems:
        _system(graph, system)
    engaged = {e.processor for p in register.processors for e in p.sub_processors}
    operators = {s.operator for s in register.systems if s.operator is not None}
    for processor in register.processors:
        _processor(graph, processor, processor.key in engaged, processor.key in operators)
    for recipient in register.recipients:
        _recipient(graph, recipient)
    systems = {s.key: s for s in register.systems}
    for activity in register.activities:
        _activity(graph, activity, systems)
    for hop in report.transfers:
        _transfer(graph, hop)
    return graph


def render_dpv(register: Register, report: CheckReport, fmt: RdfFormat) -> bytes:
    """The DPV graph serialised as Turtle or JSON-LD (UTF-8)."""
    graph = register_graph(register, report)
    if fmt == RdfFormat.JSONLD:
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()}
        return graph.serialize(format="json-ld", context=context, indent=2).encode("utf-8")
    return graph.serialize(format="turtle").encode("utf-8")


def _address_text(address: Address) -> str:
    parts = [address.street, " ".join(p for p in (address.postcode, address.city) if p), address.country]
    return ", ".join(p for p in parts if p and p != UNKNOWN)


def _controller(graph: Graph, organisation: Organisation) -> None:
    graph.add((CONTROLLER, RDF.type, DPV.DataController))
    graph.add((CONTROLLER, DPV.hasName, Literal(organisation.name)))
    if organisation.organisation_number:
        graph.add((CONTROLLER, DPV.hasIdentifier, Literal(organisation.organisation_number)))
    country = location_term(organisation.address.country)
    if country is not None:
        graph.add((CONTROLLER, DPV.hasCountry, country))
    address = _address_text(organisation.address)
    if address:
        graph.add((CONTROLLER, DPV.hasAddress, Literal(address)))
    for i, contact in enumerate(organisation.contacts):
        details = "; ".join(v for v in (contact.name, contact.email, contact.phone) if v)
        if contact.role == ContactRole.DPO:
            dpo = iri("controller", "dpo", str(i))
            graph.add((CONTROLLER, DPV.hasDataProtectionOfficer, dpo))
            graph.add((dpo, RDF.type, DPV.DataProtectionOfficer))
            if details:
                graph.add((dpo, DPV.hasContact, Literal(details)))
        elif contact.role == ContactRole.EU_REPRESENTATIVE:
            rep = iri("controller", "representative", str(i))
            graph.add((CONTROLLER, DPV.hasRepresentative, rep))
            graph.add((rep, RDF.type, DPV.Representative))
            if details:
                graph.add((rep, DPV.hasContact, Literal(details)))
        elif details:
            graph.add((CONTROLLER, DPV.hasContact, Literal(details)))
    _security_measures(graph, CONTROLLER, organisation.security_measures, "controller")


def _security_measures(graph: Graph, node: URIRef, measures: list[SupplementaryMeasure], *parts: str) -> None:
    """Art. 32 measures as DPV technical and organisational measures of the entity they protect."""
    for j, measure in enumerate(measures):
        measure_node = iri(*parts, "security-measure", str(j))
        graph.add((node, DPV.hasTechnicalOrganisationalMeasure, measure_node))
        graph.add((measure_node, RDF.type, MEASURE_TERMS[measure.kind]))
        if measure.description:
            _add_text(graph, measure_node, RDFS.comment, measure.description)


def _locations(graph: Graph, node: URIRef, codes: list[str]) -> None:
    for code in codes:
        term = location_term(code)
        if term is not None:
            graph.add((node, DPV.hasLocation, term))


def _system(graph: Graph, system: System) -> None:
    node = iri("system", system.key)
    _add_text(graph, node, DPV.hasName, system.name)
    graph.add((node, DCTERMS.identifier, Literal(system.key)))
    storage = iri("system", system.key, "storage")
    graph.add((storage, RDF.type, DPV.StorageLocation))
    graph.add((storage, RDFS.label, Literal(f"Where {system.name} stores the data")))
    _locations(graph, storage, system.hosting)
    if system.operator is not None:
        graph.add((node, DPV.hasServiceProvider, iri("processor", system.operator)))
    _security_measures(graph, node, system.security_measures, "system", system.key)


def _processor(graph: Graph, processor: Processor, sub: bool, direct: bool) -> None:
    node = iri("processor", processor.key)
    graph.add((node, RDF.type, DPV.DataProcessor))
    if sub:
        graph.add((node, RDF.type, DPV.DataSubProcessor))
    graph.add((node, DPV.hasName, Literal(processor.legal_name)))
    graph.add((node, DCTERMS.identifier, Literal(processor.key)))
    established = location_term(processor.established_in)
    if established is not None:
        place = iri("processor", processor.key, "establishment")
        graph.add((node, EU_GDPR.hasEstablishment, place))
        graph.add((place, RDF.type, EU_GDPR.Establishment))
        graph.add((place, DPV.hasCountry, established))
    where = iri("processor", processor.key, "processing-location")
    graph.add((node, DPV.hasLocation, where))
    graph.add((where, RDF.type, DPV.ProcessingLocation))
    _locations(graph, where, processor.processing_locations)
    _security_measures(graph, node, processor.security_measures, "processor", processor.key)
    if processor.dpa is not None and direct:
        dpa = iri("processor", processor.key, "dpa")
        graph.add((dpa, RDF.type, DPV.DataProcessingAgreement))
        graph.add((dpa, DPV.hasParty, CONTROLLER))
        graph.add((dpa, DPV.hasParty, node))
        graph.add((dpa, DPV.hasIdentifier, Literal(processor.dpa.reference)))
    for engagement in processor.sub_processors:
        agreement = iri("processor", processor.key, "engages", engagement.processor)
        sub_node = iri("processor", engagement.processor)
        graph.add((agreement, RDF.type, DPV.SubProcessorAgreement))
        graph.add((agreement, DPV.hasParty, node))
        graph.add((agreement, DPV.hasParty, sub_node))
        graph.add((agreement, DPV.hasDataProcessor, node))
        graph.add((agreement, DPV.hasRecipient, sub_node))
        if engagement.purpose:
            _add_text(graph, agreement, RDFS.comment, engagement.purpose)
        _locations(graph, agreement, engagement.locations)


def _recipient(graph: Graph, recipient: Recipient) -> None:
    node = iri("recipient", recipient.key)
    graph.add((node, RDF.type, DPV.Recipient))
    _add_text(graph, node, DPV.hasName, recipient.name)
    graph.add((node, DCTERMS.identifier, Literal(recipient.key)))
    _locations(graph, node, recipient.locations)


def _activity(graph: Graph, activity: ProcessingActivity, systems: dict[str, System]) -> None:
    node = iri("activity", activity.key)
    graph.add((node, RDF.type, DPV.Process))
    _add_text(graph, node, DPV.hasName, activity.name)
    graph.add((node, DCTERMS.identifier, Literal(activity.key)))
    if activity.role == ProcessingRole.CONTROLLER:
        graph.add((node, DPV.hasDataController, CONTROLLER))
    else:
        # Art. 30(2): we process on behalf of the controllers served, who are named but not modelled.
        graph.add((node, DPV.hasDataProcessor, CONTROLLER))
        for i, name in enumerate(activity.controllers_served):
            served = iri("activity", activity.key, "controller", str(i))
            graph.add((served, RDF.type, DPV.DataController))
            graph.add((served, DPV.hasName, Literal(name)))
            graph.add((node, DPV.hasDataController, served))
    for i, purpose in enumerate(activity.purposes):
        purpose_node = iri("activity", activity.key, "purpose", str(i))
        graph.add((purpose_node, RDF.type, DPV.Purpose))
        _add_text(graph, purpose_node, RDFS.label, purpose)
        graph.add((node, DPV.hasPurpose, purpose_node))
    for claim in activity.legal_bases:
        graph.add((node, DPV.hasLegalBasis, LEGAL_BASIS_TERMS[claim.basis]))
    if activity.art9_condition is not None:
        point = activity.art9_condition.value  # '9(2)(a)'
        graph.add((node, DPV.hasLegalBasis, EU_GDPR[f"A9-2-{point[-2]}"]))
    for key in activity.data_categories:
        graph.add((node, DPV.hasPersonalData, iri("category", key)))
    for key in activity.data_subjects:
        graph.add((node, DPV.hasDataSubject, iri("subject", key)))
    for key in activity.systems:
        graph.add((node, DPV.hasStorageCondition, iri("system", key, "storage")))
        operator = systems[key].operator if key in systems else None
        if operator is not None:
            graph.add((node, DPV.hasDataProcessor, iri("processor", operator)))
    for key in activity.recipients:
        graph.add((node, DPV.hasRecipient, iri("recipient", key)))


def _transfer(graph: Graph, hop: TransferHop) -> None:
    node = iri("transfer", hop.id)
    graph.add((node, RDF.type, DPV.Process))
    graph.add((node, DPV.hasProcessing, DPV.CrossBorderTransfer))
    graph.add((node, DPV.hasIdentifier, Literal(hop.id)))
    exporter, importer = node_iri(hop.exporter), node_iri(hop.importer)
    graph.add((node, DPV.hasDataExporter, exporter))
    graph.add((node, DPV.hasDataImporter, importer))
    # Every node the engine names has a name in the graph; the engine's is the one on the register.
    _add_text(graph, exporter, DPV.hasName, hop.exporter_name)
    _add_text(graph, importer, DPV.hasName, hop.importer_name)
    country = location_term(hop.country)
    if country is not None:
        graph.add((node, DPV.hasThirdCountry, country))
    for key in hop.data_categories:
        graph.add((node, DPV.hasPersonalData, iri("category", key)))
    for key in hop.activities:
        graph.add((iri("activity", key), DPV.hasProcess, node))
    graph.add((node, CAT.status, Literal(hop.status.value)))  # the one verdict every surface shows
    graph.add((node, CAT.basis, Literal(hop.basis.value)))
    graph.add((node, CAT.mechanism, Literal(hop_mechanism(hop, Lang.EN))))
    graph.add((node, RDFS.comment, Literal(hop.status_reason)))
    for i, safeguard in enumerate(hop.safeguards):
        _safeguard(graph, node, ("transfer", hop.id, "safeguard", str(i)), safeguard)
    recorded = {s.kind for s in hop.safeguards}
    if hop.basis == TransferBasis.ADEQUATE and not recorded & {SafeguardKind.ADEQUACY, SafeguardKind.DPF}:
        # The engine found an adequacy decision in force for the destination (reference data), none recorded.
        decision = iri("transfer", hop.id, "adequacy")
        graph.add((node, DPV.hasLegalBasis, EU_GDPR["A45-3"]))
        graph.add((node, DPV.hasTechnicalOrganisationalMeasure, decision))
        graph.add((decision, RDF.type, EU_GDPR.AdequacyDecision))
        if hop.mechanism:
            graph.add((decision, RDFS.label, Literal(hop.mechanism)))


def _safeguard(graph: Graph, transfer: URIRef, parts: tuple[str, ...], safeguard: Safeguard) -> None:
    node = iri(*parts)
    if safeguard.kind == SafeguardKind.DEROGATION:
        if safeguard.derogation is not None and safeguard.derogation in DEROGATION_TERMS:
            graph.add((transfer, DPV.hasLegalBasis, DEROGATION_TERMS[safeguard.derogation]))
        else:
            graph.add((transfer, DPV.hasLegalBasis, DPV.DataTransferLegalBasis))
    else:
        article, tool = TOOL_TERMS[safeguard.kind]
        graph.add((transfer, DPV.hasLegalBasis, article))
        graph.add((transfer, DPV.hasTechnicalOrganisationalMeasure, node))
        graph.add((node, RDF.type, tool))
        graph.add((node, RDF.type, DPV.SafeguardForDataTransfer))
        if safeguard.instrument not in (None, UNKNOWN):
            graph.add((node, DPV.hasIdentifier, Literal(safeguard.instrument)))
        if safeguard.module not in (None, UNKNOWN):
            graph.add((node, CAT.sccModule, Literal(str(safeguard.module))))
    if safeguard.tia is not None:
        tia = iri(*parts, "tia")
        graph.add((transfer, DPV.hasImpactAssessment, tia))
        graph.add((tia, RDF.type, DPV.DataTransferImpactAssessment))
        graph.add((tia, DCTERMS.date, Literal(safeguard.tia.assessed_on.isoformat(), datatype=XSD.date)))
        graph.add((tia, DPV.hasOutcome, Literal(safeguard.tia.outcome.value)))
        if safeguard.tia.reference:
            graph.add((tia, DPV.hasIdentifier, Literal(safeguard.tia.reference)))
    for j, measure in enumerate(safeguard.supplementary_measures):
        measure_node = iri(*parts, "measure", str(j))
        graph.add((transfer, DPV.hasTechnicalOrganisationalMeasure, measure_node))
        graph.add((measure_node, RDF.type, EU_GDPR.SupplementaryMeasure))
        graph.add((measure_node, RDF.type, MEASURE_TERMS[measure.kind]))
        if measure.description:
            _add_text(graph, measure_node, RDFS.comment, measure.description)
