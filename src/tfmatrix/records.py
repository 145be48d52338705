"""Records: one JSON file per cell at results/<backend>/<env-id>/<cell-id>.json."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

SCHEMA = 1
REQUIRED = ("schema", "cell", "requested", "observed", "status", "error", "evidence", "seconds")
STATUSES = ("ok", "raised", "crash", "timeout", "install_failed")

Record = dict[str, Any]


class RecordError(ValueError):
    """A record file that cannot be used; the message names the file and what to do."""


def validate(record: object, path: Path) -> Record:
    """The record itself, or RecordError saying what is wrong with it."""
    if not isinstance(record, dict):
        raise RecordError(f"{path}: not a JSON object; delete it and re-run its environment")
    if record.get("schema") != SCHEMA:
        raise RecordError(
            f"{path}: schema {record.get('schema')!r}, this tfmatrix reads schema {SCHEMA}; "
            "re-run its environment with `nox -s matrix -- --tf <release>`"
        )
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        raise RecordError(f"{path}: missing {', '.join(missing)}; delete it and re-run its environment")
    if record["status"] not in STATUSES:
        raise RecordError(f"{path}: unknown status {record['status']!r}")
    return record


def load(path: Path) -> Record:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RecordError(f"{path}: unreadable ({exc}); delete it and re-run its environment") from None
    return validate(record, path)


def load_all(results: Path, skip_bad: bool = False) -> tuple[list[Record], list[str]]:
    """Every record under results/<backend>/<env>/, and the problems of those skipped (skip_bad only)."""
    records, problems = [], []
    for path in sorted(results.glob("*/*/*.json")):
        try:
            records.append(load(path))
        except RecordError as exc:
            if not skip_bad:
                raise
            problems.append(str(exc))
    return records, problems


def dump(path: Path, record: Record) -> None:
    """Write a record atomically and deterministically (sorted keys, UTF-8, newline)."""
    text = json.dumps(record, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def failure(cell: dict[str, Any], requested: dict[str, Any], status: str, message: str) -> Record:
    """The record of a cell that never ran: its environment failed to build or its runner died."""
    return {
        "schema": SCHEMA,
        "cell": cell,
        "requested": requested,
        "observed": {},
        "status": status,
        "error": {"type": status, "message": message, "traceback": []},
        "evidence": {},
        "started": round(time.time(), 3),
        "seconds": 0.0,
    }
