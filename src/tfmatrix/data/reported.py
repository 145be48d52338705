"""Whether reports/ already shows the records a run reused, so a run that changed nothing skips the report.

Read with the standard library only: a no-change run never needs pandas.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

Key = tuple[str, str, str]  # backend, env, cell: a row of reports/history.csv


def stamp(started: float | None) -> str:
    """A record's start as history.csv writes it (to the second, UTC)."""
    if started is None:
        return ""
    return datetime.fromtimestamp(started, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def starts(path: Path, legacy: str) -> dict[Key, str] | None:
    """Each published row's start, from reports/history.csv; None when there is no readable table
    (a table of the one-file format, before history.csv, included), or a row still carries the legacy digest (the report pass gives it its script's own): then the report runs."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if any(row["inputs"] == legacy for row in rows):
            return None
        return {(row["backend"], row["env"], row["cell"]): row["started"] for row in rows}
    except (OSError, UnicodeDecodeError, KeyError, csv.Error):
        return None


def all_shown(reused: Iterable[tuple[Key, float | None]], table: Path, legacy: str) -> bool:
    """Whether every reused record is the one its published row came from, in today's digests."""
    shown = starts(table, legacy)
    return shown is not None and all(shown.get(key) == stamp(started) for key, started in reused)
