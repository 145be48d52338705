"""The command line refuses bad input before anything is built."""

from __future__ import annotations

import pytest

from tfmatrix import cli


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["matrix", "--tf", "9.9"], "unknown release '9.9'; the matrix has 1.12.3"),
        (["matrix", "--tf", "2.15; touch x"], "malformed release '2.15; touch x'"),
        (["matrix", "--keras", "keras4"], "unknown Keras flavour 'keras4'"),
        (["matrix", "--backend", "podman"], "unknown backend 'podman'; choose from venv, docker"),
    ],
)
def test_bad_selection_is_refused_before_building(argv, message, tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), *argv]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_report_without_records_says_what_to_run(tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), "report"]) == 2
    assert "run `nox -s matrix`" in capsys.readouterr().err


def test_corrupt_record_is_named_by_report(golden_results, capsys):
    path = golden_results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json"
    path.write_text("{")
    assert cli.main(["--root", str(golden_results.parent), "report"]) == 2
    assert str(path) in capsys.readouterr().err
    assert cli.main(["--root", str(golden_results.parent), "report", "--skip-bad"]) == 0
