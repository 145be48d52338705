"""Bad data is refused naming the file, and the line or field, with the fix; `--skip-bad` skips it and
says so. A refusal leaves reports/ byte for byte as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CATALOGUE, ROOT

from tfmatrix import cli
from tfmatrix.data import records, results_csv
from tfmatrix.report import report

CELL = "tf_layers.positive.graph.default"


@pytest.fixture
def checkout(golden_results: Path) -> Path:
    """A checkout holding the golden records and the reports rendered from them."""
    root = golden_results.parent.resolve()
    (root / "experiments").symlink_to(ROOT / "experiments")
    assert cli.main(["--root", str(root), "report"]) == 0
    return root


def snapshot(reports: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(reports.iterdir())}


def report_command(root: Path, capsys, *args: str) -> tuple[int, str]:
    """Run `tfmatrix report`; its exit code and what it said on stderr."""
    capsys.readouterr()
    code = cli.main(["--root", str(root), "report", *args])
    return code, capsys.readouterr().err


def test_a_cut_results_csv_is_refused_naming_the_line_or_skipped(checkout, capsys):
    reports = checkout / "reports"
    path = reports / "results.csv"
    path.write_bytes(path.read_bytes()[:-30])
    before = snapshot(reports)
    code, err = report_command(checkout, capsys)
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"tfmatrix: {path}, line 17: cut short") and f"`git checkout {path}`" in err
    assert snapshot(reports) == before
    code, err = report_command(checkout, capsys, "--skip-bad")
    assert code == 0 and f"skipped {path}, line 17: cut short" in err
    assert len(results_csv.read_csv(path, CATALOGUE)) == 16  # the cell cut off is back, from its record


def test_a_garbled_row_is_refused_naming_the_line_or_skipped(checkout, capsys):
    reports = checkout / "reports"
    path = reports / "results.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",updated,", ",exploded,", 1)  # the first cell, updated
    path.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(reports)
    code, err = report_command(checkout, capsys)
    assert code == 2 and f"{path}, line 2: outcome 'exploded' is not one of updated" in err
    assert snapshot(reports) == before
    code, err = report_command(checkout, capsys, "--skip-bad")
    assert code == 0 and f"skipped {path}, line 2: outcome 'exploded'" in err
    assert "exploded" not in path.read_text(encoding="utf-8")


BAD_RECORDS = [
    (("cell",), None, "cell is null, not an object"),
    (("evidence",), "none", 'evidence is "none", not an object'),
    (("requested", "env"), None, "requested.env is null, not a string"),
    (
        ("cell", "mode"),
        "lazy",
        'cell.mode is "lazy", which this tfmatrix does not know (graph, graph_no_eager, eager, function)',
    ),
    (
        ("cell", "experiment"),
        "99",
        'cell.experiment is "99", which this tfmatrix does not know (1, 2, 3, 4, 3L, 4L, 5, 6, 5D, 6D, 7, 7D)',
    ),
    (
        ("cell", "input"),
        "pixels",
        'cell.input is "pixels", which this tfmatrix does not know '
        "(tf.layers, shape, layer, dynamic, dense, frozen, dense_frozen)",
    ),
    (
        ("cell", "data"),
        "negative",
        'cell.data is "negative", which this tfmatrix does not know (positive, positive+negative)',
    ),
    (
        ("cell", "id"),
        "tf_layers",
        'cell.id is "tf_layers", which this tfmatrix does not know (tf_layers.positive.graph.default, '
        "tf_layers.positive.graph.training_arg, tf_layers.positive.graph.plain_call, ... "
        f"({len(CATALOGUE.cells)} in all))",
    ),
    (
        ("requested", "keras"),
        "keras4",
        'requested.keras is "keras4", which this tfmatrix does not know (tf.keras, keras3, tf_keras)',
    ),
]


@pytest.mark.parametrize(
    ("field", "value", "problem"), BAD_RECORDS, ids=[problem.split(",")[0] for *_, problem in BAD_RECORDS]
)
def test_a_record_of_the_wrong_shape_is_refused_naming_the_field_or_skipped(
    checkout, capsys, field, value, problem
):
    path = checkout / "results" / "venv" / "tf-1.12" / f"{CELL}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    (record[field[0]] if len(field) == 2 else record)[field[-1]] = value
    record["started"] += 86400  # a new run: what the report would add to CHANGES.md
    path.write_text(json.dumps(record), encoding="utf-8")
    before = snapshot(checkout / "reports")
    code, err = report_command(checkout, capsys)
    assert code == 2 and err == f"tfmatrix: {path}: {problem}; delete it and re-run its environment\n"
    assert snapshot(checkout / "reports") == before
    code, err = report_command(checkout, capsys, "--skip-bad")
    assert code == 0 and f"skipped {path}: {problem}" in err
    after = snapshot(checkout / "reports")
    assert {
        k for k in after if after[k] != before.get(k)
    } == set()  # the one new record skipped: nothing changed


def test_nothing_is_written_before_everything_is_checked(golden_results):
    reports = golden_results.parent / "reports"
    path = golden_results / "venv" / "tf-2.16-keras3" / f"{CELL}.json"
    path.write_text('{"schema": 1, "cell": null}', encoding="utf-8")
    with pytest.raises(records.RecordError, match="missing requested"):
        report.build(golden_results, reports, CATALOGUE)
    assert not reports.exists()
    built = report.build(golden_results, reports, CATALOGUE, skip_bad=True)
    assert built.rows == 15 and built.problems[0].startswith(f"{path}: missing requested")
