"""Run one environment's worker over its cells, and record the cells it leaves without a record."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from ..matrix import commands
from ..matrix.releases import Environment
from . import backends
from .events import parse_event, settle, stamped, tail, write_failures
from .layout import Options
from .pool import WORKERS, Interrupted
from .progress import Progress
from .trouble import NotRun

DOCKER_FAILED = 125  # `docker run`'s own failure: no engine, no image, no container


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
    """Run the environment's worker; cells it leaves without a record become crashes.

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
    done = set()
    log_path.write_text("", encoding="utf-8")
    with open(log_path, "a", encoding="utf-8") as log:  # appending: the worker writes here too
        try:
            process = WORKERS.start(command, stdout=subprocess.PIPE, stderr=log, text=True, env=variables)
        except Interrupted:
            return
        try:
            for line in process.stdout:
                event = parse_event(line, log)
                if "cell" in event:
                    done.add(event["cell"])
                    progress.cell(env, stamped(out / f"{event['cell']}.json", digests or {}))
            code = process.wait()
        finally:
            WORKERS.done(process)
    if WORKERS.stopping.is_set():
        # interrupted: cells without a record simply run next time; a record the worker wrote
        # before it was stopped, its event unread, is stamped as the others, to be reused
        unread = [cell for cell in cells if cell["id"] not in done]
        settle(out, unread, requested, digests or {})
        return
    missing = [cell for cell in cells if cell["id"] not in done]
    if missing and env.backend == "docker" and code == DOCKER_FAILED:
        raise NotRun(  # the engine, not the release: the container never ran the cells
            f"`docker run` failed (status {code}): " + " | ".join(tail(log_path)[-3:]),
            commands.run_environment(env, "docker"),
        )
    if missing:
        message = f"the environment's runner exited with status {code}: " + " | ".join(tail(log_path))
        write_failures(env, requested, missing, out, "crash", message, progress, digests)
