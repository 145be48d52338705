"""`nox -s bench`'s figures of re-runs: a no-change re-run, and the cells one added experiment re-runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..matrix import catalogue
from ..matrix.releases import Environment
from .runner import Layout, Options, list_cells, run_all

ADDED = "bench_added"  # the experiment the benchmark adds, to count the cells that then run
ADDED_SCRIPT = '''"""Added by `nox -s bench`: a new experiment runs its own cells only."""

import sys

import _harness
import _keras

EXPERIMENT = _harness.Experiment(
    title="Keras model, added by the benchmark",
    ids={"positive": "99"},
    input="bench",
    label="Keras, the benchmark's",
    variants=("default",),
    modes=("eager",),
    section="Scratch: the benchmark's",
)


def build(tf):
    return _keras.sequential(tf, [tf.keras.layers.Conv2D(4, (3, 3), strides=(2, 2))])


def experiment(tf, cell, evidence):
    _keras.experiment(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
'''


def noop_rerun(layout: Layout, selection: list[str], jobs: int) -> float:
    """`tfmatrix matrix` again with nothing changed, as a user runs it: a new process, reports included
    (a first, untimed run publishes what the records hold, as the run that made them would have)."""
    command = [sys.executable, "-m", "tfmatrix", "--root", str(layout.root), "matrix", *selection]
    subprocess.run([*command, "--jobs", str(jobs)], check=True, capture_output=True)
    started = time.perf_counter()
    done = subprocess.run([*command, "--jobs", str(jobs)], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if " (0 run, " not in done.stdout:  # the records were not complete for these environments
        raise RuntimeError(f"the no-change re-run ran cells: {done.stdout.strip().splitlines()[-2:]}")
    return seconds


def checkout(layout: Layout, root: Path) -> Layout:
    """A throw-away checkout with copies of experiments/, results/ and reports/ (environments shared)."""
    (root / ".tfmatrix").mkdir(parents=True)
    (root / ".tfmatrix" / "envs").symlink_to(layout.envs.resolve())
    ignore = shutil.ignore_patterns("__pycache__", "*.log")
    shutil.copytree(layout.experiments, root / "experiments", ignore=ignore)
    shutil.copytree(layout.reports, root / "reports")
    if layout.results.is_dir():
        shutil.copytree(layout.results, root / "results", ignore=ignore)
    return Layout(root, env_root=layout.envs)


def added_experiment(layout: Layout, envs: list[Environment], options: Options) -> tuple[int, int]:
    """Cells that run when one experiment file is added, and that experiment's own cells (a real run)."""
    (layout.experiments / f"{ADDED}.py").write_text(ADDED_SCRIPT, encoding="utf-8")
    catalogue._listed.cache_clear()  # the folder changed under the same path
    results = run_all(envs, layout, Options(options.isolation, options.timeout, options.jobs))
    ran = sum(result.cells - result.reused_cells for result in results)
    own = sum(1 for cell in list_cells(layout) if cell["script"] == ADDED) * len(envs)
    return ran, own


def rerun(
    layout: Layout, envs: list[Environment], options: Options, selection: list[str], root: Path
) -> dict[str, Any]:
    """The figures of re-runs, on a copy of the checkout whose records are complete for `envs`."""
    copy = checkout(layout, root / "rerun")
    noop_s = noop_rerun(copy, selection, options.jobs)
    ran, own = added_experiment(copy, envs, options)
    return {
        "noop_rerun_s": round(noop_s, 1),
        "added_experiment_cells_run": ran,
        "added_experiment_cells": own,
        "rerun_date": time.strftime("%Y-%m-%d", time.gmtime()),
        "rerun_environments": len(envs),
    }


def measure_rerun(
    envs: list[Environment], layout: Layout, options: Options, selection: list[str], previous: dict[str, Any]
) -> dict[str, Any]:
    """Only the re-run figures, from the checkout's own records (`tfmatrix bench --rerun-only`),
    merged into the last full benchmark's figures."""
    with tempfile.TemporaryDirectory(prefix="tfmatrix-bench-") as folder:
        return {**previous, **rerun(layout, envs, options, selection, Path(folder))}
