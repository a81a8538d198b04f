"""Transfer impact assessments (issue #32): each transfer's TIA standing, a draft pre-filled from the
register, a TIA saved through the import plan (before -> after, findings delta), and the documents.

The CLI (``catalog tia``, ``catalog export tia``) and the UI's TIA page call only this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from catalog.compliance import rules
from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport, TransferHop
from catalog.compliance.tias import TiaIndex, review_reasons
from catalog.domain.models import CountryAssessment, Tia
from catalog.domain.register import EntityKind, Register
from catalog.errors import InputError, NotFoundError
from catalog.exporters.tia import (
    TiaDocument,
    build_document,
    draft_tia,
    render_tia_docx,
    render_tia_html,
    render_tia_markdown,
    snapshot,
    transfer_key,
    transfers_needing_tia,
)
from catalog.history.chain import ChangeContext, context
from catalog.importers.plan import ImportMode, ImportPlan, Incoming, apply_plan, plan_import, read_snapshot
from catalog.kernel.atomic import write_atomic
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase, render
from catalog.reference import load_reference
from catalog.reference.tia import TiaGuide, load_tia_guide
from catalog.store.base import RegisterStore

__all__ = [
    "TIA_FORMATS",
    "CountryAssessment",
    "Tia",
    "TiaDocument",
    "TiaGuide",
    "TiaStanding",
    "TransferTia",
    "decided",
    "document_bytes",
    "document_for",
    "draft_for",
    "draft_from",
    "export_tias",
    "load_tia_guide",
    "plan_tia_save",
    "render",
    "save_planned",
    "tia_overview",
    "transfer_key",
]

TIA_FORMATS = ("md", "html", "docx")


class TiaStanding(StrEnum):
    """Where a transfer stands with its TIA."""

    NONE = "none"
    DRAFT = "draft"
    CURRENT = "current"
    NEEDS_REVIEW = "needs_review"
    OUTDATED = "outdated"
    NOT_ADEQUATE = "not_adequate"


STANDING_WORDS = {
    TiaStanding.NONE: N_("no TIA"),
    TiaStanding.DRAFT: N_("draft"),
    TiaStanding.CURRENT: N_("current"),
    TiaStanding.NEEDS_REVIEW: N_("needs review"),
    TiaStanding.OUTDATED: N_("outdated"),
    TiaStanding.NOT_ADEQUATE: N_("not adequate"),
}


@dataclass(frozen=True)
class TransferTia:
    """One transfer (importer x country) that needs a TIA, with the TIA covering it and its standing."""

    transfer: str  # 'hubspot@US'
    importer: str
    importer_name: str
    country: str
    hops: tuple[TransferHop, ...]
    tia: Tia | None
    standing: TiaStanding
    reasons: tuple[str, ...]  # why it needs review, in words


def _standing(tia: Tia | None, report: CheckReport, hops: Sequence[TransferHop]) -> TiaStanding:
    if tia is None:
        return TiaStanding.NONE
    if tia.outcome is None:
        return TiaStanding.DRAFT
    ids = {f for hop in hops for f in hop.finding_ids}
    found = {f.rule for f in report.findings if f.id in ids or f.subject == f"tia:{tia.key}"}
    if rules.TIA_INADEQUATE in found:
        return TiaStanding.NOT_ADEQUATE
    if rules.TIA_NEEDS_REVIEW in found:
        return TiaStanding.NEEDS_REVIEW
    if rules.TIA_OUTDATED in found:
        return TiaStanding.OUTDATED
    return TiaStanding.CURRENT


def tia_overview(register: Register, as_of: date, report: CheckReport | None = None) -> list[TransferTia]:
    """Every transfer that needs a TIA (an Art. 46/47 tool) or has one, with its standing on ``as_of``."""
    report = report or evaluate(register, load_reference(), as_of)
    index = TiaIndex(register.tias)
    grouped = transfers_needing_tia(report.transfers)
    for listed in register.tias:  # a TIA for a transfer the register no longer needs one for is still listed
        for covered in listed.transfers:
            key = f"{covered.importer}@{covered.country}"
            hops = [h for h in report.transfers if transfer_key(h.importer, h.country) == key]
            grouped.setdefault(key, hops)
    assessments = {a.key: a for a in register.country_assessments}
    rows = []
    for key, hops in sorted(grouped.items()):
        importer, _, country = key.partition("@")
        activities = sorted({a for hop in hops for a in hop.activities})
        tia = index.covering(importer, country, activities)
        reasons: list[str] = []
        if tia is not None and tia.outcome is not None:
            assessment = assessments.get(tia.country_assessment or "")
            reasons = review_reasons(tia, register, report.transfers, as_of, assessment)
        name = hops[0].importer_name if hops else importer
        rows.append(
            TransferTia(key, importer, name, country, tuple(hops), tia, _standing(tia, report, hops), tuple(reasons))
        )
    return rows


def _find(rows: Sequence[TransferTia], transfer: str) -> TransferTia:
    """A transfer by 'importer@CC' or by a hop id ('controller->processor:hubspot@US')."""
    for row in rows:
        if transfer in (row.transfer, *(hop.id for hop in row.hops)):
            return row
    known = ", ".join(row.transfer for row in rows) or "none"
    raise NotFoundError(
        Phrase(
            N_("no transfer {transfer!r} needs or has a TIA; known transfers: {known}"), transfer=transfer, known=known
        )
    )


def draft_for(register: Register, as_of: date, transfer: str) -> Tia:
    """A draft TIA for one transfer, pre-filled from the register (nothing written)."""
    report = evaluate(register, load_reference(), as_of)
    row = _find(tia_overview(register, as_of, report), transfer)
    return draft_tia(register, report.transfers, row.transfer)


def draft_from(register: Register, report: CheckReport, transfer: str) -> Tia:
    """A draft TIA for one transfer from a report already in hand (the UI's snapshot)."""
    return draft_tia(register, report.transfers, transfer)


def document_for(
    tia: Tia, register: Register, report: CheckReport, lang: str, *, draft: bool = False, as_of: date | None = None
) -> TiaDocument:
    """One TIA laid out along the six steps, from a report already in hand."""
    return build_document(tia, register, report.transfers, load_tia_guide(), lang, draft=draft, as_of=as_of)


def decided(tia: Tia, register: Register, as_of: date) -> Tia:
    """The TIA with steps 1-2 as the register holds them now, kept as the facts it was decided on.

    Called on a save that records a decision: a later change to those facts flags the TIA for review.
    """
    if tia.outcome is None:
        return tia
    report = evaluate(register, load_reference(), as_of)
    return tia.model_copy(update={"facts": snapshot(tia, register, report.transfers)})


def plan_tia_save(
    store: RegisterStore,
    entities: Sequence[Tia | CountryAssessment],
    *,
    as_of: date | None = None,
    source: str = "TIA",
) -> ImportPlan:
    """The import plan of saving TIAs or country assessments: what changes (before -> after) and which
    findings appear or go; nothing is written (``save_planned`` writes it)."""
    taken = read_snapshot(store)
    if taken.register is None:
        raise InputError(
            Phrase(N_("{store} is empty; seed or import a register before a TIA"), store=store.display_url)
        )
    stored = taken.register
    day = as_of or date.today()
    replaced: dict[str, Any] = {kind.value: list(stored.entities(kind)) for kind in EntityKind}
    for entity in entities:
        kind = EntityKind.TIA if isinstance(entity, Tia) else EntityKind.COUNTRY_ASSESSMENT
        if isinstance(entity, Tia):
            entity = decided(entity, stored, day)
        replaced[kind.value] = [e for e in replaced[kind.value] if e.key != entity.key] + [entity]
    data = stored.model_dump()
    data.update({kind: [e.model_dump() for e in found] for kind, found in replaced.items()})
    after = Register.model_validate(data)
    incoming = Incoming(register=after, source=source, mode=ImportMode.MERGE, source_kind="tia")
    return plan_import(store, incoming, as_of=day, stored=stored, based_on=taken.revision)


def save_planned(store: RegisterStore, plan: ImportPlan, change: ChangeContext | None = None) -> ImportPlan:
    """Write a planned TIA save; refused when another write landed since the plan was made."""
    return apply_plan(store, plan, stored=None, change=change or context("tia"))


def new_tia(
    store: RegisterStore, transfer: str, *, as_of: date | None = None, dry_run: bool = False
) -> tuple[Tia, ImportPlan]:
    """A draft TIA for ``transfer`` written into the store (register data, like any entity)."""
    taken = read_snapshot(store)
    if taken.register is None:
        raise InputError(Phrase(N_("{store} is empty; seed or import a register first"), store=store.display_url))
    day = as_of or date.today()
    draft = draft_for(taken.register, day, transfer)
    if any(t.key == draft.key for t in taken.register.tias):
        raise InputError(Phrase(N_("TIA {key!r} already exists; edit it (catalog show tia {key})"), key=draft.key))
    plan = plan_tia_save(store, [draft], as_of=day, source=f"catalog tia new --transfer {transfer}")
    if dry_run:
        return draft, plan
    return draft, save_planned(store, plan, context("tia new"))


def document_bytes(document: TiaDocument, fmt: str, lang: str) -> bytes:
    """One TIA document in a format: 'md', 'html' or 'docx'."""
    if fmt == "md":
        return render_tia_markdown(document)
    if fmt == "html":
        return render_tia_html(document, lang)
    if fmt == "docx":
        return render_tia_docx(document)
    raise InputError(
        Phrase(
            N_("unknown TIA document format {format!r}; choose one of: {formats}"),
            format=fmt,
            formats=", ".join(TIA_FORMATS),
        )
    )


def documents(register: Register, as_of: date, lang: str) -> list[TiaDocument]:
    """One document per TIA, and a draft for each transfer that needs a TIA and has none."""
    report = evaluate(register, load_reference(), as_of)
    guide = load_tia_guide()
    found = [
        build_document(tia, register, report.transfers, guide, lang)
        for tia in sorted(register.tias, key=lambda t: t.key)
    ]
    for row in tia_overview(register, as_of, report):
        if row.tia is None and row.hops:
            draft = draft_tia(register, report.transfers, row.transfer)
            found.append(build_document(draft, register, report.transfers, guide, lang, draft=True, as_of=as_of))
    return found


def export_tias(store: RegisterStore, fmt: str, out: Path, lang: str, as_of: date | None = None) -> list[Path]:
    """Write every TIA document (and drafts for transfers without one) into ``out``; returns the files."""
    if fmt not in TIA_FORMATS:
        raise InputError(
            Phrase(
                N_("unknown TIA document format {format!r}; choose one of: {formats}"),
                format=fmt,
                formats=", ".join(TIA_FORMATS),
            )
        )
    register = store.load_register()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for document in documents(register, as_of or date.today(), lang):
        path = out / f"{document.stem}.{fmt}"
        write_atomic(path, document_bytes(document, fmt, lang))
        written.append(path)
    return written
