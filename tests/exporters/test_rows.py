"""The row builders: template headings, and record columns that follow the derived transfers."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.compliance.model import CheckReport, TransferStatus
from catalog.compliance.status_words import STATUS_STYLES
from catalog.domain.models import Safeguard, SupplementaryMeasure, TransferImpactAssessment
from catalog.domain.register import Register
from catalog.domain.vocab import (
    DpiaStatus,
    LegalBasis,
    RetentionTrigger,
    SafeguardKind,
    ServiceCategory,
    SupplementaryMeasureKind,
    TiaOutcome,
)
from catalog.exporters.headings import LABELS, is_marker
from catalog.exporters.rows import Table, build_table, duration_label, location_label, split_transfer_line
from catalog.kernel.lang import Lang
from catalog.kernel.localtext import local

# The ICO controller template, sheet "Template", row 9, A to AD (see docs/exports.md for sources).
ICO_HEADINGS = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller (if applicable)",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations "
    "(if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data",
    "Article 9 condition for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment (if applicable)",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling (if applicable)",
    "The source of the personal data (if applicable)",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress",
    "Link to Data Protection Impact Assessment",
    "Has a personal data breach occurred?",
    "Link to record of personal data breach",
    "Data Protection Act 2018 Schedule 1 Condition for processing",
    "GDPR Article 6 lawful basis for processing",
    "Link to retention and erasure policy document",
    "Is personal data retained and erased in accordance with the policy document?",
    "Reasons for not adhering to policy document (if applicable)",
]

DATATILSYNET_HEADINGS = [
    "Internt ansvarlig",
    "Funksjonsområde",
    "Hva gjelder behandlingen?",
    "Formål med behandlingen",
    "Kategorier av registrerte",
    "Kategorier av personopplysninger",
    "Hvor kommer opplysningene fra?",
    "Kategorier av mottakere",
    "Behandlingsgrunnlag etter artikkel 6",
    "Henvisning til rettslig forpliktelse, berettiget interesse mv.",
    "Behandlingsgrunnlag etter artikkel 9 eller 10",
    "I hvilke av våre systemer behandles opplysningene?",
    "Planlagte tidsfrister for sletting",
    "Generell beskrivelse av tekniske og organisatoriske sikkerhetstiltak",
    "Kan behandlingen innebære høy personvernrisiko?",
    "Databehandlere",
    "Navn og kontaktopplysninger til felles behandlingsansvarlig",
    "Navn på tredjeland eller internasjonale organisasjoner som personopplysninger overføres til",
    "Nødvendige garantier ved overføring til tredjeland eller internasjonale organisasjoner",
]

WEBSITE_CRM_ANALYTICS = ["advertising", "correspondence", "newsletter", "sign-in", "usage-analytics"]


def records(table: Table) -> dict[str, dict[str, object]]:
    """Rows by their first text column, as {column id: cell}."""
    return {str(row[0]): dict(zip((c.id for c in table.columns), row, strict=True)) for row in table.rows}


def by_activity(table: Table, register: Register, id_column: str = "activity") -> dict[str, dict[str, object]]:
    names = {local(a.name, table.lang): a.key for a in register.activities}
    position = [c.id for c in table.columns].index(id_column)
    return {names[str(row[position])]: dict(zip((c.id for c in table.columns), row, strict=True)) for row in table.rows}


def test_controller_record_has_the_ico_headings_in_template_order(seed_register, seed_report) -> None:
    table = build_table("ropa", seed_register, seed_report, Lang.EN)
    # Verji is a Norwegian controller: the UK Data Protection Act 2018 columns (Z-AD) are left out.
    assert [c.heading for c in table.columns] == ["Processing activity", *ICO_HEADINGS[:-5]]
    assert table.header is not None
    assert [role for _, role, _ in table.header.entries] == ["Controller", "Data Protection Officer", "Representative"]
    assert [text for _, text in table.header.fields] == ["Name", "Address", "Email", "Telephone"]
    controller, dpo, representative = (values for _, _, values in table.header.entries)
    assert controller[:3] == ("Verji Tech AS", "Kaien 11, 4250 Kopervik, Norway", "mb@verji.no")
    assert controller[3].startswith("Not stated in the source (Verji privacy statement (2022-01-15)")
    # The statement names no DPO and does not say none is appointed: the entry says exactly that.
    assert dpo[0].startswith("Not stated in the source") and dpo[0].endswith("does not say that none is appointed")
    assert representative[0] == "Not applicable: established in the EEA (Art. 27)"


def test_a_uk_controller_gets_the_dpa_2018_columns(seed_register, seed_report) -> None:
    organisation = seed_register.organisation
    british = organisation.model_copy(update={"address": organisation.address.model_copy(update={"country": "GB"})})
    register = seed_register.model_copy(update={"organisation": british})
    table = build_table("ropa", register, seed_report, Lang.EN)
    assert [c.heading for c in table.columns] == ["Processing activity", *ICO_HEADINGS]


def test_the_dpa_2018_columns_on_request_for_a_controller_outside_the_uk(seed_register, seed_report) -> None:
    table = build_table("ropa", seed_register, seed_report, Lang.EN, uk_columns=True)
    assert [c.heading for c in table.columns] == ["Processing activity", *ICO_HEADINGS]
    assert all(len(row) == len(table.columns) for row in table.rows)
    # Datatilsynet's layout has no UK columns to add; the other records are untouched.
    for kind, lang in (("ropa", Lang.NB), ("processor-record", Lang.EN), ("transfers", Lang.EN)):
        asked = build_table(kind, seed_register, seed_report, lang, uk_columns=True)
        assert asked == build_table(kind, seed_register, seed_report, lang), (kind, lang)


@pytest.mark.parametrize("lang", list(Lang))
def test_no_cell_of_the_verji_record_is_blank(seed_register, seed_report, lang: Lang) -> None:
    for kind in ("ropa", "processor-record"):
        table = build_table(kind, seed_register, seed_report, lang)
        for row in table.rows:
            blank = [column.id for column, cell in zip(table.columns, row, strict=True) if cell in (None, "", ())]
            assert not blank, (kind, row[0], blank)
    rows = by_activity(build_table("ropa", seed_register, seed_report, Lang.EN), seed_register)
    # "Not stated" names the source that is silent; "Not applicable" says why nothing is owed.
    assert rows["customer-support"]["retention"] == (
        "Not stated in the source (Verji privacy statement (2022-01-15), Kundestøtteinformasjon)"
    )
    assert rows["disclosures"]["data_subjects"] == (
        "Not stated in the source (Verji privacy statement (2022-01-15), Dele personlige opplysninger med andre; "
        "Forretningsoverføringer)"
    )
    assert rows["user-accounts"]["art9_condition"] == ("Not applicable: no special-category or criminal-offence data")
    assert rows["disclosures"]["processor_contracts"] == "Not applicable: no processor recorded"
    assert rows["usage-analytics"]["consent_record_link"] == "Not applicable: no Art. 6(1)(a) basis"
    assert rows["newsletter"]["consent_record_link"] == "Not recorded in this register"


def test_each_importer_is_one_transfer_line_per_activity(seed_register, seed_report) -> None:
    for lang in Lang:
        rows = by_activity(build_table("ropa", seed_register, seed_report, lang), seed_register)
        for key, row in rows.items():
            cell = row["transfer_safeguards"]
            lines = cell if isinstance(cell, tuple) else (cell,)
            importers = [str(line).split(" → ", 1)[0] for line in lines]
            assert len(importers) == len(set(importers)), (key, importers)


def test_controller_record_rows_are_the_controller_activities_in_key_order(seed_register, seed_report) -> None:
    table = build_table("ropa", seed_register, seed_report, Lang.EN)
    rows = by_activity(table, seed_register)
    controller_keys = sorted(a.key for a in seed_register.activities if a.role == "controller")
    assert list(rows) == controller_keys
    assert "message-delivery" not in rows


def test_third_countries_and_safeguards_come_from_the_derived_hops(seed_register, seed_report) -> None:
    rows = by_activity(build_table("ropa", seed_register, seed_report, Lang.EN), seed_register)
    for key in WEBSITE_CRM_ANALYTICS:
        assert rows[key]["third_countries"] == "United States (US)", key
        safeguards = rows[key]["transfer_safeguards"]
        lines = safeguards if isinstance(safeguards, tuple) else (safeguards,)
        assert all("Standard contractual clauses (SCC" in str(line) for line in lines), key
    assert len(rows["usage-analytics"]["transfer_safeguards"]) == 3  # type: ignore[arg-type]
    assert rows["customer-support"]["third_countries"] == "Unknown"
    assert rows["user-accounts"]["third_countries"] == "No third-country transfer"
    assert rows["user-accounts"]["transfer_safeguards"] == "No third-country transfer"
    # Nothing is typed by hand: each activity shows exactly the countries of the hops carrying its data.
    for key, row in rows.items():
        expected = {hop.country for hop in seed_report.transfers if key in hop.activities}
        shown = row["third_countries"]
        shown_lines = () if shown == "No third-country transfer" else shown if isinstance(shown, tuple) else (shown,)
        assert len(shown_lines) == len(expected), key


def test_record_follows_a_changed_report_not_the_register_text(seed_register, seed_report) -> None:
    moved = seed_report.model_copy(
        update={"transfers": [h.model_copy(update={"country": "IN"}) for h in seed_report.transfers]}
    )
    rows = by_activity(build_table("ropa", seed_register, moved, Lang.EN), seed_register)
    assert rows["newsletter"]["third_countries"] == "India (IN)"
    empty = CheckReport(as_of=seed_report.as_of, transfers=[], findings=[])
    rows = by_activity(build_table("ropa", seed_register, empty, Lang.EN), seed_register)
    assert all(row["third_countries"] == "No third-country transfer" for row in rows.values())


def test_controller_record_maps_the_other_columns(seed_register, seed_report) -> None:
    rows = by_activity(build_table("ropa", seed_register, seed_report, Lang.EN), seed_register)
    records_ = rows["transaction-records"]
    assert records_["retention"] == "5 years to 10 years after the transaction"
    assert rows["user-accounts"]["retention"] == (
        "Until deletion of the account",
        "Account information is kept until the user decides to delete the account.",
    )
    analytics = rows["usage-analytics"]
    assert str(analytics["art6_basis"]).startswith("Art. 6(1)(f) Legitimate interests")
    assert "Proper administration" in str(analytics["legitimate_interests"])
    assert "HubSpot (processor: Analytics)" in analytics["recipients"]  # type: ignore[operator]
    assert "HubSpot: no data processing agreement recorded" in analytics["processor_contracts"]  # type: ignore[operator]
    assert analytics["data_locations"] == ("Norway (NO)", "United States (US)", "EU (member state not stated)")
    assert rows["disclosures"]["recipients"][0] == "Academic or non-profit researchers"  # type: ignore[index]
    assert str(rows["sign-in"]["art6_basis"]).startswith("Not stated in the source (Verji privacy statement")


def test_norwegian_controller_record_uses_datatilsynet_headings_and_bokmal_values(seed_register, seed_report) -> None:
    table = build_table("ropa", seed_register, seed_report, Lang.NB)
    assert [c.heading for c in table.columns] == DATATILSYNET_HEADINGS
    assert table.header is not None and table.header.entries[0][1] == "Behandlingsansvarlig"
    rows = by_activity(table, seed_register)
    assert rows["newsletter"]["third_countries"] == "USA (US)"  # Babel's bokmål name
    assert str(rows["newsletter"]["transfer_safeguards"]).startswith("unknown (CRM provider, not named) → USA (US)")
    assert "Standard personvernbestemmelser" in str(rows["newsletter"]["transfer_safeguards"])
    assert rows["transaction-records"]["retention"] == "Minst 5 år, høyst 10 år etter transaksjonen"


def test_norwegian_record_cites_articles_in_norwegian_legal_style(seed_register, seed_report) -> None:
    """Bokmål cells cite 'art. 6 nr. 1 bokstav f', never the English 'Art. 6(1)(f)' (issue #30)."""
    rows = by_activity(build_table("ropa", seed_register, seed_report, Lang.NB), seed_register)
    assert str(rows["usage-analytics"]["art6_basis"]).startswith("art. 6 nr. 1 bokstav f (berettiget interesse)")
    assert str(rows["usage-analytics"]["legal_basis_reference"]).startswith("art. 6 nr. 1 bokstav f: ")
    cited: list[object] = []
    for row in rows.values():
        for column in ("art6_basis", "legal_basis_reference", "art9_condition"):
            cell = row[column]
            cited.extend(cell if isinstance(cell, tuple) else (cell,))
    # Each line starts with our citation; the register's own justification after it may quote 'Art. 6(1)(f)'.
    assert cited and not [line for line in cited if str(line).startswith("Art. ")]
    cells = " ".join(str(value) for row in rows.values() for value in row.values())
    assert "De forente stater" not in cells and "Standardpersonvern" not in cells
    findings = build_table("findings", seed_register, seed_report, Lang.NB)
    articles = {row[findings_column(findings, "article")] for row in findings.rows}
    assert "art. 46 nr. 2 bokstav c" in articles and all("(" not in str(article) for article in articles)
    assert rows["usage-analytics"]["processors"] == (
        "unknown (hosting / infrastructure / data storage provider, not named)",
        "unknown (website hosting provider, not named)",
        "Webstat",
        "HubSpot",
    )


def test_processor_record_lists_the_messaging_service_per_controller(seed_register, seed_report) -> None:
    for lang in Lang:
        table = build_table("processor-record", seed_register, seed_report, lang)
        assert len(table.rows) == 1
        row = dict(zip((c.id for c in table.columns), table.rows[0], strict=True))
        assert str(row["controller"]).startswith("The customer organisations using Verji")
        processing = row["processing_categories"]
        name = {
            Lang.EN: "Secure messaging for customer organisations",
            Lang.NB: "Sikker meldingstjeneste for kundeorganisasjoner",
        }
        assert isinstance(processing, tuple) and processing[0] == name[lang]
        measure = {Lang.EN: "End-to-end encryption", Lang.NB: "Ende-til-ende-kryptering"}
        assert measure[lang] in str(row["security_measures"])
    english = build_table("processor-record", seed_register, seed_report, Lang.EN)
    assert english.columns[0].heading == "Name and contact details of controller"


def test_transfer_register_has_one_row_per_hop_with_mechanism_tia_and_status(seed_register, seed_report) -> None:
    table = build_table("transfers", seed_register, seed_report, Lang.EN)
    rows = records(table)
    assert list(rows) == sorted(hop.id for hop in seed_report.transfers)
    crm = rows["controller->processor:crm-provider@US"]
    assert crm["country"] == "United States (US)"
    assert crm["scc_decision"] == "decision not stated"
    assert crm["status"] == "Not valid"
    assert crm["finding_ids"] == "f-0001"
    assert crm["activities"] == ("Correspondence", "Product and marketing communication")
    unknown = rows["controller->processor:customer-support-tool-provider@unknown"]
    assert unknown["mechanism"] == "None recorded" and unknown["status"] == "Destination unknown"


def test_transfer_register_shows_scc_module_tia_and_measures(seed_register, seed_report) -> None:
    safeguard = Safeguard(
        kind=SafeguardKind.SCC,
        instrument="scc-2021-914",
        module="2",
        tia=TransferImpactAssessment(assessed_on=date(2025, 11, 3), outcome=TiaOutcome.ADEQUATE),
        security_measures=[SupplementaryMeasure(kind=SupplementaryMeasureKind.ENCRYPTION_AT_REST, supplementary=True)],
    )
    hop = seed_report.transfers[0].model_copy(
        update={"safeguards": [safeguard], "status": TransferStatus.VALID, "onward": True}
    )
    report = seed_report.model_copy(update={"transfers": [hop]})
    row = next(iter(records(build_table("transfers", seed_register, report, Lang.EN)).values()))
    assert row["scc_decision"] == "scc-2021-914"
    assert row["scc_module"] == "module 2 (controller to processor)"
    assert row["tia_date"] == "2025-11-03" and row["tia_outcome"] == "Adequate"
    assert row["supplementary_measures"] == "Encryption at rest"
    assert row["status"] == "Valid" and row["onward"] == "Yes"
    assert "module 2" in str(row["mechanism"])
    nb = next(iter(records(build_table("transfers", seed_register, report, Lang.NB)).values()))
    assert nb["scc_module"] == "modul 2 (behandlingsansvarlig til databehandler)" and nb["onward"] == "Ja"


def test_subprocessor_list_holds_the_processors_of_the_processor_service(seed_register, seed_report) -> None:
    table = build_table("subprocessors", seed_register, seed_report, Lang.EN)
    assert [c.heading for c in table.columns] == ["Name", "Service", "Location", "Transfer mechanism"]
    assert len(table.rows) == 1
    name, service, location, mechanism = table.rows[0]
    assert name == "unknown (hosting / infrastructure / data storage provider, not named)"
    assert isinstance(service, tuple) and service[0] == "Hosting, infrastructure and storage"
    assert location == ("Norway (NO)", "EU (member state not stated)")
    assert mechanism == "No third-country transfer"


def test_findings_table_names_subjects(seed_register, seed_report) -> None:
    table = build_table("findings", seed_register, seed_report, Lang.EN)
    first = dict(zip((c.id for c in table.columns), table.rows[0], strict=True))
    assert first["severity"] == "Critical"
    assert first["subject"] == "unknown (customer support tool provider, not named)"
    assert first["country"] == "Unknown"


@pytest.mark.parametrize(("value", "text"), [("P5Y", "5 years"), ("P1Y6M", "1 year 6 months"), ("P30D", "30 days")])
def test_durations_read_as_words(value: str, text: str) -> None:
    assert duration_label(value, Lang.EN) == text


def test_locations_read_as_names_with_codes() -> None:
    assert location_label("US", Lang.EN) == "United States (US)"
    assert location_label("NO", Lang.NB) == "Norge (NO)"
    assert location_label("unknown", Lang.NB) == "Ukjent"
    assert location_label("EEA", Lang.EN) == "EEA (state not stated)"


def test_every_label_exists_in_both_languages() -> None:
    assert LABELS[Lang.EN].keys() == LABELS[Lang.NB].keys()
    wanted = [f"basis.{v.value}" for v in LegalBasis]
    wanted += [f"dpia.{v.value}" for v in DpiaStatus]
    wanted += [f"safeguard.{v.value}" for v in SafeguardKind] + [f"tia.{v.value}" for v in TiaOutcome]
    wanted += [f"measure.{v.value}" for v in SupplementaryMeasureKind] + [f"service.{v.value}" for v in ServiceCategory]
    wanted += [f"trigger.{v.value}" for v in RetentionTrigger]
    assert set(wanted) <= LABELS[Lang.EN].keys()
    # transfer statuses are worded in one table for every surface, in both languages
    assert STATUS_STYLES.keys() == set(TransferStatus)
    assert all(style.en and style.nb and style.en != style.nb for style in STATUS_STYLES.values())
    assert {style.colour for style in STATUS_STYLES.values()} == {"green", "amber", "red", "grey"}


def test_an_importers_line_reads_back_as_one_hop_per_country() -> None:
    line = (
        "HubSpot → United States (US): Standard contractual clauses (SCC, Art. 46(2)(c)), decision not stated "
        "(Valid, details missing); Unknown (Destination unknown)"
    )
    assert split_transfer_line(line) == [
        "HubSpot → United States (US): Standard contractual clauses (SCC, Art. 46(2)(c)), decision not stated "
        "(Valid, details missing)",
        "HubSpot → Unknown: Standard contractual clauses (SCC, Art. 46(2)(c)), decision not stated "
        "(Destination unknown)",
    ]
    single = "Webstat → Unknown: None recorded (Destination unknown)"
    assert split_transfer_line(single) == [single]
    assert split_transfer_line("USA – SCCs") == ["USA – SCCs"]


def test_markers_are_recognised_in_both_languages_and_nothing_else_is() -> None:
    assert is_marker("Not stated in the source (Verji privacy statement (2022-01-15))")
    assert is_marker("Ikke relevant: ingen databehandler registrert")
    assert is_marker("No third-country transfer")
    assert not is_marker("None of the above") and not is_marker("Not stated anywhere") and not is_marker(None)


def test_security_measures_come_from_the_organisation_the_systems_their_operators_and_the_data(
    seed_register, seed_report
) -> None:
    def measure(kind: SupplementaryMeasureKind, text: str) -> SupplementaryMeasure:
        return SupplementaryMeasure(kind=kind, description=text)

    organisation = seed_register.organisation.model_copy(
        update={"security_measures": [measure(SupplementaryMeasureKind.ORGANISATIONAL, "Staff trained yearly")]}
    )
    systems = [
        s.model_copy(update={"security_measures": [measure(SupplementaryMeasureKind.ENCRYPTION_AT_REST, "Disks")]})
        if s.key == "verji-service"
        else s
        for s in seed_register.systems
    ]
    register = seed_register.model_copy(update={"organisation": organisation, "systems": systems})
    rows = by_activity(build_table("ropa", register, seed_report, Lang.EN), register)
    accounts = rows["user-accounts"]["security_measures"]
    assert isinstance(accounts, tuple)
    assert any(line.endswith("Staff trained yearly") for line in accounts)
    assert "Encryption at rest: Disks (Verji secure communication service (web and mobile apps))" in accounts
    # Every activity gets the organisation's measures; only those using the system get the system's.
    assert all("Staff trained yearly" in str(row["security_measures"]) for row in rows.values())
    assert "Disks" not in str(rows["newsletter"]["security_measures"])


def findings_column(table, column_id: str) -> int:
    return [c.id for c in table.columns].index(column_id)
