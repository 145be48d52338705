"""What reaches reports/ reads the same on every run of an unchanged cell."""

from __future__ import annotations

import json
import math

import pandas as pd
from conftest import CATALOGUE

from tfmatrix.data import records, stable, tidy

REFUSED = (
    "tf.compat.v1.train.GradientDescentOptimizer: ValueError: Could not interpret optimizer identifier: "
    "<tensorflow.python.training.gradient_descent.GradientDescentOptimizer object at 0x7fa351fd2f00>"
)
UNWRITTEN = (
    "not written: 5 of 5 runs returned other values than the given 0.5 and 2.0 (1 non-finite), "
    "first mean -3.05e-05, variance -1.98e+19"
)


def test_memory_addresses_are_left_out():
    assert stable.text(REFUSED).endswith(
        "identifier: <tensorflow.python.training.gradient_descent.GradientDescentOptimizer object>"
    )
    assert stable.text("<function f at 0x7f00aa> and 0x10 stays") == "<function f> and 0x10 stays"


def test_what_unwritten_memory_held_is_left_out_and_that_it_was_unwritten_kept():
    assert (
        stable.text(UNWRITTEN) == "not written: 5 of 5 runs returned other values than the given 0.5 and 2.0"
    )
    probes = json.dumps({"inference_kernel": UNWRITTEN, "variable": "RefVariable"}, sort_keys=True)
    assert json.loads(stable.text(probes)) == {
        "inference_kernel": "not written: 5 of 5 runs returned other values than the given 0.5 and 2.0",
        "variable": "RefVariable",
    }


def test_numbers_keep_their_significant_digits():
    assert stable.numbers([0.69310522, 0.0105577, 0.0, 1234.5678], 4) == [0.6931, 0.01056, 0.0, 1235.0]
    assert math.isnan(stable.number(float("nan"), 3)) and stable.number(float("-inf"), 3) == float("-inf")
    assert stable.numbers(None, 4) is None


def test_a_published_row_holds_no_address_and_its_floats_at_the_stated_precision(golden_results):
    path = golden_results / "venv" / "tf-2.16-keras3" / "tf_layers.positive.graph.default.json"
    record = json.loads(path.read_text())
    record["evidence"]["api"] = {"optimizer_refused": REFUSED}
    record["evidence"]["losses"] = [0.693105223417282]
    record["evidence"]["moving_mean"] = [0.010557771101593971]
    record["error"] = {"type": "TypeError", "message": "bad <object object at 0xdeadbeef>"}
    row = tidy.frame([records.validate(record, path)], CATALOGUE).iloc[0]
    assert "0x" not in row["api"] and row["error"] == "TypeError: bad <object object>"
    assert (row["losses"], row["moving_mean"]) == ("[0.6931]", "[0.0106]")


def test_publishing_twice_changes_nothing(golden_results):
    table = tidy.frame(records.load_all(golden_results)[0], CATALOGUE)
    pd.testing.assert_frame_equal(stable.table(table), table)
