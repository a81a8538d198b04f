"""Column headings and value labels of every export, in English and Norwegian bokmål.

The controller record follows two published templates (see docs/exports.md for sources and
confidence): the UK ICO's "Documentation template for controllers" (English) and Datatilsynet's
"protokoll over behandlingsaktiviteter" for controllers (bokmål). Column ids are stable across
languages; they are the keys of the JSON export.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.kernel.lang import Lang


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a template: stable id, heading, width in characters, optional group heading."""

    id: str
    heading: str
    width: int
    group: str | None = None


@dataclass(frozen=True)
class TemplateSpec:
    """The layout of one export in one language."""

    title: str
    basis: str
    columns: tuple[ColumnSpec, ...]
    sheet: str = "Sheet1"
    header_title: str | None = None
    header_fields: tuple[tuple[str, str], ...] = ()  # (field id, label)
    header_roles: tuple[str, ...] = ()


_EN_FIELDS = (("name", "Name"), ("address", "Address"), ("email", "Email"), ("phone", "Telephone"))
_NB_FIELDS = (
    ("name", "Navn"),
    ("organisation_number", "Organisasjonsnummer"),
    ("address", "Postadresse"),
    ("phone", "Telefon"),
    ("email", "E-post"),
)

_ART30 = "Article 30 Record of Processing Activities"
_NOTICES = "Privacy Notices"
_DPIA = "Data Protection Impact Assessments"
_BREACH = "Personal Data Breaches"
_DPA2018 = "Data Protection Act 2018 - Special Category or Criminal Conviction and Offence data"

# ICO controller template, sheet "Template", row 9, columns A to AD in order, preceded by one
# column of ours naming the activity (the template has no such column; rows need a name).
ICO_CONTROLLER = TemplateSpec(
    sheet="Controller record",
    title="Record of processing activities (controller, GDPR Art. 30(1))",
    basis="Laid out like the UK ICO's 'Documentation template for controllers' (columns A-AD).",
    header_title="Controller details",
    header_fields=_EN_FIELDS,
    header_roles=("Controller", "Data Protection Officer", "Representative"),
    columns=(
        ColumnSpec("activity", "Processing activity", 28),
        ColumnSpec("business_function", "Business function", 18, _ART30),
        ColumnSpec("purposes", "Purpose of processing", 40, _ART30),
        ColumnSpec("joint_controllers", "Name and contact details of joint controller (if applicable)", 24, _ART30),
        ColumnSpec("data_subjects", "Categories of individuals", 24, _ART30),
        ColumnSpec("data_categories", "Categories of personal data", 30, _ART30),
        ColumnSpec("recipients", "Categories of recipients", 36, _ART30),
        ColumnSpec("processor_contracts", "Link to contract with processor", 30, _ART30),
        ColumnSpec(
            "third_countries",
            "Names of third countries or international organisations that personal data are transferred to "
            "(if applicable)",
            24,
            _ART30,
        ),
        ColumnSpec(
            "transfer_safeguards",
            "Safeguards for exceptional transfers of personal data to third countries or international "
            "organisations (if applicable)",
            48,
            _ART30,
        ),
        ColumnSpec("retention", "Retention schedule (if possible)", 30, _ART30),
        ColumnSpec(
            "security_measures",
            "General description of technical and organisational security measures (if possible)",
            40,
            _ART30,
        ),
        ColumnSpec("art6_basis", "Article 6 lawful basis for processing personal data", 40, _NOTICES),
        ColumnSpec("art9_condition", "Article 9 condition for processing special category data", 24, _NOTICES),
        ColumnSpec("legitimate_interests", "Legitimate interests for the processing (if applicable)", 40, _NOTICES),
        ColumnSpec("lia_link", "Link to record of legitimate interests assessment (if applicable)", 20, _NOTICES),
        ColumnSpec("rights", "Rights available to individuals", 30, _NOTICES),
        ColumnSpec(
            "automated_decision_making",
            "Existence of automated decision-making, including profiling (if applicable)",
            24,
            _NOTICES,
        ),
        ColumnSpec("data_sources", "The source of the personal data (if applicable)", 30, _NOTICES),
        ColumnSpec("consent_record_link", "Link to record of consent", 20, "Consent"),
        ColumnSpec("data_locations", "Location of personal data", 24, "Access Requests"),
        ColumnSpec("dpia_required", "Data Protection Impact Assessment required?", 14, _DPIA),
        ColumnSpec("dpia_progress", "Data Protection Impact Assessment progress", 18, _DPIA),
        ColumnSpec("dpia_link", "Link to Data Protection Impact Assessment", 20, _DPIA),
        ColumnSpec("breach_occurred", "Has a personal data breach occurred?", 14, _BREACH),
        ColumnSpec("breach_record_link", "Link to record of personal data breach", 20, _BREACH),
        ColumnSpec(
            "dpa2018_schedule1_condition", "Data Protection Act 2018 Schedule 1 Condition for processing", 20, _DPA2018
        ),
        ColumnSpec("dpa2018_art6_basis", "GDPR Article 6 lawful basis for processing", 24, _DPA2018),
        ColumnSpec("retention_policy_link", "Link to retention and erasure policy document", 20, _DPA2018),
        ColumnSpec(
            "retention_policy_followed",
            "Is personal data retained and erased in accordance with the policy document?",
            16,
            _DPA2018,
        ),
        ColumnSpec(
            "retention_policy_deviation", "Reasons for not adhering to policy document (if applicable)", 20, _DPA2018
        ),
    ),
)

# Datatilsynet's controller protocol, columns A to S in the order of the template.
DATATILSYNET_CONTROLLER = TemplateSpec(
    sheet="Behandlingsansvarlig",
    title="Protokoll over behandlingsaktiviteter (behandlingsansvarlig, personvernforordningen art. 30 nr. 1)",
    basis="Satt opp etter Datatilsynets mal for behandlingsansvarliges protokoll (kolonne A-S).",
    header_title="Behandlingsansvarlig",
    header_fields=_NB_FIELDS,
    header_roles=("Behandlingsansvarlig", "Personvernombud", "Den behandlingsansvarliges representant"),
    columns=(
        ColumnSpec("internal_owner", "Internt ansvarlig", 18),
        ColumnSpec("business_function", "Funksjonsområde", 18),
        ColumnSpec("activity", "Hva gjelder behandlingen?", 28),
        ColumnSpec("purposes", "Formål med behandlingen", 40),
        ColumnSpec("data_subjects", "Kategorier av registrerte", 24),
        ColumnSpec("data_categories", "Kategorier av personopplysninger", 30),
        ColumnSpec("data_sources", "Hvor kommer opplysningene fra?", 30),
        ColumnSpec("recipients", "Kategorier av mottakere", 36),
        ColumnSpec("art6_basis", "Behandlingsgrunnlag etter artikkel 6", 36),
        ColumnSpec("legal_basis_reference", "Henvisning til rettslig forpliktelse, berettiget interesse mv.", 40),
        ColumnSpec("art9_condition", "Behandlingsgrunnlag etter artikkel 9 eller 10", 24),
        ColumnSpec("systems", "I hvilke av våre systemer behandles opplysningene?", 30),
        ColumnSpec("retention", "Planlagte tidsfrister for sletting", 30),
        ColumnSpec("security_measures", "Generell beskrivelse av tekniske og organisatoriske sikkerhetstiltak", 40),
        ColumnSpec("high_risk", "Kan behandlingen innebære høy personvernrisiko?", 20),
        ColumnSpec("processors", "Databehandlere", 36),
        ColumnSpec("joint_controllers", "Navn og kontaktopplysninger til felles behandlingsansvarlig", 24),
        ColumnSpec(
            "third_countries",
            "Navn på tredjeland eller internasjonale organisasjoner som personopplysninger overføres til",
            24,
        ),
        ColumnSpec(
            "transfer_safeguards",
            "Nødvendige garantier ved overføring til tredjeland eller internasjonale organisasjoner",
            48,
        ),
    ),
)

# No copy of either processor workbook was found; these follow the Art. 30(2) items in the
# controller templates' wording (see docs/exports.md).
ICO_PROCESSOR = TemplateSpec(
    sheet="Processor record",
    title="Record of processing activities (processor, GDPR Art. 30(2))",
    basis="Art. 30(2) items in the wording of the ICO controller template; the ICO processor workbook was not "
    "available to copy.",
    header_title="Processor details",
    header_fields=_EN_FIELDS,
    header_roles=("Processor", "Data Protection Officer", "Representative"),
    columns=(
        ColumnSpec("controller", "Name and contact details of controller", 36),
        ColumnSpec(
            "controller_representative",
            "Name and contact details of controller's representative (if applicable)",
            24,
        ),
        ColumnSpec("processing_categories", "Categories of processing", 44),
        ColumnSpec(
            "third_countries",
            "Names of third countries or international organisations that personal data are transferred to "
            "(if applicable)",
            24,
        ),
        ColumnSpec(
            "transfer_safeguards",
            "Safeguards for exceptional transfers of personal data to third countries or international "
            "organisations (if applicable)",
            48,
        ),
        ColumnSpec(
            "security_measures",
            "General description of technical and organisational security measures (if possible)",
            44,
        ),
    ),
)

DATATILSYNET_PROCESSOR = TemplateSpec(
    sheet="Databehandler",
    title="Protokoll over behandlingsaktiviteter (databehandler, personvernforordningen art. 30 nr. 2)",
    basis="Art. 30 nr. 2 i ordlyden fra Datatilsynets mal for behandlingsansvarlige; databehandlermalen var ikke "
    "tilgjengelig.",
    header_title="Databehandler",
    header_fields=_NB_FIELDS,
    header_roles=("Databehandler", "Personvernombud", "Databehandlerens representant"),
    columns=(
        ColumnSpec("controller", "Navn og kontaktopplysninger til behandlingsansvarlig", 36),
        ColumnSpec("processing_categories", "Kategorier av behandling utført på vegne av behandlingsansvarlig", 44),
        ColumnSpec(
            "third_countries",
            "Navn på tredjeland eller internasjonale organisasjoner som personopplysninger overføres til",
            24,
        ),
        ColumnSpec(
            "transfer_safeguards",
            "Nødvendige garantier ved overføring til tredjeland eller internasjonale organisasjoner",
            48,
        ),
        ColumnSpec("security_measures", "Generell beskrivelse av tekniske og organisatoriske sikkerhetstiltak", 44),
    ),
)

TRANSFERS_EN = TemplateSpec(
    sheet="Transfers",
    title="Transfer register (GDPR Chapter V)",
    basis="One row per third-country transfer hop derived from the register's lineage.",
    columns=(
        ColumnSpec("transfer_id", "Transfer id", 30),
        ColumnSpec("exporter", "Exporter", 28),
        ColumnSpec("importer", "Importer", 28),
        ColumnSpec("importer_role", "Importer role", 12),
        ColumnSpec("country", "Country", 18),
        ColumnSpec("onward", "Onward transfer", 10),
        ColumnSpec("data_categories", "Data categories", 30),
        ColumnSpec("activities", "Processing activities", 28),
        ColumnSpec("mechanism", "Transfer mechanism", 40),
        ColumnSpec("scc_decision", "SCC decision", 18),
        ColumnSpec("scc_module", "SCC module", 22),
        ColumnSpec("tia_date", "TIA date", 12),
        ColumnSpec("tia_outcome", "TIA outcome", 14),
        ColumnSpec("supplementary_measures", "Supplementary measures", 30),
        ColumnSpec("status", "Status on the as-of date", 22),
        ColumnSpec("breaks_on", "Breaks on", 14),
        ColumnSpec("status_reason", "Reason", 40),
        ColumnSpec("finding_ids", "Finding ids", 20),
    ),
)

TRANSFERS_NB = TemplateSpec(
    sheet="Overføringer",
    title="Overføringsregister (personvernforordningen kapittel V)",
    basis="Én rad per overføring til tredjeland, utledet av registerets dataflyt.",
    columns=(
        ColumnSpec("transfer_id", "Overførings-id", 30),
        ColumnSpec("exporter", "Eksportør", 28),
        ColumnSpec("importer", "Importør", 28),
        ColumnSpec("importer_role", "Importørens rolle", 12),
        ColumnSpec("country", "Land", 18),
        ColumnSpec("onward", "Videreoverføring", 10),
        ColumnSpec("data_categories", "Kategorier av personopplysninger", 30),
        ColumnSpec("activities", "Behandlingsaktiviteter", 28),
        ColumnSpec("mechanism", "Overføringsgrunnlag", 40),
        ColumnSpec("scc_decision", "Beslutning om standardpersonvernbestemmelser", 18),
        ColumnSpec("scc_module", "Modul", 22),
        ColumnSpec("tia_date", "Dato for overføringsvurdering (TIA)", 12),
        ColumnSpec("tia_outcome", "Resultat av overføringsvurdering (TIA)", 14),
        ColumnSpec("supplementary_measures", "Supplerende tiltak", 30),
        ColumnSpec("status", "Status på datoen", 22),
        ColumnSpec("breaks_on", "Ugyldig fra", 14),
        ColumnSpec("status_reason", "Begrunnelse", 40),
        ColumnSpec("finding_ids", "Avvik (id)", 20),
    ),
)

SUBPROCESSORS_EN = TemplateSpec(
    sheet="Sub-processors",
    title="Sub-processors",
    basis="The processors that handle personal data in the services we provide as a processor.",
    columns=(
        ColumnSpec("name", "Name", 36),
        ColumnSpec("service", "Service", 40),
        ColumnSpec("location", "Location", 24),
        ColumnSpec("mechanism", "Transfer mechanism", 48),
    ),
)

SUBPROCESSORS_NB = TemplateSpec(
    sheet="Underleverandører",
    title="Underleverandører (underdatabehandlere)",
    basis="Databehandlerne som behandler personopplysninger i tjenestene vi leverer som databehandler.",
    columns=(
        ColumnSpec("name", "Navn", 36),
        ColumnSpec("service", "Tjeneste", 40),
        ColumnSpec("location", "Behandlingssted", 24),
        ColumnSpec("mechanism", "Overføringsgrunnlag", 48),
    ),
)

FINDINGS_EN = TemplateSpec(
    sheet="Findings",
    title="Findings",
    basis="Every finding of the compliance check on the as-of date, most severe first.",
    columns=(
        ColumnSpec("severity", "Severity", 10),
        ColumnSpec("rule", "Rule", 24),
        ColumnSpec("article", "Article", 12),
        ColumnSpec("subject", "Subject", 28),
        ColumnSpec("country", "Country", 16),
        ColumnSpec("message", "Finding", 60),
        ColumnSpec("transfer_status", "Transfer status", 18),
        ColumnSpec("finding_id", "Finding id", 20),
    ),
)

FINDINGS_NB = TemplateSpec(
    sheet="Avvik",
    title="Avvik",
    basis="Alle avvik fra samsvarskontrollen på datoen, de alvorligste først.",
    columns=(
        ColumnSpec("severity", "Alvorlighet", 10),
        ColumnSpec("rule", "Regel", 24),
        ColumnSpec("article", "Artikkel", 12),
        ColumnSpec("subject", "Gjelder", 28),
        ColumnSpec("country", "Land", 16),
        ColumnSpec("message", "Avvik", 60),
        ColumnSpec("transfer_status", "Overføringens status", 18),
        ColumnSpec("finding_id", "Avviks-id", 20),
    ),
)

TEMPLATES: dict[tuple[str, Lang], TemplateSpec] = {
    ("ropa", Lang.EN): ICO_CONTROLLER,
    ("ropa", Lang.NB): DATATILSYNET_CONTROLLER,
    ("processor-record", Lang.EN): ICO_PROCESSOR,
    ("processor-record", Lang.NB): DATATILSYNET_PROCESSOR,
    ("transfers", Lang.EN): TRANSFERS_EN,
    ("transfers", Lang.NB): TRANSFERS_NB,
    ("subprocessors", Lang.EN): SUBPROCESSORS_EN,
    ("subprocessors", Lang.NB): SUBPROCESSORS_NB,
    ("findings", Lang.EN): FINDINGS_EN,
    ("findings", Lang.NB): FINDINGS_NB,
}


def template(kind: str, lang: Lang) -> TemplateSpec:
    return TEMPLATES[(kind, lang)]


# --- Value labels ------------------------------------------------------------------------------

_EN: dict[str, str] = {
    "yes": "Yes",
    "no": "No",
    "none_recorded": "None recorded",
    "no_transfer": "No third-country transfer",
    "marker.not_stated": "Not stated in the source",
    "marker.not_applicable": "Not applicable",
    "marker.not_recorded": "Not recorded in this register",
    "marker.none": "None",
    "reason.no_special_data": "no special-category or criminal-offence data",
    "reason.no_legitimate_interests": "no Art. 6(1)(f) basis",
    "reason.no_consent": "no Art. 6(1)(a) basis",
    "reason.no_reference_basis": "no basis under Art. 6(1)(c), (e) or (f)",
    "reason.no_processor": "no processor recorded",
    "reason.established_in_eea": "established in the EEA (Art. 27)",
    "reason.dpo_not_stated": "no DPO is named, and the source does not say that none is appointed",
    "not_stated": "not stated",
    "no_dpa": "no data processing agreement recorded",
    "dpa": "data processing agreement",
    "signed": "signed",
    "processor": "processor",
    "controller": "controller",
    "controller_and_processor": "controller of its own data; processor of its customers' data",
    "special_category": "special category",
    "criminal_data": "criminal offence data",
    "decision_not_stated": "decision not stated",
    "module": "module",
    "module_not_stated": "module not stated",
    "tia": "TIA",
    "valid": "valid",
    "from": "from",
    "until": "until",
    "to": "to",
    "up_to": "up to",
    "at_least": "at least",
    "after": "after",
    "kept_until": "Until",
    "no_fixed_period": "No fixed period; decided by",
    "completed_on": "completed",
    "dpo_not_appointed": "No DPO appointed",
    "generated": "Generated",
    "as_of": "As of",
    "register": "Register",
    "findings_summary": "Findings summary",
    "count": "Count",
    "severity": "Severity",
    "audit_report": "Audit report: records of processing and international transfers",
    "contents": "Contents",
    "no_rows": "No entries.",
    "readings.title": "Readings and assumptions (not stated in the source; for the DPO to confirm)",
    "readings.reading": "Reading",
    "readings.assumption": "Assumption",
    "readings.source": "source",
    "readings.where": "in",
    "personal_data": "Personal data",
    "year": "year",
    "years": "years",
    "month": "month",
    "months": "months",
    "week": "week",
    "weeks": "weeks",
    "day": "day",
    "days": "days",
    "trigger.after_transaction": "the transaction",
    "trigger.after_collection": "collection",
    "trigger.after_contract_end": "the end of the contract",
    "trigger.until_account_deleted": "deletion of the account",
    "trigger.until_consent_withdrawn": "withdrawal of consent",
    "trigger.other": "the stated event",
    "basis.6(1)(a)": "Consent",
    "basis.6(1)(b)": "Contract",
    "basis.6(1)(c)": "Legal obligation",
    "basis.6(1)(d)": "Vital interests",
    "basis.6(1)(e)": "Public task",
    "basis.6(1)(f)": "Legitimate interests",
    "dpia.not_required": "Not required",
    "dpia.required": "Required, not started",
    "dpia.in_progress": "In progress",
    "dpia.completed": "Completed",
    "dpia.unknown": "Unknown",
    "safeguard.adequacy": "Adequacy decision (Art. 45)",
    "safeguard.dpf": "EU-US Data Privacy Framework (Art. 45)",
    "safeguard.scc": "Standard contractual clauses (SCC, Art. 46(2)(c))",
    "safeguard.bcr": "Binding corporate rules (Art. 47)",
    "safeguard.code_of_conduct": "Code of conduct (Art. 46(2)(e))",
    "safeguard.certification": "Certification (Art. 46(2)(f))",
    "safeguard.ad_hoc_clauses": "Contractual clauses authorised by a supervisory authority (Art. 46(3)(a))",
    "safeguard.derogation": "Derogation (Art. 49)",
    "relationship.1": "controller to controller",
    "relationship.2": "controller to processor",
    "relationship.3": "processor to processor",
    "relationship.4": "processor to controller",
    "tia.adequate": "Adequate",
    "tia.inadequate": "Inadequate",
    "tia.pending": "Pending",
    "measure.e2e_encryption_keys_in_eea": "End-to-end encryption, keys held in the EEA",
    "measure.e2e_encryption": "End-to-end encryption, keys only with the communicating users",
    "measure.encryption_at_rest": "Encryption at rest",
    "measure.access_control": "Access control",
    "measure.authentication": "Authentication",
    "measure.backups": "Backups",
    "measure.staff_training": "Staff training",
    "measure.pseudonymisation": "Pseudonymisation",
    "measure.contractual": "Contractual measure",
    "measure.organisational": "Organisational measure",
    "measure.other": "Other measure",
    "service.hosting": "Hosting, infrastructure and storage",
    "service.analytics": "Analytics",
    "service.crm": "Customer relationship management",
    "service.email_marketing": "E-mail and marketing",
    "service.customer_support": "Customer support",
    "service.internal_communication": "Internal communication",
    "service.advertising": "Advertising",
    "service.other": "Other service",
    "location.unknown": "Unknown",
    # Issue #14: a territory's standing, shown after its name ("Åland Islands (AX) — EU, special territory").
    "territory.eu": "EU",
    "territory.eea": "EEA (not EU)",
    "territory.outside": "outside the EEA",
    "territory.outermost_region": "outermost region",
    "territory.special_territory": "special territory",
    "territory.oct": "overseas country or territory",
    "territory.excluded_territory": "the EU Treaties do not apply",
    "territory.crown_dependency": "Crown Dependency",
    "territory.european_territory": "European territory",
    "territory.eea_excluded": "excluded from the EEA Agreement",
    "location.EU": "EU (member state not stated)",
    "location.EEA": "EEA (state not stated)",
    "severity.critical": "Critical",
    "severity.high": "High",
    "severity.medium": "Medium",
    "severity.low": "Low",
    "severity.info": "Info",
    "breaks.no_known_end": "No known end date",
    "breaks.not_valid": "Not valid on the as-of date",
    "breaks.destination_unknown": "Not judged: destination unknown",
}

_NB: dict[str, str] = {
    "yes": "Ja",
    "no": "Nei",
    "none_recorded": "Ikke registrert",
    "no_transfer": "Ingen overføring til tredjeland",
    "marker.not_stated": "Ikke oppgitt i kilden",
    "marker.not_applicable": "Ikke relevant",
    "marker.not_recorded": "Ikke registrert i dette registeret",
    "marker.none": "Ingen",
    "reason.no_special_data": "ingen særlige kategorier eller opplysninger om straffedommer",
    "reason.no_legitimate_interests": "intet grunnlag etter art. 6 nr. 1 bokstav f",
    "reason.no_consent": "intet grunnlag etter art. 6 nr. 1 bokstav a",
    "reason.no_reference_basis": "intet grunnlag etter art. 6 nr. 1 bokstav c, e eller f",
    "reason.no_processor": "ingen databehandler registrert",
    "reason.established_in_eea": "etablert i EØS (art. 27)",
    "reason.dpo_not_stated": "kilden navngir ikke noe personvernombud og sier heller ikke at det ikke er oppnevnt",
    "not_stated": "ikke oppgitt",
    "no_dpa": "ingen databehandleravtale registrert",
    "dpa": "databehandleravtale",
    "signed": "signert",
    "processor": "databehandler",
    "controller": "behandlingsansvarlig",
    "controller_and_processor": "behandlingsansvarlig for egne data; databehandler for kundenes data",
    "special_category": "særlig kategori",
    "criminal_data": "opplysninger om straffbare forhold",
    "decision_not_stated": "beslutning ikke oppgitt",
    "module": "modul",
    "module_not_stated": "modul ikke oppgitt",
    "tia": "TIA",
    "valid": "gyldig",
    "from": "fra",
    "until": "til",
    "to": "til",
    "up_to": "inntil",
    "at_least": "minst",
    "after": "etter",
    "kept_until": "Til",
    "no_fixed_period": "Ingen fast frist; avgjøres av",
    "completed_on": "fullført",
    "dpo_not_appointed": "Personvernombud ikke oppnevnt",
    "generated": "Laget",
    "as_of": "Per dato",
    "register": "Register",
    "findings_summary": "Oppsummering av avvik",
    "count": "Antall",
    "severity": "Alvorlighet",
    "audit_report": "Revisjonsrapport: protokoll over behandlingsaktiviteter og overføringer",
    "contents": "Innhold",
    "no_rows": "Ingen oppføringer.",
    "readings.title": "Tolkninger og antakelser (ikke oppgitt i kilden; til bekreftelse av personvernombudet)",
    "readings.reading": "Tolkning",
    "readings.assumption": "Antakelse",
    "readings.source": "kilde",
    "readings.where": "i",
    "personal_data": "Personopplysninger",
    "year": "år",
    "years": "år",
    "month": "måned",
    "months": "måneder",
    "week": "uke",
    "weeks": "uker",
    "day": "dag",
    "days": "dager",
    "trigger.after_transaction": "transaksjonen",
    "trigger.after_collection": "innsamlingen",
    "trigger.after_contract_end": "avtalens opphør",
    "trigger.until_account_deleted": "sletting av kontoen",
    "trigger.until_consent_withdrawn": "tilbaketrekking av samtykket",
    "trigger.other": "den angitte hendelsen",
    "basis.6(1)(a)": "Samtykke",
    "basis.6(1)(b)": "Avtale",
    "basis.6(1)(c)": "Rettslig forpliktelse",
    "basis.6(1)(d)": "Vitale interesser",
    "basis.6(1)(e)": "Allmennhetens interesse eller offentlig myndighet",
    "basis.6(1)(f)": "Berettiget interesse",
    "dpia.not_required": "Ikke påkrevd",
    "dpia.required": "Påkrevd, ikke påbegynt",
    "dpia.in_progress": "Pågår",
    "dpia.completed": "Fullført",
    "dpia.unknown": "Ukjent",
    "safeguard.adequacy": "Adekvansbeslutning (art. 45)",
    "safeguard.dpf": "EU-US Data Privacy Framework (art. 45)",
    "safeguard.scc": "Standardpersonvernbestemmelser (SCC, art. 46 nr. 2 bokstav c)",
    "safeguard.bcr": "Bindende virksomhetsregler (art. 47)",
    "safeguard.code_of_conduct": "Atferdsnormer (art. 46 nr. 2 bokstav e)",
    "safeguard.certification": "Sertifisering (art. 46 nr. 2 bokstav f)",
    "safeguard.ad_hoc_clauses": "Avtalevilkår godkjent av tilsynsmyndigheten (art. 46 nr. 3 bokstav a)",
    "safeguard.derogation": "Unntak (art. 49)",
    "relationship.1": "behandlingsansvarlig til behandlingsansvarlig",
    "relationship.2": "behandlingsansvarlig til databehandler",
    "relationship.3": "databehandler til databehandler",
    "relationship.4": "databehandler til behandlingsansvarlig",
    "tia.adequate": "Tilstrekkelig",
    "tia.inadequate": "Utilstrekkelig",
    "tia.pending": "Under arbeid",
    "measure.e2e_encryption_keys_in_eea": "Ende-til-ende-kryptering, nøkler i EØS",
    "measure.e2e_encryption": "Ende-til-ende-kryptering, nøkler kun hos brukerne som kommuniserer",
    "measure.encryption_at_rest": "Kryptering av lagrede data",
    "measure.access_control": "Tilgangskontroll",
    "measure.authentication": "Autentisering",
    "measure.backups": "Sikkerhetskopier",
    "measure.staff_training": "Opplæring av ansatte",
    "measure.pseudonymisation": "Pseudonymisering",
    "measure.contractual": "Avtalemessig tiltak",
    "measure.organisational": "Organisatorisk tiltak",
    "measure.other": "Annet tiltak",
    "service.hosting": "Drift, infrastruktur og lagring",
    "service.analytics": "Analyse",
    "service.crm": "Kunderelasjonssystem (CRM)",
    "service.email_marketing": "E-post og markedsføring",
    "service.customer_support": "Kundestøtte",
    "service.internal_communication": "Intern kommunikasjon",
    "service.advertising": "Annonsering",
    "service.other": "Annen tjeneste",
    "location.unknown": "Ukjent",
    "territory.eu": "EU",
    "territory.eea": "EØS (ikke EU)",
    "territory.outside": "utenfor EØS",
    "territory.outermost_region": "ytre randområde",
    "territory.special_territory": "særskilt territorium",
    "territory.oct": "oversjøisk land eller territorium",
    "territory.excluded_territory": "EU-traktatene gjelder ikke",
    "territory.crown_dependency": "britisk kronbesittelse",
    "territory.european_territory": "europeisk territorium",
    "territory.eea_excluded": "unntatt fra EØS-avtalen",
    "location.EU": "EU (medlemsstat ikke oppgitt)",
    "location.EEA": "EØS (stat ikke oppgitt)",
    "severity.critical": "Kritisk",
    "severity.high": "Høy",
    "severity.medium": "Middels",
    "severity.low": "Lav",
    "severity.info": "Info",
    "breaks.no_known_end": "Ingen kjent sluttdato",
    "breaks.not_valid": "Ikke gyldig på datoen",
    "breaks.destination_unknown": "Ikke vurdert: ukjent mottakerland",
}

LABELS: dict[Lang, dict[str, str]] = {Lang.EN: _EN, Lang.NB: _NB}


MARKER_KEYS = ("marker.not_stated", "marker.not_applicable", "marker.not_recorded", "marker.none", "no_transfer")
"""Labels that fill a cell the register has no value for, so that no cell of a record is blank."""

UK_ONLY_GROUPS = frozenset({_DPA2018})
"""Column groups that apply only to a controller under UK law (the Data Protection Act 2018)."""


def is_marker(text: object) -> bool:
    """Whether a cell holds one of the markers this tool writes instead of a blank ("Not stated in the source
    (...)", "Not applicable: ..."), in either language: reading a record back treats such a cell as empty."""
    if not isinstance(text, str):
        return False
    text = text.strip()
    for labels in LABELS.values():
        for key in MARKER_KEYS:
            marker = labels[key]
            if text == marker or text.startswith((marker + " (", marker + ": ")):
                return True
    return False


def label(lang: Lang, key: str) -> str:
    """A value label; a missing key is a programming error, caught by the label-parity test."""
    return LABELS[lang][key]
