"""The re-run figures' scratch checkout and the experiment they add (their timings: `nox -s bench`)."""

from __future__ import annotations

import shutil

from conftest import ROOT

from tfmatrix.matrix import catalogue
from tfmatrix.run import bench_rerun
from tfmatrix.run.runner import Layout, list_cells


def test_the_scratch_checkout_copies_the_code_and_records_and_shares_the_environments(golden_results):
    layout = Layout(golden_results.parent, env_root=golden_results.parent / "envs")
    (golden_results.parent / "envs").mkdir()
    shutil.copytree(ROOT / "experiments", layout.experiments)
    shutil.copytree(ROOT / "reports", layout.reports)
    copy = bench_rerun.checkout(layout, golden_results.parent / "scratch")
    assert copy.envs.resolve() == layout.envs.resolve()
    assert sorted(p.name for p in copy.results.rglob("*.json")) == sorted(
        p.name for p in layout.results.rglob("*.json")
    )
    (copy.experiments / f"{bench_rerun.ADDED}.py").write_text(bench_rerun.ADDED_SCRIPT, encoding="utf-8")
    assert not (layout.experiments / f"{bench_rerun.ADDED}.py").exists()  # a copy, not the checkout's own
    catalogue._listed.cache_clear()
    added = [cell["id"] for cell in list_cells(copy) if cell["script"] == bench_rerun.ADDED]
    assert added == [f"{bench_rerun.ADDED}.positive.eager.default"]  # one cell per environment
