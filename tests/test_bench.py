"""The benchmark's arithmetic (its timings come from real runs: `nox -s bench`)."""

from __future__ import annotations

import pandas as pd

from tfmatrix.run import bench


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
