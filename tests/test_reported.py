"""A run that ran nothing leaves reports/ alone only when reports/ already shows every record it reused."""

from __future__ import annotations

import csv
import subprocess
import sys
from types import SimpleNamespace

from conftest import ROOT

from tfmatrix import cli, cli_matrix
from tfmatrix.data import records, reported
from tfmatrix.run.runner import EnvResult, Layout

KEY = ("venv", "tf-1.12", "tf_layers.positive.graph.default")
OTHER = ("venv", "tf-1.12", "tf_layers.positive.eager.default")
LEGACY = "e05abfe1463ab638"


def reports(folder, rows, last="2025-12-06T00:00:00Z"):
    """A reports/ folder: results.csv's cells with their digests, runs.csv's tf-1.12 line."""
    folder.mkdir(exist_ok=True)
    with open(folder / "results.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tensorflow", "backend", "env", "cell", "inputs"])
        writer.writerows(["1.12.3", *key, inputs] for key, inputs in rows)
    (folder / "runs.csv").write_text(f"backend,env,runs,last_run,flaky\nvenv,tf-1.12,2,{last},\n")
    return folder


def test_the_start_is_written_as_the_table_writes_it():
    assert reported.stamp(1764979200.7) == "2025-12-06T00:00:00Z"
    assert reported.stamp(None) == ""


def test_every_reused_record_must_be_a_published_one(tmp_path):
    folder = reports(tmp_path / "reports", [(KEY, "abc"), (OTHER, "def")])
    assert reported.all_shown([(KEY, 1764979200.0), (OTHER, 1764979100.0), (OTHER, None)], folder, LEGACY)
    assert not reported.all_shown([(KEY, 1764979260.0)], folder, LEGACY)  # newer than the last run published
    never = ("venv", "tf-1.13", KEY[2])
    assert not reported.all_shown([(never, 1764979200.0)], folder, LEGACY)  # never published
    gone = ("venv", "tf-1.12", "keras_dense.positive.eager.default")
    assert not reported.all_shown(
        [(gone, 1764979200.0)], folder, LEGACY
    )  # its environment ran, it has no row


def test_a_row_of_the_legacy_digest_is_given_its_scripts_own_by_a_report(tmp_path):
    folder = reports(tmp_path / "reports", [(KEY, LEGACY)])
    assert not reported.all_shown([(KEY, 1764979200.0)], folder, LEGACY)


def test_without_a_readable_table_the_report_runs(tmp_path):
    assert not reported.all_shown([(KEY, 1764979200.0)], tmp_path / "missing", LEGACY)
    folder = reports(tmp_path / "reports", [(KEY, "abc")])
    (folder / "runs.csv").write_text("no,such,columns\n1,2,3\n", encoding="utf-8")
    assert not reported.all_shown([(KEY, 1764979200.0)], folder, LEGACY)
    (folder / "runs.csv").write_text(
        "backend,env,runs,last_run,flaky\nvenv,tf-1.12,2,2025-12-06T00:00:00Z,\nvenv,tf-1.13,0,,\n",
        encoding="utf-8",
    )
    assert not reported.all_shown([(KEY, 1764979200.0)], folder, LEGACY)  # a line the report refuses


def test_a_run_that_changed_nothing_reads_the_tables_without_pandas(tmp_path):
    folder = reports(tmp_path / "reports", [(KEY, "abc")])
    code = (
        "import sys; from pathlib import Path; from tfmatrix.data import reported; "
        f"assert reported.all_shown([({KEY!r}, 1764979200.0)], Path({str(folder)!r}), {LEGACY!r}); "
        "assert 'pandas' not in sys.modules, 'pandas was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_the_tables_a_report_writes_show_every_record_it_published(golden_results):
    """What a no-change run checks is what the report pass writes: after `report`, a run that reused
    the same records finds every one of them shown, and leaves reports/ alone."""
    root = golden_results.parent
    (root / "experiments").symlink_to(ROOT / "experiments")
    assert cli.main(["--root", str(root), "report"]) == 0
    found, _ = records.load_all(golden_results)
    results = {}
    for record in found:
        requested = record["requested"]
        env = SimpleNamespace(backend=requested["backend"], id=requested["env"])
        result = results.setdefault(env.id, EnvResult(env, cells=0))
        result.reused_started[record["cell"]["id"]] = record.get("started")
    assert {env: len(result.reused_started) for env, result in results.items()} == {
        "tf-1.12": 8,
        "tf-2.16-keras3": 8,
    }
    assert cli_matrix.shown(list(results.values()), Layout(root))
