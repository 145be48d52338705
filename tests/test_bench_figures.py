"""reports/bench.json's figures against the project's bounds."""

from __future__ import annotations

import json

from tfmatrix.data import bench_figures

FIGURES = {
    "schema": 1,
    "environments": ["tf-1.12"],
    "whole": False,
    "cells": 168,
    "cores": 2,
    "jobs": 2,
    "import_s": {"tf-1.12": 4.2},
    "sample_cells": 8,
    "fresh_sample_s": 80.0,
    "worker_sample_s": 12.0,
    "fresh_cell_s": 10.0,
    "worker_cell_s": 0.5,
    "fresh_matrix_s": 1680.0,
    "worker_speedup": 20.0,
    "warm_matrix_s": 84.0,
    "noop_rerun_s": 2.0,
    "added_experiment_cells_run": 3,
    "added_experiment_cells": 2,
    "cold_matrix_s": None,
    "cells_compute_s": 70.0,
    "lower_bound_s": 37.1,
    "records_identical": True,
    "records_differing": [],
    "peak_rss_mb": 900,
    "date": "2030-01-01",
}


def test_targets_are_the_projects_bounds_and_unmeasured_ones_said_so():
    assert bench_figures.verdicts(FIGURES) == {
        "worker_speedup": True,
        "warm_matrix_s": False,  # 84 s against 1.1 times 37.1 s
        "noop_rerun_s": True,
        "added_experiment_cells_run": False,  # one cell more than the added experiment's own
    }
    older = {name: value for name, value in FIGURES.items() if not name.startswith("added_")}
    assert bench_figures.verdicts(older)["added_experiment_cells_run"] is None


def test_the_figures_are_written_deterministically():
    text = bench_figures.dumps(FIGURES)
    assert json.loads(text) == FIGURES and text.endswith("}\n")
    assert text == bench_figures.dumps(dict(reversed(FIGURES.items())))
