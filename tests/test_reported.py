"""A run that ran nothing leaves reports/ alone only when reports/ already shows every record it reused."""

from __future__ import annotations

import csv
from types import SimpleNamespace

from conftest import ROOT

from tfmatrix import cli
from tfmatrix.data import records, reported
from tfmatrix.run.runner import EnvResult, Layout

KEY = ("venv", "tf-1.12", "tf_layers.positive.graph.default")
OTHER = ("venv", "tf-1.12", "tf_layers.positive.eager.default")
LEGACY = "e05abfe1463ab638"


def table(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tensorflow", "backend", "env", "cell", "started", "inputs", "runs"])
        writer.writerows(["1.12.3", *key, started, inputs, "2"] for key, started, inputs in rows)
    return path


def test_the_start_is_written_as_the_table_writes_it():
    assert reported.stamp(1764979200.7) == "2025-12-06T00:00:00Z"
    assert reported.stamp(None) == ""


def test_every_reused_record_must_be_the_published_one(tmp_path):
    path = table(tmp_path / "history.csv", [(KEY, "2025-12-06T00:00:00Z", "abc"), (OTHER, "", "def")])
    assert reported.all_shown([(KEY, 1764979200.0), (OTHER, None)], path, LEGACY)
    assert not reported.all_shown([(KEY, 1764979260.0)], path, LEGACY)  # a newer record, not yet published
    never = ("venv", "tf-1.13", KEY[2])
    assert not reported.all_shown([(never, 1764979200.0)], path, LEGACY)  # never published


def test_a_row_of_the_legacy_digest_is_given_its_scripts_own_by_a_report(tmp_path):
    path = table(tmp_path / "history.csv", [(KEY, "2025-12-06T00:00:00Z", LEGACY)])
    assert not reported.all_shown([(KEY, 1764979200.0)], path, LEGACY)


def test_without_a_readable_table_the_report_runs(tmp_path):
    assert not reported.all_shown([(KEY, 1764979200.0)], tmp_path / "missing.csv", LEGACY)
    (tmp_path / "odd.csv").write_text("no,such,columns\n1,2,3\n", encoding="utf-8")
    assert not reported.all_shown([(KEY, 1764979200.0)], tmp_path / "odd.csv", LEGACY)


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
    assert cli.shown(list(results.values()), Layout(root))
