"""reports/ is replaced whole or not at all, and an unchanged re-run changes only the history."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CATALOGUE, DATA, ROOT

from tfmatrix.data import records, results_csv
from tfmatrix.report import report


def test_a_full_disk_leaves_every_report_as_it_was(tmp_path, monkeypatch):
    for name in ("results.csv", "matrix.md", "index.html"):
        (tmp_path / name).write_text(f"published {name}\n")
    write_text = Path.write_text

    def fills_up(path, text, **kwargs):
        if path.name == ".index.html.new":
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_text(path, text, **kwargs)

    monkeypatch.setattr(Path, "write_text", fills_up)
    with pytest.raises(OSError, match="No space left"):
        report.write_all({tmp_path / name: "new\n" for name in ("results.csv", "matrix.md", "index.html")})
    monkeypatch.undo()
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == {
        name: f"published {name}\n" for name in ("results.csv", "matrix.md", "index.html")
    }
    report.write_all({tmp_path / name: "new\n" for name in ("results.csv", "matrix.md", "index.html")})
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == dict.fromkeys(
        ("results.csv", "matrix.md", "index.html"), "new\n"
    )


def test_an_unchanged_rerun_rewrites_runs_csv_only(golden_results):
    """Another time, other seconds, other memory addresses and float32 noise in the losses: the
    cells' rows of results.csv stay byte for byte; history.csv counts the second run."""
    reports = golden_results.parent / "reports"

    def run(day: int, address: str) -> None:
        for path in sorted(golden_results.glob("*/*/*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            record["started"] += 86400 * day
            record["requested"]["inputs"] = "27fcfab38469a983"  # unchanged experiments
            record["seconds"] += day
            record["evidence"]["api"] = {"optimizer_refused": f"ValueError: <SGD object at {address}>"}
            record["evidence"]["losses"] = [
                loss * (1 + 3e-7 * day) for loss in record["evidence"].get("losses") or []
            ]
            records.write(path, record)
        report.build(golden_results, reports, CATALOGUE)

    run(0, "0x7fa351fd2f00")
    first = {name: (reports / name).read_bytes() for name in ("results.csv", "runs.csv", "history.csv")}
    run(1, "0x7fda518695e0")
    assert (reports / "results.csv").read_bytes() == first["results.csv"]
    assert b"0x" not in first["results.csv"]
    history = results_csv.read_csv(reports / "results.csv", CATALOGUE)
    assert set(history["runs"]) == {2} and (reports / "runs.csv").read_bytes() != first["runs.csv"]
    assert (reports / "history.csv").read_bytes() == first["history.csv"]  # no cell showed a new value


def reported(root: Path, seed: str) -> dict[str, bytes]:
    """reports/ as `tfmatrix report` writes it from the golden records, in a process of that hash seed."""
    shutil.copytree(DATA / "records", root / "results")
    (root / "experiments").symlink_to(ROOT / "experiments")
    command = [sys.executable, "-m", "tfmatrix", "--root", str(root), "report"]
    variables = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(command, env=variables, capture_output=True, check=True, timeout=120)
    return {path.name: path.read_bytes() for path in sorted((root / "reports").iterdir())}


def test_every_file_of_a_report_is_the_same_bytes_under_another_hash_seed(tmp_path):
    """A set or dict of strings iterates in another order in another process: no file may follow it."""
    one, other = reported(tmp_path / "one", "1"), reported(tmp_path / "other", "2")
    assert {"matrix.md", "every-release-graph.md", "heatmap.svg", "index.html", "results.csv"} <= set(one)
    assert set(other) == set(one)
    assert [name for name in one if one[name] != other[name]] == []
