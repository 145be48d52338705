"""The workflows as GitHub runs them: .github/workflows/*.yml unmodified under act (tests/actrun.py).

The matrix is narrowed to one environment, the newest release's Keras 3 one:
its Python is the runner image's, and it is the column a new release adds.
Each run prints its jobs' seconds; tests/act/actions/README.md keeps them.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml
from actrun import act, checkout, commit, git, runner_image
from conftest import CATALOGUE, KERAS3, ROOT

from tfmatrix.run import backends

pytestmark = pytest.mark.act
ENGINE_PROBLEM = backends.docker_engine()
NEWEST = "2.21"  # the release a new-release week adds; KERAS3 is its Keras 3 environment
SESSION = f"env({KERAS3})"


@pytest.fixture(scope="module", autouse=True)
def runner():
    """The runner image, built once; the tests skip, saying why, where there is no engine or base."""
    if ENGINE_PROBLEM is not None:
        pytest.skip(f"no Docker engine: {ENGINE_PROBLEM}: `sudo docker/start-engine.sh`")
    try:
        return runner_image()
    except RuntimeError as error:
        pytest.skip(str(error))


def schedule(flow: str, which: int) -> dict:
    """The event payload of the workflow's `which`-th cron, as GitHub sends it."""
    on = yaml.safe_load((ROOT / ".github" / "workflows" / flow).read_text())[True]  # YAML 1.1: `on` is true
    return {"schedule": on["schedule"][which]["cron"]}


def report_times(name: str, run) -> None:
    print(f"\n{name}: " + ", ".join(f"{job} {seconds:.0f} s" for job, seconds in run.seconds.items()))
    for (job, step), seconds in run.steps.items():
        if seconds >= 5:
            print(f"  {job}: {step} {seconds:.0f} s")


def nox_sessions(repo: Path) -> list[str]:
    """The env(...) sessions `nox --list` gives for the repository's release list."""
    listed = subprocess.run(
        [str(Path(sys.executable).parent / "nox"), "--list", "--json", "-s", "env"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [entry["session"] for entry in json.loads(listed) if entry["name"] == "env"]


def proposed(repo: Path, outbox: Path) -> Path:
    """The repository with the proposed pull request's diff applied."""
    diff = outbox / "pull-request" / "diff.patch"
    assert diff.is_file(), "the report job proposed no pull request"
    git(repo, "apply", str(diff))
    return repo


def outcomes(text: str, env: str) -> dict[tuple[str, str], str]:
    rows = csv.DictReader(io.StringIO(text))
    return {(row["backend"], row["cell"]): row["outcome"] for row in rows if row["env"] == env}


def check_matrix_run(run, repo: Path) -> None:
    """The plan's matrix is nox's list for the plan's release list; the one env job left records."""
    assert run.returncode == 0, run.text()
    assert run.results == {
        "plan": "success", "env": "success", "report": "success", "propose": "success"
    }, run.text()  # fmt: skip
    plan_list = run.outbox / "artifacts" / "releases" / "releases.json"
    listing = repo.parent / f"{repo.name}-listing"
    shutil.copytree(repo, listing, symlinks=True)
    (listing / "reports" / "releases.json").write_bytes(plan_list.read_bytes())
    include = json.loads(run.outputs["plan"]["matrix"])["include"]
    assert [entry["session"] for entry in include] == nox_sessions(listing)
    records = sorted((run.outbox / "artifacts" / f"results-{KERAS3}" / "venv" / KERAS3).glob("*.json"))
    assert len(records) == len(CATALOGUE.cells)
    observed = json.loads(records[0].read_text())
    assert observed["requested"]["env"] == KERAS3 and observed["observed"]["tensorflow"].startswith(
        f"{NEWEST}."
    ), observed
    handed = run.outbox / "artifacts" / "proposal"  # what the read-only report job hands to propose
    assert {path.name for path in handed.iterdir()} == {"title.txt", "body.md", "changes.patch"}
    title = (run.outbox / "pull-request" / "title.txt").read_text().strip()
    body = (run.outbox / "pull-request" / "body.md").read_text().strip()
    assert title and body  # their words are `nox -s proposal`'s, tested where it lives
    assert title == (handed / "title.txt").read_text().splitlines()[0]
    print(f"\ntitle: {title}\n{body}\n" + (run.outbox / "pull-request" / "stat.txt").read_text())


def diff_sizes(outbox: Path) -> dict[str, int]:
    """Each file's share of the proposed pull request's diff, in bytes, as GitHub would show it."""
    text = (outbox / "pull-request" / "diff.patch").read_text(encoding="utf-8", errors="replace")
    sizes: dict[str, int] = {}
    for part in text.split("diff --git ")[1:]:
        name = part.split(" b/", 1)[1].split("\n", 1)[0]
        sizes[name] = len(part.encode())
    return sizes


def changed_lines(outbox: Path) -> int:
    text = (outbox / "pull-request" / "diff.patch").read_text(encoding="utf-8", errors="replace")
    return sum(line[:1] in "+-" and line[:3] not in ("+++", "---") for line in text.splitlines())


def test_the_weekly_run_proposes_its_reports(tmp_path):
    """A week with no new release: the one environment re-runs, nothing moves, and the pull request
    is the run history alone: a line of runs.csv, titled as such."""
    repo = checkout(tmp_path / "repo")
    committed = (repo / "reports" / "results.csv").read_text()
    run = act(repo, "matrix.yml", "workflow_dispatch", tmp_path / "outbox", "--matrix", f"session:{SESSION}")
    report_times("weekly run", run)
    check_matrix_run(run, repo)
    assert run.outputs["plan"]["run"] == "true"
    after = (proposed(repo, run.outbox) / "reports" / "results.csv").read_text()
    assert outcomes(after, KERAS3) == outcomes(committed, KERAS3)
    title = (run.outbox / "pull-request" / "title.txt").read_text()
    body = (run.outbox / "pull-request" / "body.md").read_text()
    assert "**Published-data tests pass**" in body, body
    sizes = diff_sizes(run.outbox)
    print(f"diff: {sizes}, {changed_lines(run.outbox)} lines")
    if after == committed:  # nothing moved: the run history alone
        assert title.startswith("reports: run history only, nothing moved"), title
        assert set(sizes) <= {"reports/runs.csv", "reports/history.csv"} and "reports/runs.csv" in sizes
        assert changed_lines(run.outbox) <= 2 + 2 * len(set(sizes) - {"reports/runs.csv"}) * 10
    else:  # a cell showed a value never seen before
        assert "moved" in title and "nothing moved" not in title, title
    assert (run.outbox / "pull-request" / "branch").read_text().strip() == "tfmatrix/weekly-matrix"


MOVED = "keras_dense.positive.eager.training_arg"  # a cell the week before showed otherwise


@pytest.fixture
def week_before_the_release(tmp_path) -> Path:
    """The checkout as it was the week before NEWEST: the release list without it, and no rows of its
    Keras 3 environment but one, which showed another value (a cell that moves), reports rendered so.
    Its tf_keras rows stay, as if that environment's job had run too: the test runs one job (the
    jobs under act share one checkout's run lock)."""
    repo = checkout(tmp_path / "repo")
    releases = json.loads((repo / "reports" / "releases.json").read_text())
    releases["releases"] = [r for r in releases["releases"] if not r["version"].startswith(f"{NEWEST}.")]
    (repo / "reports" / "releases.json").write_text(json.dumps(releases, indent=2, sort_keys=True) + "\n")
    lines = (repo / "reports" / "results.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    head, rows = lines[0], lines[1:]
    parsed = [next(csv.DictReader(io.StringIO(head + row))) for row in rows]
    [was] = [row for row in parsed if (row["backend"], row["env"], row["cell"]) == ("venv", KERAS3, MOVED)]
    assert was["outcome"] == "updated", was
    fields = {**was, "outcome": "not_updated", "bn_updates": "0", "moving_variance": "1.0"}
    text = io.StringIO()
    csv.DictWriter(text, fieldnames=list(fields), lineterminator="\n").writerow(fields)
    kept = [row for row, fields in zip(rows, parsed) if fields["env"] != KERAS3] + [text.getvalue()]
    assert len(kept) < len(rows)
    (repo / "reports" / "results.csv").write_text(head + "".join(kept), encoding="utf-8")
    render = [sys.executable, "-m", "tfmatrix", "--root", str(repo), "report"]
    subprocess.run(render, cwd=repo, capture_output=True, text=True, check=True)
    commit(repo, f"The week before TensorFlow {NEWEST}")
    return repo


def test_a_new_release_runs_the_day_it_appears(week_before_the_release, tmp_path):
    """On a daily schedule, the index's new release: its environment runs, the pull request adds its
    column and its rows, names the cell that moved, and every file's diff is one GitHub shows."""
    repo = week_before_the_release
    payload = schedule("matrix.yml", 1)
    run = act(
        repo, "matrix.yml", "schedule", tmp_path / "outbox", "--matrix", f"session:{SESSION}", payload=payload
    )
    report_times("new-release run", run)
    sizes = diff_sizes(run.outbox)
    print(f"diff: {sizes}, {changed_lines(run.outbox)} lines")
    check_matrix_run(run, repo)
    assert run.outputs["plan"]["run"] == "true"
    assert SESSION in [entry["session"] for entry in json.loads(run.outputs["plan"]["matrix"])["include"]]
    stat = (run.outbox / "pull-request" / "stat.txt").read_text()
    for changed in ("reports/releases.json", "reports/results.csv", "reports/matrix.md"):
        assert changed in stat, stat
    title = (run.outbox / "pull-request" / "title.txt").read_text()
    body = (run.outbox / "pull-request" / "body.md").read_text()
    assert "1 cell moved" in title and f"release {NEWEST}." in title, title
    assert f"{MOVED}`](https://github.com/" in body and "**Published-data tests pass**" in body, body
    assert max(sizes.values()) < 500_000, sizes  # GitHub shows no more of one file's diff
    after = proposed(repo, run.outbox)
    versions = [
        r["version"] for r in json.loads((after / "reports" / "releases.json").read_text())["releases"]
    ]
    assert any(version.startswith(f"{NEWEST}.") for version in versions)
    assert len(outcomes((after / "reports" / "results.csv").read_text(), KERAS3)) == len(CATALOGUE.cells)
    assert f"{NEWEST}<br>keras3" in (after / "reports" / "matrix.md").read_text()


def test_a_day_without_a_new_release_stops_after_the_plan(tmp_path):
    """On a daily schedule with the index's list committed already, no environment runs."""
    repo = checkout(tmp_path / "repo")
    refresh = [sys.executable, "-m", "tfmatrix", "--root", str(repo), "envs", "--refresh"]
    subprocess.run(refresh, cwd=repo, capture_output=True, text=True, check=True)
    commit(repo, "The index's release list of today")
    payload = schedule("matrix.yml", 1)
    run = act(
        repo, "matrix.yml", "schedule", tmp_path / "outbox", "--matrix", f"session:{SESSION}", payload=payload
    )
    report_times("daily run, no new release", run)
    assert run.returncode == 0, run.text()
    assert run.results.get("plan") == "success" and run.outputs["plan"]["run"] == "false", run.text()
    assert "success" not in (run.results.get("env"), run.results.get("report"), run.results.get("propose"))
    assert not (run.outbox / "pull-request").exists()
    assert not list((run.outbox / "artifacts").glob("results-*"))


def test_pages_publishes_reports(tmp_path):
    """The Pages workflow builds the page from the data and uploads reports/ as the site: the page,
    matrix.md and the data behind it; the deploy job deploys it."""
    repo = checkout(tmp_path / "repo")
    run = act(repo, "pages.yml", "workflow_dispatch", tmp_path / "outbox")
    report_times("pages", run)
    assert run.returncode == 0 and run.results == {"build": "success", "deploy": "success"}, run.text()
    with tarfile.open(run.outbox / "pages" / "artifact.tar") as site:
        names = {Path(name).as_posix().removeprefix("./") for name in site.getnames()}
    assert {"index.html", "matrix.md", "heatmap.svg", "results.csv"} <= names, names
    assert run.outputs["deploy"]["page_url"] == "https://tfmatrix.github.io/tfmatrix/"
