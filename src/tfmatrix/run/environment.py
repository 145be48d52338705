"""One environment: reuse the cells already recorded for its spec and code, else build it and run the rest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..data import records
from ..matrix import inputs
from ..matrix.inputs import Inputs
from ..matrix.releases import Environment
from . import backends, venvs
from .cells import run_cells
from .events import stamped, write_failures
from .layout import EnvResult, Layout, Options
from .progress import Progress
from .trouble import NotRun


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
