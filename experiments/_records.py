"""The record contract, one file for both sides: the experiments' harness writes records
with it inside every environment, and the host (src/tfmatrix/_records.py is a link to this
file) reads and writes them with it. Standard library only; runs on Python 3.6.
"""

import json
import os
import time

SCHEMA = 1
REQUIRED = ("schema", "cell", "requested", "observed", "status", "error", "evidence", "seconds")
STATUSES = ("ok", "raised", "crash", "timeout", "install_failed")


def new(cell, requested, observed, started=None):
    """A record with no outcome yet: what ran, where, and when (`cell` as its description)."""
    return {
        "schema": SCHEMA,
        "cell": cell,
        "requested": requested,
        "observed": observed,
        "status": "ok",
        "error": None,
        "evidence": {"api": {}},
        "started": round(time.time() if started is None else started, 3),
    }


def failed(cell, requested, observed, status, message, lines=(), seconds=0.0):
    """The record of a cell that never finished: its process died or hung, or its environment
    could not be built. `lines`: the last words it printed."""
    record = new(cell, requested, observed, started=time.time() - seconds)
    record.update(
        status=status,
        error={"type": status, "message": message, "traceback": list(lines)},
        seconds=round(seconds, 3),
    )
    return record


def dumps(record):
    """A record's text: sorted keys, UTF-8 as is, a trailing newline (the same bytes every time)."""
    return json.dumps(record, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def write(path, record):
    """Write a record atomically: a reader sees the old file or the new one, never half of one."""
    path = str(path)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(dumps(record))
    os.replace(tmp, path)


def read(path):
    """A record file's JSON (OSError, UnicodeDecodeError or ValueError where it has none)."""
    with open(str(path), encoding="utf-8") as handle:
        return json.load(handle)
