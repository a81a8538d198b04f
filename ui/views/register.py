"""Register: every entity of a kind in one table (every processor first: category, countries, transfer status,
agreement, certification, open findings, last review), filtered, sorted, downloaded; a row opens its entity,
several rows take one field at once (previewed through the import plan). The DPO edits through forms built from
the models. ``?kind=processors&status=not_valid`` opens a table filtered (the overview's counts link there).

Deep links (``?kind=processors&key=crm-provider&field=safeguards.0&finding=<id>``) open an entity's
form at the field that fixes a finding, with the rule's hint; after saving, the page says whether
the finding is gone. Auditors see each entity as a readable table of its fields.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from catalog.app import register as register_app
from catalog.app.history import context
from catalog.app.language import local, render
from catalog.app.review import RULES, rule_title
from catalog.app.stores import RegisterStore
from catalog.domain.models import Organisation
from catalog.domain.register import EntityKind, display_name
from catalog.errors import CatalogError, RegisterValidationError
from catalog.reference import ReferenceData
from ui import session, snapshots
from ui.components.forms import FormContext, apply_structural, named, render_model
from ui.components.readable import readable_rows
from ui.components.roles import Role
from ui.components.text import md
from ui.components.words import KIND_PLURALS, kind_singular, title_lang
from ui.views.common import page_snapshot
from ui.views.vendor_table import bulk_edit, entity_table, rows_for

NEW = "__new__"
ORGANISATION = "organisation"
ERRORS = "register_errors"
NOTICE = "register_notice"
FOCUS = "register_focus"
CHECK = "register_check_finding"

lang = session.language()
_ = session.ui_translator()


def blank_organisation_form(store: RegisterStore, role: Role, reference: ReferenceData) -> None:
    """The first form of a blank register: the controller's details."""
    if not role.can_write:
        st.info(_("The register is empty."))
        return
    st.subheader(_("Your organisation (the controller)"))
    st.caption(_("Saving it starts the register; processors, systems and activities come next."))
    prefix = "register_organisation___new__"
    errors = session.get(ERRORS, {}).get(prefix, {})
    ctx = FormContext(prefix, None, reference, errors=errors, widgets=session, lang=lang)
    data = render_model(ctx, Organisation, session.setdefault(f"{prefix}__draft", {}))
    if (changed := apply_structural(ctx, data)) is not None:
        session.put(f"{prefix}__draft", changed)
        st.rerun()
    for where, messages in errors.items():
        if where not in ctx.shown:
            for message in messages:
                st.error(md(message))
    if st.button(_("Save"), type="primary", key=f"{prefix}__save"):
        try:
            organisation = register_app.validate_organisation(data)
            register_app.save_organisation(store, organisation, None, context("create", actor=session.actor()))
        except RegisterValidationError as error:
            session.setdefault(ERRORS, {})[prefix] = _placed(error)
        except CatalogError as error:
            session.setdefault(ERRORS, {})[prefix] = {"": [_("Not saved: {error}").format(error=render(error, lang))]}
        else:
            session.get(ERRORS, {}).pop(prefix, None)
            session.forget_prefixed(prefix + ":")
            session.pop(f"{prefix}__draft", None)
            session.put(
                NOTICE,
                _("Saved the organisation {name}. Add processors, systems next.").format(
                    name=local(organisation.name, lang)
                ),
            )
        st.rerun()


def _placed(error: RegisterValidationError) -> dict[str, list[str]]:
    """Problems by the field path they concern ("" for the record as a whole)."""
    placed: dict[str, list[str]] = {}
    for problem in error.problems:
        placed.setdefault(problem.field or "", []).append(render(problem.message, lang))
    return placed


role = session.role()
if snapshots.get_store(role).is_empty():
    # a blank register starts with the organisation (the controller); everything else needs it
    st.title(_("Register"))
    blank_organisation_form(snapshots.get_store(role), role, snapshots.reference())
    st.stop()
snap = page_snapshot()
st.title(_("Register"))
writable = snap.can_write
if not snap.role.can_write:
    st.info(_("Read-only (auditor): the register can be inspected but not changed."))
if notice := session.pop(NOTICE, None):
    st.success(md(notice))
if (checked := session.pop(CHECK, None)) is not None:
    finding_id, rule = checked
    still = next((f for f in snap.report.findings if f.id == finding_id), None)
    if still is None:
        st.success(md(_("The finding “{title}” is gone.").format(title=rule_title(rule, title_lang(lang)))))
    else:
        st.warning(
            md(
                _("The finding “{title}” is still open: {message}").format(
                    title=rule_title(rule, title_lang(lang)), message=still.message
                )
            )
        )

KINDS = [ORGANISATION, *[k.value for k in EntityKind]]
KIND_LABELS = {ORGANISATION: _("Organisation (the controller)")} | {k.value: _(KIND_PLURALS[k]) for k in EntityKind}


def _open(kind: str, key: str) -> None:
    """Select an entity; only before its selectboxes are drawn in this run."""
    session.put("register_kind", kind)
    session.put(f"register_entity_{kind}", key)


# a deep link is applied once; after that the reader's own choices win
params = {name: st.query_params.get(name) for name in ("kind", "key", "field", "finding")}
signature = tuple(params.values())
if params["kind"] in KINDS and session.get("register_link") != signature:
    session.put("register_link", signature)
    if params["key"]:
        _open(str(params["kind"]), str(params["key"]))
    else:  # a link to a kind (the overview's counts) opens its table
        session.put("register_kind", str(params["kind"]))
    session.put(FOCUS, params)

if not session.holds("register_kind"):
    session.put("register_kind", EntityKind.PROCESSOR.value)  # the first view: every processor in one table
kind_name = st.selectbox(_("Kind"), KINDS, format_func=KIND_LABELS.__getitem__, key="register_kind")
if kind_name != ORGANISATION:
    table_kind = EntityKind(kind_name)
    picked = entity_table(snap, table_kind, lang)
    if picked.open_key is not None:
        # before the entity's selectbox is drawn below
        session.put(f"register_entity_{kind_name}", picked.open_key)
    if len(picked.selected) > 1 and writable:
        bulk_edit(snap, table_kind, picked.selected, lang)
model: type[BaseModel]
current: dict[str, Any] | None
if kind_name == ORGANISATION:
    stored_org = snap.store.get_organisation()
    key: str | None = ORGANISATION if stored_org is not None else None
    stored: Any = snap.register.organisation if key else None
    model, current, title = Organisation, (register_app.form_values(stored, lang) if key else None), ""
    if key is None and not writable:
        st.info(_("No organisation is recorded."))
        st.stop()
    title = local(snap.register.organisation.name, lang) if key else _("New organisation")
    kind: EntityKind | None = None
else:
    kind = EntityKind(kind_name)
    model = kind.model
    entities = {e.key: e for e in snap.register.entities(kind)}
    if (pending := session.pop("register_select_next", None)) in entities:
        # a widget's value can only be set before it is drawn: the saved entity is selected on the next run
        session.put(f"register_entity_{kind.value}", pending)
    options = sorted(entities, key=lambda k: display_name(entities[k]).lower()) + ([NEW] if writable else [])
    choice = st.selectbox(
        _("Entity"),
        options,
        format_func=lambda k: _("+ New …") if k == NEW else named(local(display_name(entities[k]), lang), k),
        key=f"register_entity_{kind.value}",
    )
    if choice is None:
        st.info(_("Nothing of this kind yet."))
        st.stop()
    key = None if choice == NEW else choice
    stored = entities[choice] if key else None
    # the form edits register text in the reader's language; saving keeps the entity's other languages
    current = register_app.form_values(stored, lang) if key else None
    title = local(display_name(entities[choice]), lang) if key else _("New {kind}").format(kind=kind_singular(kind, _))

st.subheader(md(title))
if key and kind is not None:
    st.caption(_("{kind} · key {key}").format(kind=kind_singular(kind, _).capitalize(), key=key))
if key and kind == EntityKind.PROCESSOR and not any(r.receives_data for r in rows_for(snap, kind) if r.key == key):
    st.info(
        _(
            "No system or activity uses it: no transfer is evaluated. Name it as the operator of a system an "
            "activity uses, or as a sub-processor of a processor that receives data, for its transfers to be checked."
        )
    )

if not writable:
    # auditor mode: the entity as a readable table of its fields, never raw JSON
    st.dataframe(
        pd.DataFrame(readable_rows(model, current or {}, snap.register, snap.reference, lang=lang)),
        hide_index=True,
        width="stretch",
        placeholder="",  # a field not set reads blank, not "None"
        column_config={
            "field": st.column_config.TextColumn(_("Field")),
            "value": st.column_config.TextColumn(_("Value")),
        },
    )
    st.stop()

prefix = f"register_{kind_name}_{key or NEW}"
version_key, draft_key = f"{prefix}__version", f"{prefix}__draft"
if key is not None and not session.holds(version_key):
    # the version the form was opened at: saving checks it, so a concurrent edit is never overwritten
    versioned: Any = snap.store.get_organisation() if kind is None else snap.store.get_entity(kind, key)
    session.put(version_key, versioned.version if versioned else None)
draft: dict[str, Any] = session.setdefault(draft_key, dict(current or {}))

focus = session.get(FOCUS) or {}
focused = focus.get("kind") == kind_name and focus.get("key") == key
finding = next((f for f in snap.report.findings if f.id == focus.get("finding")), None) if focused else None
hint = None
if finding is not None:
    rule = RULES[finding.rule]
    hint = f"{rule_title(finding.rule, title_lang(lang))} — {rule.remediation}"

errors: dict[str, list[str]] = session.get(ERRORS, {}).get(prefix, {})
top = st.container()
ctx = FormContext(
    prefix,
    snap.register,
    snap.reference,
    errors=errors,
    editing=key is not None,
    focus=str(focus.get("field") or "") if focused else None,
    hint=hint,
    widgets=session,
    lang=lang,
)
if finding is not None and not ctx.focus:
    st.info(md(hint))
data = render_model(ctx, model, draft)
if (changed := apply_structural(ctx, data)) is not None:
    session.put(draft_key, changed)
    st.rerun()
with top:
    for where, messages in errors.items():
        if where not in ctx.shown:
            for message in messages:
                st.error(md(message))

if st.button(_("Save"), type="primary", key=f"{prefix}__save"):
    if key is not None and kind is not None:
        data["key"] = key
    data = register_app.keep_other_languages(data, stored, lang)
    try:
        if kind is None:
            organisation = register_app.validate_organisation(data)
            version = register_app.save_organisation(
                snap.store, organisation, session.get(version_key), context("edit", actor=session.actor())
            )
            saved_name, saved_key = organisation.name, ORGANISATION
        else:
            entity = register_app.validate_entity(kind, data)
            version = register_app.save_entity(
                snap.store,
                entity,
                session.get(version_key) if key else None,
                context("edit" if key else "create", actor=session.actor()),
            )
            saved_name, saved_key = display_name(entity), entity.key
    except RegisterValidationError as error:
        session.setdefault(ERRORS, {})[prefix] = _placed(error)
    except CatalogError as error:
        session.setdefault(ERRORS, {})[prefix] = {"": [_("Not saved: {error}").format(error=render(error, lang))]}
    else:
        session.get(ERRORS, {}).pop(prefix, None)
        what = _("the organisation") if kind is None else f"{kind_singular(kind, _)} {local(saved_name, lang)}"
        session.put(NOTICE, _("Saved {what} (version {version}).").format(what=what, version=version))
        if finding is not None:
            session.put(CHECK, (finding.id, finding.rule))
        session.forget_prefixed(prefix + ":")
        session.forget_prefixed(f"register_{kind_name}_")
        session.put("register_select_next", saved_key)
    st.rerun()

if key is not None and kind is not None:
    with st.expander(_("Delete or reload")):
        if st.button(_("Reload from the store (discard my changes)"), key=f"{prefix}__reload"):
            session.forget_prefixed(prefix)
            session.get(ERRORS, {}).pop(prefix, None)
            st.rerun()
        confirm = st.checkbox(
            _("Yes, delete {kind} {name}").format(kind=kind_singular(kind, _), name=md(title)), key=f"{prefix}__confirm"
        )
        if st.button(_("Delete"), key=f"{prefix}__delete", disabled=not confirm):
            try:
                register_app.delete_entity(
                    snap.store, kind, key, session.get(version_key), context("delete", actor=session.actor())
                )
            except CatalogError as error:
                session.setdefault(ERRORS, {})[prefix] = {
                    "": [_("Not deleted: {error}").format(error=render(error, lang))]
                }
            else:
                session.put(
                    NOTICE, _("Deleted {kind} {name} ({key}).").format(kind=kind_singular(kind, _), name=title, key=key)
                )
                session.forget_prefixed(f"register_{kind.value}_")
            st.rerun()
