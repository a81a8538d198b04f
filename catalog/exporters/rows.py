"""Pure row builders: register + the engine's check report -> tables of typed cells.

Every transfer column (third countries, safeguards, mechanisms) is read from the report's
derived transfer hops, never from free text, so an export cannot contradict the lineage.
Writers (XLSX, CSV, JSON, Markdown, HTML) only lay these tables out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property

from catalog.compliance import status_words
from catalog.compliance.model import CheckReport, Finding, TransferHop, TransferStatus
from catalog.domain.location import REGIONS, UNKNOWN, local_country_name
from catalog.domain.models import (
    Address,
    Contact,
    ProcessingActivity,
    Processor,
    RetentionRule,
    Safeguard,
    SecurityMeasure,
    SourceRef,
)
from catalog.domain.register import EntityKind, Register
from catalog.domain.vocab import (
    ContactRole,
    DpiaStatus,
    LegalBasis,
    ProcessingRole,
    SafeguardKind,
    SccModule,
)
from catalog.exporters.headings import UK_ONLY_GROUPS, ColumnSpec, TemplateSpec, label, template
from catalog.exporters.readings import Reading, ReadingNotes
from catalog.kernel.lang import Lang
from catalog.kernel.localtext import local
from catalog.kernel.phrase import render
from catalog.reference import load_reference
from catalog.review.breaks import Timeline, timeline

Cell = str | int | float | tuple[str, ...] | None
"""A cell: text, a real number, several lines of text, or empty."""

TABLE_KINDS = ("ropa", "processor-record", "transfers", "subprocessors", "findings")


@dataclass(frozen=True)
class HeaderBlock:
    """The contact block above a record's table: one row per role, one column per field."""

    title: str
    fields: tuple[tuple[str, str], ...]  # (field id, label)
    entries: tuple[tuple[str, str, tuple[str, ...]], ...]  # (role id, role label, one value per field)


@dataclass(frozen=True)
class Table:
    """One export as data: columns with localised headings and rows of cells, in order."""

    kind: str
    lang: Lang
    as_of: date
    title: str
    basis: str
    sheet: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[tuple[Cell, ...], ...]
    header: HeaderBlock | None = None
    keys: tuple[tuple[str, str, str], ...] = ()
    """(kind, key, name) of the entities the rows name; the XLSX export keeps them on a hidden sheet so that
    importing the workbook back (catalog/importers) reuses the same keys."""
    readings: tuple[Reading, ...] = ()
    """The facts shown in the rows that are readings of the source or assumptions, with their cells (issue #29)."""

    @property
    def has_groups(self) -> bool:
        return any(column.group for column in self.columns)


def build_table(
    kind: str, register: Register, report: CheckReport, lang: Lang = Lang.EN, *, uk_columns: bool = False
) -> Table:
    """Build one export table; ``kind`` is one of TABLE_KINDS. ``uk_columns``: keep the UK Data Protection
    Act 2018 columns (of the ICO layout) for a controller outside the UK too; a UK controller always has them."""
    context = _Context(register, report, lang, uk_columns)
    builders = {
        "ropa": context.controller_record,
        "processor-record": context.processor_record,
        "transfers": context.transfer_register,
        "subprocessors": context.subprocessor_list,
        "findings": context.findings,
    }
    return builders[kind]()


# --- Value formatting --------------------------------------------------------------------------


@cache  # pure and asked once per hop and cell: the country lookups dominated large exports
def location_label(code: str, lang: Lang) -> str:
    """A location for people: 'United States (US)', 'USA (US)' (names from Babel's locale data), 'Unknown'."""
    if code == UNKNOWN or code in REGIONS:
        return label(lang, f"location.{code}")
    return f"{local_country_name(code, lang)} ({code})"


_ARTICLE = re.compile(r"^(\d+)(?:\((\d+)\))?(?:\(([a-z])\))?$")


def article_label(reference: str, lang: Lang) -> str:
    """An article as each language cites it: 'Art. 6(1)(f)' in English, 'art. 6 nr. 1 bokstav f' in bokmål."""
    found = _ARTICLE.match(reference)
    if lang == Lang.EN or found is None:
        return f"Art. {reference}"
    article, paragraph, point = found.groups()
    words = f"art. {article}"
    if paragraph:
        words += f" nr. {paragraph}"
    if point:
        words += f" bokstav {point}"
    return words


def articles_label(citation: str, lang: Lang) -> str:
    """A rule's articles ('Art. 44, 46, 28(4)') as the language cites them ('art. 44, 46, 28 nr. 4')."""
    if lang == Lang.EN or not citation.startswith("Art. "):
        return citation
    parts = citation.removeprefix("Art. ").split(", ")
    return "art. " + ", ".join(article_label(part, lang).removeprefix("art. ") for part in parts)


@cache
def territory_label(code: str, day: date, lang: Lang) -> str:
    """A location with its standing on ``day`` when the code is a territory whose code alone misleads
    ("Åland Islands (AX) — EU, special territory"); the plain label otherwise."""
    text = location_label(code, lang)
    reference = load_reference()
    if reference.territory(code) is None:
        return text
    status = reference.territory_status(code, day)
    words = label(lang, f"territory.{status.status}")
    if status.category is not None:
        words += ", " + label(lang, f"territory.{status.category.value}")
    return f"{text} — {words}"


def _place_name(code: str, lang: Lang) -> str:
    """A country name without its code, for postal addresses."""
    text = location_label(code, lang)
    return text.rsplit(" (", 1)[0] if text.endswith(f"({code})") else text


def _locations(codes: Iterable[str], lang: Lang) -> tuple[str, ...]:
    # Definite countries first in code order, then the vague ones; each once.
    unique = sorted(set(codes), key=lambda c: (c == UNKNOWN or c in REGIONS, c))
    return tuple(location_label(code, lang) for code in unique)


_DURATION_PART = re.compile(r"(\d+)([YMWD])")
_UNIT = {"Y": "year", "M": "month", "W": "week", "D": "day"}


def duration_label(value: str, lang: Lang) -> str:
    """'P5Y' -> '5 years'; 'P1Y6M' -> '1 year 6 months'."""
    parts = []
    for number, unit in _DURATION_PART.findall(value):
        word = _UNIT[unit] + ("" if number == "1" else "s")
        parts.append(f"{number} {label(lang, word)}")
    return " ".join(parts)


def retention_label(rule: RetentionRule | None, lang: Lang) -> tuple[str, ...]:
    if rule is None:
        return ()
    trigger = label(lang, f"trigger.{rule.trigger.value}") if rule.trigger else ""
    if rule.kind == "period":
        if rule.minimum and rule.maximum:
            span = label(lang, "range").format(
                minimum=duration_label(rule.minimum, lang), maximum=duration_label(rule.maximum, lang)
            )
        elif rule.maximum:
            span = f"{label(lang, 'up_to')} {duration_label(rule.maximum, lang)}"
        else:
            span = f"{label(lang, 'at_least')} {duration_label(rule.minimum or '', lang)}"
        text = f"{span} {label(lang, 'after')} {trigger}"
        text = text[0].upper() + text[1:]
    elif rule.kind == "event":
        text = f"{label(lang, 'kept_until')} {trigger}"
    else:
        text = f"{label(lang, 'no_fixed_period')}: {local(rule.criteria or '', lang)}"
    return (text,) if rule.note is None else (text, local(rule.note, lang))


def safeguard_label(safeguard: Safeguard, lang: Lang) -> str:
    """'Standard contractual clauses (SCC, Art. 46(2)(c)), decision not stated'."""
    parts = [label(lang, f"safeguard.{safeguard.kind.value}")]
    if safeguard.kind == SafeguardKind.SCC:
        parts.append(scc_decision_label(safeguard, lang))
        if safeguard.module is not None:
            parts.append(scc_module_label(safeguard, lang))
    elif safeguard.kind == SafeguardKind.DEROGATION and safeguard.derogation is not None:
        parts.append(article_label(safeguard.derogation.value, lang))
    elif safeguard.instrument:
        parts.append(safeguard.instrument)
    return ", ".join(parts)


def scc_decision_label(safeguard: Safeguard, lang: Lang) -> str:
    if safeguard.instrument in (None, UNKNOWN):
        return label(lang, "decision_not_stated")
    return str(safeguard.instrument)


def scc_module_label(safeguard: Safeguard, lang: Lang) -> str:
    if safeguard.module is None:
        return ""
    if safeguard.module == UNKNOWN:
        return label(lang, "module_not_stated")
    module = SccModule(safeguard.module)
    relationship = label(lang, f"relationship.{module.value}")
    return f"{label(lang, 'module')} {module.value} ({relationship})"


def hop_mechanism(hop: TransferHop, lang: Lang) -> str:
    """The tools recorded on a hop; the engine's own label only when it recorded none."""
    if hop.safeguards:
        return "; ".join(safeguard_label(s, lang) for s in hop.safeguards)
    return render(hop.mechanism, lang) if hop.mechanism else label(lang, "none_recorded")


def status_label(hop: TransferHop, lang: Lang) -> str:
    """The hop's status in the one wording every surface uses (``compliance.status_words``)."""
    return status_words.status_label(hop.status, "nb" if lang == Lang.NB else "en")


def _role_label(role: str, lang: Lang) -> str:
    return label(lang, role) if role in ("controller", "processor", "controller_and_processor") else role


def _yes_no(value: bool, lang: Lang) -> str:
    return label(lang, "yes" if value else "no")


def _cell(values: Sequence[str]) -> Cell:
    """Several values as lines; one as plain text; none as empty."""
    values = [v for v in values if v]
    if not values:
        return None
    return values[0] if len(values) == 1 else tuple(values)


def _entity_name(entity: object) -> str:
    name = getattr(entity, "name", None) or getattr(entity, "legal_name", "")
    return name if isinstance(name, str) else ""


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def format_address(address: Address | None, lang: Lang) -> str:
    if address is None:
        return ""
    town = " ".join(part for part in (address.postcode, address.city) if part)
    country = "" if address.country == UNKNOWN else _place_name(address.country, lang)
    return ", ".join(part for part in (address.street, town, country) if part)


# --- The builders ------------------------------------------------------------------------------


class _Context:
    """Indexes over one register and report, shared by the builders."""

    def __init__(self, register: Register, report: CheckReport, lang: Lang, uk_columns: bool = False) -> None:
        # Rows follow key order, the register's canonical order, so every store gives the same file.
        self.register = register.sorted()
        self.report = report
        self.lang = lang
        self.categories = {c.key: c for c in register.data_categories}
        self.subjects = {s.key: s for s in register.data_subjects}
        self.activities = {a.key: a for a in register.activities}
        self.systems = {s.key: s for s in register.systems}
        self.processors = {p.key: p for p in register.processors}
        self.recipients = {r.key: r for r in register.recipients}
        self.hops = sorted(report.transfers, key=lambda hop: hop.id)
        self._country_cells: dict[frozenset[str], Cell] = {}
        self._importer_lines: dict[tuple[str, ...], str] = {}
        # The UK Data Protection Act 2018 columns of the ICO template say nothing about anyone else's record,
        # unless asked for (a group keeping one record layout across its UK and other controllers).
        self.uk_columns = uk_columns or register.organisation.address.country == "GB"

    def columns(self, spec: TemplateSpec) -> tuple[ColumnSpec, ...]:
        """The template's columns that apply to this controller's jurisdiction (or were asked for)."""
        if self.uk_columns:
            return spec.columns
        return tuple(column for column in spec.columns if column.group not in UK_ONLY_GROUPS)

    def _table(
        self,
        kind: str,
        rows: list[tuple[Cell, ...]],
        header: HeaderBlock | None = None,
        keys: tuple[tuple[str, str, str], ...] = (),
        readings: tuple[Reading, ...] = (),
    ) -> Table:
        spec = template(kind, self.lang)
        return Table(
            kind=kind,
            lang=self.lang,
            as_of=self.report.as_of,
            title=spec.title,
            basis=spec.basis,
            sheet=spec.sheet,
            columns=self.columns(spec),
            rows=tuple(rows),
            header=header,
            keys=keys,
            readings=readings,
        )

    def _project(self, spec: TemplateSpec, values: dict[str, Cell]) -> tuple[Cell, ...]:
        # Columns a language's template lacks are dropped; ones we have no data for stay empty.
        return tuple(values.get(column.id) for column in self.columns(spec))

    def text(self, value: str) -> str:
        """Register text in the table's language (marked when it has no variant in it)."""
        return local(value, self.lang)

    def texts(self, values: Iterable[str]) -> list[str]:
        return [local(value, self.lang) for value in values]

    # --- markers for what the register does not hold: a record never has a blank cell

    def not_stated(self, source: SourceRef | None) -> str:
        """'Not stated in the source (Verji privacy statement (2022-01-15), Cookie Policy)'."""
        text = label(self.lang, "marker.not_stated")
        source = source or self.register.organisation.source
        if source is None:
            return text
        where = source.document + (f", {source.section}" if source.section else "")
        return f"{text} ({where})"

    def not_applicable(self, reason: str) -> str:
        return f"{label(self.lang, 'marker.not_applicable')}: {label(self.lang, f'reason.{reason}')}"

    def not_recorded(self) -> str:
        return label(self.lang, "marker.not_recorded")

    # --- shared column values

    def category_names(self, keys: Iterable[str]) -> list[str]:
        names = []
        for key in keys:
            category = self.categories.get(key)
            if category is None:
                names.append(key)
                continue
            marks = [label(self.lang, "special_category")] if category.special_category else []
            if category.criminal_data:
                marks.append(label(self.lang, "criminal_data"))
            names.append(self.text(category.name) + (f" ({', '.join(marks)})" if marks else ""))
        return names

    def activity_processors(self, activity: ProcessingActivity) -> list[Processor]:
        keys = _unique(
            self.systems[s].operator or "" for s in activity.systems if s in self.systems and self.systems[s].operator
        )
        return [self.processors[k] for k in keys if k in self.processors]

    @cached_property
    def _activity_transfers(self) -> dict[str, tuple[dict[str, list[TransferHop]], set[str]]]:
        """Activity key -> its hops grouped by importer (in hop order) and the countries reached.

        A hop carries the data of many activities: each activity's row reads its own lists instead of
        walking the hops again.
        """
        found: dict[str, tuple[dict[str, list[TransferHop]], set[str]]] = {}
        for hop in self.hops:
            for key in hop.activities:
                entry = found.get(key)
                if entry is None:
                    entry = found[key] = ({}, set())
                entry[0].setdefault(hop.importer, []).append(hop)
                entry[1].add(hop.country)
        return found

    def third_countries(self, activity: ProcessingActivity) -> Cell:
        entry = self._activity_transfers.get(activity.key)
        countries = frozenset(entry[1]) if entry else frozenset()
        cells = self._country_cells  # many activities reach the same countries: each set is labelled once
        if countries not in cells:
            cells[countries] = _cell(_locations(countries, self.lang))
        return cells[countries]

    def transfer_lines(self, activity: ProcessingActivity) -> Cell:
        """One line per importer: each country it receives the data in, with the tool and the status."""
        entry = self._activity_transfers.get(activity.key)
        return _cell([self._shared_importer_line(hops) for hops in entry[0].values()]) if entry else None

    def _shared_importer_line(self, hops: list[TransferHop]) -> str:
        """``_importer_line``, worded once for every activity whose data crosses on the same hops.

        A hop carries the data of a dozen activities, so at 100k entities most lines repeat: kept once,
        the ROPA table holds a fraction of the text it otherwise would until the file is written.
        """
        key = tuple(hop.id for hop in hops)
        line = self._importer_lines.get(key)
        if line is None:
            line = self._importer_lines[key] = self._importer_line(hops)
        return line

    def _importer_line(self, hops: list[TransferHop]) -> str:
        known = sorted((hop for hop in hops if hop.country != UNKNOWN), key=lambda hop: hop.country)
        unknown = [hop for hop in hops if hop.country == UNKNOWN]
        lang = self.lang
        parts = [
            f"{location_label(hop.country, lang)}: {hop_mechanism(hop, lang)} ({status_label(hop, lang)})"
            for hop in known
        ]
        if unknown:
            # The unknown destination is said once, and without its tool when the first country names the same
            # one (the import reads a part without a tool as the first part's).
            hop = unknown[0]
            where = location_label(UNKNOWN, lang)
            mechanism = hop_mechanism(hop, lang)
            parts.append(
                f"{where} ({status_label(hop, lang)})"
                if known and mechanism == hop_mechanism(known[0], lang)
                else f"{where}: {mechanism} ({status_label(hop, lang)})"
            )
        return f"{self.text(hops[0].importer_name)} → " + "; ".join(parts)

    def basis_lines(self, activity: ProcessingActivity) -> list[str]:
        lines = []
        for claim in activity.legal_bases:
            article, name = article_label(claim.basis.value, self.lang), label(self.lang, f"basis.{claim.basis.value}")
            # 'Art. 6(1)(f) Legitimate interests'; Norwegian style names the ground after the citation in brackets
            text = f"{article} {name}" if self.lang == Lang.EN else f"{article} ({name[:1].lower()}{name[1:]})"
            lines.append(f"{text}: {self.text(claim.justification)}" if claim.justification else text)
        return lines

    def handles_special_data(self, activity: ProcessingActivity) -> bool:
        return any(
            (c := self.categories.get(key)) is not None and (c.special_category or c.criminal_data)
            for key in activity.data_categories
        )

    def contact_values(self, contact: Contact | None) -> dict[str, str]:
        if contact is None:
            return {}
        return {
            "name": contact.name or "",
            "address": format_address(contact.address, self.lang),
            "email": contact.email or "",
            "phone": contact.phone or "",
        }

    def header_block(self, spec: TemplateSpec) -> HeaderBlock:
        org = self.register.organisation
        contacts = {c.role: c for c in reversed(org.contacts)}  # the first contact of each role wins
        main = contacts.get(ContactRole.PRIVACY_CONTACT)
        own = {
            "name": org.name,
            "organisation_number": org.organisation_number or "",
            "address": format_address(org.address, self.lang),
            "email": (main.email if main else None) or "",
            "phone": (main.phone if main else None) or "",
        }
        # Every entry says something: a blank DPO line cannot be told from a forgotten one.
        own = {field: value or self.not_stated(org.source) for field, value in own.items()}
        dpo = self.contact_values(contacts.get(ContactRole.DPO))
        if not dpo:
            dpo = {
                "name": label(self.lang, "dpo_not_appointed")
                if org.dpo_appointed is False
                else f"{self.not_stated(org.source)}: {label(self.lang, 'reason.dpo_not_stated')}"
            }
        representative = self.contact_values(contacts.get(ContactRole.EU_REPRESENTATIVE))
        if not representative:
            # Art. 27 asks for a representative only of a controller not established in the Union (EEA).
            in_eea = load_reference().in_eea(org.address.country, self.report.as_of)
            representative = {
                "name": self.not_applicable("established_in_eea") if in_eea else self.not_stated(org.source)
            }
        field_ids = [field for field, _ in spec.header_fields]
        role_ids = ("controller" if spec is template("ropa", self.lang) else "processor", "dpo", "representative")
        entries = tuple(
            (role_id, role, tuple(values.get(field, "") for field in field_ids))
            for role_id, role, values in zip(role_ids, spec.header_roles, (own, dpo, representative), strict=True)
        )
        return HeaderBlock(title=spec.header_title or "", fields=spec.header_fields, entries=entries)

    # --- Art. 30(1)

    def controller_record(self) -> Table:
        spec = template("ropa", self.lang)
        notes = ReadingNotes(self.register, [column.id for column in self.columns(spec)])
        rows: list[tuple[Cell, ...]] = []
        for activity in self.register.activities:
            if activity.role == ProcessingRole.CONTROLLER:
                notes.add_row(len(rows), activity, self.activity_processors(activity))
                rows.append(self._project(spec, self.controller_values(activity)))
        return self._table("ropa", rows, self.header_block(spec), self.named_keys(), notes.readings())

    def named_keys(self) -> tuple[tuple[str, str, str], ...]:
        """(kind, key, name) of every entity the controller record names, by kind then key."""
        named: dict[str, set[str]] = {kind.value: set() for kind in EntityKind}
        for activity in self.register.activities:
            if activity.role != ProcessingRole.CONTROLLER:
                continue
            named[EntityKind.ACTIVITY.value].add(activity.key)
            named[EntityKind.DATA_CATEGORY.value].update(activity.data_categories)
            named[EntityKind.DATA_SUBJECT.value].update(activity.data_subjects)
            named[EntityKind.RECIPIENT.value].update(activity.recipients)
            named[EntityKind.PROCESSOR.value].update(p.key for p in self.activity_processors(activity))
        return tuple(
            (kind.value, entity.key, self.text(_entity_name(entity)))
            for kind, entity in self.register.all_entities()
            if entity.key in named[kind.value]
        )

    def controller_values(self, activity: ProcessingActivity) -> dict[str, Cell]:
        recorded = self.not_recorded()
        values: dict[str, Cell] = {
            "activity": self.text(activity.name),
            "internal_owner": recorded,  # the register has no owner field
            "business_function": self.text(activity.business_function) if activity.business_function else None,
            "purposes": _cell(self.texts(activity.purposes)),
            "joint_controllers": _cell(activity.joint_controllers),
            "data_subjects": _cell(
                [self.text(self.subjects[k].name) for k in activity.data_subjects if k in self.subjects]
            ),
            "data_categories": _cell(self.category_names(activity.data_categories)),
            **self.party_values(activity),
            "third_countries": self.third_countries(activity) or label(self.lang, "no_transfer"),
            "transfer_safeguards": self.transfer_lines(activity) or label(self.lang, "no_transfer"),
            "retention": _cell(retention_label(activity.retention, self.lang)),
            "security_measures": self.security_measures(activity),
            **self.basis_values(activity),
            "rights": _cell(self.texts(activity.rights)),
            "automated_decision_making": (
                self.text(activity.automated_decision_making) if activity.automated_decision_making else None
            ),
            "data_sources": _cell(self.texts(activity.sources)),
            "systems": _cell([self.text(self.systems[k].name) for k in activity.systems if k in self.systems]),
            **self.dpia_values(activity),
            "breach_occurred": recorded,
            "breach_record_link": recorded,
            "dpa2018_schedule1_condition": recorded,
            "retention_policy_link": recorded,
            "retention_policy_followed": recorded,
            "retention_policy_deviation": recorded,
        }
        # What the source leaves open is said to be open, with the source, never left blank.
        stated = self.not_stated(activity.source)
        return {column: stated if value is None else value for column, value in values.items()}

    def party_values(self, activity: ProcessingActivity) -> dict[str, Cell]:
        """Recipients, processors and their contracts, and where the data is."""
        lang = self.lang
        processors = self.activity_processors(activity)
        recipients = [self.text(self.recipients[k].name) for k in activity.recipients if k in self.recipients]
        processor_recipients = [
            f"{p.legal_name} ({label(lang, 'processor')}: {label(lang, f'service.{p.service_category.value}')})"
            for p in processors
        ]
        contracts = []
        for processor in processors:
            if processor.dpa is None:
                contracts.append(f"{processor.legal_name}: {label(lang, 'no_dpa')}")
            else:
                signed = (
                    f", {label(lang, 'signed')} {processor.dpa.signed_on.isoformat()}"
                    if processor.dpa.signed_on
                    else ""
                )
                contracts.append(f"{processor.legal_name}: {processor.dpa.reference}{signed}")
        locations: list[str] = []
        for key in activity.systems:
            system = self.systems.get(key)
            if system is not None:
                locations.extend(system.hosting)
        for processor in processors:
            locations.extend(processor.processing_locations)
        return {
            "recipients": _cell(recipients + processor_recipients if lang == Lang.EN else recipients),
            "processors": _cell([p.legal_name for p in processors]) or self.not_applicable("no_processor"),
            "processor_contracts": _cell(contracts) or self.not_applicable("no_processor"),
            "data_locations": _cell(_locations(locations, lang)),
        }

    def basis_values(self, activity: ProcessingActivity) -> dict[str, Cell]:
        """The Art. 6 and 9 columns: each either a value, 'not stated', or 'not applicable' and why."""
        claimed = {claim.basis for claim in activity.legal_bases}
        stated = self.not_stated(activity.source)
        recorded = self.not_recorded()
        interests = [self.text(c.legitimate_interest) for c in activity.legal_bases if c.legitimate_interest]
        with_reference = (LegalBasis.LEGAL_OBLIGATION, LegalBasis.PUBLIC_TASK, LegalBasis.LEGITIMATE_INTERESTS)
        references = [
            f"{article_label(c.basis.value, self.lang)}: {self.text(c.legitimate_interest or c.justification or '')}"
            for c in activity.legal_bases
            if c.basis in with_reference and (c.legitimate_interest or c.justification)
        ]
        bases = self.basis_lines(activity)
        special = self.handles_special_data(activity)
        relies_on_interests = LegalBasis.LEGITIMATE_INTERESTS in claimed
        return {
            "art6_basis": _cell(bases),
            "art9_condition": (
                article_label(activity.art9_condition.value, self.lang)
                if activity.art9_condition
                else (stated if special else self.not_applicable("no_special_data"))
            ),
            "legitimate_interests": _cell(interests)
            or (stated if relies_on_interests else self.not_applicable("no_legitimate_interests")),
            "legal_basis_reference": _cell(references)
            or (stated if claimed & set(with_reference) else self.not_applicable("no_reference_basis")),
            "lia_link": recorded if relies_on_interests else self.not_applicable("no_legitimate_interests"),
            "consent_record_link": recorded if LegalBasis.CONSENT in claimed else self.not_applicable("no_consent"),
            "dpa2018_art6_basis": _cell(bases) if special else None,
        }

    def dpia_values(self, activity: ProcessingActivity) -> dict[str, Cell]:
        """The DPIA columns; all empty (then 'not stated') when the register records no DPIA."""
        dpia = activity.dpia
        if dpia is None:
            return dict.fromkeys(("dpia_required", "dpia_progress", "dpia_link", "high_risk"))
        lang = self.lang
        if dpia.status == DpiaStatus.UNKNOWN:
            required = label(lang, "dpia.unknown")
        else:
            required = _yes_no(dpia.status != DpiaStatus.NOT_REQUIRED, lang)
        progress = label(lang, f"dpia.{dpia.status.value}")
        if dpia.completed_on:
            progress += f", {label(lang, 'completed_on')} {dpia.completed_on.isoformat()}"
        return {
            "dpia_required": required,
            "dpia_progress": progress,
            "dpia_link": dpia.reference or self.not_recorded(),
            "high_risk": required,
        }

    def security_measures(self, activity: ProcessingActivity) -> Cell:
        """Art. 30(1)(g) / 30(2)(d): what protects the systems and data the activity uses — its own measures,
        the organisation's, those of its systems and of their operators, and those recorded on its data —
        each with what it protects."""
        measures = self.texts(activity.security_measures)
        measures.extend(self._measure_line(m) for m in self.register.organisation.security_measures)
        systems = [self.systems[key] for key in activity.systems if key in self.systems]
        for system in systems:
            measures.extend(self._measure_line(m, self.text(system.name)) for m in system.security_measures)
        for processor in self.activity_processors(activity):
            measures.extend(self._measure_line(m, processor.legal_name) for m in processor.security_measures)
        for key in activity.data_categories:
            category = self.categories.get(key)
            if category is not None:
                measures.extend(self._measure_line(m, self.text(category.name)) for m in category.security_measures)
        return _cell(_unique(measures))

    def _measure_line(self, measure: SecurityMeasure, protects: str | None = None) -> str:
        text = label(self.lang, f"measure.{measure.kind.value}")
        text += f": {self.text(measure.description)}" if measure.description else ""
        return f"{text} ({protects})" if protects else text

    # --- Art. 30(2)

    def processor_record(self) -> Table:
        spec = template("processor-record", self.lang)
        notes = ReadingNotes(self.register, [column.id for column in self.columns(spec)])
        rows: list[tuple[Cell, ...]] = []
        for activity in self.register.activities:
            if activity.role != ProcessingRole.PROCESSOR:
                continue
            categories = ", ".join(self.category_names(activity.data_categories))
            processing = (
                self.text(activity.name),
                *self.texts(activity.purposes),
                f"{label(self.lang, 'personal_data')}: {categories}",
            )
            for controller in activity.controllers_served:
                values: dict[str, Cell] = {
                    "controller": controller,
                    # The controllers are named as a group: their representatives and DPOs are not stated.
                    "controller_representative": self.not_stated(activity.source),
                    "processing_categories": processing,
                    "third_countries": self.third_countries(activity) or label(self.lang, "no_transfer"),
                    "transfer_safeguards": self.transfer_lines(activity) or label(self.lang, "no_transfer"),
                    "security_measures": self.security_measures(activity) or self.not_stated(activity.source),
                }
                notes.add_row(len(rows), activity, self.activity_processors(activity))
                rows.append(self._project(spec, values))
        return self._table("processor-record", rows, self.header_block(spec), readings=notes.readings())

    # --- Transfer register

    def transfer_register(self) -> Table:
        spec = template("transfers", self.lang)
        lang = self.lang
        rows = []
        for hop in self.hops:
            sccs = [s for s in hop.safeguards if s.kind == SafeguardKind.SCC]
            assessed = [s.tia for s in hop.safeguards if s.tia is not None]
            measures = [
                label(lang, f"measure.{m.kind.value}") + (f": {self.text(m.description)}" if m.description else "")
                for m in [*(m for s in hop.safeguards for m in s.supplementary_measures), *hop.data_measures]
            ]
            values: dict[str, Cell] = {
                "transfer_id": hop.id,
                "exporter": f"{self.text(hop.exporter_name)} ({_role_label(hop.exporter_role, lang)})",
                "importer": self.text(hop.importer_name),
                "importer_role": _role_label(hop.importer_role, lang),
                "country": territory_label(hop.country, self.report.as_of, lang),
                "onward": _yes_no(hop.onward, lang),
                "data_categories": _cell(self.category_names(hop.data_categories)),
                "activities": _cell(
                    [self.text(self.activities[k].name) if k in self.activities else k for k in hop.activities]
                ),
                "mechanism": hop_mechanism(hop, lang),
                "scc_decision": _cell(_unique(scc_decision_label(s, lang) for s in sccs)),
                "scc_module": _cell(_unique(scc_module_label(s, lang) for s in sccs)),
                "tia_date": _cell([t.assessed_on.isoformat() for t in assessed]),
                "tia_outcome": _cell([label(lang, f"tia.{t.outcome.value}") for t in assessed]),
                "supplementary_measures": _cell(measures),
                "status": status_label(hop, lang),
                "breaks_on": self.breaks_on(hop),
                "status_reason": render(hop.status_reason, lang),
                "finding_ids": _cell(hop.finding_ids),
            }
            rows.append(self._project(spec, values))
        return self._table("transfers", rows)

    @cached_property
    def _timeline(self) -> Timeline:
        # The report's own statuses on its date; later days judged under the organisation's TIA policy.
        return timeline(self.register, load_reference(), self.report)

    def breaks_on(self, hop: TransferHop) -> str:
        """The first day a transfer valid on the as-of date stops being valid (what breaks next)."""
        if hop.status == TransferStatus.DESTINATION_UNKNOWN:
            return label(self.lang, "breaks.destination_unknown")
        if not hop.status.counts_as_valid:
            return label(self.lang, "breaks.not_valid")
        day = self._timeline.breaks_on(hop.id)
        return day.isoformat() if day else label(self.lang, "breaks.no_known_end")

    # --- Sub-processor list

    def subprocessors_used(self) -> list[Processor]:
        """Processors that handle the data of the services we provide as a processor, with their chain."""
        found: dict[str, Processor] = {}
        queue = [
            processor
            for activity in self.register.activities
            if activity.role == ProcessingRole.PROCESSOR
            for processor in self.activity_processors(activity)
        ]
        while queue:
            processor = queue.pop(0)
            if processor.key in found:
                continue
            found[processor.key] = processor
            queue.extend(
                self.processors[e.processor] for e in processor.sub_processors if e.processor in self.processors
            )
        return sorted(found.values(), key=lambda p: (p.legal_name.casefold(), p.key))

    def subprocessor_list(self) -> Table:
        spec = template("subprocessors", self.lang)
        lang = self.lang
        operated: dict[str, set[str]] = {}
        for system in self.register.systems:
            if system.operator:
                operated.setdefault(system.operator, set()).add(f"system:{system.key}")
        rows = []
        for processor in self.subprocessors_used():
            importers = {f"processor:{processor.key}"} | operated.get(processor.key, set())
            hops = [hop for hop in self.hops if hop.importer in importers]
            mechanisms = _unique(
                f"{location_label(hop.country, lang)}: {hop_mechanism(hop, lang)} ({status_label(hop, lang)})"
                for hop in hops
            )
            service = [label(lang, f"service.{processor.service_category.value}")]
            if processor.description:
                service.append(self.text(processor.description))
            values: dict[str, Cell] = {
                "name": processor.legal_name,
                "service": _cell(service),
                "location": _cell(_locations(processor.processing_locations, lang)),
                "mechanism": _cell(mechanisms) or label(lang, "no_transfer"),
            }
            rows.append(self._project(spec, values))
        return self._table("subprocessors", rows)

    # --- Findings

    def subject_name(self, node: str) -> str:
        """A node id as a name an auditor recognises; the id itself when it names nothing known."""
        if node == "controller":
            return self.register.organisation.name
        kind, _, key = node.partition(":")
        if kind == "processor" and key in self.processors:
            return self.processors[key].legal_name
        if kind == "system" and key in self.systems:
            return self.text(self.systems[key].name)
        if kind == "activity" and key in self.activities:
            return self.text(self.activities[key].name)
        if kind == "recipient" and key in self.recipients:
            return self.text(self.recipients[key].name)
        return node

    def findings(self) -> Table:
        spec = template("findings", self.lang)
        rows = [self._project(spec, self.finding_values(finding)) for finding in self.report.findings]
        return self._table("findings", rows)

    def finding_values(self, finding: Finding) -> dict[str, Cell]:
        return {
            "severity": label(self.lang, f"severity.{finding.severity.value}"),
            "rule": finding.rule,
            "article": articles_label(finding.article, self.lang),
            "subject": self.subject_name(finding.subject),
            "country": location_label(finding.country, self.lang) if finding.country else None,
            "message": render(finding.message, self.lang),
            "transfer_status": (
                status_words.status_label(finding.transfer_status, "nb" if self.lang == Lang.NB else "en")
                if finding.transfer_status is not None
                else None
            ),
            "finding_id": finding.id,
        }


# The status in brackets is one of the status labels: a tool's own words may hold brackets and "; "
# (two safeguards on one hop), so only a known label closes a country's part.
_STATUS_LABELS = "|".join(
    re.escape(words) for style in status_words.STATUS_STYLES.values() for words in (style.en, style.nb)
)
_TRANSFER_PART = re.compile(rf"(?P<country>[^;:]+?)(?:: (?P<mechanism>.+?))? \((?P<status>{_STATUS_LABELS})\)(?:; |$)")


def split_transfer_line(line: str) -> list[str]:
    """An importer's line of the record ('HubSpot → United States (US): SCC (Valid); Unknown (Destination
    unknown)') as one 'importer → country: tool (status)' line per country, as the import reads hops."""
    importer, arrow, rest = line.partition(" → ")
    parts = list(_TRANSFER_PART.finditer(rest)) if arrow else []
    contiguous = all(after.start() == before.end() for before, after in itertools.pairwise(parts))
    if len(parts) < 2 or parts[0].start() != 0 or parts[-1].end() != len(rest) or not contiguous:
        return [line]
    return [
        f"{importer} → {part['country']}: {part['mechanism'] or parts[0]['mechanism']} ({part['status']})"
        for part in parts
    ]


def cell_text(cell: Cell, separator: str = "\n") -> str:
    """A cell as one string: lines joined by ``separator``, numbers in plain notation, empty as ''."""
    if cell is None:
        return ""
    if isinstance(cell, tuple):
        return separator.join(cell)
    return cell if isinstance(cell, str) else repr(cell)


# --- Readings and assumptions (issue #29): how writers mark cells and list the notes


def marked_rows(table: Table) -> tuple[tuple[Cell, ...], ...]:
    """The rows with each cell that rests on a reading or an assumption ending in its marker, '[1]'."""
    if not table.readings:
        return table.rows
    ids = [column.id for column in table.columns]
    markers: dict[tuple[int, int], list[str]] = {}
    for reading in table.readings:
        for row, column in reading.cells:
            markers.setdefault((row, ids.index(column)), []).append(f"[{reading.marker}]")
    rows = []
    for r, cells_of_row in enumerate(table.rows):
        cells = list(cells_of_row)
        for c, cell in enumerate(cells):
            marks = markers.get((r, c))
            if marks:
                cells[c] = _with_marker(cell, " ".join(marks))
        rows.append(tuple(cells))
    return tuple(rows)


def _with_marker(cell: Cell, marker: str) -> Cell:
    if isinstance(cell, tuple) and cell:
        return (*cell[:-1], f"{cell[-1]} {marker}")
    text = cell_text(cell)
    return f"{text} {marker}" if text else marker


def reading_text(table: Table, reading: Reading, *, where: bool = False) -> str:
    """'[1] Reading: Service notices — Systems: E-mail service. Why … (source: statement, section)'; with
    ``where``, the cells it applies to by row and column heading, for a layout whose cells carry no marker."""
    lang = table.lang
    entry = render(reading.entry, lang)  # the entry's name in the table's language
    fact = render(reading.fact, lang)
    text = f"[{reading.marker}] {label(lang, f'readings.{reading.basis}')}: {entry} — {fact}."
    if where:
        headings = {column.id: column.heading for column in table.columns}
        places = [f"{cell_text(table.rows[row][0])}: {headings[column]}" for row, column in reading.cells]
        text += f" ({label(lang, 'readings.where')} {'; '.join(places)})"
    text += f" {render(reading.note, lang)}" if reading.note else ""
    if reading.source is not None:
        section = f", {reading.source.section}" if reading.source.section else ""
        text += f" ({label(lang, 'readings.source')}: {reading.source.document}{section})"
    return text
