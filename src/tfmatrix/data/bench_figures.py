"""reports/bench.json: the benchmark's figures, and the project's own bounds they are held to."""

from __future__ import annotations

import json
from typing import Any

# The project's own bounds: the warm matrix near its lower bound, a no-change re-run in seconds.
WORKER_SPEEDUP = 10.0  # at least, over one fresh interpreter per cell
BOUND_FACTOR = 1.1  # the warm matrix within this many times the lower bound
NOOP_S = 5.0  # a no-change re-run, below


def verdicts(figures: dict[str, Any]) -> dict[str, bool | None]:
    """Each target of the benchmark: met, missed, or not measured (None)."""
    noop, added = figures.get("noop_rerun_s"), figures.get("added_experiment_cells_run")
    return {
        "worker_speedup": figures["worker_speedup"] >= WORKER_SPEEDUP,
        "warm_matrix_s": figures["warm_matrix_s"] <= BOUND_FACTOR * figures["lower_bound_s"],
        "noop_rerun_s": None if noop is None else noop < NOOP_S,
        "added_experiment_cells_run": None if added is None else added == figures["added_experiment_cells"],
    }


def dumps(figures: dict[str, Any]) -> str:
    """reports/bench.json's text."""
    return json.dumps(figures, indent=1, sort_keys=True) + "\n"
