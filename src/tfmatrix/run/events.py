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
