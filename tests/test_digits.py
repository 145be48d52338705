"""How many digits a re-run reproduces: two runs' records compared float by float."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CATALOGUE, DATA, ROOT

from tfmatrix import cli
from tfmatrix.data import digits, records

CELL = ("venv", "tf-1.12", "tf_layers.positive.graph.default")


@pytest.fixture
def runs(tmp_path):
    """The golden records as two runs of the same code, identical so far."""
    for name in ("first", "second"):
        shutil.copytree(DATA / "records", tmp_path / name)
    return tmp_path / "first", tmp_path / "second"


def changed(folder, cell, change) -> None:
    path = folder.joinpath(*cell[:2], f"{cell[2]}.json")
    record = json.loads(path.read_text())
    change(record)
    records.write(path, record)


def test_identical_runs_reproduce_every_digit(runs):
    figures = digits.compare(*runs, CATALOGUE)
    assert figures["cells"] == 16 and figures["skipped"] == {"value": 0, "length": 0}
    compared = figures["releases"]["1.12"]["losses"]
    assert compared["values"] > 0 and compared["differ"] == [0] * digits.MOST
    assert digits.reproduced(figures, "losses") == digits.MOST


def test_a_loss_that_moves_in_its_fifth_digit_is_reproduced_to_four(runs):
    def nudge(record):
        loss = record["evidence"]["losses"][0]
        record["evidence"]["losses"][0] = loss * (1 + 3e-5)  # moves the 5th significant digit

    changed(runs[1], CELL, nudge)
    figures = digits.compare(*runs, CATALOGUE)
    assert figures["releases"]["1.12"]["losses"]["differ"][:5] == [0, 0, 0, 0, 1]
    assert digits.reproduced(figures, "losses") == 4
    assert digits.reproduced(figures, "losses", ["2.16"]) is None  # Keras 3's graph cells record no loss
    assert digits.reproduced(figures, "moving_mean") == digits.MOST


def test_a_cell_whose_value_differs_is_flaky_and_left_out(runs):
    def raced(record):
        record["evidence"]["moving_variance"] = [0.99**3] * 8  # 3 updates, where the other run made 5
        record["evidence"]["losses"] = [value * 2 for value in record["evidence"]["losses"]]

    changed(runs[1], CELL, raced)
    figures = digits.compare(*runs, CATALOGUE)
    assert figures["skipped"]["value"] == 1
    assert digits.reproduced(figures, "losses") == digits.MOST


def test_the_command_writes_the_figures_and_refuses_an_empty_folder(runs, tmp_path, capsys):
    root = tmp_path / "checkout"
    shutil.copytree(ROOT / "experiments", root / "experiments")
    (root / "reports").mkdir()
    assert cli.main(["--root", str(root), "digits", str(runs[0]), str(runs[1])]) == 0
    assert json.loads((root / "reports" / "digits.json").read_text())["cells"] == 16
    assert "losses: every value reproduced to 8 significant digits" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert cli.main(["--root", str(root), "digits", str(tmp_path / "empty"), str(runs[1])]) == 2
    assert "holds no record" in capsys.readouterr().err
