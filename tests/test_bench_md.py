"""reports/bench.md: the figures for people, each target met, missed or not measured."""

from __future__ import annotations

import json

from test_bench_figures import FIGURES

from tfmatrix.report import bench_md


def test_each_target_says_whether_it_was_met(tmp_path):
    bench_md.write(FIGURES, tmp_path)
    text = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "| worker vs fresh interpreters | 20.0× | ≥ 10×: met |" in text
    assert "| matrix, environments built | 84.0 s | ≤ 1.1× the lower bound (40.8 s): **missed** |" in text
    assert "| re-run with nothing changed | 2.0 s | < 5 s: met |" in text
    assert "| cells re-run when one experiment file is added | 3 | its own 2: **missed** |" in text
    assert "a subset: tf-1.12" in text
    assert json.loads((tmp_path / "bench.json").read_text())["worker_speedup"] == 20.0


def test_unmeasured_targets_and_later_reruns_are_said_so():
    older = {name: value for name, value in FIGURES.items() if not name.startswith("added_")}
    assert "| – | its own –: not measured |" in bench_md.markdown(older)
    later = {**FIGURES, "rerun_date": "2030-01-02", "rerun_environments": 1}
    assert "The re-runs were measured on 2030-01-02 over 1 environments" in bench_md.markdown(later)
