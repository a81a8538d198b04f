"""Transfer impact assessments: per transfer, the EDPB's six steps as a guided form (steps 1-2 read from the
register, read-only), the country assessment beside it, a save previewed through the import plan
(before -> after, findings delta), and the document to download. Auditors read it only."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from pydantic import ValidationError

from catalog.app import tia as tias
from catalog.app.history import context
from catalog.app.language import N_, error_message, local, render
from catalog.errors import CatalogError
from ui import session
from ui.components.text import md, md_error
from ui.views.common import page_snapshot

NOT_JUDGED, EFFECTIVE, NOT_EFFECTIVE = N_("not judged"), N_("effective"), N_("not effective")
DRAFT = "draft"

lang = session.language()
_ = session.ui_translator()
snap = page_snapshot()
st.title(_("Transfer impact assessments"))
st.caption(
    _("EDPB Recommendations 01/2020: six steps per transfer that rests on an Art. 46 tool · as of {date}").format(
        date=snap.as_of.isoformat()
    )
)

rows = tias.tia_overview(snap.register, snap.as_of, snap.report)
if not rows:
    st.info(_("No transfer rests on a tool that needs a transfer impact assessment."))
    st.stop()
st.dataframe(
    [
        {
            _("transfer"): f"{local(row.importer_name, lang)} ({row.country})",
            _("TIA"): row.tia.key if row.tia else "",
            _("standing"): _(tias.STANDING_WORDS[row.standing]),
            _("why"): "; ".join(tias.render(reason, lang) for reason in row.reasons),
        }
        for row in rows
    ],
    hide_index=True,
    key="tia_rows",
)
by_transfer = {row.transfer: row for row in rows}
chosen = st.selectbox(
    _("Transfer"),
    list(by_transfer),
    format_func=lambda key: f"{local(by_transfer[key].importer_name, lang)} ({by_transfer[key].country})",
    key="tia_transfer",
)
row = by_transfer[chosen]
is_draft = row.tia is None
tia = row.tia or tias.draft_from(snap.register, snap.report, row.transfer)
document = tias.document_for(tia, snap.register, snap.report, lang, draft=is_draft, as_of=snap.as_of)
guide = tias.load_tia_guide()
writable = snap.can_write
if is_draft:
    st.info(_("No TIA is recorded for this transfer: the form starts from a draft pre-filled from the register."))
if not writable:
    st.caption(_("Read-only: only the DPO edits transfer impact assessments."))

steps, beside = st.columns([2, 1])
with beside:
    st.subheader(_("Country assessment"))
    assessments = {a.key: a for a in snap.register.country_assessments}
    assessment = assessments.get(tia.country_assessment or "")
    if assessment is None:
        st.markdown(_("No country assessment is recorded for {country}.").format(country=row.country))
    else:
        st.markdown(f"**{md(local(assessment.name, lang))}** ({assessment.assessed_on.isoformat()})")
        for label, value in (
            (_("Law and practice"), assessment.law_and_practice),
            (_("Public-authority access"), assessment.public_authority_access),
            (_("Redress"), assessment.redress),
        ):
            st.markdown(f"*{label}*: " + (md(local(value, lang)) if value else _("not assessed")))
        if assessment.sources:
            st.caption(md("; ".join(assessment.sources)))
    cited = guide.country(row.country)
    if cited is not None:
        st.markdown("*" + _("A source the DPO may cite") + "*: " + md(cited.reference))
        st.caption(md(local(cited.note, lang)))

with steps:
    for section in document.sections[:2]:  # steps 1-2: the register's own facts, edited in the register
        st.subheader(section.heading)
        st.caption(md(section.reference))
        for item in section.items:
            st.markdown(f"**{md(item.label)}**: {md(item.text)}")
    importer_kind = next((kind for kind, entity in snap.register.all_entities() if entity.key == row.importer), None)
    if importer_kind is not None:
        st.page_link(
            "views/register.py",
            label=_("Open {name} in the register").format(name=md(local(row.importer_name, lang))),
            query_params={"kind": importer_kind.value, "key": row.importer},
        )

    previewed = False
    if not writable:  # an auditor reads steps 3-6 as the document shows them: no inputs
        for section in document.sections[2:]:
            st.subheader(section.heading)
            st.caption(md(section.reference))
            for item in section.items:
                st.markdown(f"**{md(item.label)}**: {md(item.text)}" + (f"  \n*{md(item.note)}*" if item.note else ""))
        st.markdown("**" + _("Outcome") + "**: " + md(document.meta[-1]))
    else:
        with st.form("tia_form"):
            answers: dict[str, tuple[str, str]] = {}
            judged: list[str] = []
            for number in (3, 4, 5, 6):
                step = guide.step(number)
                st.subheader(document.sections[number - 1].heading)
                st.caption(md(step.reference))
                if number == 4:
                    for index, measure in enumerate(tia.measures):
                        current = (
                            NOT_JUDGED
                            if measure.effective is None
                            else EFFECTIVE
                            if measure.effective
                            else NOT_EFFECTIVE
                        )
                        what = measure.kind.value + (
                            f": {local(measure.description, lang)}" if measure.description else ""
                        )
                        judged.append(
                            st.selectbox(
                                md(what),
                                [NOT_JUDGED, EFFECTIVE, NOT_EFFECTIVE],
                                index=[NOT_JUDGED, EFFECTIVE, NOT_EFFECTIVE].index(current),
                                format_func=_,
                                key=f"tia_measure_{index}",
                            )
                        )
                for question in step.questions:
                    found = tia.answer(question.id)
                    text = st.text_area(
                        md(local(question.text, lang)),
                        value=local(found.answer, lang) if found and found.answer else "",
                        key=f"tia_{question.id}",
                    )
                    sources = st.text_input(
                        _("Sources (separated by ;)"),
                        value="; ".join(found.sources) if found else "",
                        key=f"tia_{question.id}_sources",
                    )
                    answers[question.id] = (text, sources)
                if number == 5:
                    procedural = st.text_area(
                        _("Procedural steps, one per line"),
                        value="\n".join(local(p.description, lang) for p in tia.procedural_steps),
                        key="tia_procedural",
                    )
                if number == 6:
                    review_on = st.date_input(_("Review date"), value=tia.review_on, key="tia_review_on")
                    triggers = st.text_area(
                        _("Review triggers, one per line"),
                        value="\n".join(local(t, lang) for t in tia.review_triggers),
                        key="tia_triggers",
                    )
            st.subheader(_("Outcome"))
            outcomes = [DRAFT, "adequate", "adequate_with_measures", "not_adequate"]
            outcome_words = {
                DRAFT: _("not decided (draft)"),
                "adequate": _("adequate"),
                "adequate_with_measures": _("adequate with supplementary measures"),
                "not_adequate": _("not adequate: do not start or suspend the transfer"),
            }
            outcome = st.selectbox(
                _("Outcome"),
                outcomes,
                index=outcomes.index(tia.outcome.value if tia.outcome else DRAFT),
                format_func=outcome_words.__getitem__,
                key="tia_outcome",
            )
            decided_by = st.text_input(
                _("Decided by"),
                value=tia.decided_by or (session.actor() or ""),
                key="tia_decided_by",
            )
            previewed = st.form_submit_button(_("Preview the change"))


def _edited() -> tias.Tia:
    """The TIA as the form holds it now."""
    today = snap.as_of
    body: dict[str, Any] = tia.model_dump()
    kept = {a.question: a for a in tia.answers}
    body["answers"] = []
    for question, (text, sources) in answers.items():
        listed = [s.strip() for s in sources.split(";") if s.strip()]
        before = kept.get(question)
        if not text.strip() and not listed:
            continue
        same = before is not None and local(before.answer or "", lang) == text.strip() and before.sources == listed
        answered_on = before.answered_on if same and before is not None else today
        body["answers"].append(
            {"question": question, "answer": text.strip() or None, "sources": listed, "answered_on": answered_on}
        )
    for measure, value in zip(body["measures"], judged, strict=True):
        measure["effective"] = None if value == NOT_JUDGED else value == EFFECTIVE
    body["procedural_steps"] = [{"description": line.strip()} for line in procedural.splitlines() if line.strip()]
    body["review_on"] = review_on if isinstance(review_on, date) else None
    body["review_triggers"] = [line.strip() for line in triggers.splitlines() if line.strip()]
    if outcome == DRAFT:
        body.update(outcome=None, decided_by=None, decided_on=None, facts=None)
    else:
        changed = tia.outcome is None or tia.outcome.value != outcome
        body.update(
            outcome=outcome, decided_by=decided_by.strip() or None, decided_on=today if changed else tia.decided_on
        )
    return tias.Tia.model_validate(body)


if previewed and writable:
    try:
        plan = tias.plan_tia_save(snap.store, [_edited()], as_of=snap.as_of, source=_("TIA page"))
    except ValidationError as error:  # the form's values break a rule of the TIA: say which, plainly
        st.error(md("; ".join(render(error_message(problem), lang) for problem in error.errors())))
    except CatalogError as error:
        st.error(md_error(error, lang))
    else:
        session.put("tia_preview", (snap.revision, chosen, plan))

held = session.get("tia_preview")
if writable and held is not None and held[0] == snap.revision and held[1] == chosen:
    plan = held[2]
    st.subheader(_("Preview"))
    if not plan.changes:
        st.success(_("Nothing would change."))
    else:
        st.dataframe(
            [
                {
                    _("name"): local(c.name, lang),
                    _("change"): _(c.action.value),
                    _("field"): f.field if f else "",
                    _("before"): str(f.before) if f else "",
                    _("after"): str(f.after) if f else "",
                }
                for c in plan.changes
                for f in (c.fields or (None,))
            ],
            hide_index=True,
            key="tia_changes",
        )
        st.markdown(
            _("Findings: {added} added, {removed} removed.").format(
                added=len(plan.findings_added), removed=len(plan.findings_removed)
            )
        )
        if st.button(_("Save"), type="primary", key="tia_save"):
            if snap.store.revision() != snap.revision:
                st.error(_("The register changed since this preview was made; nothing was written. Preview again."))
            else:
                try:
                    tias.save_planned(snap.store, plan, context("tia", session.actor(), "UI TIA page"))
                except CatalogError as error:
                    st.error(md_error(error, lang))
                else:
                    session.pop("tia_preview")
                    st.success(_("Saved the transfer impact assessment {key}.").format(key=tia.key))

st.subheader(_("Document"))
left, right = st.columns(2)
left.download_button(
    _("Download (Markdown)"),
    tias.document_bytes(document, "md", lang),
    file_name=f"{document.stem}.md",
    mime="text/markdown",
    key="tia_download_md",
)
right.download_button(
    _("Download (Word)"),
    tias.document_bytes(document, "docx", lang),
    file_name=f"{document.stem}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="tia_download_docx",
)
