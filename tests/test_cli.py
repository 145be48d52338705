"""The command line refuses bad input before anything is built."""

from __future__ import annotations

import pytest
from conftest import ROOT

from tfmatrix import cli


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["matrix", "--tf", "9.9"], "unknown release '9.9'; the matrix has 1.12.3"),
        (["matrix", "--tf", "2.15; touch x"], "malformed release '2.15; touch x'"),
        (["matrix", "--keras", "keras4"], "unknown Keras flavour 'keras4'"),
        (["matrix", "--backend", "podman"], "unknown backend 'podman'; choose from venv, docker"),
        (["matrix", "--mode", "lazy"], "unknown mode 'lazy'; choose from graph, eager, function"),
        (["matrix", "--experiment", "7"], "unknown experiment '7'; choose from 1, 2, 3, 4, 3L, 4L, 5, 6"),
        (["matrix", "--variant", "fitt"], "unknown variant 'fitt'; choose from default, training_arg"),
        (["matrix", "--cell", "tf_layers.positive"], "unknown cell 'tf_layers.positive'; see"),
        (["matrix", "--mode", "eager", "--cell", "tf_layers.positive.graph.default"], "matches no cell"),
    ],
)
def test_bad_selection_is_refused_before_building(argv, message, tmp_path, capsys):
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    assert cli.main(["--root", str(tmp_path), *argv]) == 2
    assert message in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir()] == ["experiments"]


def test_outside_a_checkout_says_where_to_run(tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), "matrix", "--tf", "1.12"]) == 2
    assert "experiments/_runner.py not found: run tfmatrix in its checkout" in capsys.readouterr().err


def test_cells_lists_every_cell_once(capsys):
    assert cli.main(["--root", str(ROOT), "cells"]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert len(ids) == len(set(ids)) == 168


def test_report_without_records_says_what_to_run(tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), "report"]) == 2
    assert "run `nox -s matrix`" in capsys.readouterr().err


def test_corrupt_record_is_named_by_report(golden_results, capsys):
    path = golden_results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json"
    path.write_text("{")
    assert cli.main(["--root", str(golden_results.parent), "report"]) == 2
    assert str(path) in capsys.readouterr().err
    assert cli.main(["--root", str(golden_results.parent), "report", "--skip-bad"]) == 0
