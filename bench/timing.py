"""Timing, memory and machine facts shared by the benchmarks. Figures are printed, never asserted."""

from __future__ import annotations

import json
import math
import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Timing:
    """The best of some runs of one measurement, and how many runs there were."""

    best: float
    runs: int


def best_of(
    fn: Callable[[], object],
    repeat: int,
    before: Callable[[], object] | None = None,
    budget: float = math.inf,
) -> Timing:
    """Run ``fn`` up to ``repeat`` times (``before`` untimed ahead of each) and keep the fastest.

    After the first run, no new run starts once ``budget`` seconds of timed runs are spent, so a
    measurement that takes minutes at 100k entities runs once while the small ones run ``repeat`` times.
    """
    times: list[float] = []
    while len(times) < max(1, repeat) and (not times or sum(times) < budget):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return Timing(min(times), len(times))


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` 0.5 for the median, 0.95 for p95) of at least one value."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def status_kib(field: str, pid: int | str = "self") -> int | None:
    """A ``kB`` field of /proc/<pid>/status (``VmHWM`` is the peak resident set), or None off Linux."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


def peak_rss_mib(pid: int | str = "self") -> float | None:
    """The peak resident set size of a process in MiB (this one by default)."""
    kib = status_kib("VmHWM", pid)
    if kib is None and pid == "self":
        import resource  # not on every platform; ru_maxrss is KiB on Linux

        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return None if kib is None else kib / 1024


def machine_info() -> dict[str, Any]:
    """What the figures were measured on, and how busy the machine was."""
    memory_kib = None
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    except OSError:
        pass
    cpu_model = None
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="ascii").splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count() or 0,
        "cpu_model": cpu_model,
        "memory_gib": None if memory_kib is None else round(memory_kib / 1024 / 1024, 1),
        "load_average": load_average(),
    }


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (other work on a shared machine skews figures)."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def write_results(folder: Path, name: str, benchmark: str, body: dict[str, Any]) -> Path:
    """A stage's results as ``folder/name``: the benchmark's name and this machine first, then ``body``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    document = {"benchmark": benchmark, "machine": machine_info(), **body}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"Results: {path}")
    return path
