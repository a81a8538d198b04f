"""The visitor's session, typed: the one module that reads and writes ``st.session_state``.

Cross-page values (the role, the as-of date, a lineage focus asked for by another page) have named
accessors. Page-local values (drafts, form errors, prepared downloads) go through ``get``/``put`` under
keys prefixed by their page (``register_``, ``lineage_``, ``exports_``, ...), as widget keys are.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from catalog.app.language import Lang, Translate, translator
from ui.components.roles import Role, read_only_instance, role_from_claims
from ui.preferences import preferred_language, remember_language

AS_OF_KEY = "as_of"
"""The sidebar's date input (its widget key)."""
ROLE_KEY = "role"
LANG_KEY = "ui_lang"
"""The sidebar's language choice (its widget key)."""
LANG_PARAM = "lang"
"""The query parameter that keeps the language in the address: a reload or a bookmark opens in it."""
LINEAGE_FOCUS_KEY = "lineage_focus"
"""A node another page asks the lineage page to open (findings, overview, transfer map)."""


def auth_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (OIDC login via st.login)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answering False
        return False


def current_role() -> Role | None:
    """The visitor's role; None when login is configured and the visitor has not logged in yet."""
    if read_only_instance():
        return Role.AUDITOR
    if not auth_configured():
        return Role.DPO
    if not st.user.is_logged_in:
        return None
    claim = os.environ.get("CATALOG_UI_GROUP_CLAIM", "groups")
    dpo_groups = os.environ.get("CATALOG_UI_DPO_GROUPS", "dpo").split(",")
    return role_from_claims(st.user.to_dict(), claim, dpo_groups)


def actor() -> str | None:
    """Who the change log names for a UI write: the signed-in user, else the server's OS user."""
    if auth_configured() and st.user.is_logged_in:
        return str(st.user.get("email") or st.user.get("name") or "") or None
    return None


def _known(value: object) -> Lang | None:
    return Lang(value) if isinstance(value, str) and value in {lang.value for lang in Lang} else None


def language(organisation_default: Callable[[], object] | None = None) -> Lang:
    """The language this visitor reads the UI in: their choice in this session, else the ``?lang=`` in the
    address, else the signed-in user's saved choice, else the organisation's default, else English."""
    if (current := _known(st.session_state.get(LANG_KEY))) is not None:
        return current
    chosen = (
        _known(st.query_params.get(LANG_PARAM))
        or (_known(preferred_language(user)) if (user := user_id()) else None)
        or (_known(organisation_default()) if organisation_default is not None else None)
        or Lang.EN
    )
    st.session_state[LANG_KEY] = chosen.value  # the sidebar's widget starts from it (set before it is drawn)
    return chosen


def ui_translator() -> Translate:
    """``_`` in this visitor's language (bound to ``_`` where used, for the string extractor)."""
    return translator(language())


def remember_chosen_language() -> None:
    """The sidebar's choice changed: keep it in the address and, for a signed-in user, in their preferences."""
    chosen = _known(st.session_state.get(LANG_KEY)) or Lang.EN
    st.query_params[LANG_PARAM] = chosen.value
    if (user := user_id()) is not None:
        remember_language(user, chosen.value)


def keep_language_in_address(chosen: Lang) -> None:
    """Page switches drop query parameters: put the language back, so a reload keeps it."""
    if st.query_params.get(LANG_PARAM) != chosen.value:
        st.query_params[LANG_PARAM] = chosen.value


def user_id() -> str | None:
    """The signed-in user's stable identity (the provider's subject, else e-mail); None without a login."""
    if not auth_configured() or not st.user.is_logged_in:
        return None
    return str(st.user.get("sub") or st.user.get("email") or "") or None


def as_of() -> date:
    chosen = st.session_state.get(AS_OF_KEY)
    return chosen if isinstance(chosen, date) else date.today()


def role() -> Role:
    """This run's role, as the router set it (an auditor until then)."""
    chosen = st.session_state.get(ROLE_KEY, Role.AUDITOR)
    return chosen if isinstance(chosen, Role) else Role.AUDITOR


def set_role(chosen: Role) -> None:
    st.session_state[ROLE_KEY] = chosen


def focus_lineage(node: str) -> None:
    """Ask the lineage page to open on ``node`` (a graph node id) when the visitor goes there."""
    st.session_state[LINEAGE_FOCUS_KEY] = node


def requested_lineage_focus() -> str | None:
    """The node another page asked the lineage page to open, if any."""
    node = st.session_state.get(LINEAGE_FOCUS_KEY)
    return node if isinstance(node, str) else None


def clear_lineage_focus() -> None:
    """The lineage page has opened the node asked for; later visits keep their own choice."""
    st.session_state.pop(LINEAGE_FOCUS_KEY, None)


def get(key: str, default: Any = None) -> Any:
    """A page-local value (``default`` when unset)."""
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def setdefault(key: str, default: Any) -> Any:
    """The value under ``key``, set to ``default`` first when unset (a draft the page then edits in place)."""
    return st.session_state.setdefault(key, default)


def pop(key: str, default: Any = None) -> Any:
    return st.session_state.pop(key, default)


def holds(key: str) -> bool:
    return key in st.session_state


def forget_prefixed(prefix: str) -> None:
    """Drop every value whose key starts with ``prefix`` (a saved form's widgets, so they show the new state)."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]
