"""The change history as files for the audit pack: JSON (whole entries) and CSV (one row per change)."""

from __future__ import annotations

import csv
import io
import json

from catalog.history.chain import ChangeEntry
from catalog.kernel.textsafety import neutralise

CSV_COLUMNS = ("seq", "at", "actor", "operation", "reason", "kind", "key", "before", "after", "hash")


def history_json(entries: list[ChangeEntry]) -> bytes:
    """Every entry with its hash, oldest first; enough to re-verify the chain offline."""
    data = [entry.model_dump(mode="json") for entry in entries]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def history_csv(entries: list[ChangeEntry]) -> bytes:
    """One row per entity change; cells a spreadsheet would run as formulas are made inert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        for change in entry.changes:
            row = [
                str(entry.seq),
                entry.at.isoformat(),
                entry.actor,
                entry.operation,
                entry.reason or "",
                change.kind,
                change.key,
                json.dumps(change.before, sort_keys=True, ensure_ascii=False) if change.before else "",
                json.dumps(change.after, sort_keys=True, ensure_ascii=False) if change.after else "",
                entry.hash,
            ]
            writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8")
