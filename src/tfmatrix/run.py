"""Drive the environments: build each, run its cells, keep every outcome as a record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import backends, records, venvs
from .outcome import classify
from .releases import Environment

LOG_TAIL = 20


@dataclass(frozen=True)
class Layout:
    """Where a checkout keeps experiments, records, reports and environments."""

    root: Path
    env_root: Path | None = None  # where environments live, when not in the checkout

    @property
    def experiments(self) -> Path:
        return self.root / "experiments"

    @property
    def results(self) -> Path:
        return self.root / "results"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def envs(self) -> Path:
        return self.env_root or self.root / ".tfmatrix" / "envs"


@dataclass(frozen=True)
class Options:
    isolation: str = "fork"
    timeout: float = 300.0
    jobs: int = os.cpu_count() or 1


@dataclass
class EnvResult:
    env: Environment
    cells: int = 0
    reused: bool = False
    failed: str | None = None


@dataclass
class Progress:
    """One line per finished cell, whole lines only, with an overall count."""

    total: int
    stream: TextIO = sys.stdout
    done: int = 0
    started: float = field(default_factory=time.time)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cell(self, env: Environment, record: records.Record) -> None:
        with self.lock:
            self.done += 1
            cell = record["cell"]
            print(
                f"[{self.done:>5}/{self.total}] {env.label:<18} {cell['mode']:<8} {cell['variant']:<15} "
                f"{cell['experiment']:<3} {cell['data']:<18} {classify(record).value:<15} "
                f"{record['seconds']:6.2f}s",
                file=self.stream,
                flush=True,
            )


def list_cells(layout: Layout) -> list[dict[str, Any]]:
    """Every cell the experiments define, asked of the harness itself (no TensorFlow needed)."""
    command = [sys.executable, str(layout.experiments / "_runner.py"), "--list"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in output.splitlines()]


def run_all(envs: list[Environment], layout: Layout, options: Options) -> list[EnvResult]:
    """Run every environment, up to options.jobs at once."""
    cells = list_cells(layout)
    progress = Progress(total=len(cells) * len(envs))
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        return list(pool.map(lambda env: run_env(env, cells, layout, options, progress), envs))


def run_env(
    env: Environment, cells: list[dict[str, Any]], layout: Layout, options: Options, progress: Progress
) -> EnvResult:
    out = layout.results / env.backend / env.id
    out.mkdir(parents=True, exist_ok=True)
    result = EnvResult(env, cells=len(cells))
    try:
        prepared = backends.prepare(env, layout.experiments, layout.envs, out)
    except venvs.BuildError as exc:
        result.failed = str(exc)
        write_failures(env, cells, out, "install_failed", str(exc), progress)
        return result
    result.reused = prepared.reused
    run_cells(env, prepared, cells, out, options, progress)
    return result


def run_cells(
    env: Environment,
    prepared: backends.Prepared,
    cells: list[dict[str, Any]],
    out: Path,
    options: Options,
    progress: Progress,
) -> None:
    """Run the environment's worker; cells it leaves without a record become crashes."""
    command = [
        *prepared.command,
        "--out", prepared.out,
        "--requested", json.dumps(env.requested(), sort_keys=True),
        "--isolation", options.isolation,
        "--timeout", str(options.timeout),
        *(cell["id"] for cell in cells),
    ]  # fmt: skip
    variables = {**os.environ, **prepared.variables, "PYTHONHASHSEED": "0"}
    log_path = out / "_runner.log"
    done = set()
    log_path.write_text("", encoding="utf-8")
    with open(log_path, "a", encoding="utf-8") as log:  # appending: the worker writes here too
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, env=variables)
        for line in process.stdout:
            event = parse_event(line, log)
            if "cell" in event:
                done.add(event["cell"])
                progress.cell(env, records.load(out / f"{event['cell']}.json"))
        code = process.wait()
    missing = [cell for cell in cells if cell["id"] not in done]
    if missing:
        message = f"the environment's runner exited with status {code}: " + " | ".join(tail(log_path))
        write_failures(env, missing, out, "crash", message, progress)


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
    env: Environment, cells: list[dict[str, Any]], out: Path, status: str, message: str, progress: Progress
) -> None:
    for cell in cells:
        record = records.failure(cell, env.requested(), status, message)
        records.dump(out / f"{cell['id']}.json", record)
        progress.cell(env, record)


def tail(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-LOG_TAIL:]
