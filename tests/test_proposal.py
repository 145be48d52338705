"""The weekly pull request's title and body say in words what a run changed."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CATALOGUE, ROOT

from tfmatrix import cli
from tfmatrix.data import records
from tfmatrix.matrix.releases import Release
from tfmatrix.report import proposal, report
from tfmatrix.report.proposal import Proposal

URL = "https://github.com/o/tfmatrix/actions/runs/7"
RERAN = {
    "schema": 1,
    "before": "2026-11-27",
    "after": "2026-12-04",
    "cells_before": 16,
    "cells_after": 16,
    "cells_rerun": 16,
    "cells_new": 0,
    "changed": [],
    "environments_added": [],
    "stopped_installing": [],
}


def change(cell: str, before: tuple, after: tuple) -> dict:
    def state(found: tuple) -> dict:
        return dict(zip(("outcome", "bn_updates", "moving_variance", "error"), found))

    return {"backend": "venv", "env": "tf-2.0", "cell": cell, "before": state(before), "after": state(after)}


def test_a_week_where_nothing_moved_proposes_the_run_history_alone():
    found = Proposal(URL, RERAN, planned=2)
    assert proposal.title(found) == "reports: run history only, nothing moved (16 cells ran again)"
    assert proposal.body(found) == (
        "`nox -s report` over the records of [this run](https://github.com/o/tfmatrix/actions/runs/7).\n"
        "\n"
        "**Nothing moved**: The run recorded up to 2026-12-04 re-ran 16 of 16 cells, compared with the results "
        "published up to 2026-11-27: 0 changed their outcome, update count or raced pairs. Only "
        "`reports/runs.csv` changes, a line for each environment that ran (and `reports/history.csv` for a "
        "flaky cell's new value).\n"
        "\n"
        "No release added.\n"
        "\n"
        "All 2 planned environments ran.\n"
    )


def test_a_week_where_no_cell_ran_says_so():
    found = Proposal(URL, None, planned=1, not_run={"tf-2.0": "no records"})
    assert proposal.title(found) == (
        "reports: run history only, nothing moved (0 cells ran again); 1 environment did not run"
    )
    assert "**Nothing moved**: no cell re-ran." in proposal.body(found)


def test_moved_cells_releases_and_environments_that_did_not_run():
    moved = change(
        "tf_layers.positive.graph.default", ("updated", 5, 0.95099014, ""), ("crash", None, None, "SIGSEGV")
    )
    flaky = change(
        "keras_dynamic.positive.graph.plain_call", ("diverged", None, None, ""), ("not_updated", 0, 1.0, "")
    )
    found = Proposal(
        URL,
        {**RERAN, "changed": [moved, flaky]},
        releases_added=[Release("2.22.0", "3.13")],
        planned=3,
        not_run={"tf-2.21-keras3": "no records", "tf-1.12": "install_failed: install\\_failed: no wheel"},
    )
    assert proposal.title(found) == (
        "reports: weekly matrix run, 2 cells moved, release 2.22.0 added; 2 environments did not run"
    )
    rows = "https://github.com/o/tfmatrix/blob/tfmatrix/weekly-matrix/reports/every-release-graph.md#row-"
    assert proposal.body(found) == (
        "`nox -s report` over the records of [this run](https://github.com/o/tfmatrix/actions/runs/7).\n"
        "\n"
        "**2 cells moved**: The run recorded up to 2026-12-04 re-ran 16 of 16 cells, compared with the results "
        "published up to 2026-11-27: 2 changed their outcome, update count or raced pairs.\n"
        "\n"
        "| environment | cell | before | after |\n"
        "|:--|:--|:--|:--|\n"
        f"| `tf-2.0` | [`tf_layers.positive.graph.default`]({rows}tf_layers.positive.graph.default) "
        "| 5 updates | crash: SIGSEGV |\n"
        f"| `tf-2.0` | [`keras_dynamic.positive.graph.plain_call`]({rows}keras_dynamic.positive.graph.plain_call) "
        "| NaN | not updated |\n"
        "\n"
        "Release added, a new column:\n"
        "- TensorFlow 2.22.0 (Python 3.13)\n"
        "\n"
        "2 of the 3 planned environments did not run, or not all their cells; the rows of the cells that did "
        "not run are unchanged:\n"
        "- `tf-2.21-keras3`: no records\n"
        "- `tf-1.12`: install_failed: install\\_failed: no wheel\n"
    )


def test_the_published_data_tests_result_is_in_the_body_and_a_failure_in_the_title(tmp_path):
    log = tmp_path / "published.txt"
    log.write_text("nox > pytest -m published\n....\n==== 41 passed, 3 deselected in 9.12s ====\n")
    passed = Proposal(URL, RERAN, planned=2, checks=proposal.read_checks(log))
    assert (
        "**Published-data tests pass** on these reports (`nox -s published`: 41 passed, 3 deselected in 9.12s)."
        in (proposal.body(passed))
    )
    assert "fail" not in proposal.title(passed)
    log.write_text(
        "..F.\nFAILED tests/test_published.py::test_readmes_counts - AssertionError: 7,808\n"
        "==== 1 failed, 40 passed in 9.50s ====\nnox > Session published failed.\n"
    )
    failed = Proposal(URL, RERAN, planned=2, checks=proposal.read_checks(log))
    assert proposal.title(failed).endswith("; published-data tests fail")
    assert "- `FAILED tests/test_published.py::test_readmes_counts - AssertionError: 7,808`" in proposal.body(
        failed
    )
    log.write_text("nox > Session published failed.\n")
    assert not proposal.read_checks(log).passed


def test_the_rows_linked_are_on_the_branch_the_workflow_proposes():
    flow = (ROOT / ".github" / "workflows" / "matrix.yml").read_text(encoding="utf-8")
    assert f"branch: {proposal.BRANCH}" in flow


def test_releases_added_are_those_the_old_list_lacks():
    old = (Release("2.20.0", "3.13"), Release("2.21.0", "3.13"))
    assert proposal.added(old, (*old, Release("2.22.0", "3.13"))) == [Release("2.22.0", "3.13")]
    assert proposal.added(old, old) == []


def test_why_an_environment_did_not_run(golden_results):
    found = {}
    for record in records.load_all(golden_results)[0]:
        found.setdefault(record["requested"]["env"], []).append(record)
    cell, requested = found["tf-1.12"][0]["cell"], found["tf-1.12"][0]["requested"]
    failed = records.failure(
        cell, {**requested, "env": "tf-2.0"}, "install_failed", "pip:\nNo matching <dist>"
    )
    reasons = proposal.why_not_run(["tf-1.12", "tf-2.0", "tf-2.1"], {**found, "tf-2.0": [failed]}, cells=8)
    assert reasons == {
        "tf-2.0": "install_failed: install\\_failed: No matching &lt;dist&gt;",
        "tf-2.1": "no records: its job uploaded none, failing or cancelled before a cell finished",
    }
    assert proposal.why_not_run(["tf-1.12"], found, cells=9) == {
        "tf-1.12": "8 of 9 cells recorded: its job stopped before the others"
    }


def test_the_command_compares_the_reports_with_the_ones_before(golden_results, tmp_path, capsys):
    root = golden_results.parent
    (root / "experiments").symlink_to(ROOT / "experiments")
    report.build(golden_results, root / "reports", CATALOGUE)
    before = shutil.copytree(root / "reports", tmp_path / "before")
    path = golden_results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json"
    record = json.loads(path.read_text())
    record.update(
        started=record["started"] + 86400, status="crash", error={"type": "crash", "message": "SIGSEGV"}
    )
    records.write(path, record)
    report.build(golden_results, root / "reports", CATALOGUE)
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps({"include": [{"env": "tf-1.12"}, {"env": "tf-2.16-keras3"}, {"env": "tf-2.99"}]})
    )
    argv = [
        "--root",
        str(root),
        "proposal",
        "--planned",
        str(plan),
        "--run-url",
        URL,
        "--out",
        str(tmp_path / "pr"),
    ]
    assert cli.main([*argv, "--before", str(before)]) == 0
    title = (tmp_path / "pr" / "title.txt").read_text(encoding="utf-8")
    assert title == "reports: weekly matrix run, 1 cell moved; 3 environments did not run\n"
    assert capsys.readouterr().out == title
    body = (tmp_path / "pr" / "body.md").read_text(encoding="utf-8")
    assert "`tf_layers.positive.graph.default`](https://github.com/o/tfmatrix/blob/" in body
    assert "| 5 updates | crash: crash: SIGSEGV |" in body
    assert (
        f"- `tf-1.12`: 8 of {len(CATALOGUE.cells)} cells recorded" in body
    )  # the golden records hold 8 cells of each
    assert "- `tf-2.99`: no records" in body


def test_a_plan_that_is_not_the_plan_jobs_matrix_is_refused(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text('{"env": "tf-1.12"}')
    with pytest.raises(records.RecordError, match="not the plan job's matrix"):
        proposal.planned(plan)


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("no git", "git is not installed: install it (Debian: apt-get install git)"),
        (
            "no repository",
            "{root}: no commit checked out to compare reports/ with (fatal: not a git repository",
        ),
    ],
)
def test_without_git_or_a_commit_the_proposal_says_to_pass_before(tmp_path, monkeypatch, capsys, where, said):
    root = tmp_path / "checkout"
    root.mkdir()
    (root / "experiments").symlink_to(ROOT / "experiments")
    (root / "reports").mkdir()
    if where == "no git":
        (tmp_path / "bin").mkdir()
        monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # the test's own checkout is not found
    plan = tmp_path / "plan.json"
    plan.write_text('{"include": [{"env": "tf-1.12"}]}', encoding="utf-8")
    argv = ["--root", str(root), "proposal", "--planned", str(plan), "--run-url", URL, "--out", str(tmp_path)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tfmatrix: {said.format(root=root)}") and "Traceback" not in err
    assert err.endswith(", or pass --before, the reports/ folder to compare with\n")
