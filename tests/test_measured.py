"""Measured numbers in the page's JSON: NaN and infinities reach the page as what was measured."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from conftest import CATALOGUE

from tfmatrix.report import page
from tfmatrix.report.measured import measured, parsed

NAN, INF = float("nan"), float("inf")


def test_nan_and_infinities_become_the_strings_json_can_hold():
    assert measured([0.5, NAN, INF, -INF]) == [0.5, "NaN", "Infinity", "-Infinity"]
    assert measured({"kernel": [NAN], "count": np.int64(2)}) == {"kernel": ["NaN"], "count": 2}
    assert measured(np.float32("nan")) == "NaN" and measured(np.float64(-np.inf)) == "-Infinity"


def test_missing_stays_null_and_finite_numbers_stay_numbers():
    assert [measured(item) for item in (None, pd.NA, 0.0, 1, "text")] == [None, None, 0.0, 1, "text"]


def test_a_json_column_is_read_with_its_nan():
    assert parsed("[0.0, NaN, Infinity, -Infinity]") == [0.0, "NaN", "Infinity", "-Infinity"]
    assert parsed("") is None
    assert json.loads(page.script_json(parsed('{"losses": [NaN]}'))) == {"losses": ["NaN"]}


def cells(data: dict) -> dict[tuple[str, str], dict]:
    """The page data's cells by (env, cell id)."""
    envs = [env["id"] for env in data["envs"]]
    return {
        (envs[n], cell["cell"]): cell
        for drawn in data["tables"]
        for row in drawn["rows"]
        for n, cell in enumerate(row["cells"])
        if cell
    }


def test_a_page_of_non_finite_evidence_renders_it(table):
    target = table.index[0]
    table.loc[target, ["outcome", "moving_variance"]] = ["diverged", INF]
    table.loc[target, ["moving_mean", "losses"]] = ["[NaN, 0.0]", "[0.69, -Infinity]"]
    text = page.render(table, CATALOGUE)
    drawn, rest = (
        json.loads(text.split(f'id="{name}">')[1].split("</script>")[0]) for name in ("data", "evidence")
    )
    merged = iter(rest["cells"])  # as page.js merges the panel's data into the drawn cells
    for row in (row for drawn_table in drawn["tables"] for row in drawn_table["rows"]):
        row["cells"] = [cell and {**cell, **next(merged)} for cell in row["cells"]]
    shown = cells(drawn)[(table.loc[target, "env"], table.loc[target, "cell"])]
    assert (shown["moving_variance"], shown["moving_mean"], shown["losses"]) == (
        "Infinity",
        ["NaN", 0.0],
        [0.69, "-Infinity"],
    )
