"""The re-run figures' scratch checkout and the experiment they add (their timings: `nox -s bench`)."""

from __future__ import annotations

import shutil
import sys

import pytest
from conftest import ROOT

from tfmatrix import cli
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


def test_the_committed_benchmark_is_one_a_rerun_can_keep():
    assert bench_rerun.previous(ROOT / "reports")["schema"] == 1


BAD_BENCH = [
    ("missing", None, " not found: `--rerun-only` keeps the other figures of a full benchmark; "),
    ("not JSON", '{"schema": 1,', ": unreadable (Expecting property name"),
    ("not an object", "[]", ": not a benchmark's figures of schema 1; "),
    ("another schema", '{"schema": 2}', ": not a benchmark's figures of schema 1; "),
    ("re-runs alone", '{"schema": 1, "noop_rerun_s": 2.0}', ": no environments, whole, cells, "),
]


@pytest.mark.parametrize(
    ("text", "said"), [case[1:] for case in BAD_BENCH], ids=[case[0] for case in BAD_BENCH]
)
def test_rerun_only_without_a_full_benchmark_says_what_to_do(tmp_path, capsys, text, said):
    path = tmp_path / "reports" / "bench.json"
    path.parent.mkdir()
    if text is not None:
        path.write_text(text, encoding="utf-8")
    assert cli.main(["--root", str(tmp_path), "bench", "--rerun-only"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tfmatrix: {path}{said}") and "Traceback" not in err
    assert err.endswith(f"restore it with `git checkout {path}` or measure everything with `nox -s bench`\n")


def test_a_rerun_that_fails_names_its_command_and_last_words():
    command = [
        sys.executable,
        "-c",
        "import sys; sys.exit('tfmatrix: no records here')",
        "matrix",
        "--tf",
        "1.12",
    ]
    with pytest.raises(bench_rerun.BenchError) as failed:
        bench_rerun.matrix_run(command)
    assert str(failed.value) == (
        "`tfmatrix matrix --tf 1.12` on the copy of the checkout failed (status 1): tfmatrix: no records here"
    )


def test_a_no_change_rerun_that_ran_cells_says_the_records_are_not_complete(monkeypatch, tmp_path):
    said = "\n1 cells (1 run, 0 reused) in 1 environments, 9 s\nwrote reports/\n"
    monkeypatch.setattr(bench_rerun, "matrix_run", lambda command: said)
    with pytest.raises(bench_rerun.BenchError) as ran:
        bench_rerun.noop_rerun(Layout(tmp_path), ["--tf", "1.12"], jobs=1)
    assert str(ran.value) == (
        "the no-change re-run ran cells (1 cells (1 run, 0 reused) in 1 environments, 9 s | wrote reports/): "
        "the records of these environments are not complete; run `nox -s matrix` for them first"
    )
