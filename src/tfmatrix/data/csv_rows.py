"""A published CSV file read row by row: every row checked, each one that cannot be used named
by its file and line. Standard library only: a run that changed nothing reads reports/ without pandas."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..matrix import versions
from .records import KEY, SHAPE, RecordError, listed

WHOLE = re.compile(r"-?[0-9]+")
NOT_UTF8 = re.compile("[\udc80-\udcff]")  # the bytes surrogateescape kept
# The columns that hold numbers: checked as they are read, typed so in the tidy table.
INTEGERS = ("bn_updates", "update_ops", "model_updates", "wired_updates", "runs")
FLOATS = ("moving_variance", "seconds")
CSV_FIX = "restore it with `git checkout {path}`, or drop the rows that cannot be read with `--skip-bad`"
# Columns holding a record's evidence as JSON, which the reports parse: each checked as the record's
# field is (records.SHAPE), '' standing for none.
JSON_EVIDENCE = {
    field[-1]: (wanted, test)
    for field, wanted, test, _ in SHAPE
    if field[0] == "evidence" and field[-1] in ("moving_mean", "losses", "probes")
}


def refuse(path: Path, problems: list[str], skip_bad: bool) -> None:
    """RecordError naming the first row of `path` that cannot be read and the fix, unless skip_bad."""
    if problems and not skip_bad:
        more = f" (and {len(problems) - 1} more rows)" if len(problems) > 1 else ""
        raise RecordError(f"{problems[0]}{more}; {CSV_FIX.format(path=path)}")


Check = Callable[[dict[str, str]], str]  # why a row's values cannot be used, or ''


def read(
    path: Path,
    required: list[str],
    known: dict[str, list[str]],
    key: list[str] = KEY,
    check: Check | None = None,
) -> tuple[list[str], list[list[str]], list[str]]:
    """The header, the rows that can be read and `<file>, line <n>: <why>` for each that cannot;
    `key` names a row's identity (a cell's by default), `check` adds a file's own rules."""
    try:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        raise RecordError(f"{path}: unreadable ({exc}); {CSV_FIX.format(path=path)}") from None
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    header = _header(path, lines[0], required)
    return (header, *_rows(path, lines, header, known, key, check))


def header(path: Path) -> list[str]:
    """The column names of a CSV file's first line ([] where it has none that can be read)."""
    try:
        with path.open(encoding="utf-8", errors="surrogateescape", newline="") as file:
            return _fields(file.readline().rstrip("\r\n"))
    except (OSError, csv.Error):
        return []


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
    path: Path,
    lines: list[str],
    header: list[str],
    known: dict[str, list[str]],
    key: list[str],
    check: Check | None,
) -> tuple[list[list[str]], list[str]]:
    """The rows that can be read, and `<file>, line <n>: <why>` for each that cannot."""
    rows: list[list[str]] = []
    problems: list[str] = []
    first: dict[tuple[str, ...], int] = {}  # each row's key -> the line it was first read on
    where = [header.index(name) for name in key]
    what = "cell" if "cell" in key else key[-1]
    for number, fields, why in _split(lines, len(header)):
        values = dict(zip(header, fields))
        why = why or _problem(values, known, key) or (check(values) if check else "")
        if not why:
            at = first.setdefault(tuple(fields[index] for index in where), number)
            why = f"repeats the {what} of line {at}" if at != number else ""
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


def _problem(values: dict[str, str], known: dict[str, list[str]], key: list[str]) -> str:
    """Why the reports cannot use a row's values, or ''."""
    for name in key:
        if not values[name]:
            return f"{name} is empty"
    for name, vocabulary in known.items():
        if values[name] not in vocabulary:
            return f"{name} {values[name]!r} is not one of {listed(vocabulary)}"
    for name in INTEGERS:
        if name not in values:
            continue  # a column the table was written without: read as its default
        text = values[name]
        if not _is_whole(text, positive=name == "runs"):
            return f"{name} {text!r} is not a whole number" + (" above 0" if name == "runs" else "")
    for name in FLOATS:
        if values.get(name) and not _is_float(values[name]):
            return f"{name} {values[name]!r} is not a number"
    for name, (wanted, test) in JSON_EVIDENCE.items():
        if values.get(name) and not _holds(values[name], test):
            return f"{name} {values[name][:40]!r} does not hold {wanted} in JSON"
    if "tensorflow" in values and not versions.valid(values["tensorflow"]):
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


def _holds(text: str, test: Callable[[object], bool]) -> bool:
    """Whether a JSON column's text parses to a value the test accepts."""
    try:
        return test(json.loads(text))
    except ValueError:
        return False


def _is_seen(text: str) -> bool:
    try:
        counts = json.loads(text) if text else {}
    except ValueError:
        return False
    return isinstance(counts, dict) and all(type(count) is int for count in counts.values())
