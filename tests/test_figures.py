"""README's figures: written between their markers from the data, the rest of the text kept."""

from __future__ import annotations

import pytest
from conftest import CATALOGUE

from tfmatrix.data import records, tidy
from tfmatrix.report import figures


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


def test_every_marker_is_filled_from_the_data_and_the_rest_kept(table):
    text = "Cells: <!-- figure:agree -->old<!-- /figure -->; flaky: <!-- figure:flaky -->9<!-- /figure -->."
    assert figures.filled(text, table, CATALOGUE) == (
        "Cells: <!-- figure:agree -->16 of 16 cells<!-- /figure -->; flaky: <!-- figure:flaky -->0<!-- /figure -->."
    )


def test_an_unknown_figure_is_left_as_it_is(table):
    text = "<!-- figure:nonesuch -->7<!-- /figure -->"
    assert figures.filled(text, table, CATALOGUE) == text


def test_a_flaky_cell_is_counted_where_its_values_say(table):
    flaky = table.copy()
    flaky.loc[flaky.index[0], "seen"] = '{"diverged": 1, "updated 5": 1}'
    found = figures.values(flaky, CATALOGUE)
    assert found["agree"] == "15 of 16 cells" and found["flaky"] == "1"
    assert found["nan"].startswith("1 of the cells whose statistics end NaN") and found["nan"].endswith(
        "(1.12"
    )
