"""Turn what a worker leaves behind into records: its events, its records, its log, its failures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from ..data import records
from ..matrix.releases import Environment
from .progress import Progress

LOG_TAIL = 20


def stamped(path: Path, digests: dict[str, str]) -> records.Record:
    """The worker's record of a cell, with its script's inputs digest added to what was requested."""
    record = records.load(path)
    digest = digests.get(record["cell"].get("script", ""))
    if digest and record["requested"].get("inputs") != digest:
        record["requested"] = {**record["requested"], "inputs": digest}
        records.write(path, record)
    return record


def settle(
    out: Path, cells: list[dict[str, Any]], requested: dict[str, Any], digests: dict[str, str]
) -> None:
    """Stamp the records of these cells that this worker wrote (they hold exactly what it was asked
    for) but whose events were never read: the run was stopped between the two."""
    for cell in cells:
        path = out / f"{cell['id']}.json"
        try:
            record = records.load(path) if path.exists() else None
        except records.RecordError:
            continue  # not this worker's: the next run replaces it
        if record is not None and record["requested"] == requested:
            stamped(path, digests)


def parse_event(line: str, log: TextIO) -> dict[str, Any]:
    """A progress event from the worker; anything else it printed goes to the log."""
    try:
        event = json.loads(line)
    except ValueError:
        event = None
    if isinstance(event, dict):
        return event
    log.write(line)
    return {}


def write_failures(
    env: Environment,
    requested: dict[str, Any],
    cells: list[dict[str, Any]],
    out: Path,
    status: str,
    message: str,
    progress: Progress,
    digests: dict[str, str] | None = None,
) -> None:
    for cell in cells:
        digest = (digests or {}).get(cell.get("script", ""))
        record = records.failure(
            cell, {**requested, **({"inputs": digest} if digest else {})}, status, message
        )
        records.write(out / f"{cell['id']}.json", record)
        progress.cell(env, record)


def tail(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-LOG_TAIL:]
