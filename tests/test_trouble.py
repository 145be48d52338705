"""Trouble of the machine running the matrix is told to its user and never touches published evidence."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import KNOWN, ROOT

from tfmatrix import cli
from tfmatrix.data import localpaths
from tfmatrix.matrix import releases
from tfmatrix.run import backends, trouble
from tfmatrix.run import runner as run
from tfmatrix.run.cells import run_cells
from tfmatrix.run.progress import Progress

CELL = "tf_layers.positive.graph.default"


@pytest.mark.parametrize(
    ("output", "release"),
    [
        ("× No solution found when resolving dependencies:\n╰─▶ Because tensorflow==2.99.0 ...", True),
        ("ERROR: No matching distribution found for tensorflow==2.99.0", True),
        ("Traceback (most recent call last):\n ImportError: libcudart", True),
        ("error: Failed to fetch: `https://index.example/simple/tensorflow/`\n  Caused by: dns error", False),
        ("× No solution found when resolving dependencies: ... the network was disabled", False),
        ("error: failed to write: No space left on device (os error 28)", False),
        ("Cannot connect to the Docker daemon at unix:///var/run/docker.sock", False),
        ("something nobody has seen before", False),  # unrecognised: never published as a fact
    ],
)
def test_only_an_installers_verdict_on_the_release_is_a_fact_of_the_release(output, release):
    assert trouble.of_release(output) is release


@pytest.fixture
def newcomer(tmp_path, monkeypatch):
    """A checkout with the published reports, on a machine without the Python 1.12 is listed for,
    no pyenv, no uv and no Docker."""
    root = tmp_path / "checkout"
    root.mkdir()
    (root / "experiments").symlink_to(ROOT / "experiments")
    shutil.copytree(ROOT / "reports", root / "reports")
    listed = json.loads((root / "reports" / "releases.json").read_text())
    listed["releases"][0].update(python="3.99", others=[])  # 1.12, on a Python nobody has
    (root / "reports" / "releases.json").write_text(json.dumps(listed))
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    return root


def published(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "reports").iterdir())}


def rows(files: dict[str, bytes], name: str, marker: bytes) -> list[dict[str, str]]:
    """The rows of reports/<name> holding marker, but for their inputs digest (a report pass makes a
    legacy digest of today's code its script's own)."""
    lines = files[name].decode().splitlines(keepends=True)
    table = csv.DictReader([lines[0], *(line for line in lines[1:] if marker.decode() in line)])
    return [{name: value for name, value in row.items() if name != "inputs"} for row in table]


@pytest.mark.parametrize("backend", ["auto", "venv"])
def test_a_missing_interpreter_leaves_every_published_file_as_it_was(newcomer, backend, capsys):
    before = published(newcomer)
    argv = [
        "--root",
        str(newcomer),
        "matrix",
        "--offline",
        "--tf",
        "1.12",
        "--cell",
        CELL,
        "--backend",
        backend,
    ]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "1 environment(s) did not run on this machine; their published rows are unchanged" in err
    assert "tf-1.12: no Python 3.99 on this machine, and uv has no download of any" in err
    assert '    run it with: pyenv install 3.99 && nox -s "env(tf-1.12)"' in err
    if backend == "auto":
        assert "the docker command is not installed" in err
    assert published(newcomer) == before
    assert not list((newcomer / "results").glob("*/*/*.json"))


def test_an_explicit_docker_backend_without_an_engine_is_refused_before_anything_runs(newcomer, capsys):
    argv = ["--root", str(newcomer), "matrix", "--offline", "--tf", "1.12", "--backend", "docker"]
    assert cli.main(argv) == 2
    assert "the docker command is not installed" in capsys.readouterr().err


def test_machine_local_paths_are_scrubbed(monkeypatch, tmp_path):
    monkeypatch.setenv("PYENV_ROOT", "/opt/pyenv-here")
    text = (
        f'File "{Path.home()}/.pyenv/versions/3.6.15/lib/python3.6/site-packages/tensorflow/x.py", '
        f"{ROOT}/.tfmatrix/envs/tf-1.12/bin/python, {tmp_path}/x, /opt/pyenv-here/versions/3.7.17, "
        "/home/alice/work, (conv2d/kernel:0), /device:CPU:0"
    )
    assert localpaths.scrub(text) == (
        'File "<site-packages>/tensorflow/x.py", <checkout>/.tfmatrix/envs/tf-1.12/bin/python, '
        f"<tmp>/{tmp_path.relative_to(tempfile.gettempdir())}/x, "
        "<pyenv>/versions/3.7.17, ~/work, (conv2d/kernel:0), /device:CPU:0"
    )


def local_paths(root: Path) -> list[str]:
    """This machine's own places, as they would leak into a file."""
    return [str(Path.home()) + "/", tempfile.gettempdir() + "/", "/tmp/", ".pyenv", str(ROOT), str(root)]


def leaks(reports: Path, root: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(reports.iterdir()):
        text = path.read_text(encoding="utf-8")
        hits = [place for place in local_paths(root) if place in text]
        if hits:
            found[path.name] = hits
    return found


def test_no_generated_file_carries_a_machine_local_path(golden_results, monkeypatch, capsys):
    root = golden_results.parent
    (root / "experiments").symlink_to(ROOT / "experiments")
    out = golden_results / "venv" / "tf-1.12"
    for path in sorted(out.glob("*.json"))[:3]:
        record = json.loads(path.read_text())
        record["error"] = {
            "type": "OSError",
            "message": f"cannot open {root}/x and {Path.home()}/.pyenv/versions/3.6.15/lib/a.so "
            f"from {tempfile.gettempdir()}/build/y and {ROOT}/.tfmatrix/envs/tf-1.12/bin/python",
            "traceback": [],
        }
        path.write_text(json.dumps(record))
    assert cli.main(["--root", str(root), "report"]) == 0
    assert "cannot open" in (root / "reports" / "matrix.md").read_text()
    assert leaks(root / "reports", root) == {}


def test_the_published_reports_carry_no_machine_local_path():
    assert leaks(ROOT / "reports", ROOT) == {}


@pytest.mark.parametrize(("backend", "code", "recorded"), [("docker", 125, False), ("venv", 125, True)])
def test_a_container_that_never_started_is_not_run_but_a_dying_runner_is_a_crash(
    tmp_path, backend, code, recorded
):
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    layout = run.Layout(tmp_path)
    env = releases.select(["2.21"], ["keras3"], backend, KNOWN)[0]
    cells = run.list_cells(layout)[:2]
    out = tmp_path / "out"
    out.mkdir()
    says = "docker: Cannot connect to the Docker daemon. Is the docker daemon running?"
    prepared = backends.Prepared(["sh", "-c", f"echo '{says}' >&2; exit {code}", "runner"], str(out), False)
    progress = Progress(total=len(cells), stream=io.StringIO())
    if recorded:
        run_cells(env, {"env": env.id}, prepared, cells, out, run.Options(), progress)
        assert sorted(path.name for path in out.glob("*.json")) == sorted(f"{c['id']}.json" for c in cells)
    else:
        with pytest.raises(trouble.NotRun, match="Cannot connect to the Docker daemon") as info:
            run_cells(env, {"env": env.id}, prepared, cells, out, run.Options(), progress)
        assert info.value.command == 'nox -s "env(tf-2.21-keras3)" -- --backend docker'
        assert not list(out.glob("*.json"))


def test_cells_run_on_another_python_than_the_published_one_are_kept_but_never_published(
    golden_results, capsys
):
    root = golden_results.parent
    (root / "experiments").symlink_to(ROOT / "experiments")
    shutil.copytree(ROOT / "reports", root / "reports")
    before = published(root)
    for path in (golden_results / "venv" / "tf-1.12").glob("*.json"):
        record = json.loads(path.read_text())
        record["requested"].update(python="3.11", published_python="3.6")  # this machine had no 3.6
        path.write_text(json.dumps(record))
    assert cli.main(["--root", str(root), "report"]) == 0
    err = capsys.readouterr().err
    assert "tf-1.12 ran on Python 3.11, not 3.6, the Python it is published on: " in err
    assert "kept in results/, not published" in err
    after = published(root)
    assert after["runs.csv"] == before["runs.csv"]  # the other golden records: older than the runs published
    assert rows(before, "results.csv", b",tf-1.12,") and rows(before, "runs.csv", b",tf-1.12,")
    for name in ("results.csv", "runs.csv", "history.csv"):
        assert rows(after, name, b",tf-1.12,") == rows(before, name, b",tf-1.12,")
