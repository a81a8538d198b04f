"""What catalog.app answered for the shown store revision: the one cached store factory, the register's
snapshot and the engine's report, and what pages derive from them, each computed once per revision (on
the server's worker thread when it takes long). The visitor's own choices live in ``ui.session``."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import networkx as nx
import streamlit as st

from catalog.app.export import ExportFormat, ExportKind, Lang, render_export
from catalog.app.history import (
    ChainBreak,
    ChangeEntry,
    RegisterDiff,
    diff_points,
    register_from_state,
    state_at_point,
    verify_chain,
)
from catalog.app.kept_check import KeptCheck
from catalog.app.language import N_, local, translator
from catalog.app.lineage import NodeType, build_graph, collector_paused, lineage_from_graph
from catalog.app.review import CheckReport, DueReport, TransferHop, check_register, due_counts_on, due_on
from catalog.app.stores import RegisterStore, default_store_url, open_store
from catalog.domain.register import Entity, EntityKind, Register, display_name
from catalog.reference import ReferenceData, load_reference
from ui import session
from ui.checks import BackgroundWork, Checked, CheckJob, Job
from ui.components.graph import GraphView, build_view, hops_by_edge
from ui.components.graph import display_name as graph_name
from ui.components.history_view import KIND_WORDS, named
from ui.components.history_view import entity_names as entity_names_in_log
from ui.components.roles import Role, read_only_instance
from ui.components.sankey import Grouping, SankeyData, register_flows
from ui.components.world import ArcGroup, StatusChange, arc_groups, status_changes, verdict_days

DRAWING_LIBRARIES = ("pandas", "pyarrow", "pydeck")
"""What Streamlit draws tables and maps with, imported on first use (about 0.4 s at once): imported by the
worker thread when it is idle after the first check (see ``BackgroundWork.warm_up``)."""


def _seconds_setting(name: str, default: float) -> float:
    """A number of seconds from the environment (the server's operator may tune it), else ``default``."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, such as 2.5; it is {text!r}") from None
    if not 0 <= value < 3600:
        raise ValueError(f"{name} must be between 0 and 3600 seconds; it is {text!r}")
    return value


CHECK_WAIT_SECONDS = _seconds_setting("CATALOG_UI_CHECK_WAIT_SECONDS", 2.5)
"""How long a page waits for a new revision's load and check before showing the last one checked (a
register of some thousand entities is ready well within it; one of 100k takes about a dozen seconds)."""
PROGRESS_TICK_SECONDS = 1.0
SECTION_WAIT_SECONDS = 0.5
"""How long a page's run waits for its sections' work (two dates compared, a replay), all sections together,
before showing the progress of those not ready."""
VIEW_WAIT_SECONDS = 2.0
"""How long the lineage page waits for its view (a large category's at 10k entities takes 0.3 to 0.8 s on a
busy machine) before showing its progress instead."""
PENDING_WORDS = "is loaded and checked"
"""The words that say a page or section is still waiting for the worker (the bench and tests look for them)."""
LARGE_PROCESSORS = 10_000
"""Above this many processors the overview draws its Sankey on request (about 10 s at 100k entities, 0.4 s at 10k)."""
ArcGroups = tuple[list[ArcGroup], list[TransferHop]]
T = TypeVar("T")


def store_url() -> str:
    return os.environ.get("CATALOG_STORE") or default_store_url()


@st.cache_resource(show_spinner=False)
def _open_store(url: str, read_only: bool) -> RegisterStore:
    """One store per (URL, role) for the whole server; auditors get the read-only wrapper."""
    return open_store(url, read_only=read_only)


def get_store(role: Role) -> RegisterStore:
    return _open_store(store_url(), not role.can_write)


@st.cache_resource(show_spinner=False)
def reference() -> ReferenceData:
    return load_reference()


@st.cache_resource(show_spinner=False)
def _work() -> BackgroundWork:
    """The server's one worker thread (see ui/checks.py), shared by every session."""
    return BackgroundWork(reference())


def _report_on(url: str, revision: str, day: date, register: Register) -> CheckReport:
    """The report of ``revision`` on ``day``: the pages' own check when it is that one, else evaluated."""
    ready = _work().ready(url, revision, day)
    if ready is not None and ready.revision == revision:
        return ready.report
    return check_register(register, day, reference=reference())


@dataclass(frozen=True)
class Snapshot:
    """What a page needs, read once per script run."""

    store: RegisterStore
    role: Role
    register: Register
    report: CheckReport
    as_of: date
    reference: ReferenceData
    revision: str
    """The revision shown: the store's newest, or the newest already checked while ``pending`` runs."""
    pending: CheckJob | None = None
    """The load and check of a newer revision, running while this page shows an older one."""
    sections_due: float = field(default_factory=lambda: time.monotonic() + SECTION_WAIT_SECONDS)
    """Until when this run waits for its sections, all of them together (then they show their progress)."""

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The register's graph, built once per revision in the background (seconds at 100k)."""
        job = _graph_job(store_url(), self.revision, self.register)
        ready = job.wait(SECTION_WAIT_SECONDS)
        if ready is None:
            _ = session.ui_translator()
            with st.spinner(_("Building the register's graph after a change...")):
                ready = job.wait(None)
        assert ready is not None
        return ready

    @property
    def can_write(self) -> bool:
        """Edits start from the newest revision only, and only the DPO makes them."""
        return self.role.can_write and self.pending is None


def _graph_job(url: str, revision: str, register: Register) -> Job[nx.MultiDiGraph]:
    def build() -> nx.MultiDiGraph:
        with collector_paused():  # hundreds of thousands of long-lived objects, and no cycles among them
            return build_graph(register, lang=None)

    return _work().section((url, revision, "graph"), "graph", build)


def _graph_on_worker(url: str, revision: str, register: Register) -> nx.MultiDiGraph:
    """The graph, for work running on the worker thread: queued behind the graph's own job, which is done by
    then unless it was dropped; then built here (never waited for: the thread would wait for itself)."""
    graph = _graph_job(url, revision, register)
    return graph.future.result() if graph.future.done() else build_graph(register, lang=None)


def snapshot(role: Role) -> Snapshot:
    """The register and its report for this run: the store's newest revision once it is loaded and checked.

    A page waits ``CHECK_WAIT_SECONDS`` for it (not at all when it cannot be ready by then). After that it
    shows the newest revision already checked on the same date, with the progress of the newer one, and
    refreshes itself when that is ready; with nothing checked before (a new server, another date) it waits,
    showing the progress.
    """
    store = get_store(role)
    url, revision, day = store_url(), store.revision(), session.as_of()
    work = _work()
    job = work.check(url, revision, day)
    ready = job.wait(CHECK_WAIT_SECONDS if work.may_finish_within(job, CHECK_WAIT_SECONDS) else 0)
    expected = work.expected_seconds(f"check {url}")
    if ready is None:
        shown = work.newest(url, day)
        if shown is not None and shown.revision != revision:
            _show_pending(job, shown, expected)
            return Snapshot(store, role, shown.register, shown.report, day, reference(), shown.revision, job)
        ready = _wait_showing_progress(job, expected)
    # built meanwhile, in this order: the lineage explorer needs them at once
    _graph_job(url, ready.revision, ready.register)
    _choices_job(url, ready.revision, ready.register)
    work.warm_up(DRAWING_LIBRARIES)
    return Snapshot(store, role, ready.register, ready.report, day, reference(), ready.revision)


def _progress(job: Job[Any], words: str, expected: float | None) -> tuple[float, str]:
    """A progress bar's fill (elapsed over the last such job's time, never full) and its words."""
    _ = session.ui_translator()
    elapsed = job.elapsed
    said = {"words": _(words), "phase": _(job.phase), "seconds": f"{elapsed:.0f}"}
    if expected is None:
        return min(elapsed / 60.0, 0.95), _("{words}: {phase} ({seconds} s).").format(**said)
    left = max(expected - elapsed, 0.0)
    if left >= 1:
        text = _("{words}: {phase} ({seconds} s, about {left} s left).").format(**said, left=f"{left:.0f}")
    else:
        text = _("{words}: {phase} ({seconds} s, nearly done).").format(**said)
    return min(elapsed / expected, 0.95), text


def _wait_showing_progress(job: CheckJob, expected: float | None) -> Checked:
    """Nothing checked to show meanwhile: wait for the job, with its progress on the page."""
    _ = session.ui_translator()
    bar = st.progress(0.0, text=_("Loading and checking the register..."))
    while (ready := job.wait(PROGRESS_TICK_SECONDS)) is None:
        bar.progress(*_progress(job, N_("The register changed"), expected))
    bar.empty()
    return ready


def _show_pending(job: CheckJob, shown: Checked, expected: float | None) -> None:
    """Say that the page shows an older revision, with the newer one's progress, and rerun when it is ready."""

    @st.fragment(run_every=PROGRESS_TICK_SECONDS)
    def watch() -> None:
        if job.future.done():
            st.rerun()  # the whole page, now on the newer revision (or showing why it failed)
        _ = session.ui_translator()
        st.progress(*_progress(job, N_("The register changed"), expected))
        st.caption(
            _(
                "This page shows the register as it was at change {shown}, checked on {date}, until change "
                "{newer} is loaded and checked; it refreshes itself then. Editing waits until then."
            ).format(
                shown=revision_number(shown.revision), date=shown.day.isoformat(), newer=revision_number(job.revision)
            )
        )

    watch()


def in_background(
    snap: Snapshot, kind: str, words: str, key: Hashable, compute: Callable[[], T], wait: float | None = None
) -> T | None:
    """``compute``'s result for ``key`` at the shown revision, computed once on the worker thread.

    Waits what is left of ``SECTION_WAIT_SECONDS`` (or ``wait`` seconds from now, when given); while it
    runs longer, a progress bar with ``words`` takes the section's place, the call returns None (the
    caller shows nothing else there) and the page reruns itself when the result is ready.
    """
    return _when_ready(snap, _work().section((store_url(), snap.revision, key), kind, compute), words, wait)


def on_kept_check(revision: str, day: date, kind: str, key: Hashable, compute: Callable[[KeptCheck | None], T]) -> T:
    """``compute`` run on the worker thread with the check it keeps for ``revision`` (the one a page shows) on
    ``day`` (None when it keeps none at that revision), waited for; re-raises its error."""
    job = _work().with_kept(store_url(), revision, day, key, kind, compute)
    ready = job.wait(None)
    assert ready is not None  # waited without a timeout: a result or the job's error
    return ready


def _when_ready(snap: Snapshot, job: Job[T], words: str, wait: float | None = None) -> T | None:
    """``in_background`` for a job already asked for: waits what is left of the run's section wait, or
    ``wait`` seconds from now when given."""
    work = _work()
    left = max(snap.sections_due - time.monotonic(), 0.0) if wait is None else wait
    ready = job.wait(left if work.may_finish_within(job, left) else 0)
    if ready is not None:
        return ready
    expected = work.expected_seconds(job.kind)

    @st.fragment(run_every=PROGRESS_TICK_SECONDS)
    def watch() -> None:
        if job.future.done():
            st.rerun()
        _ = session.ui_translator()
        st.progress(*_progress(job, words, expected))
        st.caption(_("This section is loaded and checked; the page refreshes itself then."))

    watch()
    return None


def revision_number(revision: str) -> str:
    """The change-log entry a revision token ends at (``12-ab34...`` -> ``12``), as people read it."""
    return revision.split("-", 1)[0]


@st.cache_resource(show_spinner=False, max_entries=4)
def _sankey(url: str, revision: str, by: Grouping, _register: Register) -> SankeyData:
    return register_flows(_register, by)


def overview_flows(snap: Snapshot, by: Grouping = "service") -> SankeyData:
    """The overview's Sankey links, computed once per store revision and grouping, from the register itself."""
    return _sankey(store_url(), snap.revision, by, snap.register)


@st.cache_resource(show_spinner=False, max_entries=8)
def _export(
    url: str, revision: str, day: date, kind: ExportKind, fmt: ExportFormat, lang: Lang, _snap: Snapshot
) -> bytes:
    return render_export(kind, fmt, _snap.register, _snap.report, lang)


def export_bytes(snap: Snapshot, kind: ExportKind, fmt: ExportFormat, lang: Lang) -> bytes:
    """One export of the shown register, rendered once per store revision, date and choice (seconds at 100k)."""
    return _export(store_url(), snap.revision, snap.as_of, kind, fmt, lang, snap)


@st.cache_resource(show_spinner=False, max_entries=4)
def _index(url: str, revision: str, _register: Register) -> dict[str, tuple[EntityKind, Entity]]:
    return _register.index()


def entity_index(snap: Snapshot) -> dict[str, tuple[EntityKind, Entity]]:
    """Every entity by key, built once per store revision (a second at 100k entities)."""
    return _index(store_url(), snap.revision, snap.register)


FocusChoices = tuple[dict[str, list[str]], dict[str, str]]


def _focus_choices(graph: nx.MultiDiGraph) -> FocusChoices:
    choices: dict[str, list[str]] = {}
    for node, attributes in graph.nodes(data=True):
        choices.setdefault(str(attributes["type"]), []).append(node)
    labels = {node: f"{graph_name(graph, node)}  [{node.split(':', 1)[1]}]" for node in graph.nodes}
    return {kind: sorted(nodes, key=str.lower) for kind, nodes in choices.items()}, labels


def _choices_job(url: str, revision: str, register: Register) -> Job[FocusChoices]:
    return _work().section(
        (url, revision, "lineage choices"),
        "lineage choices",
        lambda: _focus_choices(_graph_on_worker(url, revision, register)),
    )


def lineage_choices(snap: Snapshot) -> FocusChoices | None:
    """The lineage page's choices: node ids by type, sorted, and their labels (name, then key); once per
    revision on the worker thread, right after the graph (None meanwhile, its progress shown in place)."""
    job = _choices_job(store_url(), snap.revision, snap.register)
    return _when_ready(snap, job, N_("Building the register's graph"))


@dataclass(frozen=True)
class ChangeLog:
    """The change log as the history page shows it."""

    entries: list[ChangeEntry]
    broken: ChainBreak | None
    """Where the hash chain breaks (None: intact), as ``history verify`` checks it."""
    names: dict[str, str]
    """Every entity the log mentions, by key: its name as last recorded."""
    choices: dict[str, str]
    """The page's entity choices, by name: key -> label, "(all)" first."""


def _read_history(url: str) -> ChangeLog:
    """The change log, read on a connection of its own (it runs on the worker thread), verified and named."""
    store = open_store(url, read_only=read_only_instance())
    # An import's entry holds every entity (77 MB at 100k): parsed and hashed with the collector running, it
    # took twice as long, and the parsing holds the interpreter for its whole length in one call.
    with collector_paused():
        try:
            entries = store.history()
        finally:
            store.close()
        broken = verify_chain(entries)
    names = entity_names_in_log(entries)  # a 100k register's log names 100k entities: seconds, not on the page
    keys = sorted({key for entry in entries for key in entry.entity_keys()}, key=lambda k: named(k, names).lower())
    choices = {"(all)": "(all)"} | {key: named(key, names) for key in keys}
    return ChangeLog(entries, broken, names, choices)


def history(snap: Snapshot) -> ChangeLog | None:
    """The whole change log, verified and named; read once per store revision on the worker thread (None
    meanwhile, its progress shown in place).

    The log only grows and every write moves the revision, so a revision's log never changes.
    """
    url = store_url()
    words = N_("Reading and verifying the change log")
    return in_background(snap, "change log", words, "history", lambda: _read_history(url))


def _entries(snap: Snapshot) -> list[ChangeEntry]:
    """The change log of a page that has already shown it (the history page asks for it first)."""
    loaded = history(snap)
    assert loaded is not None, "the history page reads the change log before anything built on it"
    return loaded.entries


def history_diff(snap: Snapshot, start: int, end: int) -> RegisterDiff | None:
    """Entities and findings that differ between two entries of the log, on the as-of date (None: still
    being compared on the worker thread, its progress shown in place; see ``in_background``)."""
    url, revision, day, store = store_url(), snap.revision, snap.as_of, snap.store
    entries = _entries(snap)

    def compare() -> RegisterDiff:
        def report_at(point: date | datetime | int, on: date) -> CheckReport | None:
            # the same replay and report as "the register as it was": its default point is the diff's end
            assert isinstance(point, int)  # the page compares entries by number
            replayed = _as_was(url, revision, point, on, entries)
            return None if replayed is None else replayed[1]

        return diff_points(store, start, end, as_of=day, entries=entries, report_at=report_at)

    return in_background(snap, "history diff", N_("Comparing the two points"), ("diff", start, end, day), compare)


def history_diff_dates(snap: Snapshot, first: date, second: date) -> RegisterDiff | None:
    """Entities and findings that differ between the ends of two days, each register judged by the law of its
    own day (None: still being compared on the worker thread, its progress shown in place)."""
    store, entries, lang = snap.store, _entries(snap), session.language()
    return in_background(
        snap,
        "history diff",
        N_("Comparing the two dates"),
        ("diff dates", first, second, lang.value),
        lambda: diff_points(store, first, second, entries=entries, lang=lang.value),
    )


# No spinner: it runs on the worker thread, where the page shows the progress (and Streamlit has no page).
@st.cache_resource(show_spinner=False, max_entries=8)
def _as_was(
    url: str, revision: str, point: int, day: date, _entries: list[ChangeEntry]
) -> tuple[Register, CheckReport] | None:
    then = register_from_state(state_at_point(_entries, point))
    return None if then is None else (then, check_register(then, day, reference=reference()))


class Replayed:
    """The answer of ``register_as_was`` while the replay still runs (the register may also be empty: None)."""


STILL_REPLAYING = Replayed()


def register_as_was(snap: Snapshot, point: int) -> tuple[Register, CheckReport] | Replayed | None:
    """The register replayed from the log up to entry ``point`` and its report on the as-of date (None: empty;
    ``STILL_REPLAYING`` while the worker thread replays it, its progress shown in place)."""
    url, revision, day = store_url(), snap.revision, snap.as_of
    entries = _entries(snap)
    found = in_background(
        snap,
        "replay",
        N_("Replaying the change log"),
        ("as was", point, day),
        lambda: (_as_was(url, revision, point, day, entries),),  # a tuple: None is a result here
    )
    return STILL_REPLAYING if found is None else found[0]


@st.cache_resource(show_spinner=False, max_entries=8)
def _arcs(url: str, revision: str, day: date, lang: Lang, _register: Register, _report: CheckReport) -> ArcGroups:
    return arc_groups(_register, _report.transfers, lang)


def transfer_arc_groups(snap: Snapshot) -> ArcGroups:
    """The transfer map's arcs (one per pair of places) and its unplaced transfers, once per revision and date."""
    return _arcs(store_url(), snap.revision, snap.as_of, session.language(), snap.register, snap.report)


def changes_between(snap: Snapshot, first: date, second: date) -> list[StatusChange] | None:
    """The transfers whose verdict differs between two as-of dates (the transfer map's comparison); None while
    the worker thread evaluates them, its progress shown in place (see ``in_background``)."""
    url, revision, register = store_url(), snap.revision, snap.register

    def compare() -> list[StatusChange]:
        before = _report_on(url, revision, first, register)
        return status_changes(before.transfers, _report_on(url, revision, second, register).transfers)

    return in_background(snap, "dates compared", N_("Evaluating the register on both dates"), (first, second), compare)


COMPARISON_TRIES = 4
"""Days tried each way for the transfer map's default comparison (each is one evaluation of the register)."""
LARGE_FOR_TRIES = 10_000
"""Above this many transfers one day is tried each way: an evaluation takes seconds there, on the worker
thread every page shares."""


def map_default_pair(snap: Snapshot) -> tuple[date, date, bool] | None:
    """The transfer map's default two dates, and whether any verdict differs between them: the day before the
    latest day a transfer's verdict (status or mechanism) changed and the as-of date; else the as-of date and
    the next day one changes; else a year back, and False. Tried on the days verdicts can change on
    (``verdict_days``); None while the worker thread tries them, its progress shown in place."""
    url, revision, register, day, facts = store_url(), snap.revision, snap.register, snap.as_of, snap.reference
    now = {hop.id: (hop.status, hop.mechanism) for hop in snap.report.transfers}
    countries = {hop.country for hop in snap.report.transfers}
    tries = 1 if len(snap.report.transfers) > LARGE_FOR_TRIES else COMPARISON_TRIES

    def differs(on: date) -> bool:
        return {hop.id: (hop.status, hop.mechanism) for hop in _report_on(url, revision, on, register).transfers} != now

    def find() -> tuple[date, date, bool]:
        past, future = verdict_days(register, facts, day, countries)
        for changed in past[:tries]:
            before = changed - timedelta(days=1)
            if differs(before):
                return before, day, True
        for coming in future[:tries]:
            if differs(coming):
                return day, coming, True
        return day - timedelta(days=365), day, False

    return in_background(snap, "dates compared", N_("Finding two dates whose verdicts differ"), ("pair", day), find)


def lineage_view(snap: Snapshot, focus: str) -> GraphView | None:
    """The lineage explorer's whole view of a focus node, once per revision, date and focus on the worker
    thread (None meanwhile, its progress shown in place). A data category's view comes from its lineage in
    the shown revision's graph, not from a store query: the store may already hold a newer revision than the
    page shows (the stores' lineages are tested equal to this one)."""
    url, revision, register, report, day = store_url(), snap.revision, snap.register, snap.report, snap.as_of
    references = snap.reference
    crossing = _crossings(url, revision, day, report)

    def trace() -> GraphView:
        graph = _graph_on_worker(url, revision, register)
        category = focus.split(":", 1)[0] == NodeType.CATEGORY.value
        with collector_paused():  # tens of thousands of acyclic objects for the largest views at 100k entities
            lineage = lineage_from_graph(graph, graph.nodes[focus]["key"]) if category else None
            return build_view(graph, focus, report, references, day, lineage, crossing)

    # the view is the page: waited for longer than a section, since showing its progress instead costs a
    # second more (the page reruns itself on the next progress tick, then the browser draws)
    return in_background(snap, "lineage view", N_("Tracing where it leads"), (day, focus), trace, VIEW_WAIT_SECONDS)


@st.cache_resource(show_spinner=False, max_entries=4)
def _crossings(url: str, revision: str, day: date, _report: CheckReport) -> dict[tuple[str, str], list[TransferHop]]:
    """The report's transfer hops by the graph edge that crosses the border, shared by every lineage view."""
    return hops_by_edge(_report)


@st.cache_resource(show_spinner=False, max_entries=4)
def _names(url: str, revision: str, _register: Register) -> dict[tuple[EntityKind, str], str]:
    return {(kind, entity.key): display_name(entity) for kind, entity in _register.all_entities()}


def entity_names(snap: Snapshot) -> dict[tuple[EntityKind, str], str]:
    """Every entity's name by (kind, key), as people read it, once per store revision."""
    return _names(store_url(), snap.revision, snap.register)


@st.cache_resource(show_spinner=False, max_entries=8)
def _as_was_table(url: str, revision: str, point: int, _register: Register) -> list[dict[str, str]]:
    return [
        {"kind": KIND_WORDS.get(kind.value, kind.singular), "name": display_name(item), "key": item.key}
        for kind, item in _register.all_entities()
    ]


def as_was_table(snap: Snapshot, point: int) -> list[dict[str, str]]:
    """The entities of the register as it was after entry ``point``, by kind and name, once per revision."""
    replayed = register_as_was(snap, point)
    assert isinstance(replayed, tuple)  # the page shows the table only for a replayed point with a register
    rows = _as_was_table(store_url(), snap.revision, point, replayed[0])
    lang = session.language()
    if lang == Lang.EN:
        return rows  # the cached rows are in English already (no copy of 100k rows on every run)
    _ = translator(lang)
    kind, name, key = _("kind"), _("name"), _("key")
    return [{kind: _(row["kind"]), name: local(row["name"], lang), key: row["key"]} for row in rows]


def due_for(snap: Snapshot, within_days: int) -> DueReport | None:
    """What is overdue and due within ``within_days`` of the snapshot's as-of date, and what breaks next;
    None while the worker thread works it out (seconds at 100k), its progress shown in place.

    The engine's report of the snapshot is reused rather than evaluated again.
    """
    facts, register, report, day = reference(), snap.register, snap.report, snap.as_of
    return in_background(
        snap,
        "due",
        N_("Working out what is due and what breaks next"),
        ("due", day, within_days),
        lambda: due_on(register, facts, day, within_days, report=report),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _counts(url: str, revision: str, day: date, within_days: int, _register: Register) -> tuple[int, int]:
    return due_counts_on(_register, reference(), day, within_days)


def due_counts_for(snap: Snapshot, within_days: int) -> tuple[int, int]:
    """How many items are overdue and due within ``within_days`` (the overview's line), without their details."""
    return _counts(store_url(), snap.revision, snap.as_of, within_days, snap.register)
