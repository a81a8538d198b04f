"""Review intervals as dates: when a TIA or an entry falls due under the organisation's policy. No I/O."""

from __future__ import annotations

from datetime import date, timedelta

from catalog.domain.models import DEFAULT_REVIEW_MONTHS, Organisation, ReviewPolicy
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase

DAYS_PER_MONTH = 365 / 12
"""A policy month counts as 365/12 days, so 12 months is exactly the engine's historical 365-day limit."""


def policy_of(organisation: Organisation) -> ReviewPolicy:
    return organisation.review_policy or ReviewPolicy()


def months_to_days(months: int) -> int:
    return round(months * DAYS_PER_MONTH)


def tia_max_age_days(organisation: Organisation) -> int:
    """How old a transfer impact assessment may be under the organisation's policy (default 12 months)."""
    return months_to_days(policy_of(organisation).tia_months)


def due_after(day: date, months: int) -> date:
    """The last day a review made on ``day`` is current under a ``months`` policy; overdue from the next day."""
    return day + timedelta(days=months_to_days(months))


def policy_words(months: int) -> str:
    return Phrase(N_("every month")) if months == 1 else Phrase(N_("every {months} months"), months=months)


__all__ = ["DEFAULT_REVIEW_MONTHS", "due_after", "months_to_days", "policy_of", "policy_words", "tia_max_age_days"]
