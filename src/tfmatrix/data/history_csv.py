"""The cells' runs on disk, compact: reports/runs.csv holds one line per environment (how many
times it ran, when last, and how often each flaky cell showed each value), reports/history.csv a
line for each cell whose runs are not its environment's (fewer, after its inputs changed, or more)
or that showed more than one value. A run of every cell that shows nothing new changes one line per
environment, and a cell's own line changes only with its inputs or a value it never showed before.

The files' one reader, with the standard library only: a run that changed nothing reads runs.csv
here without pandas (reported.py). results_csv.py writes them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from . import csv_rows
from .records import KEY

RUNS_CSV = "runs.csv"
HISTORY_CSV = "history.csv"
ENV_KEY = ["backend", "env"]
ENV_COLUMNS = [*ENV_KEY, "runs", "last_run", "flaky"]
CELL_COLUMNS = [*KEY, "behind", "shown"]
# What a cell of the tidy table reads from them: its runs, their values and counts, and the time of
# its environment's last run (a cell's own time and seconds stay in its record, in results/); a
# `seen` left empty is the cell's one value in results.csv, shown in every run.
COLUMNS = ["runs", "seen", "started", "seconds"]


def is_compact(header: Iterable[str]) -> bool:
    """Whether a history.csv header is this format's (older ones hold each cell's runs themselves)."""
    return "behind" in header


class Runs:
    """The two files of a folder, read: each cell's COLUMNS as text, by its key."""

    def __init__(self, folder: Path) -> None:
        self.envs, problems = environments(folder / RUNS_CSV)

        def check(row: dict[str, str]) -> str:
            return _cell_problem(row, self.envs.get((row["backend"], row["env"])))

        header, rows, more = csv_rows.read(folder / HISTORY_CSV, CELL_COLUMNS, {}, check=check)
        # each `<file>, line <n>: <why>`, by file
        self.problems = {folder / RUNS_CSV: problems, folder / HISTORY_CSV: more}
        self.cells = {
            tuple(fields[header.index(name)] for name in KEY): dict(zip(header, fields)) for fields in rows
        }

    def columns(self, key: tuple[str, ...]) -> list[str] | None:
        """The cell's COLUMNS, or None where its environment has no line in runs.csv."""
        if key[:2] not in self.envs:
            return None
        runs, last, flaky = self.envs[key[:2]]
        row = self.cells.get(key)
        if row is None:
            return [str(runs), "", last, ""]
        count, shown = runs - int(row["behind"]), json.loads(row["shown"])
        counts = flaky[row["cell"]] if len(shown) > 1 else {shown[0]: count}
        return [str(count), json.dumps(counts, sort_keys=True), last, ""]


Environment = tuple[int, str, dict[str, dict[str, int]]]  # runs, last run, flaky cells' counts


def environments(path: Path) -> tuple[dict[tuple[str, str], Environment], list[str]]:
    """Each environment's line of runs.csv, by (backend, env), and `<file>, line <n>: <why>` for each
    line that cannot be read; RecordError where the file as a whole cannot be."""
    if not path.exists():
        why = "it is missing: restore it with `git checkout` or regenerate both with `nox -s report`"
        return {}, [f"{path}: history.csv's runs are counted there, and {why}"]
    header, rows, problems = csv_rows.read(path, ENV_COLUMNS, {}, key=ENV_KEY, check=_env_problem)
    found = {}
    for fields in rows:
        row = dict(zip(header, fields))
        found[row["backend"], row["env"]] = (int(row["runs"]), row["last_run"], _flaky(row["flaky"]))
    return found, problems


def _flaky(text: str) -> dict[str, dict[str, int]]:
    return json.loads(text) if text else {}


def _env_problem(row: dict[str, str]) -> str:
    try:
        flaky = _flaky(row["flaky"])
    except ValueError:
        flaky = None
    good = isinstance(flaky, dict) and all(
        isinstance(counts, dict) and counts and all(type(n) is int and n > 0 for n in counts.values())
        for counts in flaky.values()
    )
    return "" if good else f"flaky {row['flaky']!r} is not a JSON object of cells' counts"


def _cell_problem(row: dict[str, str], env: Environment | None) -> str:
    """Why a cell's line cannot be read against its environment's, or ''."""
    if env is None:
        return f"its environment {row['backend']} {row['env']} has no line in {RUNS_CSV}"
    try:
        behind, shown = int(row["behind"]), json.loads(row["shown"])
    except ValueError:
        return f"behind {row['behind']!r} or shown {row['shown']!r} cannot be read"
    if not (isinstance(shown, list) and shown and all(isinstance(value, str) for value in shown)):
        return f"shown {row['shown']!r} is not a JSON list of the values its runs showed"
    runs, _, flaky = env
    if runs - behind < 1:
        return f"behind {behind} leaves it {runs - behind} of its environment's {runs} runs"
    counts = flaky.get(row["cell"])
    if len(shown) > 1 and (
        counts is None or sorted(counts) != shown or sum(counts.values()) != runs - behind
    ):
        return f"its counts in {RUNS_CSV} do not add up to its {runs - behind} runs of {', '.join(shown)}"
    return ""
