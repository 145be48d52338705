"""The command line refuses bad input before anything is built (never asking the package index:
every `matrix` here runs `--offline`)."""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import CATALOGUE, ROOT

from tfmatrix import cli, cli_parser


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["matrix", "--tf", "9.9"], "unknown release '9.9'; the matrix has 1.12.3"),
        (["matrix", "--tf", "2.15; touch x"], "malformed release '2.15; touch x'"),
        (["matrix", "--keras", "keras4"], "unknown Keras flavour 'keras4'"),
        (["matrix", "--backend", "podman"], "unknown backend 'podman'; choose from auto, venv, docker"),
        (
            ["matrix", "--mode", "lazy"],
            "unknown mode 'lazy'; choose from graph, graph_no_eager, eager, function",
        ),
        (
            ["matrix", "--experiment", "99"],
            "unknown experiment '99'; choose from 1, 2, 3, 4, 3L, 4L, 5, 6, 5D, 6D, 7, 7D",
        ),
        (["matrix", "--variant", "fitt"], "unknown variant 'fitt'; choose from default, training_arg"),
        (["matrix", "--cell", "tf_layers.positive"], "unknown cell 'tf_layers.positive'; see"),
        (["matrix", "--mode", "eager", "--cell", "tf_layers.positive.graph.default"], "matches no cell"),
        (
            ["matrix", "--tf", "1.12", "2.21", "--keras", "keras3"],
            "release 1.12 has no keras3 environment (its Keras is tf.keras): drop --keras",
        ),
        (["matrix", "--tf", "2.16", "--keras", "tf.keras"], "release 2.16 has no tf.keras environment"),
    ],
)
def test_bad_selection_is_refused_before_building(argv, message, tmp_path, capsys):
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    assert cli.main(["--root", str(tmp_path), *argv, "--offline"]) == 2
    assert message in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir()] == ["experiments"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--timeout", "0", "'0' is not a number of seconds above 0"),
        ("--timeout", "-5", "'-5' is not a number of seconds above 0"),
        ("--timeout", "nan", "'nan' is not a number of seconds above 0"),
        ("--timeout", "inf", "'inf' is not a number of seconds above 0"),
        ("--jobs", "0", "'0' is not a whole number of at least 1"),
        ("--jobs", "1.5", "'1.5' is not a whole number of at least 1"),
    ],
)
def test_limits_that_mean_nothing_are_refused_before_anything_runs(option, value, message, tmp_path, capsys):
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--root", str(tmp_path), "matrix", "--offline", option, value])
    assert exit_.value.code == 2 and message in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir()] == ["experiments"]


def test_list_options_extend_rather_than_replace():
    args = cli_parser.parser().parse_args(
        ["matrix", "--tf", "1.12", "--tf", "1.15", "2.0", "--mode", "graph", "--mode", "eager"]
    )
    assert (args.tf, args.mode) == (["1.12", "1.15", "2.0"], ["graph", "eager"])
    assert cli_parser.parser().parse_args(["bench", "--tf", "1.12", "--tf", "2.21"]).tf == ["1.12", "2.21"]


@pytest.mark.parametrize(
    "command", [["matrix", "--offline", "--tf", "1.12"], ["report"], ["report", "--skip-bad"]]
)
def test_outside_a_checkout_says_where_to_run_and_creates_nothing(tmp_path, capsys, command):
    assert cli.main(["--root", str(tmp_path), *command]) == 2
    assert "experiments/_runner.py not found: run tfmatrix in its checkout" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cells_lists_every_cell_once(capsys):
    assert cli.main(["--root", str(ROOT), "cells"]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert len(ids) == len(set(ids)) == len(CATALOGUE.cells)


def test_report_without_records_says_what_to_run(tmp_path, capsys):
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    assert cli.main(["--root", str(tmp_path), "report"]) == 2
    assert "run `nox -s matrix`" in capsys.readouterr().err


def test_corrupt_record_is_named_by_report(golden_results, capsys):
    (golden_results.parent / "experiments").symlink_to(ROOT / "experiments")
    path = golden_results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json"
    path.write_text("{")
    assert cli.main(["--root", str(golden_results.parent), "report"]) == 2
    assert str(path) in capsys.readouterr().err
    assert cli.main(["--root", str(golden_results.parent), "report", "--skip-bad"]) == 0


@pytest.mark.parametrize("command", [["matrix", "--offline"], ["envs"], ["bench"]])
def test_a_broken_release_list_is_told_not_thrown(tmp_path, capsys, command):
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "releases.json").write_text("{")
    assert cli.main(["--root", str(tmp_path), *command]) == 2
    assert "cannot read the release list" in capsys.readouterr().err


def test_a_second_kill_while_the_run_stops_is_ignored():
    """The first SIGTERM stops the run as Ctrl-C does; a second one, arriving while the workers'
    records are kept, must not cut that short (tests/test_faults.py sends both)."""
    before = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, cli.interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs between bytecodes, before this ends
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
        os.kill(os.getpid(), signal.SIGTERM)  # ignored: nothing raised
    finally:
        signal.signal(signal.SIGTERM, before)
