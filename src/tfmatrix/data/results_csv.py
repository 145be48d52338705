"""The published table, reports/results.csv and the cells' runs beside it, reports/history.csv:
every row checked as it is read, written deterministically."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..matrix.catalogue import Catalogue
from ..matrix.outcome import Outcome
from ..matrix.releases import Keras
from . import csv_rows, history_csv, stable
from .csv_rows import FLOATS, INTEGERS
from .history import KEY, seen_of, value, values
from .tidy import COLUMNS, HISTORY, PUBLISHED, typed


def names(catalogue: Catalogue) -> dict[str, list[str]]:
    """What reading the published table checks: a column of a closed vocabulary holds one of its
    names (the reports sort and draw by them)."""
    return {
        **catalogue.names(),
        "keras": [flavour.value for flavour in Keras],
        "outcome": [outcome.value for outcome in Outcome],
    }


def record_names(catalogue: Catalogue) -> dict[tuple[str, str], list[str]]:
    """The fields of a record that feed those columns, and their names."""
    known = names(catalogue)
    return {
        **{("cell", name): known[name] for name in ("mode", "experiment", "variant", "input", "data")},
        ("cell", "id"): known["cell"],
        ("requested", "keras"): known["keras"],
    }


# Columns added after the first tables were published, and the value each older row reads as.
ADDED_LATER = {"inputs": "", "runs": "1", "seen": "", "probes": ""}
# What a cell reads as where history.csv has no row for it (or there is no history.csv).
UNRECORDED = {**ADDED_LATER, "started": "", "seconds": ""}
HISTORY_CSV = (
    history_csv.HISTORY_CSV
)  # beside results.csv; tables written before it hold its columns themselves


def read_csv(path: Path, catalogue: Catalogue, *, skip_bad: bool = False) -> pd.DataFrame:
    """The published table, or an empty one where none was published yet (see load_csv)."""
    return load_csv(path, catalogue, skip_bad=skip_bad)[0]


def load_csv(path: Path, catalogue: Catalogue, *, skip_bad: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """The published table, joined with its history.csv, and, with skip_bad, the rows skipped as
    `<file>, line <n>: <why>`; without it RecordError names the file, the first line that cannot
    be read and the fix."""
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS), []
    required = [name for name in PUBLISHED if name not in ADDED_LATER]
    header, rows, problems = csv_rows.read(path, required, names(catalogue))
    csv_rows.refuse(path, problems, skip_bad)
    if not set(HISTORY) & set(header):
        header, rows, more = _with_history(header, rows, path.with_name(HISTORY_CSV))
        for where, found in more.items():
            csv_rows.refuse(where, found, skip_bad)
            problems += found
    return _table(rows, header), problems


def _with_history(
    header: list[str], rows: list[list[str]], path: Path
) -> tuple[list[str], list[list[str]], dict[Path, list[str]]]:
    """The rows with each cell's history from `path` (and runs.csv beside it) joined on; a cell it
    has no row for (or no file) reads as one run, of unknown time."""
    if not path.exists():
        return header, rows, {}
    key = [header.index(name) for name in KEY]
    if history_csv.is_compact(csv_rows.header(path)):
        runs = history_csv.Runs(path.parent)
        columns, problems = history_csv.COLUMNS, runs.problems
        found = [runs.columns(tuple(row[index] for index in key)) for row in rows]
    else:  # each cell's runs on its own line, as written before runs.csv (with its inputs)
        old, lines, found_problems = csv_rows.read(path, KEY, {})
        problems = {path: found_problems}
        columns = [name for name in [*HISTORY, "inputs"] if name in old and name not in header]
        by_key = {tuple(line[old.index(name)] for name in KEY): line for line in lines}
        past = [by_key.get(tuple(row[index] for index in key)) for row in rows]
        found = [[line[old.index(name)] for name in columns] if line else None for line in past]
    unknown = [UNRECORDED[name] for name in columns]
    return header + columns, [row + (more or unknown) for row, more in zip(rows, found)], problems


def _table(rows: list[list[str]], header: list[str]) -> pd.DataFrame:
    """The rows read, typed and published as frame() makes them (tables published before reprs and
    float digits were kept out are brought to it); tables written before history get one run each."""
    columns = dict(zip(header, map(list, zip(*rows)))) if rows else {name: [] for name in header}
    for name, default in UNRECORDED.items():
        columns.setdefault(name, [default] * len(rows))
    for name in INTEGERS:
        columns[name] = pd.array([int(text) if text else None for text in columns[name]], dtype="Int64")
    for name in FLOATS:
        columns[name] = pd.array([float(text) if text else None for text in columns[name]], dtype=float)
    table = stable.table(typed(pd.DataFrame({name: columns[name] for name in COLUMNS})))
    # Tables written before a NaN row lost its update count: the count goes, in the row and its history.
    diverged = table["outcome"] == Outcome.DIVERGED.value
    table.loc[diverged, "bn_updates"] = pd.NA
    table["seen"] = table["seen"].map(_without_diverged_counts)
    unseen = table["seen"] == ""
    table.loc[unseen, "seen"] = [seen_of({value(row): int(row.runs)}) for row in table[unseen].itertuples()]
    return table


def _without_diverged_counts(seen: str) -> str:
    """`seen` with every 'diverged <count>' counted as 'diverged'."""
    if not seen or "diverged " not in seen:
        return seen
    counts: dict[str, int] = {}
    for shown, count in json.loads(seen).items():
        key = Outcome.DIVERGED.value if shown.startswith(f"{Outcome.DIVERGED.value} ") else shown
        counts[key] = counts.get(key, 0) + count
    return seen_of(counts)


def text(table: pd.DataFrame) -> str:
    """The table as reports/results.csv holds it: each cell's identity, value and evidence."""
    return table[PUBLISHED].to_csv(index=False, lineterminator="\n")


def files(table: pd.DataFrame) -> dict[str, str]:
    """The files of reports/ that hold the table, by name: results.csv, and its runs beside it."""
    return {"results.csv": text(table), **history_texts(table)}


def history_texts(table: pd.DataFrame) -> dict[str, str]:
    """runs.csv and history.csv of the table, by name (history_csv.py says how they are compact):
    a function of the table alone."""
    envs, cells = [], []
    for (backend, env), group in table.groupby(history_csv.ENV_KEY, sort=False):
        runs = group["runs"].astype(int)
        common = runs.value_counts()
        most = int(max(common[common == common.max()].index))  # the larger of a tie
        flaky = {row.cell: values(row.seen) for row in group.itertuples() if len(values(row.seen)) > 1}
        last = group["started"].max()
        envs.append([backend, env, most, last, json.dumps(flaky, sort_keys=True) if flaky else ""])
        for row, count in zip(group.itertuples(), runs):
            if count != most or row.cell in flaky:
                cells.append([backend, env, row.cell, most - count, json.dumps(sorted(values(row.seen)))])
    return {
        history_csv.RUNS_CSV: _csv(envs, history_csv.ENV_COLUMNS),
        history_csv.HISTORY_CSV: _csv(cells, history_csv.CELL_COLUMNS),
    }


def _csv(rows: list[list], columns: list[str]) -> str:
    return pd.DataFrame(rows, columns=columns).to_csv(index=False, lineterminator="\n")


def published(table: pd.DataFrame) -> pd.DataFrame:
    """The table as it reads back from the files: each cell's time its environment's last run's,
    its seconds left in its record."""
    last = table.groupby(history_csv.ENV_KEY, sort=False)["started"].transform("max")
    return table.assign(started=last, seconds=float("nan"))


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """The table at `path`, its runs beside it."""
    for name, content in files(table).items():
        path.with_name(name).write_text(content, encoding="utf-8")
