"""Dates as people type them: the common forms are read as one day; anything else says what to type."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.domain.dates import ACCEPTED, NotADateError, parse_day
from catalog.errors import InputError


@pytest.mark.parametrize(
    "typed",
    ["2026-11-20", "2026/11/20", "2026.11.20", "20.11.2026", "20-11-2026", " 2026-11-20 ", "2026/11/20\n"],
)
def test_the_common_forms_name_the_same_day(typed: str) -> None:
    assert parse_day(typed) == date(2026, 11, 20)


def test_single_digit_days_and_months() -> None:
    assert parse_day("1.3.2024") == date(2024, 3, 1)
    assert parse_day("2024/3/1") == date(2024, 3, 1)


def test_every_form_the_message_offers_is_read() -> None:
    assert {parse_day(example) for example in ACCEPTED} == {date(2026, 11, 20)}


@pytest.mark.parametrize(
    "typed",
    ["11/20/2026", "20/11/2026", "2026-13-01", "31.02.2026", "2026-11", "next friday", "", "2026-11-20x", "2026/11-20"],
)
def test_anything_else_says_exactly_what_to_type(typed: str) -> None:
    with pytest.raises(NotADateError) as raised:
        parse_day(typed)
    message = str(raised.value)
    assert message == (
        f"{typed.strip()!r} is not a date: type it as 2026-11-20 (year-month-day), "
        "or as 2026/11/20, 2026.11.20, 20.11.2026, 20-11-2026"
    )
    assert isinstance(raised.value, InputError) and isinstance(raised.value, ValueError)
