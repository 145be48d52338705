"""Every call out of the process has a time limit: a program that hangs (a fake one on PATH, or a
worker that sleeps) is stopped at it, and the message names what hung and what to do."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import CATALOGUE, KNOWN, ROOT

from tfmatrix import cli
from tfmatrix.data import records
from tfmatrix.matrix import catalogue, releases
from tfmatrix.report import committed
from tfmatrix.run import backends, bench, bench_rerun, cells, pool, venvs
from tfmatrix.run.bench_rerun import BenchError
from tfmatrix.run.layout import Layout, Options
from tfmatrix.run.progress import Progress
from tfmatrix.run.trouble import NotRun

ENV = releases.environments(KNOWN)[0]
# A docker whose engine answers `docker info` and nothing else: every other question hangs.
ENGINE_HANGS = """#!/bin/sh
if [ "$1" = info ]; then echo 28.2.2; exit 0; fi
exec sleep 60
"""


def fake(tmp_path: Path, monkeypatch, name: str, script: str) -> Path:
    """An executable `name` first on PATH, running `script`."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(script, encoding="utf-8")
    (folder / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder / name


def test_a_catalogue_that_hangs_as_it_is_listed_names_the_command(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogue, "LIST_TIMEOUT", 2.0)
    (tmp_path / "experiments").mkdir()
    runner = tmp_path / "experiments" / "_runner.py"
    runner.write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError) as hung:
        catalogue.load(tmp_path / "experiments")
    assert str(hung.value) == (
        f"{runner} --list gave no result in 2 s and was stopped: an experiment script hangs as it is "
        f"imported; run `python {runner} --list` to see which"
    )


def test_an_engine_that_hangs_is_a_reason_not_a_hang(tmp_path, monkeypatch):
    monkeypatch.setattr(backends, "ENGINE_TIMEOUT", 1.0)
    fake(tmp_path, monkeypatch, "docker", "#!/bin/sh\nexec sleep 60\n")
    started = time.monotonic()
    assert backends.docker_engine() == (
        "the Docker engine gave no answer to `docker info` in 1 s; restart it (see docker/README.md)"
    )
    assert time.monotonic() - started < 30


def test_an_image_inspect_that_hangs_keeps_the_environment_from_running(tmp_path, monkeypatch):
    monkeypatch.setattr(backends, "ENGINE_TIMEOUT", 1.0)
    fake(tmp_path, monkeypatch, "docker", ENGINE_HANGS)
    env = releases.environments(KNOWN, "docker")[0]
    with pytest.raises(NotRun) as hung:
        backends.prepare_docker(env, ROOT / "experiments", tmp_path)
    assert hung.value.reason.startswith("the Docker engine gave no answer to `docker image inspect tfmatrix/")
    assert hung.value.reason.endswith(" in 1 s; restart it (see docker/README.md)")
    assert hung.value.command == f'{backends.START_ENGINE} && nox -s "env({env.id})" -- --backend docker'


def test_a_build_step_that_hangs_is_stopped_and_named(monkeypatch):
    monkeypatch.setattr(venvs, "BUILD_TIMEOUT", 1.0)
    with pytest.raises(NotRun) as hung:
        venvs.run_installer([sys.executable, "-c", "import time; time.sleep(60)"], ENV)
    step = f"{Path(sys.executable).name} -c import time; time.sleep(60)"
    assert hung.value.reason == (
        f"{ENV.id}: `{step} ...` gave no result in 1 s and was stopped: "
        "check the network and the package index, then run it again"
    )


def worker(pid_file: Path, then: str) -> list[str]:
    """A worker that says it is ready, then does `then` (Python) instead of running its cells."""
    code = (
        "import json, os, signal, sys, time\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "print(json.dumps({'event': 'ready'}), flush=True)\n"
        f"{then}\n"
    )
    return [sys.executable, "-c", code]


def run_worker(tmp_path: Path, command: list[str], pid_file: Path) -> list[records.Record]:
    """The records the worker's two cells end with; a failure where it is not stopped in a minute."""
    out = tmp_path / "out"
    out.mkdir()
    chosen = list(CATALOGUE.cells[:2])
    prepared = backends.Prepared(command, str(out), reused=True)
    arguments = (ENV, ENV.requested(), prepared, chosen, out, Options(timeout=0.5), Progress(total=2))
    running = threading.Thread(target=cells.run_cells, args=arguments, daemon=True)
    running.start()
    running.join(timeout=60)
    if running.is_alive():
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
        pytest.fail("the worker hung, and nothing stopped it")
    assert gone(pid_file)
    return [records.load(out / f"{cell['id']}.json") for cell in chosen]


def gone(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize(
    "then",
    ["time.sleep(600)", "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"],
    ids=["silent", "deaf to SIGTERM"],
)
def test_a_worker_that_hangs_is_stopped_and_its_cells_are_timeouts(tmp_path, monkeypatch, then):
    monkeypatch.setattr(cells, "WORKER_SLACK", 1.0)
    monkeypatch.setattr(pool, "KILL_GRACE", 1.0)
    pid_file = tmp_path / "pid"
    found = run_worker(tmp_path, worker(pid_file, then), pid_file)
    for record in found:
        assert record["status"] == "timeout"
        assert record["error"]["message"].startswith(
            "the environment's worker printed nothing for 1.5 s (--timeout 0.5 s per cell, plus 1 s to "
            "start) and was stopped before this cell finished; run the cell alone with its --cell command"
        )


def test_a_worker_that_does_not_exit_after_its_output_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "EXIT_TIMEOUT", 1.0)
    monkeypatch.setattr(pool, "KILL_GRACE", 1.0)
    pid_file = tmp_path / "pid"
    found = run_worker(tmp_path, worker(pid_file, "os.close(1); time.sleep(600)"), pid_file)
    stopped = f"the environment's runner exited with status {-signal.SIGTERM}"
    assert [(r["status"], r["error"]["message"].startswith(stopped)) for r in found] == [("crash", True)] * 2


def test_a_tensorflow_import_that_hangs_stops_the_benchmark(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "IMPORT_TIMEOUT", 1.0)
    python = tmp_path / "envs" / ENV.id / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    python.chmod(0o755)
    with pytest.raises(BenchError) as hung:
        bench.import_seconds(ENV, Layout(tmp_path, env_root=tmp_path / "envs"))
    assert str(hung.value) == (
        f"`import tensorflow` in {ENV.id} gave no result in 1 s and was stopped; "
        f'try the environment alone with `nox -s "env({ENV.id})"`'
    )


def test_a_rerun_of_the_benchmark_that_hangs_is_stopped(monkeypatch):
    monkeypatch.setattr(bench_rerun, "RERUN_TIMEOUT", 1.0)
    command = [sys.executable, "-c", "import time; time.sleep(60)", "matrix", "--jobs", "2"]
    with pytest.raises(BenchError) as hung:
        bench_rerun.matrix_run(command)
    assert str(hung.value) == (
        "`tfmatrix matrix --jobs 2` on the copy of the checkout gave no result in 1 s and was stopped: it "
        "was running cells (run `nox -s matrix` for these environments first) or hangs"
    )


def test_a_git_that_hangs_stops_the_proposal_with_the_way_around_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(committed, "GIT_TIMEOUT", 1.0)
    fake(tmp_path, monkeypatch, "git", "#!/bin/sh\nexec sleep 60\n")
    plan = tmp_path / "plan.json"
    plan.write_text('{"include": [{"env": "tf-1.12"}]}', encoding="utf-8")
    argv = ["--root", str(ROOT), "proposal", "--planned", str(plan), "--run-url", "u", "--out", str(tmp_path)]
    assert cli.main(argv) == 2
    assert capsys.readouterr().err == (
        "tfmatrix: `git rev-parse --verify --quiet HEAD` gave no result in 1 s and was stopped: free the "
        "repository (a lock, a disk that hangs), or pass --before, the reports/ folder to compare with\n"
    )
