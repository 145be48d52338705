from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import CATALOGUE

from tfmatrix import heatmap, outcome, records, tidy

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


def cells_drawn(svg: str) -> dict[str, int]:
    """Cells covered by the rectangles of each colour (runs of equal cells share one)."""
    root = ET.fromstring(svg[svg.index("<svg") :])
    drawn: dict[str, int] = {}
    for rect in root.iter(f"{SVG}rect"):
        width = int(rect.get("width"))
        if rect.get("height") == str(heatmap.CELL_H - 1):
            drawn[rect.get("fill")] = drawn.get(rect.get("fill"), 0) + (width + 1) // heatmap.CELL_W
    return drawn


def test_every_cell_is_drawn_in_its_outcomes_colour(table):
    expected: dict[str, int] = {}
    for name in table["outcome"]:
        colour = outcome.look(name).colour
        expected[colour] = expected.get(colour, 0) + 1
    assert cells_drawn(heatmap.render(table, CATALOGUE)) == expected


def test_every_outcome_and_flaky_has_a_legend_entry_in_its_colour(table):
    svg = heatmap.render(table, CATALOGUE)
    legend = svg[svg.rindex('<rect x="4"') :]
    for drawn in outcome.looks():
        assert f'fill="{drawn.colour}"/>' in legend and f">{drawn.name}</text>" in legend, drawn.name


def test_changed_cell_changes_the_picture(table):
    changed = table.copy()
    changed.loc[changed.index[0], "outcome"] = "crash"
    assert cells_drawn(heatmap.render(changed, CATALOGUE))[outcome.Outcome.CRASH.look.colour] == 1


def test_picture_is_deterministic(table):
    assert heatmap.render(table, CATALOGUE) == heatmap.render(table.copy(), CATALOGUE)


def test_flaky_cells_have_their_own_colour(table):
    flaky = table.copy()
    flaky.loc[flaky.index[0], "seen"] = '{"diverged": 1, "updated 5": 1}'
    assert cells_drawn(heatmap.render(flaky, CATALOGUE))[outcome.FLAKY.colour] == 1
