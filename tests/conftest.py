from __future__ import annotations

import ast
import os
import shutil
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest

from tfmatrix.data import records, tidy
from tfmatrix.matrix import catalogue, discover, releases
from tfmatrix.run import backends, interpreters
from tfmatrix.run.runner import Layout, Options, run_all

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
KNOWN = discover.known(ROOT / "reports")  # the committed release list, read without network
CATALOGUE = catalogue.load(ROOT / "experiments")  # what the checkout's experiments declare
TF1, KERAS3, TF_KERAS = "tf-1.12", "tf-2.21-keras3", "tf-2.21-tf_keras"
pytest_plugins = ["pages"]  # the page tests' browser and tables, kept in a module of their own
# .ci/run sets it: there a test skipped for what the machine lacks is a failure, so CI runs everything.
STRICT = os.environ.get("TFMATRIX_STRICT") == "1"


def forbid_skip(report) -> None:
    """Under TFMATRIX_STRICT=1, a skipped test or module becomes a failure that gives the skip's reason."""
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")  # as a module's skip words it
        report.outcome = "failed"
        report.longrepr = f"skipped, which TFMATRIX_STRICT=1 forbids: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    forbid_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """A module that skips itself while collected (a module-level `pytest.importorskip`) skips all
    its tests at once, before any of them runs: strict mode fails its collection instead."""
    outcome = yield
    forbid_skip(outcome.get_result())


@pytest.fixture(autouse=True)
def index_only_when_marked(request, monkeypatch):
    """Only a test marked `network` asks the real package index; any other that would fails, saying
    so (an index on this machine, a test's own, is always allowed)."""
    if request.node.get_closest_marker("network"):
        return
    fetch = discover.fetch

    def local_only(index: str, timeout: float = discover.TIMEOUT) -> tuple[str, str]:
        if urllib.parse.urlsplit(index).hostname not in ("127.0.0.1", "localhost"):
            pytest.fail(f"asked the package index {index}: pass --offline, or mark the test `network`")
        return fetch(index, timeout)

    monkeypatch.setattr(discover, "fetch", local_only)


def bindings(path: Path, names: set[str]) -> dict[str, list[str]]:
    """How a module binds each of `names` at its top level: `from .module` for an import from a
    sibling module, else the kind of statement (`def`, `class`, `=`, `import`)."""
    found: dict[str, list[str]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            bound = {alias.asname or alias.name for alias in node.names}
            how = f"from {'.' * node.level}{node.module}"
        elif isinstance(node, ast.Import):
            bound, how = {(alias.asname or alias.name).split(".")[0] for alias in node.names}, "import"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound, how = {node.name}, "class" if isinstance(node, ast.ClassDef) else "def"
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound, how = (
                {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)},
                "=",
            )
        else:
            continue
        for name in sorted(bound & names):
            found.setdefault(name, []).append(how)
    return found


def lacking(env_id: str, backend: str = "venv") -> str | None:
    """Why this machine cannot run the environment, with the command that would fix it; None if it can."""
    env = next(env for env in releases.environments(KNOWN, backend) if env.id == env_id)
    if backend == "docker":
        return docker_lacking(env)
    if any(interpreters.present(version) for version in env.release.pythons):
        return None
    command = interpreters.install_command(env.release.python)
    return f"{env_id} needs Python {' or '.join(env.release.pythons)}: `{command}`"


def docker_lacking(env: releases.Environment) -> str | None:
    """Why this machine cannot build the environment's image: no engine, or no base image to build
    it on (none here, and no registry to pull it from); None where it can."""
    problem = backends.docker_engine()
    if problem:
        return f"{problem}: `sudo docker/start-engine.sh`"
    try:
        return backends.missing_base(env, ROOT / "docker" / "Dockerfile")
    except backends.EngineSilent as silent:
        return f"{silent}: `sudo docker/start-engine.sh`"


def environment(env_id: str, backend: str = "venv") -> releases.Environment:
    """The environment of that id; the test skips, saying how to get it, where this machine can't run it."""
    reason = lacking(env_id, backend)
    if reason:
        pytest.skip(reason)
    return next(env for env in releases.environments(KNOWN, backend) if env.id == env_id)


def run_matrix(root: Path, ids: tuple[str, ...], backend: str = "venv") -> pd.DataFrame:
    """Build the environments this machine can run for real, run every cell, return the tidy table."""
    for folder in ("experiments", "docker"):
        if not (root / folder).exists():
            (root / folder).symlink_to(ROOT / folder)
    layout = Layout(root, env_root=ROOT / ".tfmatrix" / "envs")
    ids = tuple(env_id for env_id in ids if lacking(env_id, backend) is None) or pytest.skip(
        "; ".join(filter(None, (lacking(env_id, backend) for env_id in ids)))
    )
    results = run_all([environment(env_id, backend) for env_id in ids], layout, Options(jobs=2))
    assert {result.env.id: (result.failed, result.not_run) for result in results} == dict.fromkeys(
        ids, (None, None)
    )
    return tidy.frame(records.load_all(layout.results)[0], CATALOGUE)


def coin_tosses(one: dict[str, str], other: dict[str, str]) -> set[str]:
    """Cells that ended in NaN in either run: graph-mode cells of the dynamic-input model on old
    releases do so in some runs only (seen: 1.12 fit, train_on_batch, plain_call, trainable_flag;
    2.0/2.1 plain_call), whatever the backend or isolation; the matrix records them as `diverged`.
    A NaN anywhere else is no coin toss and fails."""
    tosses = {cell for cell in one if "diverged" in (one[cell], other.get(cell))}
    assert all(cell.startswith("keras_dynamic.") and ".graph." in cell for cell in tosses), tosses
    return tosses


@pytest.fixture(scope="session")
def matrix(tmp_path_factory) -> pd.DataFrame:
    """One 1.x and one 2.x release (both Keras flavours), every cell, in venvs."""
    return run_matrix(tmp_path_factory.mktemp("checkout"), (TF1, KERAS3, TF_KERAS))


@pytest.fixture
def golden_results(tmp_path: Path) -> Path:
    """A results/ folder holding real records of tf-1.12 and tf-2.16-keras3."""
    target = tmp_path / "results"
    shutil.copytree(DATA / "records", target)
    return target
