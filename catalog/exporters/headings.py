"""Column headings and value labels of every export, in English and Norwegian bokmål.

The value labels and the transfer, sub-processor and findings layouts are written in English and
translated through the ``exchange`` catalog; the controller and processor records follow two
different published templates, each in its own language.

The controller record follows two published templates (see docs/exports.md for sources and
confidence): the UK ICO's "Documentation template for controllers" (English) and Datatilsynet's
"protokoll over behandlingsaktiviteter" for controllers (bokmål). Column ids are stable across
languages; they are the keys of the JSON export.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from catalog.kernel.i18n import N_, translate
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


def translated(spec: TemplateSpec, lang: Lang) -> TemplateSpec:
    """A layout written in English (marked ``N_``) in another language: the same columns, translated words."""
    columns = tuple(replace(column, heading=translate(column.heading, lang)) for column in spec.columns)
    return replace(
        spec,
        sheet=translate(spec.sheet, lang),
        title=translate(spec.title, lang),
        basis=translate(spec.basis, lang),
        columns=columns,
    )


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
    sheet=N_("Transfers"),
    title=N_("Transfer register (GDPR Chapter V)"),
    basis=N_("One row per third-country transfer hop derived from the register's lineage."),
    columns=(
        ColumnSpec("transfer_id", N_("Transfer id"), 30),
        ColumnSpec("exporter", N_("Exporter"), 28),
        ColumnSpec("importer", N_("Importer"), 28),
        ColumnSpec("importer_role", N_("Importer role"), 12),
        ColumnSpec("country", N_("Country"), 18),
        ColumnSpec("onward", N_("Onward transfer"), 10),
        ColumnSpec("data_categories", N_("Data categories"), 30),
        ColumnSpec("activities", N_("Processing activities"), 28),
        ColumnSpec("mechanism", N_("Transfer mechanism"), 40),
        ColumnSpec("scc_decision", N_("SCC decision"), 18),
        ColumnSpec("scc_module", N_("SCC module"), 22),
        ColumnSpec("tia_date", N_("TIA date"), 12),
        ColumnSpec("tia_outcome", N_("TIA outcome"), 14),
        ColumnSpec("supplementary_measures", N_("Supplementary measures"), 30),
        ColumnSpec("status", N_("Status on the as-of date"), 22),
        ColumnSpec("breaks_on", N_("Breaks on"), 14),
        ColumnSpec("status_reason", N_("Reason"), 40),
        ColumnSpec("finding_ids", N_("Finding ids"), 20),
    ),
)

TRANSFERS_NB = translated(TRANSFERS_EN, Lang.NB)


SUBPROCESSORS_EN = TemplateSpec(
    sheet=N_("Sub-processors"),
    title=N_("Sub-processors"),
    basis=N_("The processors that handle personal data in the services we provide as a processor."),
    columns=(
        ColumnSpec("name", N_("Name"), 36),
        ColumnSpec("service", N_("Service"), 40),
        ColumnSpec("location", N_("Location"), 24),
        ColumnSpec("mechanism", N_("Transfer mechanism"), 48),
    ),
)

SUBPROCESSORS_NB = translated(SUBPROCESSORS_EN, Lang.NB)


FINDINGS_EN = TemplateSpec(
    sheet=N_("Findings"),
    title=N_("Findings"),
    basis=N_("Every finding of the compliance check on the as-of date, most severe first."),
    columns=(
        ColumnSpec("severity", N_("Severity"), 10),
        ColumnSpec("rule", N_("Rule"), 24),
        ColumnSpec("article", N_("Article"), 12),
        ColumnSpec("subject", N_("Subject"), 28),
        ColumnSpec("country", N_("Country"), 16),
        ColumnSpec("message", N_("Finding"), 60),
        ColumnSpec("transfer_status", N_("Transfer status"), 18),
        ColumnSpec("finding_id", N_("Finding id"), 20),
    ),
)

FINDINGS_NB = translated(FINDINGS_EN, Lang.NB)


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

_EN: dict[str, str] = {  # English sources; the bokmål is in the exchange catalog
    "yes": N_("Yes"),
    "no": N_("No"),
    "none_recorded": N_("None recorded"),
    "no_transfer": N_("No third-country transfer"),
    "marker.not_stated": N_("Not stated in the source"),
    "marker.not_applicable": N_("Not applicable"),
    "marker.not_recorded": N_("Not recorded in this register"),
    "marker.none": N_("None"),
    "reason.no_special_data": N_("no special-category or criminal-offence data"),
    "reason.no_legitimate_interests": N_("no Art. 6(1)(f) basis"),
    "reason.no_consent": N_("no Art. 6(1)(a) basis"),
    "reason.no_reference_basis": N_("no basis under Art. 6(1)(c), (e) or (f)"),
    "reason.no_processor": N_("no processor recorded"),
    "reason.established_in_eea": N_("established in the EEA (Art. 27)"),
    "reason.dpo_not_stated": N_("no DPO is named, and the source does not say that none is appointed"),
    "not_stated": N_("not stated"),
    "no_dpa": N_("no data processing agreement recorded"),
    "dpa": N_("data processing agreement"),
    "signed": N_("signed"),
    "processor": N_("processor"),
    "controller": N_("controller"),
    "controller_and_processor": N_("controller of its own data; processor of its customers' data"),
    "special_category": N_("special category"),
    "criminal_data": N_("criminal offence data"),
    "decision_not_stated": N_("decision not stated"),
    "module": N_("module"),
    "module_not_stated": N_("module not stated"),
    "tia": N_("TIA"),
    "valid": N_("valid"),
    "from": N_("from"),
    "until": N_("until"),
    "to": N_("to"),
    "range": N_("{minimum} to {maximum}"),
    "up_to": N_("up to"),
    "at_least": N_("at least"),
    "after": N_("after"),
    "kept_until": N_("Until"),
    "no_fixed_period": N_("No fixed period; decided by"),
    "completed_on": N_("completed"),
    "dpo_not_appointed": N_("No DPO appointed"),
    "generated": N_("Generated"),
    "as_of": N_("As of"),
    "register": N_("Register"),
    "findings_summary": N_("Findings summary"),
    "count": N_("Count"),
    "severity": N_("Severity"),
    "audit_report": N_("Audit report: records of processing and international transfers"),
    "contents": N_("Contents"),
    "no_rows": N_("No entries."),
    "readings.title": N_("Readings and assumptions (not stated in the source; for the DPO to confirm)"),
    "readings.reading": N_("Reading"),
    "readings.assumption": N_("Assumption"),
    "readings.source": N_("source"),
    "readings.where": N_("in"),
    "personal_data": N_("Personal data"),
    "year": N_("year"),
    "years": N_("years"),
    "month": N_("month"),
    "months": N_("months"),
    "week": N_("week"),
    "weeks": N_("weeks"),
    "day": N_("day"),
    "days": N_("days"),
    "trigger.after_transaction": N_("the transaction"),
    "trigger.after_collection": N_("collection"),
    "trigger.after_contract_end": N_("the end of the contract"),
    "trigger.until_account_deleted": N_("deletion of the account"),
    "trigger.until_consent_withdrawn": N_("withdrawal of consent"),
    "trigger.other": N_("the stated event"),
    "basis.6(1)(a)": N_("Consent"),
    "basis.6(1)(b)": N_("Contract"),
    "basis.6(1)(c)": N_("Legal obligation"),
    "basis.6(1)(d)": N_("Vital interests"),
    "basis.6(1)(e)": N_("Public task"),
    "basis.6(1)(f)": N_("Legitimate interests"),
    "dpia.not_required": N_("Not required"),
    "dpia.required": N_("Required, not started"),
    "dpia.in_progress": N_("In progress"),
    "dpia.completed": N_("Completed"),
    "dpia.unknown": N_("Unknown"),
    "safeguard.adequacy": N_("Adequacy decision (Art. 45)"),
    "safeguard.dpf": N_("EU-US Data Privacy Framework (Art. 45)"),
    "safeguard.scc": N_("Standard contractual clauses (SCC, Art. 46(2)(c))"),
    "safeguard.bcr": N_("Binding corporate rules (Art. 47)"),
    "safeguard.code_of_conduct": N_("Code of conduct (Art. 46(2)(e))"),
    "safeguard.certification": N_("Certification (Art. 46(2)(f))"),
    "safeguard.ad_hoc_clauses": N_("Contractual clauses authorised by a supervisory authority (Art. 46(3)(a))"),
    "safeguard.derogation": N_("Derogation (Art. 49)"),
    "relationship.1": N_("controller to controller"),
    "relationship.2": N_("controller to processor"),
    "relationship.3": N_("processor to processor"),
    "relationship.4": N_("processor to controller"),
    "tia.adequate": N_("Adequate"),
    "tia.inadequate": N_("Inadequate"),
    "tia.pending": N_("Pending"),
    "measure.e2e_encryption_keys_in_eea": N_("End-to-end encryption, keys held in the EEA"),
    "measure.e2e_encryption": N_("End-to-end encryption, keys only with the communicating users"),
    "measure.encryption_at_rest": N_("Encryption at rest"),
    "measure.access_control": N_("Access control"),
    "measure.authentication": N_("Authentication"),
    "measure.backups": N_("Backups"),
    "measure.staff_training": N_("Staff training"),
    "measure.pseudonymisation": N_("Pseudonymisation"),
    "measure.contractual": N_("Contractual measure"),
    "measure.organisational": N_("Organisational measure"),
    "measure.other": N_("Other measure"),
    "service.hosting": N_("Hosting, infrastructure and storage"),
    "service.analytics": N_("Analytics"),
    "service.crm": N_("Customer relationship management"),
    "service.email_marketing": N_("E-mail and marketing"),
    "service.customer_support": N_("Customer support"),
    "service.internal_communication": N_("Internal communication"),
    "service.advertising": N_("Advertising"),
    "service.other": N_("Other service"),
    "location.unknown": N_("Unknown"),
    # Issue #14: a territory's standing, shown after its name ("Åland Islands (AX) — EU, special territory").
    "territory.eu": N_("EU"),
    "territory.eea": N_("EEA (not EU)"),
    "territory.outside": N_("outside the EEA"),
    "territory.outermost_region": N_("outermost region"),
    "territory.special_territory": N_("special territory"),
    "territory.oct": N_("overseas country or territory"),
    "territory.excluded_territory": N_("the EU Treaties do not apply"),
    "territory.crown_dependency": N_("Crown Dependency"),
    "territory.european_territory": N_("European territory"),
    "territory.eea_excluded": N_("excluded from the EEA Agreement"),
    "location.EU": N_("EU (member state not stated)"),
    "location.EEA": N_("EEA (state not stated)"),
    "severity.critical": N_("Critical"),
    "severity.high": N_("High"),
    "severity.medium": N_("Medium"),
    "severity.low": N_("Low"),
    "severity.info": N_("Info"),
    "breaks.no_known_end": N_("No known end date"),
    "breaks.not_valid": N_("Not valid on the as-of date"),
    "breaks.destination_unknown": N_("Not judged: destination unknown"),
}

LABELS: dict[Lang, dict[str, str]] = {lang: {key: translate(text, lang) for key, text in _EN.items()} for lang in Lang}
"""Every value label in every language, translated once (the importers read exported cells back with it)."""


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
