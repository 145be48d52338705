"""The opened cell's panel (panel.js): every field of its records as measured, NaN and infinity
included, and a flaky cell's runs each with what it showed, in a real headless Chromium."""

from __future__ import annotations

import json
import math
from pathlib import Path

from conftest import CATALOGUE
from pages import SHOWN

from tfmatrix.data import records, tidy
from tfmatrix.report.page_data import runs_showed

RECORD = Path("venv") / "tf-1.12" / "keras_dynamic.positive.graph.default.json"
# A published cell whose runs have disagreed (one NaN run, two that never updated), given that history.
FLAKY_ENV, FLAKY_CELL = "tf-1.12", "keras_dynamic.positive+negative.graph.fit"


def opened(tab, env: str, cell: str, backend: str = "venv"):
    """Open the cell's panel; the section of its record of that backend."""
    tab.locator(f'{SHOWN}[data-envs~="{env}"][data-cell="{cell}"]').click()
    return tab.locator(f"#details section.backend-{backend}")


def fields(dl) -> dict[str, str]:
    """A <dl>'s names and values."""
    return dict(zip(dl.locator("dt").all_text_contents(), dl.locator("dd").all_text_contents()))


def test_a_nan_cells_panel_shows_its_nan_and_infinity_as_measured(golden_results, show):
    path = golden_results / RECORD
    record = json.loads(path.read_text())
    record["evidence"].update(losses=[0.6931, float("nan"), float("inf")], moving_variance=[float("inf")] * 8)
    record["evidence"]["moving_mean"][0] = float("nan")
    path.write_text(json.dumps(record))
    table = tidy.frame(records.load_all(golden_results)[0], CATALOGUE)
    shown = fields(opened(show(table, every=True), "tf-1.12", record["cell"]["id"]).locator("dl"))
    assert shown["outcome"] == "❓ NaN (diverged)"
    assert shown["losses"] == "[0.6931,NaN,Infinity]"
    assert shown["moving_mean"].startswith("[NaN,0,0.0106,")
    assert shown["moving_variance"] == "Infinity"
    assert shown["bn_updates"] == "–"  # NaN in the statistics: no update count


def test_a_nan_variance_is_shown_as_nan_not_as_missing(golden_results, show):
    path = golden_results / RECORD
    record = json.loads(path.read_text())
    record["evidence"]["moving_variance"] = [float("nan")] * 8
    path.write_text(json.dumps(record))
    table = tidy.frame(records.load_all(golden_results)[0], CATALOGUE)
    shown = fields(opened(show(table, every=True), "tf-1.12", record["cell"]["id"]).locator("dl"))
    assert shown["moving_variance"] == "NaN"


def test_a_published_nan_record_shows_its_nan_mean_and_its_losses(published, show):
    diverged = published[(published["outcome"] == "diverged") & (published["backend"] == "venv")]
    assert len(diverged), "the published data holds no NaN record to show"
    env, cell = diverged.iloc[-1][["env", "cell"]]
    rows = published[published["env"] == env].copy()
    target = rows.index[(rows["cell"] == cell) & (rows["backend"] == "venv")][0]
    rows.loc[target, ["seen", "runs"]] = ['{"diverged": 1}', 1]  # this record's run alone
    shown = fields(opened(show(rows, every=True), env, cell).locator("dl"))
    assert shown["outcome"] == "❓ NaN (diverged)"
    assert "NaN" in shown["moving_mean"].strip("[]").split(",")
    assert shown["losses"] == json.dumps(json.loads(rows.loc[target, "losses"]), separators=(",", ":"))
    variance = rows.loc[target, "moving_variance"]
    assert shown["moving_variance"] == ("NaN" if math.isnan(variance) else f"{variance:g}")


def test_a_flaky_cells_panel_shows_each_value_its_runs_showed(some, show):
    some = some.copy()
    target = some.index[
        (some["env"] == FLAKY_ENV) & (some["cell"] == FLAKY_CELL) & (some["backend"] == "venv")
    ][0]
    some.loc[target, ["seen", "runs"]] = ['{"diverged": 1, "not_updated 0": 2}', 3]  # as three runs showed it
    row = some.loc[target]
    section = opened(show(some, every=True), FLAKY_ENV, FLAKY_CELL)
    showed = section.locator("table.showed tbody tr")
    assert [line.locator("td").all_text_contents() for line in showed.all()] == [
        ["NaN", "diverged", "–", "NaN", "1"],
        ["not updated", "not_updated", "0", "–", "2"],
    ]
    cell, record = (fields(dl) for dl in section.locator("dl").all())
    assert cell["outcome"] == "🎲 flaky: NaN ×1; not updated ×2 (flaky)"
    evidence = {"bn_updates", "moving_variance", "moving_mean", "losses", "update_ops", "error"}
    assert not evidence & set(cell)  # one run's values are never the cell's
    assert evidence <= set(record) and record["outcome"] == row.outcome
    title = section.locator("h4").text_content()
    assert title.startswith("One run's record") and f"run of {row.started}" in title


def test_a_cell_whose_runs_agree_has_one_list_of_fields(some, show):
    row = some[
        (some["env"] == FLAKY_ENV) & (some["cell"] == FLAKY_CELL) & (some["backend"] == "docker")
    ].iloc[0]
    section = opened(show(some, every=True), FLAKY_ENV, FLAKY_CELL, "docker")
    assert section.locator("table.showed").count() == section.locator("h4").count() == 0
    shown = fields(section.locator("dl"))
    assert shown["bn_updates"] == str(row.bn_updates) and shown["moving_mean"] == "[0,0,0,0,0,0,0,0]"


def test_the_values_of_a_cells_runs_are_split_into_their_parts():
    seen = '{"diverged": 1, "not_updated 0": 2, "updated 10 raced 1": 1, "updated 3 =0.90412345": 4}'
    assert runs_showed(seen) == [
        ["NaN", "diverged", "", "NaN", 1],
        ["not updated", "not_updated", "0", "", 2],
        ["10 updates, 1 raced pair", "updated", "10", "1 raced pair", 1],
        ["3 updates (variance 0.90412345)", "updated", "3", "variance 0.90412345", 4],
    ]
    assert runs_showed('{"updated 5": 3}') == [["5 updates", "updated", "5", "", 3]]
