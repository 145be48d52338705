from __future__ import annotations

import itertools
import json
import re

import pandas as pd
import pytest
from conftest import CATALOGUE, DATA

from tfmatrix.data import records, tidy
from tfmatrix.matrix.columns import Column
from tfmatrix.report import celltext, looks, render

GOLDEN = DATA / "matrix.md"


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


def test_matrix_is_exactly_the_golden_file(table):
    """To change the golden file on purpose: `python tests/golden.py` shows the diff, `--write` writes it."""
    assert render.render(table, CATALOGUE) == GOLDEN.read_text(encoding="utf-8")


def shown_by_hand(record: dict) -> str:
    """What a record's cell says, worked out from its JSON alone: an unavailable API, the
    placeholder failure, or the moving variance read as 0.99 per update applied in order and 0.98
    per raced pair (both updates of a pair read the variance before either wrote)."""
    error = record["error"]
    if error and error["type"] == "Unavailable":
        return "➖ unavailable"
    if error and error["message"].startswith("You must feed a value for placeholder tensor"):
        return "❌ feed placeholder"
    variance = record["evidence"]["moving_variance"][0]
    [(ordered, raced)] = [
        (n, k) for n in range(21) for k in range(11) if abs(0.99**n * 0.98**k - variance) < 1e-6
    ]
    pairs = f", {raced} raced pair{'s' if raced > 1 else ''}" if raced else ""
    return f"✅ {ordered + 2 * raced} updates{pairs}"


def markdown_table(lines: list[str]) -> list[list[str]]:
    """A Markdown table's head and rows as lists of cells, its rule line left out."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    return [rows[0], *rows[2:]]


def test_the_golden_file_says_what_the_golden_records_hold():
    """tests/data/matrix.md checked apart from render.py: its counts, every cell of its mode table
    and the note each cell cites, and each environment's observed versions, against the records."""
    golden = GOLDEN.read_text(encoding="utf-8")
    found = [json.loads(path.read_text()) for path in sorted((DATA / "records").glob("*/*/*.json"))]
    envs = {record["requested"]["env"]: record for record in found}
    releases = {record["requested"]["tensorflow"] for record in found}
    assert f"from {len(found)} cells in {len(envs)} environments ({len(releases)} releases)" in golden
    lines = golden.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("| variant ") and "| exp " in line)
    head, *rows = markdown_table(list(itertools.takewhile(lambda line: line.startswith("|"), lines[start:])))
    grid = {(row[0], re.match(r"\[(\w+)\]", row[1])[1]): dict(zip(head[2:], row[2:])) for row in rows}
    notes = dict(re.findall(r'^- <a id="note-\w+"></a>\*\*(\w+)\*\*: (.*)$', golden, re.M))
    assert len(grid) * len(head[2:]) == len(found)  # every cell once, no other
    for record in found:
        release = ".".join(record["requested"]["tensorflow"].split(".")[:2])
        column = release if record["requested"]["keras"] == "tf.keras" else f"{release}<br>keras3"
        cell = grid[(record["cell"]["variant"], record["cell"]["experiment"])][column]
        assert cell.startswith(shown_by_hand(record)), (record["cell"]["id"], column, cell)
        cited = re.findall(r"\[(\w+)\]\(#note-\w+\)", cell)
        error = record["error"]
        assert len(cited) == (1 if error else 0), cell
        if error:  # the note: type and first line of the message, Markdown's escapes undone
            said = re.sub(r"\\(.)", r"\1", notes[cited[0]])
            assert said == f"{error['type']}: {error['message'].splitlines()[0]}"
    for env, record in envs.items():
        [row] = [line for line in lines if line.startswith(f"| `{env}` (venv)")]
        observed = record["observed"]
        assert f"| tensorflow {observed['tensorflow']}, keras {observed['keras']} (" in row
        assert re.search(
            rf"numpy {re.escape(observed['numpy'])}, Python {re.escape(observed['python'])} +\|", row
        )


def grid_header(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("| variant") and "| exp" in line)


def test_identical_releases_share_a_column(table):
    later = table[table["env"] == "tf-1.12"].assign(env="tf-1.13", tensorflow="1.13.2")
    both = pd.concat([table, later], ignore_index=True)
    assert "| 1.12–1.13 " in grid_header(render.render(both, CATALOGUE))
    assert "| 1.12 " in grid_header(every_release(both, modes_only=True))


def test_a_columns_heading_names_its_keras_and_compiler_on_lines_of_their_own():
    bundled = Column("tf.keras", ("tf-1.12", "tf-1.13"), ("1.12", "1.13"))
    assert render.heading(bundled, {}) == "1.12–1.13"
    assert render.heading(bundled, {render.COMPILER: "defun"}) == "1.12–1.13<br>defun"
    assert render.heading(Column("keras3", ("tf-2.16-keras3",), ("2.16",)), {}) == "2.16<br>keras3"


def test_changes_section_comes_from_the_last_comparison(table):
    found = {"before": None, "after": "2030-01-01", "cells_after": 16, "changed": []}
    assert "First run: 16 cells recorded up to 2030-01-01." in render.render(table, CATALOGUE, found)
    assert "No regeneration has been compared" in render.render(table, CATALOGUE)


def test_rendering_leaves_the_table_as_it_was(table):
    """Pure: records in, text out (the same bytes in another process: test_report)."""
    before = table.copy(deep=True)
    render.render(table, CATALOGUE)
    every_release(table)
    pd.testing.assert_frame_equal(table, before)


def test_text_from_records_is_escaped():
    assert render.escape("<script>alert(1)</script> | `x`") == (
        r"&lt;script&gt;alert\(1\)&lt;/script&gt; \| \`x\`"
    )


def test_one_note_per_distinct_message_each_named_by_its_outcome(table):
    text = render.render(table, CATALOGUE)
    notes = [line for line in text.splitlines() if line.startswith('- <a id="note-')]
    assert len(notes) == len(set(notes)) == len(set(table["error"]) - {""})
    codes = {re.search(r"\*\*(\w+)\*\*", line).group(1) for line in notes}
    used = set(re.findall(r"\[(\w+)\]\(#note-\w+\)", text))
    assert used == codes
    placeholder = table.loc[table["outcome"] == "placeholder", "error"].iloc[0]
    assert f"**P1**: {render.escape(placeholder)}" in text


def every_release(table, modes_only: bool = False) -> str:
    """The every-release files' text, joined (only the mode files', with modes_only)."""
    files = render.every_release(table, CATALOGUE)
    return "\n".join(text for name, text in files.items() if not (modes_only and name == "every-release.md"))


def test_both_reports_keep_two_narrow_label_columns_and_link_each_row(table):
    collapsed, every = render.render(table, CATALOGUE), every_release(table)
    for text in (collapsed, every):
        labels = grid_header(text).split("|")[1:3]
        assert [label.strip() for label in labels] == ["variant", "exp"] and "| 1.12 " in grid_header(text)
        assert "| 1     | `tf.layers` " in text  # the legend names each experiment's model input and data
        assert "`tf_layers.positive.<mode>.<variant>`" in text and "| `graph_no_eager` |" in text
    assert "[1](every-release-graph.md#row-tf_layers.positive.graph.default)" in collapsed
    assert (
        '<a id="row-tf_layers.positive.graph.default"></a>[1](#row-tf_layers.positive.graph.default)' in every
    )


def test_the_answer_comes_first_and_the_changes_last(table):
    text = render.render(table, CATALOGUE)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## What does my code do?" and headings[-1] == "## Changes"
    first_table = next(line for line in text.splitlines() if line.startswith("|"))
    assert first_table.startswith("| your code")


def test_every_cell_appears_once_with_every_release(table):
    grids = every_release(table, modes_only=True)
    glyphs = [drawn.glyph for drawn in looks.looks()]
    cells = [cell for line in grids.splitlines() if line.startswith("| ") for cell in line.split("|")]
    assert sum(any(cell.strip().startswith(g) for g in glyphs) for cell in cells) == len(table)


def test_docker_rows_are_compared_with_venv(table):
    docker = table[table["env"] == "tf-1.12"].assign(backend="docker")
    docker.loc[docker.index[0], ["outcome", "seen"]] = ["crash", '{"crash 5": 1}']
    text = render.render(pd.concat([table, docker], ignore_index=True), CATALOGUE)
    verdict = next(line for line in text.splitlines() if line.startswith("- `tf-1.12`"))
    assert verdict.startswith("- `tf-1.12`: 8 cells in both backends, **1 disagree**")
    assert "(5 updates in venv, crash in docker)" in verdict


def test_tables_show_venv_cells_once(table):
    docker = table[table["env"] == "tf-1.12"].assign(backend="docker")
    assert render.render(pd.concat([table, docker], ignore_index=True), CATALOGUE).count(
        "✅ 5 updates"
    ) == render.render(table, CATALOGUE).count("✅ 5 updates")


def test_flaky_cell_shows_every_value_and_the_determinism_figure(table):
    seen = '{"diverged": 1, "not_updated 0": 2}'
    flaky = table.assign(runs=3)
    flaky.loc[flaky.index[0], "seen"] = seen
    text = render.render(flaky, CATALOGUE)
    assert "🎲 flaky: NaN or not updated" in text
    assert "ran 3 times" not in text  # runs.csv's to say: a run showing nothing new changes no line here
    assert "agree on outcome, update count and raced pairs in 15 of 16 cells, and 1 is flaky" in text
    assert "**Flaky: runs disagree**" in text


@pytest.mark.parametrize(
    ("seen", "shown"),
    [
        ('{"updated 10": 1, "updated 10 raced 1": 1}', "10 updates: none raced or 1 raced pair"),
        (
            '{"placeholder 0": 3, "placeholder 1": 1}',
            "feed placeholder with 0 updates or feed placeholder with 1 update",
        ),
        ('{"diverged": 1, "not_updated 0": 1}', "NaN or not updated"),
    ],
)
def test_a_flaky_cell_tells_its_values_apart(seen, shown):
    assert celltext.flaky_values(seen) == shown


def test_the_page_says_how_many_runs_showed_each_value():
    assert (
        celltext.flaky_values('{"diverged": 1, "not_updated 0": 2}', counted=True) == "NaN ×1; not updated ×2"
    )
    assert celltext.flaky_values('{"updated 10": 1, "updated 10 raced 1": 1}', counted=True) == (
        "10 updates: none raced ×1, 1 raced pair ×1"
    )


def test_a_column_compiled_by_defun_says_so_in_its_head(table):
    rows = table[table["cell"].str.startswith("tf_layers.positive.graph.")]
    defun = rows.assign(mode="function", cell=rows["cell"].str.replace(".graph.", ".function."))
    defun.loc[defun["env"] == "tf-1.12", "api"] = '{"function": "tf.contrib.eager.defun"}'
    text = render.mode_table(defun, render.Notes(), CATALOGUE)
    assert text.splitlines()[0].split("|")[3].strip() == "1.12<br>`defun`"
    assert "defun" not in text.splitlines()[0].split("|")[4]
