"""Drive the environments: build each, run its cells, keep every outcome as a record."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from ..data import records
from ..matrix import catalogue, commands, inputs
from ..matrix.catalogue import Catalogue
from ..matrix.inputs import Inputs
from ..matrix.outcome import classify
from ..matrix.releases import Environment, SelectionError
from . import backends, venvs
from .trouble import NotRun

LOG_TAIL = 20
DOCKER_FAILED = 125  # `docker run`'s own failure: no engine, no image, no container


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

    def require_checkout(self) -> None:
        """SelectionError unless the root is a tfmatrix checkout."""
        script = self.experiments / "_runner.py"
        if not script.exists():
            raise SelectionError(f"{script} not found: run tfmatrix in its checkout, or pass --root")

    def catalogue(self) -> Catalogue:
        """What the checkout's experiments declare (no TensorFlow needed)."""
        self.require_checkout()
        return catalogue.load(self.experiments)


@dataclass(frozen=True)
class Options:
    isolation: str = "fork"
    timeout: float = 300.0
    jobs: int = os.cpu_count() or 1
    force: bool = False


@dataclass
class EnvResult:
    env: Environment
    cells: int = 0
    reused: bool = False
    reused_cells: int = 0
    reused_started: dict[str, float | None] = field(default_factory=dict)  # cell -> its record's start
    failed: str | None = None  # a fact of the release: its cells are recorded as install_failed
    not_run: NotRun | None = None  # trouble of this machine: nothing recorded


@dataclass
class Progress:
    """One line per finished cell, whole lines only, with an overall count."""

    total: int
    stream: TextIO = sys.stdout
    done: int = 0
    started: float = field(default_factory=time.time)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reused(self, env: Environment, count: int) -> None:
        with self.lock:
            self.done += count
            print(
                f"[{self.done:>5}/{self.total}] {env.label:<18} {count} cells reused: inputs unchanged",
                file=self.stream,
                flush=True,
            )

    def note(self, env: Environment, text: str) -> None:
        with self.lock:
            print(f"{'':>13} {env.label:<18} {text}", file=self.stream, flush=True)

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
    """Every cell the experiments declare, in the catalogue's order."""
    return list(layout.catalogue().cells)


def run_all(
    envs: list[Environment], layout: Layout, options: Options, cells: list[dict[str, Any]] | None = None
) -> list[EnvResult]:
    """Run the cells (default: all) of every environment, up to options.jobs at once."""
    cells = cells if cells is not None else list_cells(layout)
    progress = Progress(total=len(cells) * len(envs))
    known = inputs.read(layout.experiments, sorted({cell["script"] for cell in cells}))
    WORKERS.stopping.clear()
    pool = ThreadPoolExecutor(max_workers=max(1, options.jobs))
    try:
        return list(pool.map(lambda env: run_env(env, cells, layout, options, progress, known), envs))
    except BaseException:  # Ctrl-C, or a kill turned into one: stop every worker, keep every record
        WORKERS.stop()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Workers:
    """The running workers, so an interrupted run can stop them all (and their cells)."""

    def __init__(self) -> None:
        self.running: set[subprocess.Popen] = set()
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def start(self, command: list[str], **kwargs: Any) -> subprocess.Popen:
        with self.lock:
            if self.stopping.is_set():
                raise Interrupted
            process = subprocess.Popen(command, start_new_session=True, **kwargs)
            self.running.add(process)
            return process

    def done(self, process: subprocess.Popen) -> None:
        with self.lock:
            self.running.discard(process)

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
            for process in self.running:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)  # the worker and the cell it forked


class Interrupted(Exception):
    """The run is being stopped: no new worker starts, no unfinished cell is recorded."""


WORKERS = Workers()


def reusable(
    out: Path, cells: list[dict[str, Any]], requested: dict[str, Any], known: Inputs
) -> dict[str, records.Record]:
    """Cells whose record came from this very environment spec and the code its script loads."""
    found = {}
    for cell in cells:
        try:
            record = records.load(out / f"{cell['id']}.json")
        except records.RecordError:
            continue
        spec = {name: value for name, value in record["requested"].items() if name != "inputs"}
        recorded = record["requested"].get("inputs", "")
        if (
            spec == requested
            and known.unchanged(recorded, cell["script"])
            and record["status"] in ("ok", "raised")
        ):
            found[cell["id"]] = record
            if recorded != known.of(cell["script"]):  # a legacy digest, kept valid while the folder is
                stamped(out / f"{cell['id']}.json", known.digests)
    return found


def run_env(
    env: Environment,
    cells: list[dict[str, Any]],
    layout: Layout,
    options: Options,
    progress: Progress,
    known: Inputs | None = None,
) -> EnvResult:
    """Run the environment's cells here; trouble of this machine leaves every record as it was."""
    known = known or inputs.read(layout.experiments, sorted({cell["script"] for cell in cells}))
    done = None if options.force else settled(env, cells, layout, progress, known)
    if done:
        return done
    try:
        env, note = backends.resolve(env)
        if note:
            progress.note(env, note)
        return run_resolved(env, cells, layout, options, progress, known)
    except NotRun as trouble:
        progress.note(env, f"not run: {trouble.reason.splitlines()[0]}")
        return EnvResult(env, cells=len(cells), not_run=trouble)


def settled(
    env: Environment, cells: list[dict[str, Any]], layout: Layout, progress: Progress, known: Inputs
) -> EnvResult | None:
    """The environment's result when every cell is already recorded for its spec and code, found
    without resolving where it would run (that starts interpreters); else None."""
    env = env if env.backend != "auto" else replace(env, backend="venv")
    reuse = reusable(layout.results / env.backend / env.id, cells, env.requested(), known)
    return reused(env, cells, reuse, progress) if len(reuse) == len(cells) else None


def reused(
    env: Environment, cells: list[dict[str, Any]], reuse: dict[str, records.Record], progress: Progress
) -> EnvResult:
    """The result of an environment before it runs anything: its reused cells, said on the progress."""
    started = {
        cell: record.get("started")
        for cell, record in reuse.items()
        if "published_python" not in record["requested"]  # never published, so never awaited in reports/
    }
    if reuse:
        progress.reused(env, len(reuse))
    return EnvResult(env, cells=len(cells), reused_cells=len(reuse), reused_started=started)


def run_resolved(
    env: Environment,
    cells: list[dict[str, Any]],
    layout: Layout,
    options: Options,
    progress: Progress,
    known: Inputs,
) -> EnvResult:
    out = layout.results / env.backend / env.id
    requested = env.requested()  # each record adds its own script's inputs digest
    reuse = {} if options.force else reusable(out, cells, requested, known)
    result = reused(env, cells, reuse, progress)
    todo = [cell for cell in cells if cell["id"] not in reuse]
    if not todo:
        return result
    out.mkdir(parents=True, exist_ok=True)
    try:
        prepared = backends.prepare(env, layout.experiments, layout.envs, out)
    except venvs.BuildError as exc:
        result.failed = str(exc)
        write_failures(env, requested, todo, out, "install_failed", str(exc), progress, known.digests)
        return result
    result.reused = prepared.reused
    run_cells(env, requested, prepared, todo, out, options, progress, known.digests)
    return result


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
        return  # interrupted: cells without a record simply run next time
    missing = [cell for cell in cells if cell["id"] not in done]
    if missing and env.backend == "docker" and code == DOCKER_FAILED:
        raise NotRun(  # the engine, not the release: the container never ran the cells
            f"`docker run` failed (status {code}): " + " | ".join(tail(log_path)[-3:]),
            commands.run_environment(env, "docker"),
        )
    if missing:
        message = f"the environment's runner exited with status {code}: " + " | ".join(tail(log_path))
        write_failures(env, requested, missing, out, "crash", message, progress, digests)


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
