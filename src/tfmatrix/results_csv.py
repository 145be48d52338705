"""The published table, reports/results.csv and the cells' runs beside it, reports/history.csv:
every row checked as it is read, written deterministically."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from . import stable
from .catalogue import Catalogue
from .outcome import Outcome
from .records import RecordError
from .releases import Keras
from .tidy import COLUMNS, FLOATS, HISTORY, INTEGERS, KEY, PUBLISHED, seen_of, typed, value
from .versions import version_key


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
        **{("cell", name): known[name] for name in ("mode", "experiment", "variant")},
        ("requested", "keras"): known["keras"],
    }


# Columns added after the first tables were published, and the value each older row reads as.
ADDED_LATER = {"inputs": "", "runs": "1", "seen": "", "probes": ""}
# What a cell reads as where history.csv has no row for it (or there is no history.csv).
UNRECORDED = {**ADDED_LATER, "started": "", "seconds": ""}
HISTORY_CSV = "history.csv"  # beside results.csv; tables written before it hold its columns themselves
WHOLE = re.compile(r"-?[0-9]+")
NOT_UTF8 = re.compile("[\udc80-\udcff]")  # the bytes surrogateescape kept
CSV_FIX = "restore it with `git checkout {path}`, or drop the rows that cannot be read with `--skip-bad`"


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
    header, rows, problems = _read(path, required, names(catalogue))
    _refuse(path, problems, skip_bad)
    if not set(HISTORY) & set(header):
        history = path.with_name(HISTORY_CSV)
        header, rows, more = _with_history(header, rows, history)
        _refuse(history, more, skip_bad)
        problems += more
    return _table(rows, header), problems


def _refuse(path: Path, problems: list[str], skip_bad: bool) -> None:
    """RecordError naming the first row of `path` that cannot be read and the fix, unless skip_bad."""
    if problems and not skip_bad:
        more = f" (and {len(problems) - 1} more rows)" if len(problems) > 1 else ""
        raise RecordError(f"{problems[0]}{more}; {CSV_FIX.format(path=path)}")


def _read(
    path: Path, required: list[str], known: dict[str, list[str]]
) -> tuple[list[str], list[list[str]], list[str]]:
    """The header, the rows that can be read and `<file>, line <n>: <why>` for each that cannot."""
    try:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        raise RecordError(f"{path}: unreadable ({exc}); {CSV_FIX.format(path=path)}") from None
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    header = _header(path, lines[0], required)
    return (header, *_rows(path, lines, header, known))


def _with_history(
    header: list[str], rows: list[list[str]], path: Path
) -> tuple[list[str], list[list[str]], list[str]]:
    """The rows with each cell's history from `path` joined on; a cell it has no row for (or no
    file) reads as one run, of unknown time."""
    if not path.exists():
        return header, rows, []
    found, runs, problems = _read(path, KEY, {})
    columns = [name for name in HISTORY if name in found]
    by_key = {tuple(row[found.index(name)] for name in KEY): row for row in runs}
    unknown = [UNRECORDED[name] for name in columns]
    key = [header.index(name) for name in KEY]
    joined = []
    for row in rows:
        past = by_key.get(tuple(row[index] for index in key))
        joined.append(row + ([past[found.index(name)] for name in columns] if past else unknown))
    return header + columns, joined, problems


def _header(path: Path, line: str, required: list[str]) -> list[str]:
    """The column names, or RecordError: without them no row can be read."""
    try:
        names = _fields(line)
    except csv.Error:
        names = []
    missing = [name for name in required if name not in names]
    twice = [name for name in dict.fromkeys(names) if names.count(name) > 1]
    if not names:
        why = "no header"
    elif missing:
        why = f"no column {', '.join(missing)}"
    elif twice:
        why = f"column {twice[0]} twice"
    else:
        return names
    raise RecordError(
        f"{path}, line 1: {why}; it was written by another tfmatrix version or damaged: "
        f"restore it with `git checkout {path}` or regenerate it with `nox -s matrix`"
    )


def _rows(
    path: Path, lines: list[str], header: list[str], known: dict[str, list[str]]
) -> tuple[list[list[str]], list[str]]:
    """The rows that can be read, and `<file>, line <n>: <why>` for each that cannot."""
    rows: list[list[str]] = []
    problems: list[str] = []
    first: dict[tuple[str, ...], int] = {}  # each cell's key -> the line it was first read on
    key = [header.index(name) for name in KEY]
    for number, fields, why in _split(lines, len(header)):
        why = why or _problem(dict(zip(header, fields)), known)
        if not why:
            at = first.setdefault(tuple(fields[index] for index in key), number)
            why = f"repeats the cell of line {at}" if at != number else ""
        if why:
            problems.append(f"{path}, line {number}: {why}")
        else:
            rows.append(fields)
    return rows, problems


def _split(lines: list[str], width: int) -> Iterator[tuple[int, list[str], str]]:
    """Each row's first line number, fields and why they cannot be read ('' when they can). A quoted
    value may span lines only where that yields a whole row: a stray quote spoils its own line alone."""
    index = 1
    while index < len(lines):
        text, span = lines[index], 1
        while text.count('"') % 2 and index + span < len(lines):
            text, span = f"{text}\n{lines[index + span]}", span + 1
        fields, why = _parsed(text, width)
        if span > 1 and why:
            fields, why, span = [], "a quoted value is not closed", 1
        if index + span == len(lines) and text:
            why = "cut short: the file ends in the middle of this row (no newline after it)"
        if text:
            yield index + 1, fields, why
        index += span


def _parsed(text: str, width: int) -> tuple[list[str], str]:
    """The fields of one row, and why they cannot be read ('' when they can)."""
    if NOT_UTF8.search(text):
        return [], "not UTF-8 text"
    if text.count('"') % 2:
        return [], "a quoted value is not closed"
    try:
        fields = _fields(text)
    except csv.Error as exc:
        return [], f"not CSV ({exc})"
    if len(fields) != width:
        return [], f"{len(fields)} value{'' if len(fields) == 1 else 's'} where the header has {width}"
    return fields, ""


def _fields(text: str) -> list[str]:
    return next(csv.reader([text], strict=True), [])


def _problem(values: dict[str, str], known: dict[str, list[str]]) -> str:
    """Why the reports cannot use a row's values, or ''."""
    for name in KEY:
        if not values[name]:
            return f"{name} is empty"
    for name, vocabulary in known.items():
        if values[name] not in vocabulary:
            return f"{name} {values[name]!r} is not one of {', '.join(vocabulary)}"
    for name in INTEGERS:
        text = values.get(name, UNRECORDED.get(name, ""))
        if not _is_whole(text, positive=name == "runs"):
            return f"{name} {text!r} is not a whole number" + (" above 0" if name == "runs" else "")
    for name in FLOATS:
        if values.get(name) and not _is_float(values[name]):
            return f"{name} {values[name]!r} is not a number"
    if "tensorflow" in values and not _is_version(values["tensorflow"]):
        return f"tensorflow {values['tensorflow']!r} is not a version"
    if not _is_seen(values.get("seen", "")):
        return f"seen {values['seen']!r} is not a JSON object of counts"
    return ""


def _is_whole(text: str, positive: bool) -> bool:
    """A whole number (above 0 where positive), or empty where it need not be positive."""
    if not text:
        return not positive
    return WHOLE.fullmatch(text) is not None and (not positive or int(text) > 0)


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_version(text: str) -> bool:
    try:
        version_key(text)
    except ValueError:
        return False
    return True


def _is_seen(text: str) -> bool:
    try:
        counts = json.loads(text) if text else {}
    except ValueError:
        return False
    return isinstance(counts, dict) and all(type(count) is int for count in counts.values())


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


def history_text(table: pd.DataFrame) -> str:
    """reports/history.csv: each cell's runs, in the table's order."""
    return table[[*KEY, *HISTORY]].to_csv(index=False, lineterminator="\n")


def files(table: pd.DataFrame) -> dict[str, str]:
    """The files of reports/ that hold the table, by name."""
    return {"results.csv": text(table), HISTORY_CSV: history_text(table)}


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """The table at `path`, its history beside it."""
    path.write_text(text(table), encoding="utf-8")
    path.with_name(HISTORY_CSV).write_text(history_text(table), encoding="utf-8")
