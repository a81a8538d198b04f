"""Loading and checking a new revision of the register, and a page's other long work, off its thread.

At 100k entities the first load and check take about a dozen seconds, and some sections
evaluate the register again (two dates compared, what breaks next, the history's replays). A page that
ran them itself would be blank for all that time. Instead one worker thread per server does such work
once per revision, each result shared by every session; a page waits for it briefly (enough for a
register of some thousand entities, so those never see the difference), then shows what it has with the
progress of the rest and reruns itself when the work is done.

After a save the worker does not load the register again: it keeps the last check per store and date
and follows the store's change log (``catalog.app.kept_check``), reading only the entities written since
and re-judging what they touch; an import of thousands of entities, another store or a new day is loaded
whole.

The main check comes first: work for a section waits while a new revision is to be checked. One thread
only, because two at once would share one interpreter (and memory) and both finish later.

Every check opens its own connection to the store: a page's writes on the shared one must never be seen
half-done by the load, and a load is retried when a write lands while it reads.
"""

from __future__ import annotations

import importlib
import itertools
import queue
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from catalog.app.kept_check import KeptCheck
from catalog.app.language import N_
from catalog.app.review import CheckReport
from catalog.app.stores import open_store
from catalog.domain.register import Register
from catalog.reference import ReferenceData
from ui.components.roles import read_only_instance

T = TypeVar("T")

KEPT_CHECKS = 4
"""Checks whose register and report stay in memory (a 100k register and its report take about a gigabyte)."""
KEPT_FOLLOWED = 2
"""Checks followed from the change log after writes (stores and dates a page is looking at now)."""
KEPT_SECTIONS = 8
"""Sections' results kept (a replayed register is as large as the register)."""
LOAD_ATTEMPTS = 3
"""Loads retried when a write lands while the register is read (the revision moved under the read)."""
SWITCH_INTERVAL_SECONDS = 0.0005
"""How soon a page's thread gets the interpreter back from a computing worker (Python's default is 5 ms).
Each file or socket call of a page gives the interpreter up and waits for its turn: importing the lineage
explorer's graph component stats thousands of files, which took 2.7 to 3.1 s at the default while the
worker built a 100k register's graph, and 0.8 to 0.9 s at this interval."""
_CHECK, _SECTION, _IDLE = 0, 1, 2  # queue priorities: a new revision's check, then sections, then warming up


@dataclass(frozen=True)
class Checked:
    """One revision of the register and its report on one date."""

    revision: str
    day: date
    register: Register
    report: CheckReport


@dataclass
class Job(Generic[T]):
    """One piece of background work; ``phase`` says what it is doing now, for the progress line."""

    kind: str
    phase: str = N_("waiting for the work before it")
    future: Future[T] = field(default_factory=Future)
    started: float = field(default_factory=time.monotonic)
    began: float | None = None
    """When the worker began it (None: still queued)."""

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def failed(self) -> bool:
        return self.future.done() and self.future.exception() is not None

    def wait(self, seconds: float | None) -> T | None:
        """The result once ready (None if still running after ``seconds``); re-raises the job's error."""
        try:
            return self.future.result(timeout=seconds)
        except TimeoutError:
            return None


@dataclass
class CheckJob(Job[Checked]):
    """The load and check of one revision of one store on one date."""

    url: str = ""
    revision: str = ""
    day: date = date.min


class BackgroundWork:
    """The server's one worker thread and what it has produced, shared by every session."""

    def __init__(self, reference: ReferenceData) -> None:
        self._reference = reference
        self._lock = threading.Lock()
        self._queue: queue.PriorityQueue[tuple[int, int, Job[Any], Callable[[Job[Any]], Any]]] = queue.PriorityQueue()
        self._order = itertools.count()  # first come, first served within a priority
        self._jobs: OrderedDict[Hashable, Job[Any]] = OrderedDict()
        self._newest: dict[tuple[str, date], Checked] = {}  # the newest revision checked per store and date
        # The check followed after writes, per store and date (only the worker thread touches it).
        self._kept: OrderedDict[tuple[str, date], KeptCheck] = OrderedDict()
        self.full_loads = 0
        """Registers loaded whole: a save is followed from the change log without one."""
        self._seconds: dict[str, float] = {}  # how long the last job of each kind took: the progress estimates
        self._unfinished = 0  # jobs queued or running
        self._running: Job[Any] | None = None
        self._idle = threading.Condition(self._lock)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_SECONDS))
        # A daemon: a server stopping mid-check has nothing to save (results live in memory only).
        threading.Thread(target=self._serve, name="register-check", daemon=True).start()

    # --- the main check ----------------------------------------------------------------------------

    def check(self, url: str, revision: str, day: date) -> CheckJob:
        """The load and check of ``revision`` on ``day``, started on first request."""
        fresh = CheckJob("check", url=url, revision=revision, day=day)
        found = self._job(("check", url, revision, day), fresh, _CHECK, self._run_check)
        assert isinstance(found, CheckJob)
        return found

    def ready(self, url: str, revision: str, day: date) -> Checked | None:
        """The finished check of ``revision`` on ``day``, if there is one."""
        with self._lock:
            found = self._jobs.get(("check", url, revision, day))
        if found is None or not found.future.done() or found.failed:
            return None
        checked: Checked = found.future.result()
        return checked

    def newest(self, url: str, day: date) -> Checked | None:
        """The newest revision already checked on ``day``: what a page shows while a newer one is checked."""
        with self._lock:
            return self._newest.get((url, day))

    # --- a section's work --------------------------------------------------------------------------

    def section(self, key: Hashable, kind: str, compute: Callable[[], T]) -> Job[T]:
        """``compute``'s result for ``key`` (computed once, after any pending check), started on first request."""

        def run(job: Job[T]) -> T:
            job.phase = N_("working")
            return compute()

        return self._job(("section", kind, key), Job(kind), _SECTION, run)

    def with_kept(
        self, url: str, revision: str, day: date, key: Hashable, kind: str, compute: Callable[[KeptCheck | None], T]
    ) -> Job[T]:
        """``compute`` run on the worker with the check it keeps for ``url`` on ``day`` when that is at
        ``revision`` (else None): an import's preview planned on it loads and checks nothing again. Only the
        worker touches a kept check, so ``compute`` must leave it as it was (``KeptCheck.preview`` does)."""

        def run(job: Job[T]) -> T:
            job.phase = N_("working")
            kept = self._kept.get((url, day))
            return compute(kept if kept is not None and kept.revision == revision else None)

        return self._job(("section", kind, url, revision, day, key), Job(kind), _SECTION, run)

    def expected_seconds(self, kind: str) -> float | None:
        """How long the last finished job of this kind took (None: none yet)."""
        with self._lock:
            return self._seconds.get(kind)

    def may_finish_within(self, job: Job[Any], seconds: float) -> bool:
        """Whether ``job`` can be done within ``seconds``, by the last durations of its kind and of the job
        running ahead of it (unknown durations count as none: worth waiting for). A page does not wait for
        what cannot be ready in time: it shows its progress at once."""
        with self._lock:
            running, now = self._running, time.monotonic()
            needed = self._left(job, now)
            if running is not None and running is not job:
                needed += self._left(running, now)
        return needed < seconds

    def _left(self, job: Job[Any], now: float) -> float:
        last = self._seconds.get(_timing_kind(job))
        if last is None:
            return 0.0
        return max(last - (now - job.began), 0.0) if job.began is not None else last

    def warm_up(self, modules: tuple[str, ...]) -> None:
        """Import ``modules`` once nothing else waits, so that the first page drawing with them does not
        (pandas alone takes half a second); a check or section asked for meanwhile waits at most for one."""

        def run(job: Job[None]) -> None:
            for module in modules:
                job.phase = f"importing {module}"
                importlib.import_module(module)

        self._job(("warm-up", modules), Job("warm-up"), _IDLE, run)

    # --- the worker --------------------------------------------------------------------------------

    def _job(self, key: Hashable, fresh: Job[T], priority: int, run: Callable[[Job[T]], T]) -> Job[T]:
        with self._lock:
            found = self._jobs.get(key)
            if found is not None and not found.failed:  # a failed job is started afresh by the next request
                self._jobs.move_to_end(key)
                return found
            self._jobs[key] = fresh
            self._forget_oldest(CheckJob, KEPT_CHECKS)
            self._forget_oldest(Job, KEPT_SECTIONS)
            self._unfinished += 1
        self._queue.put((priority, next(self._order), fresh, run))
        return fresh

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no job is queued or running (False: still busy after ``timeout`` seconds)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)

    def _forget_oldest(self, kind: type[Job[Any]], kept: int) -> None:
        """Drop the least recently asked jobs of ``kind`` (checks, or sections) beyond ``kept``."""
        mine = [key for key, job in self._jobs.items() if type(job) is kind]
        for key in mine[: max(len(mine) - kept, 0)]:
            del self._jobs[key]

    def _serve(self) -> None:
        while True:
            _, _, job, run = self._queue.get()
            try:
                self._settle(job, run)
            finally:
                with self._idle:
                    self._unfinished -= 1
                    if self._unfinished == 0:
                        self._idle.notify_all()

    def _settle(self, job: Job[T], run: Callable[[Job[T]], T]) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        with self._lock:
            job.began, self._running = time.monotonic(), job
        try:
            result = run(job)
        except BaseException as error:  # handed to the page that waits for it, which reports it
            job.future.set_exception(error)
            return
        finally:
            with self._lock:
                self._running = None
        with self._lock:
            self._seconds[_timing_kind(job)] = time.monotonic() - (job.began or 0.0)
        job.future.set_result(result)

    def _run_check(self, job: Job[Checked]) -> Checked:
        assert isinstance(job, CheckJob)
        kept = self._followed(job)
        if kept is None:
            revision, register = job.revision, self._register_of(job.url, job.revision)
            if register is None:
                job.phase = N_("loading the register")
                revision, register = _load(job.url)
                self.full_loads += 1
            job.phase = N_("checking every transfer on the date")
            kept = KeptCheck(revision, register, self._reference, job.day)
            self._keep(job.url, kept)
        checked = Checked(kept.revision, job.day, kept.register, kept.report)
        with self._lock:
            self._newest[(job.url, job.day)] = checked
        return checked

    def _followed(self, job: CheckJob) -> KeptCheck | None:
        """The check kept for the job's store and day brought up to the store's revision from what changed
        since (a save: a few entities read, the hops they touch re-judged); None when it must be made anew."""
        kept = self._kept.pop((job.url, job.day), None)  # garbage before a new load if it cannot follow
        if kept is None:
            return None
        job.phase = N_("reading what changed")
        store = open_store(job.url, read_only=read_only_instance())
        try:
            if not kept.follow(store):
                return None
        finally:
            store.close()
        self._keep(job.url, kept)
        return kept

    def _keep(self, url: str, kept: KeptCheck) -> None:
        self._kept[(url, kept.as_of)] = kept
        self._kept.move_to_end((url, kept.as_of))
        while len(self._kept) > KEPT_FOLLOWED:
            self._kept.popitem(last=False)

    def _register_of(self, url: str, revision: str) -> Register | None:
        """A register already loaded for ``revision`` (a check on another date needs no second load)."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            same = isinstance(job, CheckJob) and (job.url, job.revision) == (url, revision)
            if same and job.future.done() and not job.failed:
                checked: Checked = job.future.result()
                return checked.register
        return None


def _timing_kind(job: Job[Any]) -> str:
    """What a job's duration is remembered under: checks per store, other work per kind."""
    return f"check {job.url}" if isinstance(job, CheckJob) else job.kind


def _load(url: str) -> tuple[str, Register]:
    """The stored register and its revision, read on a connection of its own.

    A write landing during the read makes the revision unknown, so the read is retried; a write since the
    page asked only makes the result newer than asked, and it says so by its revision.
    """
    store = open_store(url, read_only=read_only_instance())
    try:
        for _ in range(LOAD_ATTEMPTS):
            before = store.revision()
            register = store.load_register()
            if store.revision() == before:
                break
        return before, register  # a store that keeps moving: the last read is still one whole, stored register
    finally:
        store.close()
