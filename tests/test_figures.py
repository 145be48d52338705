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


def test_the_pictures_caption_names_each_colour_it_draws(table):
    """The golden records draw green, red and grey; a NaN cell adds purple, a flaky one pink."""
    shown = figures.caption(table, CATALOGUE)
    assert shown.startswith("Green: statistics updated; ")
    assert "purple" not in shown and "pink" not in shown and "orange" not in shown
    nan = table.copy()
    nan.loc[0, ["outcome", "seen"]] = ["diverged", '{"diverged": 1}']
    nan.loc[1, "seen"] = '{"diverged": 1, "not_updated 0": 1}'
    shown = figures.caption(nan, CATALOGUE)
    assert "purple (○): training ran, but the moving statistics or the losses hold NaN or infinity" in shown
    assert "pink (two pips): the runs of this cell disagree" in shown
