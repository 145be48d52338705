"""`nox -s bench`: what the matrix costs, measured, against the cost of importing TensorFlow once per environment."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data import records, tidy
from ..matrix import commands
from ..matrix.releases import Environment
from . import backends
from .bench_rerun import BenchError, rerun
from .runner import Layout, Options, list_cells, run_all
from .trouble import NotRun
from .venvs import BuildError

IMPORT = "import time; t = time.perf_counter(); import tensorflow; print(time.perf_counter() - t)"
# Seconds one timed TensorFlow import may take: seconds, a minute on a loaded machine; ten minutes
# is a hang.
IMPORT_TIMEOUT = 600.0


@dataclass(frozen=True)
class Phase:
    seconds: float
    table: Any  # the tidy table of the records the phase left


def scratch(layout: Layout, root: Path, name: str) -> Layout:
    """A throw-away checkout sharing the real experiments and environments."""
    (root / name / ".tfmatrix").mkdir(parents=True)
    (root / name / "experiments").symlink_to(layout.experiments.resolve())
    (root / name / ".tfmatrix" / "envs").symlink_to(layout.envs.resolve())
    return Layout(root / name, env_root=layout.envs)


def timed_run(envs: list[Environment], layout: Layout, options: Options, cells=None) -> Phase:
    started = time.perf_counter()
    run_all(envs, layout, options, cells)
    seconds = time.perf_counter() - started
    return Phase(seconds, tidy.frame(records.load_all(layout.results)[0], layout.catalogue()))


def import_seconds(env: Environment, layout: Layout) -> float:
    """One TensorFlow import in the built environment, in a fresh interpreter."""
    python = layout.envs / env.id / "bin" / "python"
    variables = {**os.environ, **env.variables}
    try:
        result = subprocess.run(
            [str(python), "-c", IMPORT], capture_output=True, text=True, env=variables, timeout=IMPORT_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise BenchError(
            f"`import tensorflow` in {env.id} gave no result in {IMPORT_TIMEOUT:g} s and was stopped; "
            f"try the environment alone with `{commands.run_environment(env)}`"
        ) from None
    return float(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else float("nan")


def built(env: Environment, layout: Layout, out: Path) -> None:
    """Build (or reuse) an environment to time; BenchError where it cannot be built here."""
    try:
        backends.prepare(env, layout.experiments, layout.envs, out)
    except NotRun as trouble:
        raise BenchError(
            f"{env.id} cannot be built here: {trouble.reason}; run it with `{trouble.command}`, "
            "or leave it out with --tf/--keras"
        ) from None
    except BuildError as exc:
        raise BenchError(f"{exc}\nthe release cannot be installed: leave it out with --tf/--keras") from None


def sample(cells: list[dict[str, Any]], per_env: int) -> list[dict[str, Any]]:
    """Cells evenly spaced in the list (its order: script, data, mode, variant)."""
    step = max(1, len(cells) // per_env)
    return cells[::step][:per_env]


def same(one, other) -> list[str]:
    """Cells whose outcome or update count differ between two tables (over the cells both hold)."""
    key = ["env", "cell"]
    pairs = one.merge(other, on=key, suffixes=("", "_other"))
    count, other_count = pairs["bn_updates"].fillna(-1), pairs["bn_updates_other"].fillna(-1)
    differ = (pairs["outcome"] != pairs["outcome_other"]) | (count != other_count)
    return [f"{row.env}/{row.cell}" for row in pairs[differ].itertuples()]


def cold_run(envs: list[Environment], layout: Layout, root: Path, options: Options) -> float:
    """The matrix from empty caches: a new uv cache and new environments, built and run."""
    layout = Layout(scratch(layout, root, "cold").root, env_root=root / "cold-envs")
    previous = os.environ.get("UV_CACHE_DIR")
    os.environ["UV_CACHE_DIR"] = str(root / "cold-uv-cache")
    try:
        return timed_run(
            envs, layout, Options(options.isolation, options.timeout, options.jobs, True)
        ).seconds
    finally:
        os.environ.pop("UV_CACHE_DIR") if previous is None else os.environ.update(UV_CACHE_DIR=previous)
        shutil.rmtree(root / "cold-envs", ignore_errors=True)
        shutil.rmtree(root / "cold-uv-cache", ignore_errors=True)


@dataclass(frozen=True)
class Counts:
    """What was timed: cells per environment, of them sampled in fresh interpreters, environments,
    the machine's cores and the environments run at once (`--jobs`)."""

    cells: int
    sampled: int
    envs: int
    cores: int
    jobs: int

    @property
    def parallel(self) -> int:
        """Environments that can run at once."""
        return min(self.cores, max(1, self.jobs), self.envs)


def derived(
    counts: Counts, imports_s: float, compute_s: float, fresh_s: float, warm_s: float
) -> dict[str, Any]:
    """The figures worked out from the timings: the fresh sample projected to every cell, the lower
    bound (one TensorFlow import per environment plus the cells' own compute, over the environments
    that run at once), each way's seconds per cell and core, and the worker's speed-up."""
    total, sampled = counts.cells * counts.envs, counts.sampled * counts.envs
    fresh_matrix = fresh_s * total / sampled
    return {
        "cells": total,
        "sample_cells": sampled,
        "fresh_cell_s": round(fresh_s / sampled * counts.parallel, 2),
        "worker_cell_s": round(warm_s / total * counts.parallel, 2),
        "fresh_matrix_s": round(fresh_matrix, 1),
        "worker_speedup": round(fresh_matrix / warm_s, 1),
        "lower_bound_s": round((imports_s + compute_s) / counts.parallel, 1),
    }


def measure(
    envs: list[Environment],
    layout: Layout,
    options: Options,
    per_env: int,
    cold: bool,
    selection: list[str] = (),
    whole: bool = False,
) -> dict[str, Any]:
    """Every figure of the benchmark, for these environments (`whole`: all of the matrix's)."""
    cells = list_cells(layout)
    with tempfile.TemporaryDirectory() as out:
        for env in envs:  # built (or reused) before anything is timed
            built(env, layout, Path(out))
    imports = {env.id: round(import_seconds(env, layout), 2) for env in envs}
    with tempfile.TemporaryDirectory(prefix="tfmatrix-bench-") as folder:
        root = Path(folder)
        cold_s = cold_run(envs, layout, root, options) if cold else None
        warm_layout = scratch(layout, root, "warm")
        warm = timed_run(envs, warm_layout, Options(options.isolation, options.timeout, options.jobs, True))
        shutil.copytree(layout.reports, warm_layout.reports)
        reruns = rerun(warm_layout, envs, options, list(selection), root)
        chosen = sample(cells, per_env)
        fresh = timed_run(
            envs, scratch(layout, root, "fresh"), Options("fresh", options.timeout, options.jobs), chosen
        )
        forked = timed_run(
            envs, scratch(layout, root, "forked"), Options("fork", options.timeout, options.jobs), chosen
        )
    cores = os.cpu_count() or 1
    counts = Counts(len(cells), len(chosen), len(envs), cores, options.jobs)
    compute = float(warm.table["seconds"].sum())
    differ = same(fresh.table, warm.table) + same(forked.table, warm.table)
    return {
        "schema": 1,
        "environments": [env.id for env in envs],
        "whole": whole,
        "cores": cores,
        "jobs": options.jobs,
        "import_s": imports,
        "fresh_sample_s": round(fresh.seconds, 1),
        "worker_sample_s": round(forked.seconds, 1),
        "warm_matrix_s": round(warm.seconds, 1),
        **reruns,
        "cold_matrix_s": None if cold_s is None else round(cold_s, 1),
        "cells_compute_s": round(compute, 1),
        **derived(counts, sum(imports.values()), compute, fresh.seconds, warm.seconds),
        "records_identical": not differ,
        "records_differing": differ,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
    }
