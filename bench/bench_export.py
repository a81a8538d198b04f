"""Export speed: the ROPA XLSX of 10,000 activities against a bare XlsxWriter loop over the same cells.

Run: .venv/bin/python -m bench.bench_export [--activities N] [--repeat R]
Prints both times (best of R) and their ratio; the target is a ratio of 2 or less.
"""

from __future__ import annotations

import argparse
from datetime import date

from bench.floors import raw_xlsx, ropa_cells
from bench.timing import best_of
from catalog.app.export import ExportFormat, ExportKind, render_export
from catalog.app.register import DEFAULT_SEED_DIR
from catalog.compliance.model import CheckReport, TransferBasis, TransferHop, TransferStatus
from catalog.domain.register import Register
from catalog.exporters.rows import build_table
from catalog.kernel.lang import Lang
from catalog.registerfile.register_yaml import load_register

AS_OF = date(2026, 1, 15)


def synthetic(count: int) -> tuple[Register, CheckReport]:
    """The seed register with its activities cloned up to ``count``, and US hops for the cloned web ones."""
    seed = load_register(DEFAULT_SEED_DIR)
    base = [a for a in seed.activities if a.role == "controller"]
    activities = [
        base[i % len(base)].model_copy(update={"key": f"activity-{i:05d}", "name": f"{base[i % len(base)].name} {i}"})
        for i in range(count)
    ]
    register = seed.model_copy(update={"activities": activities})
    processors = {p.key: p for p in seed.processors}
    systems = {s.key: s for s in seed.systems}
    by_processor: dict[str, list[str]] = {}
    for activity in activities:
        for key in activity.systems:
            operator = systems[key].operator
            if operator and "US" in processors[operator].processing_locations:
                by_processor.setdefault(operator, []).append(activity.key)
    hops = [
        TransferHop(
            id=f"controller->processor:{key}@US",
            exporter="controller",
            exporter_name=seed.organisation.name,
            exporter_role="controller",
            importer=f"processor:{key}",
            importer_name=processors[key].legal_name,
            importer_role="processor",
            country="US",
            onward=False,
            data_categories=[],
            activities=sorted(keys),
            safeguards=list(processors[key].safeguards),
            basis=TransferBasis.INVALID_SAFEGUARD,
            status=TransferStatus.NOT_VALID,
            status_reason="The SCC decision is not stated.",
            path=[],
        )
        for key, keys in sorted(by_processor.items())
    ]
    return register, CheckReport(as_of=AS_OF, transfers=hops, findings=[])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register, report = synthetic(args.activities)
    cells = ropa_cells(register, report)
    ours = best_of(lambda: render_export(ExportKind.ROPA, ExportFormat.XLSX, register, report), args.repeat).best
    rows_only = best_of(lambda: build_table("ropa", register, report, Lang.EN), args.repeat).best
    raw = best_of(lambda: raw_xlsx(cells), args.repeat).best
    print(f"activities: {len(cells[0]) - 1}, cells: {sum(1 for sheet in cells for row in sheet for v in row if v)}")
    print(f"catalog export ropa --format xlsx: {ours:.2f} s (of which building rows: {rows_only:.2f} s)")
    print(f"raw XlsxWriter loop, same cells:   {raw:.2f} s")
    print(f"ratio: {ours / raw:.2f} (target <= 2.00)")


if __name__ == "__main__":
    main()
