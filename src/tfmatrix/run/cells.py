"""Run one environment's worker over its cells, and record the cells it leaves without a record."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..matrix import commands
from ..matrix.releases import Environment
from . import backends
from .events import parse_event, settle, stamped, tail, write_failures
from .layout import Options
from .pool import WORKERS, Interrupted, Watchdog, finish
from .progress import Progress
from .trouble import NotRun

DOCKER_FAILED = 125  # `docker run`'s own failure: no engine, no image, no container
# Seconds of silence a worker has beyond a cell's limit (--timeout), which it enforces on each cell
# itself: time to start (a container too) and import TensorFlow once, minutes on a loaded machine.
WORKER_SLACK = 300.0


def run_cells(
    env: Environment,
    requested: dict[str, Any],
    prepared: backends.Prepared,
    cells: list[dict[str, Any]],
    out: Path,
    options: Options,
    progress: Progress,
    digests: dict[str, str] | None = None,
) -> None:
    """Run the environment's worker; cells it leaves without a record become crashes, or timeouts
    where it hung.

    The worker records the environment's spec; each record then gets its script's inputs digest
    (`digests`), so one worker serves cells of different code."""
    command = [
        *prepared.command,
        "--out", prepared.out,
        "--requested", json.dumps(requested, sort_keys=True),
        "--isolation", options.isolation,
        "--timeout", str(options.timeout),
        *(cell["id"] for cell in cells),
    ]  # fmt: skip
    variables = {**os.environ, **prepared.variables, "PYTHONHASHSEED": "0"}
    log_path = out / "_runner.log"
    log_path.write_text("", encoding="utf-8")
    with open(log_path, "a", encoding="utf-8") as log:  # appending: the worker writes here too
        try:
            process = WORKERS.start(command, stdout=subprocess.PIPE, stderr=log, text=True, env=variables)
        except Interrupted:
            return

        def finished(cell: str) -> None:
            progress.cell(env, stamped(out / f"{cell}.json", digests or {}))

        done, code, hung = follow(process, log, options.timeout + WORKER_SLACK, finished)
    if WORKERS.stopping.is_set():
        # interrupted: cells without a record simply run next time; a record the worker wrote
        # before it was stopped, its event unread, is stamped as the others, to be reused
        unread = [cell for cell in cells if cell["id"] not in done]
        settle(out, unread, requested, digests or {})
        return
    missing = [cell for cell in cells if cell["id"] not in done]
    if missing:
        status, message = why_missing(env, code, hung, options, log_path)
        write_failures(env, requested, missing, out, status, message, progress, digests)


def follow(
    process: subprocess.Popen, log: TextIO, limit: float, finished: Callable[[str], None]
) -> tuple[set[str], int | None, bool]:
    """The cells a worker finished (each told to `finished`), its exit status, and whether it hung:
    stopped after `limit` seconds without a word."""
    done = set()
    watchdog = Watchdog(process, limit)
    try:
        for line in process.stdout:
            watchdog.feed()
            event = parse_event(line, log)
            if "cell" in event:
                done.add(event["cell"])
                finished(event["cell"])
        return done, finish(process), watchdog.expired
    finally:
        watchdog.stop()
        WORKERS.done(process)


def why_missing(
    env: Environment, code: int | None, hung: bool, options: Options, log_path: Path
) -> tuple[str, str]:
    """The status and message of the cells a worker left without a record, or NotRun where the
    Docker engine, not the release, failed them."""
    if hung:
        return "timeout", (
            f"the environment's worker printed nothing for {options.timeout + WORKER_SLACK:g} s "
            f"(--timeout {options.timeout:g} s per cell, plus {WORKER_SLACK:g} s to start) and was stopped "
            "before this cell finished; run the cell alone with its --cell command | "
            + " | ".join(tail(log_path))
        )
    if env.backend == "docker" and code == DOCKER_FAILED:
        raise NotRun(  # the engine, not the release: the container never ran the cells
            f"`docker run` failed (status {code}): " + " | ".join(tail(log_path)[-3:]),
            commands.run_environment(env, "docker"),
        )
    return "crash", f"the environment's runner exited with status {code}: " + " | ".join(tail(log_path))
