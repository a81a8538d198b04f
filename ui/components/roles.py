"""Who may do what in the UI: the DPO edits, an auditor only reads."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from catalog.app.language import N_


def read_only_instance() -> bool:
    """``catalog ui --read-only`` (or one serving beyond loopback without a login) serves auditors only."""
    return os.environ.get("CATALOG_UI_READ_ONLY", "0") == "1"


class Role(StrEnum):
    DPO = "dpo"
    AUDITOR = "auditor"

    @property
    def can_write(self) -> bool:
        return self == Role.DPO

    @property
    def label(self) -> str:
        return N_("DPO (read-write)") if self == Role.DPO else N_("Auditor (read-only)")


def _as_groups(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        # some identity providers send one space- or comma-separated string
        return {part for part in value.replace(",", " ").split() if part}
    if isinstance(value, Iterable):
        return {str(item) for item in value}
    return {str(value)}


def role_from_claims(claims: Mapping[str, Any], claim: str, dpo_groups: Iterable[str]) -> Role:
    """The DPO role when the identity provider's group claim names one of the DPO groups; auditor otherwise.

    Denying by default matters: a login without the claim, or with an unexpected shape, only reads.
    """
    wanted = {group for group in dpo_groups if group}
    return Role.DPO if wanted & _as_groups(claims.get(claim)) else Role.AUDITOR
