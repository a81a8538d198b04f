"""The DPO's safeguard editor (SCC decision and module, validity, TIA) for one processor."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from catalog import services
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind
from catalog.domain.vocab import SafeguardKind, SccModule, TiaOutcome
from catalog.errors import CatalogError, RegisterValidationError
from catalog.history import context
from catalog.reference import ReferenceData
from catalog.store.base import RegisterStore
from ui.components.safeguards import (
    clean_safeguard,
    current_safeguards,
    instrument_choices,
    safeguard_lists,
    safeguard_problems,
    with_safeguard,
)
from ui.components.text import md

NEW = -1


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def safeguard_editor(
    store: RegisterStore, processor: Processor, version: int | None, reference: ReferenceData, actor: str | None
) -> None:
    """Edit one safeguard of a processor; saving writes the whole processor at the version the page opened."""
    prefix = f"register_safeguard_{processor.key}"
    lists = safeguard_lists(processor)
    path = st.selectbox("Transfer hop", list(lists), format_func=lambda p: lists[p], key=f"{prefix}_hop")
    existing = current_safeguards(processor, path)
    index = st.selectbox(
        "Safeguard",
        [*range(len(existing)), NEW],
        format_func=lambda i: "+ New safeguard" if i == NEW else f"#{i + 1}: {existing[i]['kind']}",
        key=f"{prefix}_index_{path}",
    )
    current: dict[str, Any] = existing[index] if index != NEW else {"kind": SafeguardKind.SCC.value}
    errors: dict[str | None, list[str]] = st.session_state.get(f"{prefix}_errors", {}).get((path, index), {})
    for message in errors.get(None, []):
        st.error(md(message))
    form_key = f"{prefix}_{path}_{index}"
    instruments = instrument_choices(reference)
    tia: dict[str, Any] = current.get("tia") or {}
    with st.form(f"{form_key}_form"):
        values: dict[str, Any] = {}
        kinds = [k.value for k in SafeguardKind]
        values["kind"] = st.selectbox("Kind", kinds, index=kinds.index(current["kind"]), key=f"{form_key}_kind")
        instrument = current.get("instrument") or ""
        options = list(instruments) if instrument in instruments else [*instruments, instrument]
        values["instrument"] = st.selectbox(
            "Instrument (SCC or adequacy decision)",
            options,
            index=options.index(instrument),
            format_func=lambda i: instruments.get(i, i),
            key=f"{form_key}_instrument",
        )
        modules = ["", *[m.value for m in SccModule], "unknown"]
        values["module"] = st.selectbox(
            "SCC module",
            modules,
            index=modules.index(current.get("module") or ""),
            format_func=lambda m: {"": "(none)", "1": "1: C2C", "2": "2: C2P", "3": "3: P2P", "4": "4: P2C"}.get(m, m),
            key=f"{form_key}_module",
        )
        left, middle, right = st.columns(3)
        values["signed_on"] = left.date_input("Signed on", _day(current.get("signed_on")), key=f"{form_key}_signed")
        values["valid_from"] = middle.date_input("Valid from", _day(current.get("valid_from")), key=f"{form_key}_from")
        values["valid_until"] = right.date_input(
            "Valid until", _day(current.get("valid_until")), key=f"{form_key}_until"
        )
        values["has_tia"] = st.checkbox("A transfer impact assessment is recorded", bool(tia), key=f"{form_key}_tia")
        left, middle, right = st.columns(3)
        values["tia_assessed_on"] = left.date_input(
            "TIA assessed on", _day(tia.get("assessed_on")), key=f"{form_key}_tia_on"
        )
        outcomes = [o.value for o in TiaOutcome]
        values["tia_outcome"] = middle.selectbox(
            "TIA outcome", outcomes, index=outcomes.index(tia.get("outcome", "pending")), key=f"{form_key}_tia_outcome"
        )
        values["tia_reference"] = right.text_input(
            "TIA reference", tia.get("reference") or "", key=f"{form_key}_tia_ref"
        )
        values["note"] = st.text_area("Note", current.get("note") or "", key=f"{form_key}_note", height=80)
        for name in ("kind", "instrument", "module", "valid_from", "valid_until", "tia"):
            for message in errors.get(name, []):
                st.error(f"{name.replace('_', ' ')}: {md(message)}")
        save = st.form_submit_button("Save safeguard", type="primary")
        remove = index != NEW and st.form_submit_button("Remove this safeguard")
    if not (save or remove):
        return
    for name in ("signed_on", "valid_from", "valid_until", "tia_assessed_on"):
        if isinstance(values[name], date):
            values[name] = values[name].isoformat()
    carried: dict[str, Any] = {
        k: current[k] for k in ("derogation", "occasional", "supplementary_measures", "source") if k in current
    }
    safeguard: dict[str, Any] | None = None if remove else {**carried, **clean_safeguard(values)}
    at = None if index == NEW else index
    try:
        data = with_safeguard(processor, path, at, safeguard)
        entity = services.validate_entity(EntityKind.PROCESSOR, data)
        services.save_entity(store, entity, version, context("edit", actor=actor))
    except RegisterValidationError as error:
        shown = len(existing) if index == NEW else index
        placed = safeguard_problems(error.problems, path, shown)
        st.session_state.setdefault(f"{prefix}_errors", {})[(path, index)] = placed
    except CatalogError as error:
        st.session_state.setdefault(f"{prefix}_errors", {})[(path, index)] = {None: [f"Not saved: {error}"]}
    else:
        st.session_state.pop(f"{prefix}_errors", None)
        st.session_state["register_notice"] = f"Saved the safeguards of processor {processor.key}."
        for stale in [k for k in st.session_state if str(k).startswith(("register_processors_", prefix))]:
            del st.session_state[stale]
    st.rerun()
