"""The change history as the CLI and the UI use it: listing, verifying, the register as it was, diffs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport, Finding
from catalog.compliance.rule_titles import rule_title
from catalog.compliance.wording import finding_hint, finding_message
from catalog.domain.register import Register
from catalog.errors import InputError, NotFoundError
from catalog.exporters.history import history_csv as history_csv
from catalog.exporters.history import history_json as history_json
from catalog.history.chain import ChainBreak as ChainBreak
from catalog.history.chain import (
    ChainHead,
    VerifyProblem,
    end_of,
    replay_problems,
    state_at,
    verify_log,
)
from catalog.history.chain import ChangeContext as ChangeContext
from catalog.history.chain import ChangeEntry as ChangeEntry
from catalog.history.chain import EntityChange as EntityChange
from catalog.history.chain import context as context
from catalog.history.chain import register_from_state as register_from_state
from catalog.history.chain import verify_chain as verify_chain
from catalog.history.diff import EntityDiff as EntityDiff
from catalog.history.diff import RegisterDiff as RegisterDiff
from catalog.history.diff import entity_diffs, law_date
from catalog.history.diff import label_of as label_of
from catalog.history.diff import parse_point as parse_point
from catalog.history.diff import state_at_point as state_at_point
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.reference import load_reference
from catalog.store.base import RegisterStore


def list_history(store: RegisterStore, since: date | None = None, entity: str | None = None) -> list[ChangeEntry]:
    """Change entries, oldest first; ``since`` is inclusive (UTC day), ``entity`` filters by key."""
    entries = store.history()
    if since is not None:
        start = datetime.combine(since, time.min, tzinfo=UTC)
        entries = [e for e in entries if e.at >= start]
    if entity is not None:
        entries = [e for e in entries if entity in e.entity_keys()]
    return entries


def verify_history(store: RegisterStore) -> ChainBreak | None:
    """The hash chain alone (cheap); ``verify_store`` also checks columns, the head and the stored register."""
    return verify_chain(store.history())


@dataclass(frozen=True)
class VerifyReport:
    """What ``catalog history verify`` found."""

    entries: int
    head: ChainHead
    problems: list[VerifyProblem]


_HASH = re.compile(r"^[0-9a-f]{64}$")


def parse_head_hash(text: str) -> str:
    """The ``--expect-head`` option: a full SHA-256 hash as ``catalog history head`` prints it."""
    value = text.strip().lower()
    if not _HASH.match(value):
        raise InputError(
            Phrase(
                N_(
                    "--expect-head {text!r} is not a history hash: give the 64 hexadecimal characters "
                    "'catalog history head' printed (or the manifest's history_head.hash)"
                ),
                text=text,
            )
        )
    return value


def verify_store(store: RegisterStore, expected_head: str | None = None) -> VerifyReport:
    """Check everything the history vouches for.

    The chain (hashes and links), every stored column against its hashed entry, the recorded head,
    the expected head when given (an anchor recorded earlier, e.g. in an audit pack's manifest), and,
    when the log itself is sound, that replaying it gives exactly the stored register.
    """
    entries, problems = verify_log(store.stored_log(), expected_head)
    if not problems:
        problems = replay_problems(entries, store.stored_bodies())
    head = ChainHead(entries[-1].seq, entries[-1].hash) if entries else store.history_head()
    return VerifyReport(entries=len(entries), head=head, problems=problems)


def register_as_of(store: RegisterStore, day: date) -> Register:
    """The register as it was at the end of ``day`` (UTC), rebuilt from the change log."""
    register = register_from_state(state_at(store.history(), end_of(day)))
    if register is None:
        raise NotFoundError(
            Phrase(N_("the register held nothing at the end of {day} (no change logged by then)"), day=day.isoformat())
        )
    return register


def load_register(store: RegisterStore, as_of: date | None = None) -> Register:
    """The current register, or the one as it was on ``as_of`` (the --register-as-of option)."""
    return store.load_register() if as_of is None else register_as_of(store, as_of)


ReportAt = Callable[[date | datetime | int, date], CheckReport | None]
"""The engine's report of the register as it was at a point, on a day (None: nothing stored then)."""


def register_and_history(store: RegisterStore, as_of: date | None = None) -> tuple[Register, list[ChangeEntry]]:
    """The register (as it is, or as it was at the end of ``as_of``) and the change history, for an export;
    an empty store is not a register to export."""
    if store.is_empty():
        raise NotFoundError(
            Phrase(N_("{store}: the store is empty; run 'catalog seed' or 'catalog import'"), store=store.display_url)
        )
    return load_register(store, as_of), store.history()


def diff_points(
    store: RegisterStore,
    from_point: date | datetime | int,
    to_point: date | datetime | int,
    as_of: date | None = None,
    entries: list[ChangeEntry] | None = None,
    report_at: ReportAt | None = None,
    lang: str = "en",
) -> RegisterDiff:
    """Entities added, removed or changed between two points, and the findings that changed.

    Findings are evaluated for each register at its own date (the law as it stood then), unless
    ``as_of`` fixes one date for both. A caller that already holds the log (``entries``) or keeps the
    reports of replayed registers (``report_at``, e.g. the UI's cache) passes them, so neither is
    read or evaluated again. The findings' words (message, title) are in ``lang``.
    """
    entries = store.history() if entries is None else entries
    before = state_at_point(entries, from_point)
    after = state_at_point(entries, to_point)
    diffs = entity_diffs(before, after)

    def findings(point: date | datetime | int, state: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
        day = as_of or law_date(entries, point)
        if report_at is None:
            return _findings(register_from_state(state), day, lang)
        report = report_at(point, day)
        return {} if report is None else {f.id: _worded(f, lang) for f in report.findings}

    before_findings = findings(from_point, before)
    after_findings = findings(to_point, after)
    return RegisterDiff(
        from_point=label_of(from_point),
        to_point=label_of(to_point),
        entities=diffs,
        findings_appeared=[after_findings[i] for i in sorted(set(after_findings) - set(before_findings))],
        findings_disappeared=[before_findings[i] for i in sorted(set(before_findings) - set(after_findings))],
    )


def diff_dates(store: RegisterStore, from_date: date, to_date: date) -> RegisterDiff:
    """``diff_points`` between the ends of two days."""
    return diff_points(store, from_date, to_date)


def _findings(register: Register | None, day: date, lang: str = "en") -> dict[str, dict[str, Any]]:
    """Findings by stable id; an empty register has none."""
    if register is None:
        return {}
    report = evaluate(register, load_reference(), day)
    return {finding.id: _worded(finding, lang) for finding in report.findings}


def _worded(finding: Finding, lang: str) -> dict[str, Any]:
    """A finding as the diff lists it: its JSON with the message in ``lang`` and its rule's title."""
    data = finding.model_dump(mode="json")
    data["message"] = finding_message(finding, lang)
    data["title"] = rule_title(finding.rule, lang)
    data["hint"] = finding_hint(finding, lang)  # so a page can show the message without it
    return data
