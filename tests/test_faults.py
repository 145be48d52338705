"""Faults really injected into real runs: each becomes a recorded, explained cell, never a lost run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CATALOGUE, KERAS3, KNOWN, ROOT, TF1, environment

from tfmatrix.data import records, results_csv, tidy
from tfmatrix.matrix import releases
from tfmatrix.report import render
from tfmatrix.run.runner import Layout, Options, list_cells, run_all

pytestmark = pytest.mark.tensorflow

# keras_dynamic.py replaced: each eager variant of experiment 5 fails its own way.
FAULTY = """
import os, signal, sys, time
import _harness, _keras, keras_shape

EXPERIMENT = _harness.Experiment(
    title="faults", ids={"positive": "5", "positive+negative": "6"}, input="dynamic", label="faulty"
)

def experiment(tf, cell, evidence):
    print("last words of " + cell.variant, flush=True)
    if cell.variant == "default":
        os.kill(os.getpid(), signal.SIGSEGV)
    if cell.variant == "training_arg":
        os.abort()
    if cell.variant == "plain_call":
        time.sleep(600)
    if cell.variant == "fit":
        raise ValueError("injected <script>window.pwned=1</script> | fault")
    if cell.variant == "trainable_flag":
        sys.exit(3)
    if cell.variant == "get_updates_for":
        os._exit(0)
    os.write(1, b"\\x00\\xff{not json\\n")  # train_on_batch: garbage on stdout, then the real cell
    _keras.experiment(tf, cell, keras_shape.build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
"""
EXPECTED = {
    "default": ("crash", "killed by signal SIGSEGV"),
    "training_arg": ("crash", "killed by signal SIGABRT"),
    "plain_call": ("timeout", "no result after"),
    "fit": ("error", "ValueError: injected <script>window.pwned=1</script> | fault"),
    "trainable_flag": ("crash", "exited with status"),
    "get_updates_for": ("crash", "the cell left no record"),
    "train_on_batch": ("updated", ""),
}


def faulty_checkout(root: Path) -> Layout:
    shutil.copytree(ROOT / "experiments", root / "experiments", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "experiments" / "keras_dynamic.py").write_text(FAULTY, encoding="utf-8")
    return Layout(root, env_root=ROOT / ".tfmatrix" / "envs")


@pytest.mark.parametrize("isolation", ["fork", "fresh"])
def test_crashing_hanging_raising_and_noisy_cells_are_recorded(tmp_path, isolation):
    layout = faulty_checkout(tmp_path)
    env = environment(KERAS3)
    wanted = {f"keras_dynamic.positive.eager.{variant}" for variant in EXPECTED} | {
        "keras_shape.positive.eager.training_arg"  # a healthy neighbour
    }
    cells = [cell for cell in list_cells(layout) if cell["id"] in wanted]
    timeout = 8 if isolation == "fork" else 90  # a fresh interpreter spends its time limit importing TF too
    [result] = run_all([env], layout, Options(isolation=isolation, timeout=timeout, jobs=1), cells)
    assert result.failed is None
    table = tidy.frame(records.load_all(layout.results)[0], CATALOGUE).set_index("cell")
    assert table.loc["keras_shape.positive.eager.training_arg", "outcome"] == "updated"
    for variant, (outcome, message) in EXPECTED.items():
        row = table.loc[f"keras_dynamic.positive.eager.{variant}"]
        assert (row["outcome"], message in row["error"]) == (outcome, True), (variant, row["error"])
        assert row["observed_tensorflow"] or outcome != "updated"
    for variant in ("default", "training_arg", "trainable_flag"):  # the last lines printed are kept
        path = layout.results / "venv" / KERAS3 / f"keras_dynamic.positive.eager.{variant}.json"
        assert f"last words of {variant}" in "\n".join(records.load(path)["error"]["traceback"])
    assert f"no result after {timeout:g} s" in table.loc["keras_dynamic.positive.eager.plain_call", "error"]
    text = render.render(tidy.frame(records.load_all(layout.results)[0], CATALOGUE), CATALOGUE)
    assert "💥 crash" in text and "⏱️ timeout" in text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt; \\| fault" in text and "<script>" not in text


def checkout_listing(root: Path, listed: list[tuple[str, str]]) -> Path:
    """A checkout whose release list (reports/releases.json) is `listed`, sharing the real environments."""
    (root / "experiments").symlink_to(ROOT / "experiments")
    (root / ".tfmatrix").mkdir()
    (root / ".tfmatrix" / "envs").symlink_to(ROOT / ".tfmatrix" / "envs")
    (root / "reports").mkdir()
    others = {(release.version, release.python): list(release.others) for release in KNOWN}
    entries = ",".join(
        json.dumps({"python": python, "version": version, "others": others.get((version, python), [])})
        for version, python in listed
    )
    (root / "reports" / "releases.json").write_text(f'{{"releases": [{entries}], "source": "test"}}\n')
    return root


def tfmatrix(root: Path, *args: str, **kwargs) -> subprocess.Popen:
    command = [sys.executable, "-m", "tfmatrix", "--root", str(root), "matrix", "--offline", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_releases_that_cannot_be_installed_become_install_failed_cells_and_machine_trouble_none(tmp_path):
    environment(KERAS3), environment(TF1)  # 2.21 runs, and 2.20 is tried on the 3.6 that 1.12 needs
    listed = [("2.21.0", "3.13"), ("2.99.0", "3.13"), ("2.20.0", "3.6"), ("2.19.1", "3.99")]
    root = checkout_listing(tmp_path, listed)
    cell = "keras_shape.positive.eager.training_arg"
    process = tfmatrix(root, "--keras", "keras3", "--cell", cell, "--backend", "venv")
    _, err = process.communicate(timeout=600)
    assert process.returncode == 1, err
    assert "environment tf-2.99-keras3 failed to build" in err  # a release the index does not have
    assert "environment tf-2.20-keras3 failed to build" in err  # no wheel for that Python
    assert "tf-2.19-keras3: no Python 3.99 on this machine" in err  # this machine's trouble, not 2.19's
    assert 'run it with: pyenv install 3.99 && nox -s "env(tf-2.19-keras3)"' in err
    table = results_csv.read_csv(root / "reports" / "results.csv", CATALOGUE).set_index("env")
    assert table.loc["tf-2.21-keras3", "outcome"] == "updated"  # the healthy environment went on
    for env in ("tf-2.99-keras3", "tf-2.20-keras3"):
        assert table.loc[env, "outcome"] == "install_failed"
    assert "tf-2.19-keras3" not in table.index and not (root / "results" / "venv" / "tf-2.19-keras3").exists()
    failed = records.load(root / "results" / "venv" / "tf-2.99-keras3" / f"{cell}.json")
    assert "tensorflow==2.99.0" in failed["error"]["message"]  # the installer's own words
    assert "🚫 install failed" in (root / "reports" / "matrix.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_keeps_its_records_and_the_next_runs_only_the_rest(tmp_path, stop):
    environment(KERAS3)
    root = checkout_listing(tmp_path, [("2.21.0", "3.13")])
    out = root / "results" / "venv" / KERAS3
    total = len(CATALOGUE.cells)  # every cell, so the first run is still running when it is stopped
    first = tfmatrix(root, "--keras", "keras3", "--no-report", start_new_session=True)
    deadline = time.time() + 300
    while len(list(out.glob("*.json"))) < 5 and time.time() < deadline:
        time.sleep(0.2)
    second = tfmatrix(root, "--keras", "keras3")
    assert second.wait(timeout=60) == 2
    assert "is running in this checkout" in second.stderr.read()
    os.killpg(first.pid, stop)  # Ctrl-C reaches the whole foreground group; a kill only tfmatrix
    if stop == signal.SIGTERM:
        os.kill(first.pid, stop)
    _, err = first.communicate(timeout=120)
    assert first.returncode == 130, err
    assert "interrupted; every finished cell's record is kept" in err
    kept, problems = records.load_all(root / "results")
    assert problems == [] and 5 <= len(kept) < total
    assert all(record["status"] != "crash" for record in kept)  # stopping is no crash

    again = tfmatrix(root, "--keras", "keras3", "--no-report")
    output, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert (
        f"{len(kept)} cells reused" in output and f"({total - len(kept)} run, {len(kept)} reused)" in output
    )


def test_a_broken_pin_becomes_install_failed_cells_with_the_installers_words(tmp_path):
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    release = environment(KERAS3).release
    broken = releases.Environment(release, releases.Keras.KERAS3, extra=("numpy==0.0.1",))
    layout = Layout(tmp_path, env_root=tmp_path / "envs")
    cells = list_cells(layout)[:3]
    [result] = run_all([broken], layout, Options(jobs=1), cells)
    assert "numpy==0.0.1" in result.failed
    found = records.load_all(layout.results)[0]
    assert [record["status"] for record in found] == ["install_failed"] * 3
    assert all("numpy==0.0.1" in record["error"]["message"] for record in found)
