"""Register: browse every entity; the DPO creates, edits and deletes through the service layer."""

from __future__ import annotations

from typing import Any

import streamlit as st

from catalog import services
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind
from catalog.errors import CatalogError, ConcurrentEditError, RegisterValidationError
from catalog.history import context
from ui import state
from ui.components.forms import enum_options, form_values, optional, parse_form, problems_by_field, widget_kind
from ui.components.safeguard_form import safeguard_editor
from ui.components.text import md
from ui.views.common import page_snapshot

NEW = "__new__"
ERRORS = "register_errors"
NOTICE = "register_notice"

snap = page_snapshot()
st.title("Register")
writable = snap.role.can_write
if not writable:
    st.info("Read-only (auditor): the register can be inspected but not changed.")
if notice := st.session_state.pop(NOTICE, None):
    st.success(md(notice))

kind = EntityKind(
    st.selectbox(
        "Kind",
        [k.value for k in EntityKind],
        format_func=lambda v: v.replace("_", " ").capitalize(),
        key="register_kind",
    )
)
entities = {e.key: e for e in snap.register.entities(kind)}
if (pending := st.session_state.pop("register_select_next", None)) in entities:
    # a widget's value can only be set before it is drawn: the saved entity is selected on the next run
    st.session_state[f"register_entity_{kind.value}"] = pending
options = sorted(entities) + ([NEW] if writable else [])
choice = st.selectbox(
    "Entity",
    options,
    format_func=lambda k: "+ New …" if k == NEW else k,
    key=f"register_entity_{kind.value}",
)
if choice is None:
    st.info("Nothing of this kind yet.")
    st.stop()

if not writable:
    st.json(entities[choice].model_dump(mode="json"))
    st.stop()

key = None if choice == NEW else choice
prefix = f"register_{kind.value}_{choice}"
version_key = f"{prefix}__version"
if key is not None and version_key not in st.session_state:
    # the version the form was opened at: saving checks it, so a concurrent edit is never overwritten
    stored = snap.store.get_entity(kind, key)
    st.session_state[version_key] = stored.version if stored else None
errors: dict[str | None, list[str]] = st.session_state.get(ERRORS, {}).get(prefix, {})
for message in errors.get(None, []):
    st.error(md(message))

initial = form_values(kind, entities.get(key) if key else None)
with st.form(f"{prefix}__form"):
    values: dict[str, Any] = {}
    for name, info in kind.model.model_fields.items():
        label = name.replace("_", " ").capitalize() + (" *" if info.is_required() else "")
        widget_key = f"{prefix}_{name}"
        help_text = info.description
        match widget_kind(info):
            case "bool":
                values[name] = st.checkbox(label, value=initial[name], key=widget_key, help=help_text)
            case "optional_bool":
                values[name] = st.selectbox(
                    label, ["not stated", "yes", "no"], index=["not stated", "yes", "no"].index(initial[name]),
                    key=widget_key, help=help_text,
                )  # fmt: skip
            case "enum":
                choices = ([""] if optional(info) else []) + enum_options(info)
                current = initial[name] if initial[name] in choices else choices[0]
                values[name] = st.selectbox(
                    label, choices, index=choices.index(current), key=widget_key, help=help_text
                )
            case "text":
                values[name] = st.text_input(
                    label,
                    value=initial[name],
                    key=widget_key,
                    help=help_text,
                    disabled=name == "key" and key is not None,
                )
            case "lines":
                values[name] = st.text_area(
                    label + " (one per line)", value=initial[name], key=widget_key, help=help_text, height=90
                )
            case "yaml":
                values[name] = st.text_area(
                    label + " (YAML)", value=initial[name], key=widget_key, help=help_text, height=140
                )
        for message in errors.get(name, []):
            st.error(md(message))
    saved = st.form_submit_button("Save", type="primary")

if saved:
    if key is not None:
        values["key"] = key
    try:
        entity = services.validate_entity(kind, parse_form(kind, values))
        version = services.save_entity(
            snap.store,
            entity,
            st.session_state.get(version_key) if key else None,
            context("edit" if key else "create", actor=state.actor()),
        )
    except RegisterValidationError as error:
        st.session_state.setdefault(ERRORS, {})[prefix] = problems_by_field(error)
    except ConcurrentEditError as error:
        st.session_state.setdefault(ERRORS, {})[prefix] = {None: [f"Not saved: {error}"]}
    except CatalogError as error:
        st.session_state.setdefault(ERRORS, {})[prefix] = {None: [f"Not saved: {error}"]}
    else:
        st.session_state.get(ERRORS, {}).pop(prefix, None)
        st.session_state[NOTICE] = f"Saved {kind.singular} {entity.key} (version {version})."
        for stale in [k for k in st.session_state if str(k).startswith(f"register_{kind.value}_")]:
            del st.session_state[stale]
        st.session_state["register_select_next"] = entity.key
    st.rerun()

if key is not None and kind == EntityKind.PROCESSOR:
    with st.expander("Safeguards (SCC decision and module, validity, TIA)", expanded=False):
        processor = entities[key]
        assert isinstance(processor, Processor)
        safeguard_editor(snap.store, processor, st.session_state.get(version_key), snap.reference, state.actor())

if key is not None:
    with st.expander("Delete or reload"):
        if st.button("Reload from the store (discard my changes)", key=f"{prefix}__reload"):
            for stale in [k for k in st.session_state if str(k).startswith(prefix)]:
                del st.session_state[stale]
            st.session_state.get(ERRORS, {}).pop(prefix, None)
            st.rerun()
        confirm = st.checkbox(f"Yes, delete {kind.singular} {key}", key=f"{prefix}__confirm")
        if st.button("Delete", key=f"{prefix}__delete", disabled=not confirm):
            try:
                services.delete_entity(
                    snap.store, kind, key, st.session_state.get(version_key), context("delete", actor=state.actor())
                )
            except CatalogError as error:
                st.session_state.setdefault(ERRORS, {})[prefix] = {None: [f"Not deleted: {error}"]}
            else:
                st.session_state[NOTICE] = f"Deleted {kind.singular} {key}."
                for stale in [k for k in st.session_state if str(k).startswith(f"register_{kind.value}_")]:
                    del st.session_state[stale]
            st.rerun()
