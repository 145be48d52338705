from __future__ import annotations

import os

import pandas as pd
import pytest
from conftest import DATA

from tfmatrix import records, render, tidy

GOLDEN = DATA / "matrix.md"


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0])


def test_matrix_is_exactly_the_golden_file(table):
    text = render.render(table)
    if os.environ.get("TFMATRIX_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_rendering_is_pure(table):
    assert render.render(table) == render.render(table.copy())


def test_text_from_records_is_escaped():
    assert render.escape("<script>alert(1)</script> | `x`") == (
        r"&lt;script&gt;alert\(1\)&lt;/script&gt; \| \`x\`"
    )


def test_one_footnote_per_distinct_message(table):
    text = render.render(table)
    notes = [line for line in text.splitlines() if line.startswith("[^")]
    assert len(notes) == len(set(notes)) == len(set(table["error"]) - {""})


def test_every_cell_appears(table):
    text = render.render(table)
    grid = [line for line in text.splitlines() if line.startswith("| 1 ") or line.startswith("| 6 ")]
    assert grid[0].count("✅ 5 updates") == 1 and "➖ unavailable" in grid[0]
    assert isinstance(table, pd.DataFrame)
