"""The benchmark's arithmetic (its timings come from real runs: `nox -s bench`)."""

from __future__ import annotations

import pandas as pd
import pytest

from tfmatrix.run import bench


@pytest.mark.parametrize(
    ("counts", "timings", "figures"),
    [
        (  # 3 environments of 244 cells on 2 cores, 4 jobs asked: 2 environments at once
            bench.Counts(cells=244, sampled=8, envs=3, cores=2, jobs=4),
            (4.0 + 6.0 + 5.0, 185.0, 60.0, 122.0),
            {
                "cells": 732,
                "sample_cells": 24,
                "fresh_matrix_s": 1830.0,  # 60 s for 24 cells, so 2.5 s a cell, times 732
                "lower_bound_s": 100.0,  # (15 s of imports + 185 s of compute) / 2
                "worker_speedup": 15.0,  # 1830 / 122
                "fresh_cell_s": 5.0,  # 2.5 s a cell, on each of 2 cores at once
                "worker_cell_s": 0.33,  # 122 / 732 * 2
            },
        ),
        (  # one environment: its cells run one after the other, whatever the cores and jobs
            bench.Counts(cells=244, sampled=8, envs=1, cores=8, jobs=4),
            (4.2, 70.0, 80.0, 100.0),
            {
                "cells": 244,
                "sample_cells": 8,
                "fresh_matrix_s": 2440.0,  # 10 s a cell, times 244
                "lower_bound_s": 74.2,  # 4.2 + 70, over 1
                "worker_speedup": 24.4,
                "fresh_cell_s": 10.0,
                "worker_cell_s": 0.41,  # 100 / 244
            },
        ),
        (  # one job asked: one environment at a time on 8 cores
            bench.Counts(cells=10, sampled=5, envs=4, cores=8, jobs=1),
            (8.0, 12.0, 30.0, 24.0),
            {
                "cells": 40,
                "sample_cells": 20,
                "fresh_matrix_s": 60.0,  # 30 s for half the cells
                "lower_bound_s": 20.0,  # 8 + 12, over 1
                "worker_speedup": 2.5,
                "fresh_cell_s": 1.5,
                "worker_cell_s": 0.6,
            },
        ),
    ],
    ids=["two-at-once", "one-environment", "one-job"],
)
def test_the_timings_project_bound_and_compare_as_worked_out_by_hand(counts, timings, figures):
    assert bench.derived(counts, *timings) == figures


def test_sample_spreads_over_the_cells():
    cells = [{"id": str(n)} for n in range(168)]
    chosen = bench.sample(cells, 8)
    assert [cell["id"] for cell in chosen] == [str(n) for n in range(0, 168, 21)]


def test_same_names_cells_whose_outcome_or_count_differ():
    one = pd.DataFrame({"env": ["a", "a"], "cell": ["x", "y"], "outcome": ["updated", "updated"]})
    one["bn_updates"] = pd.array([5, 10], dtype="Int64")
    other = one.copy()
    other.loc[1, "bn_updates"] = 9
    assert bench.same(one, other) == ["a/y"]
    assert bench.same(one, one.copy()) == []
