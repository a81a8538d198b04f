"""What the Fides writer and reader agree on: key spelling, tags, and the taxonomy roots used."""

from __future__ import annotations

import re

from catalog.domain.register import Register
from catalog.domain.vocab import Art9Condition, LegalBasis

FIDES_FORMAT = "fideslang 3"
CATEGORY_ROOT = "user"
"""Register categories are personal data: they go under the default taxonomy's ``user`` category."""

CARRIER_SYSTEM = "<no-system>"
"""The system that carries declarations of activities using no recorded system ('<' never starts a register key)."""

META_KEY = "gdpr_catalog"
"""The key under a Fides system's free-form ``meta`` where the register keeps what Fides has no field for."""

KEY_TAG = "catalog-key:"
SPECIAL_TAG = "gdpr:art9"
CRIMINAL_TAG = "gdpr:art10"

FIDES_LEGAL_BASES: dict[LegalBasis, str] = {
    LegalBasis.CONSENT: "Consent",
    LegalBasis.CONTRACT: "Contract",
    LegalBasis.LEGAL_OBLIGATION: "Legal obligations",
    LegalBasis.VITAL_INTERESTS: "Vital interests",
    LegalBasis.PUBLIC_TASK: "Public interest",
    LegalBasis.LEGITIMATE_INTERESTS: "Legitimate interests",
}

FIDES_SPECIAL_BASES: dict[Art9Condition, str] = {
    Art9Condition.EXPLICIT_CONSENT: "Explicit consent",
    Art9Condition.EMPLOYMENT_SOCIAL_SECURITY: "Employment, social security and social protection",
    Art9Condition.VITAL_INTERESTS: "Vital interests",
    Art9Condition.NOT_FOR_PROFIT_BODY: "Not-for-profit bodies",
    Art9Condition.MADE_PUBLIC: "Made public by the data subject",
    Art9Condition.LEGAL_CLAIMS: "Legal claims or judicial acts",
    Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST: "Reasons of substantial public interest (with a basis in law)",
    Art9Condition.HEALTH_OR_SOCIAL_CARE: "Health or social care (with a basis in law)",
    Art9Condition.PUBLIC_HEALTH: "Public health (with a basis in law)",
    Art9Condition.ARCHIVING_RESEARCH_STATISTICS: "Archiving, research and statistics (with a basis in law)",
}

# The default-taxonomy data use an activity's own use is filed under, by words in its name and purposes.
# The first rule that matches wins; 'operations' ("supports business processes necessary to the
# organisation's operation") is the neutral fallback. This only files the use in Fides' tree: the
# activity's key, name and purposes travel unchanged.
USE_PARENT_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("advertis", "retarget"), "marketing.advertising"),
    (("newsletter", "marketing", "campaign"), "marketing.communications"),
    (("analytic", "statistic", "web analytics"), "analytics.reporting"),
    (("support", "enquir", "helpdesk"), "essential.service.operations.support"),
    (("secur", "fraud", "misuse"), "essential.service.security"),
    (("recruit", "applicant", "candidate"), "employment.recruitment"),
    (("employee", "payroll", "personnel"), "employment"),
    (("invoice", "payment", "billing", "accounting"), "finance"),
)
USE_FALLBACK = "operations"

_NOT_KEY = re.compile(r"[^a-z0-9._-]+")


def use_parent(name: str, purposes: list[str]) -> str:
    text = " ".join([name, *purposes]).lower()
    for words, parent in USE_PARENT_RULES:
        if any(word in text for word in words):
            return parent
    return USE_FALLBACK


def segment(key: str, parent: str | None) -> str:
    """One dot-free step of a Fides key path for a register key under its parent."""
    own = key[len(parent) + 1 :] if parent and key.startswith(parent + ".") else key
    return own.replace(".", "_")


def derived_key(fides_segment: str, parent: str | None) -> str:
    """The register key the reader derives from a path step when no key tag says otherwise."""
    return f"{parent}.{fides_segment}" if parent else fides_segment


def as_register_key(text: str) -> str:
    """A Fides key as a register key: lowercase, characters a key cannot hold replaced by '-'."""
    key = _NOT_KEY.sub("-", text.strip().lower()).strip("-._")
    return key[:100] or "unnamed"


def category_fides_keys(register: Register) -> dict[str, str]:
    """Register category key -> Fides data category key (the path under ``user``)."""
    parents = {c.key: c.parent for c in register.data_categories}
    keys: dict[str, str] = {}

    def resolve(key: str, seen: frozenset[str] = frozenset()) -> str:
        if key in keys:
            return keys[key]
        parent = parents.get(key)
        base = resolve(parent, seen | {key}) if parent is not None and parent not in seen else CATEGORY_ROOT
        keys[key] = f"{base}.{segment(key, parent)}"
        return keys[key]

    for key in parents:
        resolve(key)
    return keys


def organisation_key(name: str) -> str:
    return as_register_key(name).replace(".", "_") or "default_organization"
