"""Controlled vocabularies of the register. Each enum names the GDPR article it encodes."""

from __future__ import annotations

from enum import StrEnum


class LegalBasis(StrEnum):
    """Lawful basis for processing, GDPR Art. 6(1)."""

    CONSENT = "6(1)(a)"
    CONTRACT = "6(1)(b)"
    LEGAL_OBLIGATION = "6(1)(c)"
    VITAL_INTERESTS = "6(1)(d)"
    PUBLIC_TASK = "6(1)(e)"
    LEGITIMATE_INTERESTS = "6(1)(f)"

    @property
    def label(self) -> str:
        return _LEGAL_BASIS_LABELS[self]


_LEGAL_BASIS_LABELS = {
    LegalBasis.CONSENT: "Consent",
    LegalBasis.CONTRACT: "Contract",
    LegalBasis.LEGAL_OBLIGATION: "Legal obligation",
    LegalBasis.VITAL_INTERESTS: "Vital interests",
    LegalBasis.PUBLIC_TASK: "Public task",
    LegalBasis.LEGITIMATE_INTERESTS: "Legitimate interests",
}


class Art9Condition(StrEnum):
    """Condition for processing special categories of personal data, GDPR Art. 9(2)."""

    EXPLICIT_CONSENT = "9(2)(a)"
    EMPLOYMENT_SOCIAL_SECURITY = "9(2)(b)"
    VITAL_INTERESTS = "9(2)(c)"
    NOT_FOR_PROFIT_BODY = "9(2)(d)"
    MADE_PUBLIC = "9(2)(e)"
    LEGAL_CLAIMS = "9(2)(f)"
    SUBSTANTIAL_PUBLIC_INTEREST = "9(2)(g)"
    HEALTH_OR_SOCIAL_CARE = "9(2)(h)"
    PUBLIC_HEALTH = "9(2)(i)"
    ARCHIVING_RESEARCH_STATISTICS = "9(2)(j)"


class ProcessingRole(StrEnum):
    """Our role in an activity (Art. 4(7) controller, Art. 4(8) processor); selects Art. 30(1) or 30(2)."""

    CONTROLLER = "controller"
    PROCESSOR = "processor"


class ServiceCategory(StrEnum):
    """What a processor (Art. 28) provides; the categories privacy statements list."""

    HOSTING = "hosting"  # hosting / infrastructure / storage
    ANALYTICS = "analytics"
    CRM = "crm"
    EMAIL_MARKETING = "email_marketing"
    CUSTOMER_SUPPORT = "customer_support"
    INTERNAL_COMMUNICATION = "internal_communication"
    ADVERTISING = "advertising"
    OTHER = "other"


class SystemKind(StrEnum):
    """What kind of system holds or moves the data."""

    APPLICATION = "application"
    DATA_STORE = "data_store"
    WEBSITE = "website"
    SAAS = "saas"
    ANALYTICS = "analytics"
    OTHER = "other"


class RecipientKind(StrEnum):
    """Recipients that are not processors (Art. 4(9)): they decide on their own use of the data."""

    AUTHORITY = "authority"
    GROUP_COMPANY = "group_company"
    ADVERTISING_PARTNER = "advertising_partner"
    RESEARCHER = "researcher"
    BUSINESS_SUCCESSOR = "business_successor"
    # Whoever receives data to protect someone's vital interests or prevent harm (emergency services,
    # health care, a person at risk): where follows from the emergency, not from a contract (issue #29).
    VITAL_INTERESTS = "vital_interests"
    OTHER_CONTROLLER = "other_controller"


class SafeguardKind(StrEnum):
    """The Chapter V transfer tool relied on for one hop."""

    ADEQUACY = "adequacy"  # Art. 45 adequacy decision (incl. Privacy Shield / Safe Harbor historically)
    DPF = "dpf"  # reliance on the importer's EU-US Data Privacy Framework certification (Art. 45)
    SCC = "scc"  # Art. 46(2)(c) standard contractual clauses
    BCR = "bcr"  # Art. 46(2)(b), Art. 47 binding corporate rules
    CODE_OF_CONDUCT = "code_of_conduct"  # Art. 46(2)(e)
    CERTIFICATION = "certification"  # Art. 46(2)(f)
    AD_HOC_CLAUSES = "ad_hoc_clauses"  # Art. 46(3)(a), authorised by a supervisory authority
    DEROGATION = "derogation"  # Art. 49(1)


class Derogation(StrEnum):
    """Art. 49 derogations for specific situations; only for occasional transfers."""

    EXPLICIT_CONSENT = "49(1)(a)"
    CONTRACT_WITH_SUBJECT = "49(1)(b)"
    CONTRACT_IN_SUBJECT_INTEREST = "49(1)(c)"
    PUBLIC_INTEREST = "49(1)(d)"
    LEGAL_CLAIMS = "49(1)(e)"
    VITAL_INTERESTS = "49(1)(f)"
    PUBLIC_REGISTER = "49(1)(g)"
    COMPELLING_LEGITIMATE_INTERESTS = "49(1) second subparagraph"


class SccModule(StrEnum):
    """Modules of the 2021/914 standard contractual clauses, by exporter -> importer roles."""

    C2C = "1"
    C2P = "2"
    P2P = "3"
    P2C = "4"


class TransferRelationship(StrEnum):
    """Exporter -> importer roles; SCC decisions cover some of these."""

    CONTROLLER_TO_CONTROLLER = "controller_to_controller"
    CONTROLLER_TO_PROCESSOR = "controller_to_processor"
    PROCESSOR_TO_PROCESSOR = "processor_to_processor"
    PROCESSOR_TO_CONTROLLER = "processor_to_controller"


MODULE_RELATIONSHIP: dict[SccModule, TransferRelationship] = {
    SccModule.C2C: TransferRelationship.CONTROLLER_TO_CONTROLLER,
    SccModule.C2P: TransferRelationship.CONTROLLER_TO_PROCESSOR,
    SccModule.P2P: TransferRelationship.PROCESSOR_TO_PROCESSOR,
    SccModule.P2C: TransferRelationship.PROCESSOR_TO_CONTROLLER,
}


class TiaOutcome(StrEnum):
    """Result of a transfer impact assessment (Schrems II; EDPB Recommendations 01/2020)."""

    ADEQUATE = "adequate"  # the tool is effective, with the recorded supplementary measures
    INADEQUATE = "inadequate"  # transfers must be suspended or measures added
    PENDING = "pending"


class TiaDecision(StrEnum):
    """What a DPO decided in a transfer impact assessment (EDPB Recommendations 01/2020, steps 3-4)."""

    ADEQUATE = "adequate"  # the tool is effective as it is
    ADEQUATE_WITH_MEASURES = "adequate_with_measures"  # effective with the supplementary measures of step 4
    NOT_ADEQUATE = "not_adequate"  # not effective: do not start, or suspend, the transfer

    @property
    def outcome(self) -> TiaOutcome:
        """The decision as the transfer rules read it."""
        return TiaOutcome.INADEQUATE if self is TiaDecision.NOT_ADEQUATE else TiaOutcome.ADEQUATE


class SupplementaryMeasureKind(StrEnum):
    """Technical and organisational measures: the supplementary measures of EDPB Recommendations 01/2020 and
    the security measures of Art. 32 (issue #29), each mapped to a W3C DPV term by the DPV export."""

    E2E_ENCRYPTION_KEYS_IN_EEA = "e2e_encryption_keys_in_eea"
    E2E_ENCRYPTION = "e2e_encryption"  # only the communicating users hold the keys (use case 1: importer has none)
    ENCRYPTION_AT_REST = "encryption_at_rest"
    ACCESS_CONTROL = "access_control"
    AUTHENTICATION = "authentication"
    BACKUPS = "backups"
    STAFF_TRAINING = "staff_training"
    PSEUDONYMISATION = "pseudonymisation"
    CONTRACTUAL = "contractual"
    ORGANISATIONAL = "organisational"
    OTHER = "other"


class FactBasis(StrEnum):
    """How a fact in the register rests on its source (issue #29): said there, read from it, or assumed."""

    STATED = "stated"  # the source says it in so many words
    READING = "reading"  # our interpretation of what the source says
    ASSUMPTION = "assumption"  # the source is silent; the register fills the gap


class RetentionTrigger(StrEnum):
    """The event a retention period runs from, or until."""

    AFTER_TRANSACTION = "after_transaction"
    AFTER_COLLECTION = "after_collection"
    AFTER_CONTRACT_END = "after_contract_end"
    UNTIL_ACCOUNT_DELETED = "until_account_deleted"
    UNTIL_CONSENT_WITHDRAWN = "until_consent_withdrawn"
    OTHER = "other"


class DpiaStatus(StrEnum):
    """State of the data protection impact assessment (Art. 35)."""

    NOT_REQUIRED = "not_required"
    REQUIRED = "required"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    UNKNOWN = "unknown"


class ContactRole(StrEnum):
    """Who a contact is for the controller (Art. 13(1)(a)-(b), Art. 27, Art. 37)."""

    PRIVACY_CONTACT = "privacy_contact"
    SECURITY_CONTACT = "security_contact"
    DPO = "dpo"
    EU_REPRESENTATIVE = "eu_representative"


# --- Scope of adequacy decisions (issue #14) ---------------------------------------------------------


class OrganisationKind(StrEnum):
    """What kind of organisation an importer is; partial adequacy decisions cover only some kinds."""

    PRIVATE_BUSINESS = "private_business"
    PUBLIC_AUTHORITY = "public_authority"
    ACADEMIC_RESEARCH = "academic_research"
    PRESS = "press"
    RELIGIOUS_BODY = "religious_body"
    POLITICAL_BODY = "political_body"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _ORGANISATION_KIND_LABELS[self]


_ORGANISATION_KIND_LABELS = {
    OrganisationKind.PRIVATE_BUSINESS: "private business",
    OrganisationKind.PUBLIC_AUTHORITY: "public authority",
    OrganisationKind.ACADEMIC_RESEARCH: "academic or research body",
    OrganisationKind.PRESS: "press",
    OrganisationKind.RELIGIOUS_BODY: "religious body",
    OrganisationKind.POLITICAL_BODY: "political body",
    OrganisationKind.UNKNOWN: "kind not recorded",
}


RECIPIENT_KIND_ORGANISATION: dict[RecipientKind, tuple[OrganisationKind, frozenset[OrganisationKind]]] = {
    RecipientKind.AUTHORITY: (OrganisationKind.PUBLIC_AUTHORITY, frozenset({OrganisationKind.PUBLIC_AUTHORITY})),
    RecipientKind.RESEARCHER: (
        OrganisationKind.ACADEMIC_RESEARCH,
        # a public university or research institute is also a public authority
        frozenset({OrganisationKind.ACADEMIC_RESEARCH, OrganisationKind.PUBLIC_AUTHORITY}),
    ),
}
"""What a recipient's kind says about the organisation, for the scope of partial adequacy decisions.

Per recipient kind: the organisation kind it implies when ``organisation_kind`` is not recorded, and
the organisation kinds it is compatible with (any other recorded one contradicts it). The other
recipient kinds (group company, advertising partner, business successor, other controller) imply
nothing: any organisation can be one, so only ``organisation_kind`` tells. docs/rules.md has the table.
"""


def implied_organisation_kind(kind: RecipientKind, recorded: OrganisationKind) -> OrganisationKind:
    """The organisation kind a recipient's scope is judged on: the recorded one, else what its kind implies."""
    if recorded != OrganisationKind.UNKNOWN or kind not in RECIPIENT_KIND_ORGANISATION:
        return recorded
    return RECIPIENT_KIND_ORGANISATION[kind][0]


def contradicts(kind: RecipientKind, recorded: OrganisationKind) -> bool:
    """True when a recorded organisation kind cannot be the recipient's kind (e.g. an authority that is a
    private business)."""
    if recorded == OrganisationKind.UNKNOWN or kind not in RECIPIENT_KIND_ORGANISATION:
        return False
    return recorded not in RECIPIENT_KIND_ORGANISATION[kind][1]


class DpfScope(StrEnum):
    """The data a Data Privacy Framework certification covers (Annex I, Supplemental Principle 9)."""

    HR = "hr"  # human resources data collected in the context of employment
    NON_HR = "non_hr"


class ExcludedDataKind(StrEnum):
    """Kinds of data that some adequacy decisions exclude from their scope."""

    IMMIGRATION_CONTROL = "immigration_control"  # UK, Decision (EU) 2021/1772 Art. 1(2)
    CREDIT_INFORMATION = "credit_information"  # Korea, Decision (EU) 2022/254 Art. 1(2)(c)

    @property
    def label(self) -> str:
        return {
            ExcludedDataKind.IMMIGRATION_CONTROL: "data for immigration control",
            ExcludedDataKind.CREDIT_INFORMATION: "personal credit information",
        }[self]
