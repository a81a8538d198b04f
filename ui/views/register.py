"""Register: search and browse every entity by name; the DPO edits through forms built from the models.

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
from ui.components.search import search_register
from ui.components.text import md
from ui.views.common import page_snapshot

NEW = "__new__"
ORGANISATION = "organisation"
ERRORS = "register_errors"
NOTICE = "register_notice"
FOCUS = "register_focus"
CHECK = "register_check_finding"


def blank_organisation_form(store: RegisterStore, role: Role, reference: ReferenceData) -> None:
    """The first form of a blank register: the controller's details."""
    if not role.can_write:
        st.info("The register is empty.")
        return
    st.subheader("Your organisation (the controller)")
    st.caption("Saving it starts the register; processors, systems and activities come next.")
    prefix = "register_organisation___new__"
    errors = session.get(ERRORS, {}).get(prefix, {})
    ctx = FormContext(prefix, None, reference, errors=errors, widgets=session)
    data = render_model(ctx, Organisation, session.setdefault(f"{prefix}__draft", {}))
    if (changed := apply_structural(ctx, data)) is not None:
        session.put(f"{prefix}__draft", changed)
        st.rerun()
    for where, messages in errors.items():
        if where not in ctx.shown:
            for message in messages:
                st.error(md(message))
    if st.button("Save", type="primary", key=f"{prefix}__save"):
        try:
            organisation = register_app.validate_organisation(data)
            register_app.save_organisation(store, organisation, None, context("create", actor=session.actor()))
        except RegisterValidationError as error:
            session.setdefault(ERRORS, {})[prefix] = _placed(error)
        except CatalogError as error:
            session.setdefault(ERRORS, {})[prefix] = {"": [f"Not saved: {error}"]}
        else:
            session.get(ERRORS, {}).pop(prefix, None)
            session.forget_prefixed(prefix + ":")
            session.pop(f"{prefix}__draft", None)
            session.put(NOTICE, f"Saved the organisation {organisation.name}. Add processors, systems next.")
        st.rerun()


def _placed(error: RegisterValidationError) -> dict[str, list[str]]:
    """Problems by the field path they concern ("" for the record as a whole)."""
    placed: dict[str, list[str]] = {}
    for problem in error.problems:
        placed.setdefault(problem.field or "", []).append(problem.message)
    return placed


role = session.role()
if snapshots.get_store(role).is_empty():
    # a blank register starts with the organisation (the controller); everything else needs it
    st.title("Register")
    blank_organisation_form(snapshots.get_store(role), role, snapshots.reference())
    st.stop()
snap = page_snapshot()
st.title("Register")
writable = snap.can_write
if not snap.role.can_write:
    st.info("Read-only (auditor): the register can be inspected but not changed.")
if notice := session.pop(NOTICE, None):
    st.success(md(notice))
if (checked := session.pop(CHECK, None)) is not None:
    finding_id, rule = checked
    still = next((f for f in snap.report.findings if f.id == finding_id), None)
    if still is None:
        st.success(md(f"The finding “{rule_title(rule)}” is gone."))
    else:
        st.warning(md(f"The finding “{rule_title(rule)}” is still open: {still.message}"))

KINDS = [ORGANISATION, *[k.value for k in EntityKind]]
KIND_LABELS = {ORGANISATION: "Organisation (the controller)"} | {
    k.value: k.value.replace("_", " ").capitalize() for k in EntityKind
}


def _open(kind: str, key: str) -> None:
    """Select an entity; only before its selectboxes are drawn in this run."""
    session.put("register_kind", kind)
    session.put(f"register_entity_{kind}", key)


# a deep link is applied once; after that the reader's own choices win
params = {name: st.query_params.get(name) for name in ("kind", "key", "field", "finding")}
signature = tuple(params.values())
if params["kind"] in KINDS and session.get("register_link") != signature:
    session.put("register_link", signature)
    _open(str(params["kind"]), str(params["key"] or NEW))
    session.put(FOCUS, params)

search = st.text_input(
    "Search", key="register_search", placeholder="A name, key, legal name or country (e.g. United States or US)"
)
if search:
    hits = search_register(snap.register, search)
    if not hits:
        st.caption("Nothing matches.")
    else:
        table = st.dataframe(
            pd.DataFrame(
                [{"name": h.name, "kind": h.kind.singular.replace("_", " "), "matched": h.matched} for h in hits]
            ),
            key="register_search_results",
            hide_index=True,
            on_select="rerun",
            selection_mode="single-row",
        )
        st.caption(f"{len(hits)} found. Select a row to open it.")
        rows = table.selection.rows if table is not None else []
        if rows and session.get("register_search_opened") != (search, rows[0]):
            session.put("register_search_opened", (search, rows[0]))
            _open(hits[rows[0]].kind.value, hits[rows[0]].key)

# The language the form edits register text in; the entity's other languages are kept on save.
FORM_LANG = "en"

kind_name = st.selectbox("Kind", KINDS, format_func=KIND_LABELS.__getitem__, key="register_kind")
model: type[BaseModel]
current: dict[str, Any] | None
if kind_name == ORGANISATION:
    stored_org = snap.store.get_organisation()
    key: str | None = ORGANISATION if stored_org is not None else None
    stored: Any = snap.register.organisation if key else None
    model, current, title = Organisation, (register_app.form_values(stored, FORM_LANG) if key else None), ""
    if key is None and not writable:
        st.info("No organisation is recorded.")
        st.stop()
    title = snap.register.organisation.name if key else "New organisation"
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
        "Entity",
        options,
        format_func=lambda k: "+ New …" if k == NEW else named(display_name(entities[k]), k),
        key=f"register_entity_{kind.value}",
    )
    if choice is None:
        st.info("Nothing of this kind yet.")
        st.stop()
    key = None if choice == NEW else choice
    stored = entities[choice] if key else None
    current = register_app.form_values(stored, FORM_LANG) if key else None
    title = display_name(entities[choice]) if key else f"New {kind.singular.replace('_', ' ')}"

st.subheader(md(title))
if key and kind is not None:
    st.caption(f"{kind.singular.replace('_', ' ').capitalize()} · key {key}")

if not writable:
    # auditor mode: the entity as a readable table of its fields, never raw JSON
    st.dataframe(
        pd.DataFrame(readable_rows(model, current or {}, snap.register, snap.reference)),
        hide_index=True,
        width="stretch",
        placeholder="",  # a field not set reads blank, not "None"
        column_config={"field": st.column_config.TextColumn("Field"), "value": st.column_config.TextColumn("Value")},
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
    hint = f"{rule_title(finding.rule)} — {rule.remediation}"

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

if st.button("Save", type="primary", key=f"{prefix}__save"):
    if key is not None and kind is not None:
        data["key"] = key
    data = register_app.keep_other_languages(data, stored, FORM_LANG)
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
        session.setdefault(ERRORS, {})[prefix] = {"": [f"Not saved: {error}"]}
    else:
        session.get(ERRORS, {}).pop(prefix, None)
        what = "the organisation" if kind is None else f"{kind.singular.replace('_', ' ')} {saved_name}"
        session.put(NOTICE, f"Saved {what} (version {version}).")
        if finding is not None:
            session.put(CHECK, (finding.id, finding.rule))
        session.forget_prefixed(prefix + ":")
        session.forget_prefixed(f"register_{kind_name}_")
        session.put("register_select_next", saved_key)
    st.rerun()

if key is not None and kind is not None:
    with st.expander("Delete or reload"):
        if st.button("Reload from the store (discard my changes)", key=f"{prefix}__reload"):
            session.forget_prefixed(prefix)
            session.get(ERRORS, {}).pop(prefix, None)
            st.rerun()
        confirm = st.checkbox(f"Yes, delete {kind.singular.replace('_', ' ')} {md(title)}", key=f"{prefix}__confirm")
        if st.button("Delete", key=f"{prefix}__delete", disabled=not confirm):
            try:
                register_app.delete_entity(
                    snap.store, kind, key, session.get(version_key), context("delete", actor=session.actor())
                )
            except CatalogError as error:
                session.setdefault(ERRORS, {})[prefix] = {"": [f"Not deleted: {error}"]}
            else:
                session.put(NOTICE, f"Deleted {kind.singular.replace('_', ' ')} {title} ({key}).")
                session.forget_prefixed(f"register_{kind.value}_")
            st.rerun()
