"""Transfer impact assessment documents (issue #32): one per TIA, or a draft for a transfer that needs one.

``build_document`` lays a TIA out along the six steps of the guide (seed/reference/tia.yaml): steps 1-2
read from the register and the engine's hops (names, never keys), steps 3-6 the DPO's answers, each
unanswered question marked "not assessed". Thin writers turn the document into Markdown, HTML or DOCX,
escaping for their format.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from catalog.compliance.model import TransferHop
from catalog.compliance.safeguards import NEEDS_TIA, place
from catalog.compliance.tias import covered_hops, current_facts, node_key
from catalog.domain.location import UNKNOWN
from catalog.domain.models import (
    CountryAssessment,
    CoveredTransfer,
    MeasureJudgement,
    SecurityMeasure,
    Tia,
    TiaFacts,
)
from catalog.domain.register import Register, display_name
from catalog.exporters.html import CONTENT_SECURITY_POLICY, h
from catalog.exporters.markdown import md_text
from catalog.exporters.rows import safeguard_label
from catalog.kernel.i18n import N_, Translate, translator
from catalog.kernel.lang import Lang
from catalog.kernel.localtext import local
from catalog.kernel.phrase import render
from catalog.reference.tia import TiaGuide

NOT_ASSESSED = N_("not assessed")


@dataclass(frozen=True)
class TiaItem:
    """One question or fact of a step, and what the register or the DPO answers."""

    label: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class TiaSection:
    heading: str
    reference: str
    items: list[TiaItem] = field(default_factory=list)


@dataclass(frozen=True)
class TiaDocument:
    """A TIA laid out for reading: title, standing, the six steps, the country assessment."""

    stem: str
    title: str
    meta: list[str]
    sections: list[TiaSection]


def transfer_key(importer: str, country: str) -> str:
    """How a transfer (importer x country) is named on the command line: 'hubspot@US'."""
    return f"{node_key(importer)}@{country}"


def transfers_needing_tia(hops: Sequence[TransferHop]) -> dict[str, list[TransferHop]]:
    """Hops resting on an Art. 46/47 tool that needs a TIA, grouped by transfer (importer x country)."""
    grouped: dict[str, list[TransferHop]] = {}
    for hop in hops:
        # an unknown destination cannot be assessed: its finding asks for the country first
        if hop.country != UNKNOWN and any(s.kind in NEEDS_TIA for s in hop.safeguards):
            grouped.setdefault(transfer_key(hop.importer, hop.country), []).append(hop)
    return dict(sorted(grouped.items()))


def _measures_for(register: Register, hops: Sequence[TransferHop]) -> list[MeasureJudgement]:
    """Step 4's starting point: the supplementary measures the register records on the data and the hops."""
    found: list[tuple[str, SecurityMeasure]] = []
    categories = {c.key: c for c in register.data_categories}
    processors = {p.key: p for p in register.processors}
    for hop in hops:
        for key in hop.data_categories:
            category = categories.get(key)
            found.extend((key, m) for m in (category.security_measures if category else []) if m.supplementary)
        importer = node_key(hop.importer)
        for safeguard in hop.safeguards:
            found.extend((importer, m) for m in safeguard.supplementary_measures)
        if importer in processors:
            found.extend((importer, m) for m in processors[importer].security_measures if m.supplementary)
    found.extend(("organisation", m) for m in register.organisation.security_measures if m.supplementary)
    unique: dict[tuple[str, str, str], MeasureJudgement] = {}
    for on, measure in found:
        judged = MeasureJudgement(on=on, kind=measure.kind, description=measure.description)
        unique.setdefault((on, measure.kind.value, str(measure.description or "")), judged)
    return list(unique.values())


def draft_tia(register: Register, hops: Sequence[TransferHop], transfer: str) -> Tia:
    """A draft TIA for one transfer ('hubspot@US'), pre-filled from the register: steps 1-2 and step 4's
    measures; the country assessment for the country when the register has one; nothing decided."""
    importer, _, country = transfer.partition("@")
    covered = [hop for hop in hops if node_key(hop.importer) == importer and hop.country == country]
    found = register.index().get(importer)
    name = display_name(found[1]) if found is not None else importer
    assessments = sorted((a for a in register.country_assessments if a.country == country), key=lambda a: a.assessed_on)
    return Tia(
        key=f"tia-{importer}-{country.lower()}".replace(".", "-"),
        name=f"TIA {local(name, register.organisation.language or 'en')} ({country})",
        transfers=[CoveredTransfer(importer=importer, country=country)],
        country_assessment=assessments[-1].key if assessments else None,
        measures=_measures_for(register, covered),
    )


def snapshot(tia: Tia, register: Register, hops: Sequence[TransferHop]) -> TiaFacts:
    """Steps 1-2's facts now, to keep in a TIA as it is decided."""
    return current_facts(tia, register, hops)


@dataclass(frozen=True)
class _Context:
    register: Register
    hops: list[TransferHop]
    lang: str

    def name_of(self, key: str) -> str:
        found = self.register.index().get(key)
        return local(display_name(found[1]), self.lang) if found else key


def build_document(
    tia: Tia,
    register: Register,
    hops: Sequence[TransferHop],
    guide: TiaGuide,
    lang: str,
    *,
    draft: bool = False,
    as_of: date | None = None,
) -> TiaDocument:
    """The TIA as a document along the guide's six steps, in ``lang``."""
    _ = translator(lang)
    covered = covered_hops(tia, hops)
    ctx = _Context(register, covered, lang)
    assessments = {a.key: a for a in register.country_assessments}
    assessment = assessments.get(tia.country_assessment or "")
    sections = [
        _step_one(tia, ctx, guide, _),
        _step_two(ctx, guide, _),
        _step_three(tia, ctx, guide, assessment, _),
        _step_four(tia, ctx, guide, _),
        _step_five(tia, guide, lang, _),
        _step_six(tia, guide, lang, _),
    ]
    meta = [
        _("Transfers covered: {transfers}").format(
            transfers=", ".join(f"{ctx.name_of(c.importer)} ({render(place(c.country), lang)})" for c in tia.transfers)
        ),
        _("Outcome: {outcome}").format(outcome=_outcome_words(tia, _)),
    ]
    if draft:
        meta.insert(
            0,
            _("Draft pre-filled from the register on {day}; not saved in the register.").format(
                day=as_of or date.today()
            ),
        )
    return TiaDocument(stem=tia.key, title=local(tia.name, lang), meta=meta, sections=sections)


_OUTCOMES = {
    "adequate": N_("adequate"),
    "adequate_with_measures": N_("adequate with supplementary measures"),
    "not_adequate": N_("not adequate: do not start or suspend the transfer"),
}


def _outcome_words(tia: Tia, _: Translate) -> str:
    if tia.outcome is None:
        return _(N_("not decided (draft)"))
    words = _(_OUTCOMES[tia.outcome.value])
    return _(N_("{outcome}, decided by {who} on {day}")).format(
        outcome=words, who=tia.decided_by or "", day=tia.decided_on
    )


def _heading(guide: TiaGuide, number: int, lang: str, _: Translate) -> tuple[str, str]:
    step = guide.step(number)
    return str(_(N_("Step {number}: {title}"))).format(number=number, title=local(step.title, lang)), step.reference


def _answers(tia: Tia, guide: TiaGuide, number: int, lang: str, _: Translate) -> list[TiaItem]:
    items = []
    for question in guide.step(number).questions:
        answer = tia.answer(question.id)
        text = local(answer.answer, lang) if answer is not None and answer.answer else str(_(NOT_ASSESSED))
        note = ""
        if answer is not None and (answer.sources or answer.answered_on):
            note = str(_(N_("Sources: {sources}; answered on {day}"))).format(
                sources="; ".join(answer.sources) or "-", day=answer.answered_on or "-"
            )
        items.append(TiaItem(local(question.text, lang), text, note))
    return items


def _step_one(tia: Tia, ctx: _Context, guide: TiaGuide, _: Translate) -> TiaSection:
    heading, reference = _heading(guide, 1, ctx.lang, _)
    activities = {a.key: a for a in ctx.register.activities}
    used = [activities[k] for hop in ctx.hops for k in hop.activities if k in activities]
    categories = sorted({ctx.name_of(k) for hop in ctx.hops for k in hop.data_categories})
    subjects = sorted({ctx.name_of(k) for a in used for k in a.data_subjects})
    purposes = sorted({local(p, ctx.lang) for a in used for p in a.purposes})
    facts = current_facts(tia, ctx.register, ctx.hops) if ctx.hops else TiaFacts()
    onward = [ctx.name_of(k) for k in facts.onward]
    countries = [render(place(c), ctx.lang) for c in facts.countries]
    none = str(_(N_("none recorded")))
    items = [
        TiaItem(str(_(N_("Data categories"))), ", ".join(categories) or none),
        TiaItem(str(_(N_("Data subjects"))), ", ".join(subjects) or none),
        TiaItem(str(_(N_("Purposes"))), "; ".join(purposes) or none),
        TiaItem(
            str(_(N_("Format and frequency"))), local(tia.format, ctx.lang) if tia.format else str(_(NOT_ASSESSED))
        ),
        TiaItem(str(_(N_("Onward transfers (sub-processors)"))), ", ".join(onward) or none),
        TiaItem(str(_(N_("Countries the data reaches"))), ", ".join(countries) or none),
    ]
    return TiaSection(heading, reference, items)


def _step_two(ctx: _Context, guide: TiaGuide, _: Translate) -> TiaSection:
    heading, reference = _heading(guide, 2, ctx.lang, _)
    items = []
    for hop in ctx.hops:
        tools = []
        for s in hop.safeguards:
            parts = [safeguard_label(s, Lang(ctx.lang))]  # the records' words for the tool, decision, module
            parts.append(
                str(_(N_("signed on {day}"))).format(day=s.signed_on)
                if s.signed_on
                else str(_(N_("signing date not recorded")))
            )
            tools.append(", ".join(parts))
        label = str(_(N_("{exporter} to {importer}"))).format(
            exporter=local(hop.exporter_name, ctx.lang), importer=local(hop.importer_name, ctx.lang)
        )
        items.append(
            TiaItem(label, "; ".join(tools) or str(_(N_("none recorded"))), render(hop.mechanism or "", ctx.lang))
        )
    if not items:
        items.append(TiaItem(str(_(N_("Transfer tool"))), str(_(NOT_ASSESSED))))
    return TiaSection(heading, reference, items)


def _step_three(
    tia: Tia, ctx: _Context, guide: TiaGuide, assessment: CountryAssessment | None, _: Translate
) -> TiaSection:
    heading, reference = _heading(guide, 3, ctx.lang, _)
    items: list[TiaItem] = []
    if assessment is not None:
        label = str(_(N_("Country assessment {name} ({day})"))).format(
            name=local(assessment.name, ctx.lang), day=assessment.assessed_on
        )
        for title, value in (
            (N_("Law and practice"), assessment.law_and_practice),
            (N_("Public-authority access"), assessment.public_authority_access),
            (N_("Redress"), assessment.redress),
        ):
            text = local(value, ctx.lang) if value else str(_(NOT_ASSESSED))
            items.append(TiaItem(f"{label}: {_(title)}", text, "; ".join(assessment.sources)))
    else:
        items.append(TiaItem(str(_(N_("Country assessment"))), str(_(NOT_ASSESSED))))
    for country in sorted({c.country for c in tia.transfers}):
        cited = guide.country(country)
        if cited is not None:
            items.append(TiaItem(str(_(N_("A source the DPO may cite"))), cited.reference, local(cited.note, ctx.lang)))
    items.extend(_answers(tia, guide, 3, ctx.lang, _))
    return TiaSection(heading, reference, items)


def _step_four(tia: Tia, ctx: _Context, guide: TiaGuide, _: Translate) -> TiaSection:
    heading, reference = _heading(guide, 4, ctx.lang, _)
    items = []
    for measure in tia.measures:
        judged = (
            str(_(NOT_ASSESSED))
            if measure.effective is None
            else str(_(N_("effective") if measure.effective else N_("not effective")))
        )
        where = ctx.name_of(measure.on) if measure.on not in ("organisation", "tia") else measure.on
        what = f"{measure.kind.value}" + (f": {local(measure.description, ctx.lang)}" if measure.description else "")
        items.append(TiaItem(f"{what} ({where})", judged, local(measure.note, ctx.lang) if measure.note else ""))
    items.extend(_answers(tia, guide, 4, ctx.lang, _))
    return TiaSection(heading, reference, items)


def _step_five(tia: Tia, guide: TiaGuide, lang: str, _: Translate) -> TiaSection:
    heading, reference = _heading(guide, 5, lang, _)
    items = [
        TiaItem(
            local(step.description, lang),
            str(_(N_("done on {day}"))).format(day=step.done_on) if step.done_on else str(_(N_("open"))),
        )
        for step in tia.procedural_steps
    ]
    items.extend(_answers(tia, guide, 5, lang, _))
    return TiaSection(heading, reference, items)


def _step_six(tia: Tia, guide: TiaGuide, lang: str, _: Translate) -> TiaSection:
    heading, reference = _heading(guide, 6, lang, _)
    items = [
        TiaItem(str(_(N_("Review date"))), str(tia.review_on) if tia.review_on else str(_(NOT_ASSESSED))),
        TiaItem(
            str(_(N_("Review triggers"))),
            "; ".join(local(t, lang) for t in tia.review_triggers) or str(_(NOT_ASSESSED)),
        ),
    ]
    items.extend(_answers(tia, guide, 6, lang, _))
    return TiaSection(heading, reference, items)


# --- Writers ------------------------------------------------------------------------------------------


def render_tia_markdown(doc: TiaDocument) -> bytes:
    lines = [f"# {md_text(doc.title)}", ""]
    lines += [f"{md_text(line)}  " for line in doc.meta] + [""]
    for section in doc.sections:
        lines += [f"## {md_text(section.heading)}", "", f"*{md_text(section.reference)}*", ""]
        for item in section.items:
            lines.append(f"- **{md_text(item.label)}**: {md_text(item.text)}")
            if item.note:
                lines.append(f"  ({md_text(item.note)})")
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def render_tia_html(doc: TiaDocument, lang: str = "en") -> bytes:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{h(lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        f"<title>{h(doc.title)}</title></head><body>",
        f"<h1>{h(doc.title)}</h1>",
        *(f'<p class="meta">{h(line)}</p>' for line in doc.meta),
    ]
    for section in doc.sections:
        parts += [f"<h2>{h(section.heading)}</h2>", f"<p><em>{h(section.reference)}</em></p>", "<dl>"]
        for item in section.items:
            note = f"<br><small>{h(item.note)}</small>" if item.note else ""
            parts.append(f"<dt>{h(item.label)}</dt><dd>{h(item.text)}{note}</dd>")
        parts.append("</dl>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def render_tia_docx(doc: TiaDocument) -> bytes:
    from docx import Document  # imported here: only DOCX exports pay for loading it

    out = Document()
    out.add_heading(_docx_text(doc.title), level=0)
    for line in doc.meta:
        out.add_paragraph(_docx_text(line))
    for section in doc.sections:
        out.add_heading(_docx_text(section.heading), level=1)
        out.add_paragraph(_docx_text(section.reference)).runs[0].italic = True
        for item in section.items:
            paragraph = out.add_paragraph(style="List Bullet")
            paragraph.add_run(_docx_text(item.label) + ": ").bold = True
            paragraph.add_run(_docx_text(item.text))
            if item.note:
                out.add_paragraph(_docx_text(item.note))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _docx_text(text: str) -> str:
    """Text Word accepts: XML forbids most control characters (python-docx would refuse them)."""
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 0x20)
