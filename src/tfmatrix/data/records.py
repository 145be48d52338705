"""Records: one JSON file per cell at results/<backend>/<env-id>/<cell-id>.json."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from ..matrix import versions
from . import _records
from ._records import REQUIRED, SCHEMA, STATUSES, read
from ._records import write as write  # the one writer, shared with the harness

FIX = "delete it and re-run its environment"
KEY = ["backend", "env", "cell"]  # a cell's identity: its record's path, the key of its history and table

Record = dict[str, Any]
MISSING = object()  # a field left out, told apart from one that is null
Field = tuple[str, ...]  # a field of a record: ("seconds",), ("cell", "mode")
Known = Mapping[
    tuple[str, str], Collection[str]
]  # the values a field may take, for fields of a closed vocabulary


class RecordError(ValueError):
    """A record file that cannot be used; the message names the file and what to do."""


def _object(value: Any) -> bool:
    return type(value) is dict


def _text(value: Any) -> bool:
    return type(value) is str


def _number(value: Any) -> bool:
    return type(value) in (int, float)


def _timestamp(value: Any) -> bool:
    return value is None or (_number(value) and 0 <= value < 1e10)


def _null_or_object(value: Any) -> bool:
    return value is None or type(value) is dict


def _count(value: Any) -> bool:
    return value is None or type(value) is int


def _numbers(value: Any) -> bool:
    return value is None or (type(value) is list and all(type(item) in (int, float) for item in value))


def _texts(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


# What the reports read of a record, parents before their fields: (field, what it must be, test, required).
SHAPE: tuple[tuple[Field, str, Callable[[Any], bool], bool], ...] = (
    (("status",), f"one of {', '.join(STATUSES)}", STATUSES.__contains__, True),
    (("cell",), "an object", _object, True),
    *(
        (("cell", name), "a string", _text, True)
        for name in ("id", "mode", "experiment", "variant", "data", "input")
    ),
    (("requested",), "an object", _object, True),
    *((("requested", name), "a string", _text, True) for name in ("env", "backend", "python", "keras")),
    (("requested", "tensorflow"), "a version such as 2.16.2", versions.valid, True),
    (("requested", "requirements"), "a list of strings", _texts, False),
    (("requested", "inputs"), "a string", _text, False),
    (("observed",), "an object", _object, True),
    (("error",), "null or an object with type and message strings", _null_or_object, True),
    (("error", "type"), "a string", _text, True),
    (("error", "message"), "a string", _text, True),
    (("evidence",), "an object", _object, True),
    *(
        (("evidence", name), "a whole number or null", _count, False)
        for name in ("update_ops", "model_updates", "wired_updates")
    ),
    *(
        (("evidence", name), "a list of numbers or null", _numbers, False)
        for name in ("moving_variance", "moving_mean", "losses")
    ),
    (("evidence", "probes"), "an object", _object, False),
    (("seconds",), "a number", _number, True),
    (("started",), "a time in seconds since 1970, or null", _timestamp, False),
)
SCALARS = (type(None), bool, int, float, str)  # shown as they are in the file; lists and objects by kind
KINDS = {list: "a list", dict: "an object"}
LISTED = 12  # the most names a message lists: every experiment id, not every cell id


def validate(record: object, path: Path, known: Known | None = None) -> Record:
    """The record itself, or RecordError naming the file, the field that is wrong and what to do."""
    if not isinstance(record, dict):
        raise RecordError(f"{path}: not a JSON object; {FIX}")
    if record.get("schema") != SCHEMA:
        raise RecordError(
            f"{path}: schema {record.get('schema')!r}, this tfmatrix reads schema {SCHEMA}; "
            "re-run its environment with `nox -s matrix -- --tf <release>`"
        )
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        raise RecordError(f"{path}: missing {', '.join(missing)}; {FIX}")
    problem = shape_problem(record) or name_problem(record, known or {})
    if problem:
        raise RecordError(f"{path}: {problem}; {FIX}")
    return record


def shape_problem(record: Record) -> str | None:
    """What is wrong with the first field of the wrong shape, or None: a few type checks per record."""
    for field, wanted, test, required in SHAPE:
        holder = record[field[0]] if len(field) == 2 else record  # the parent passed its check before
        if holder is None or (field[-1] not in holder and not required):
            continue  # under an error that is null, or an optional field left out
        value = holder.get(field[-1], MISSING)
        if not test(value):
            return f"{'.'.join(field)} is {_shown(value, wanted)}"
    return None


def _shown(value: Any, wanted: str) -> str:
    if value is MISSING:
        return "missing"
    shown = json.dumps(value)[:40] if type(value) in SCALARS else KINDS.get(type(value), type(value).__name__)
    return f"{shown}, not {wanted}"


def name_problem(record: Record, known: Known) -> str | None:
    """The first field whose value is not one of its vocabulary's, or None."""
    for (parent, name), values in known.items():
        value = record[parent][name]
        if value not in values:
            return f"{parent}.{name} is {json.dumps(value)}, which this tfmatrix does not know ({listed(values)})"
    return None


def listed(names: Collection[str]) -> str:
    """A vocabulary as a message shows it: whole when short, its first names and its size when long
    (the cells number hundreds)."""
    names = list(names)
    if len(names) <= LISTED:
        return ", ".join(names)
    return f"{', '.join(names[:3])}, ... ({len(names)} in all)"


def load(path: Path, known: Known | None = None) -> Record:
    try:
        record = read(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RecordError(f"{path}: unreadable ({exc}); {FIX}") from None
    return validate(record, path, known)


def load_all(
    results: Path, skip_bad: bool = False, known: Known | None = None
) -> tuple[list[Record], list[str]]:
    """Every record under results/<backend>/<env>/, and the problems of those skipped (skip_bad only)."""
    records, problems = [], []
    for path in sorted(results.glob("*/*/*.json")):
        try:
            records.append(load(path, known))
        except RecordError as exc:
            if not skip_bad:
                raise
            problems.append(str(exc))
    return records, problems


def failure(cell: dict[str, Any], requested: dict[str, Any], status: str, message: str) -> Record:
    """The record of a cell that never ran: its environment failed to build or its runner died."""
    return _records.failed(cell, requested, {}, status, message)
