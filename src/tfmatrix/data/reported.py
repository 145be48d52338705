"""Whether reports/ already shows the records a run reused, so a run that changed nothing skips the report.

Read with the standard library only: a no-change run never needs pandas.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from . import history_csv
from .records import RecordError

Key = tuple[str, str, str]  # backend, env, cell: a row of reports/results.csv


def stamp(started: float | None) -> str:
    """A record's start as the reports write it (to the second, UTC)."""
    if started is None:
        return ""
    return datetime.fromtimestamp(started, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def published(reports: Path, legacy: str) -> tuple[dict[tuple[str, str], str], set[Key]] | None:
    """Each environment's last run, from reports/runs.csv (read as the report reads it), and the cells
    of reports/results.csv; None when either cannot be read, one line of runs.csv included (or there
    is none: tables written before it), or a row still carries the legacy digest (the report pass
    gives it its script's own): then the report runs."""
    try:
        envs, problems = history_csv.environments(reports / history_csv.RUNS_CSV)
        with open(reports / "results.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if problems or any(row["inputs"] == legacy for row in rows):
            return None
        cells = {(row["backend"], row["env"], row["cell"]) for row in rows}
    except (RecordError, OSError, UnicodeDecodeError, KeyError, csv.Error):
        return None
    return {key: last_run for key, (_, last_run, _) in envs.items()}, cells


def all_shown(reused: Iterable[tuple[Key, float | None]], reports: Path, legacy: str) -> bool:
    """Whether every reused record is published: its cell has a row, and the record is no newer than
    its environment's last published run, in today's digests."""
    found = published(reports, legacy)
    if found is None:
        return False
    last, cells = found
    return all(key in cells and stamp(started) <= last.get(key[:2], "") for key, started in reused)
