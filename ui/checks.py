"""Loading and checking a new revision of the register off the page's thread.

At 100k entities the first load and check after a write take about a dozen seconds. A page that ran them
itself would be blank for all that time, for every reader, after anybody's write. Instead one worker
thread per server loads and checks each new revision once; a page waits for it briefly (enough for a
register of some thousand entities, so those never see the difference), then shows the last revision
already checked on the same date, says so, shows the progress, and refreshes itself when the new one is
ready. Nothing on such a page can be edited: edits start from the newest revision only.

Every job opens its own connection to the store: a page's writes on the shared one must never be seen
half-done by the load, and a load is retried when a write lands while it reads.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.reference import ReferenceData
from catalog.store import open_store

KEPT_JOBS = 8
"""Jobs (revision and date) whose results stay in memory; a 100k register is about a gigabyte."""
LOAD_ATTEMPTS = 3
"""Loads retried when a write lands while the register is read (the revision moved under the read)."""


@dataclass(frozen=True)
class Checked:
    """One revision of the register and its report on one date."""

    revision: str
    day: date
    register: Register
    report: CheckReport
    seconds: float


@dataclass
class CheckJob:
    """The load and check of one revision on one date; ``phase`` says what it is doing now."""

    url: str
    revision: str
    day: date
    future: Future[Checked] = field(default_factory=Future)
    phase: str = "waiting for the previous check to finish"
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def wait(self, seconds: float | None) -> Checked | None:
        """The result once ready (None if still running after ``seconds``); re-raises the job's error."""
        try:
            return self.future.result(timeout=seconds)
        except TimeoutError:
            return None


class BackgroundChecks:
    """The server's one checking thread and what it has produced, shared by every session."""

    def __init__(self, reference: ReferenceData) -> None:
        self._reference = reference
        self._lock = threading.Lock()
        # One worker: two checks at once would only share the interpreter, and memory, and finish later.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="register-check")
        self._jobs: OrderedDict[tuple[str, str, date], CheckJob] = OrderedDict()
        self._newest: dict[tuple[str, date], Checked] = {}  # the newest ready revision per store and date

    def job(self, url: str, revision: str, day: date) -> CheckJob:
        """The job for ``revision`` on ``day``, started on first request; a failed one is started afresh."""
        key = (url, revision, day)
        with self._lock:
            found = self._jobs.get(key)
            if found is not None and not (found.future.done() and found.future.exception() is not None):
                self._jobs.move_to_end(key)
                return found
            job = self._jobs[key] = CheckJob(url, revision, day)
            while len(self._jobs) > KEPT_JOBS:
                self._jobs.popitem(last=False)
        self._executor.submit(self._run, job)
        return job

    def ready(self, url: str, revision: str, day: date) -> Checked | None:
        """The finished result for ``revision`` on ``day``, if there is one."""
        with self._lock:
            found = self._jobs.get((url, revision, day))
        if found is None or not found.future.done() or found.future.exception() is not None:
            return None
        return found.future.result()

    def newest(self, url: str, day: date) -> Checked | None:
        """The newest revision already checked on ``day``: what a page shows while a newer one is checked."""
        with self._lock:
            return self._newest.get((url, day))

    def expected_seconds(self, url: str) -> float | None:
        """How long the last finished job on this store took: the progress bar's estimate."""
        with self._lock:
            times = [c.seconds for (u, _), c in self._newest.items() if u == url]
        return times[-1] if times else None

    def _register_of(self, url: str, revision: str) -> Register | None:
        """A register already loaded for ``revision`` (a check on another date needs no second load)."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            if job.url == url and job.revision == revision and job.future.done() and job.future.exception() is None:
                return job.future.result().register
        return None

    def _run(self, job: CheckJob) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        try:
            started = time.monotonic()
            revision, register = job.revision, self._register_of(job.url, job.revision)
            if register is None:
                job.phase = "loading the register"
                revision, register = _load(job.url)
            job.phase = "checking every transfer on the date"
            report = evaluate(register, self._reference, job.day)
            checked = Checked(revision, job.day, register, report, time.monotonic() - started)
        except BaseException as error:  # handed to the page that waits for it, which reports it
            job.future.set_exception(error)
            return
        with self._lock:
            self._newest[(job.url, job.day)] = checked
        job.future.set_result(checked)


def _load(url: str) -> tuple[str, Register]:
    """The stored register and its revision, read on a connection of its own.

    A write landing during the read makes the revision unknown, so the read is retried; a write since the
    page asked only makes the result newer than asked, and it says so by its revision.
    """
    store = open_store(url)
    try:
        for _ in range(LOAD_ATTEMPTS):
            before = store.revision()
            register = store.load_register()
            if store.revision() == before:
                break
        return before, register  # a store that keeps moving: the last read is still one whole, stored register
    finally:
        store.close()
