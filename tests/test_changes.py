"""Each regeneration is compared with the published results; the comparison is kept."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import CATALOGUE

from tfmatrix.data import changes, records, results_csv, tidy
from tfmatrix.report import changes_md, report


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


def rerun(table: pd.DataFrame, cell: str, **values) -> pd.DataFrame:
    """The table after a later run of one cell of tf-1.12."""
    after = table.copy()
    row = (after["env"] == "tf-1.12") & (after["cell"] == cell)
    after.loc[row, "started"] = "2030-01-01T00:00:00Z"
    for name, value in values.items():
        after.loc[row, name] = value
    return after


def test_nothing_rerun_is_no_change(table):
    assert changes.diff(table, table.copy()) is None


def test_rerun_with_the_same_outcome_changes_nothing(table):
    found = changes.diff(table, rerun(table, "tf_layers.positive.graph.default"))
    assert (found["cells_rerun"], found["changed"], found["after"]) == (1, [], "2030-01-01")
    assert "re-ran 1 of 16 cells" in changes_md.summary(found)


def test_moved_outcome_and_update_count_are_listed(table):
    after = rerun(
        table, "tf_layers.positive.graph.default", outcome="crash", bn_updates=pd.NA, error="SIGSEGV"
    )
    after = rerun(after, "tf_layers.positive+negative.graph.default", bn_updates=9)
    found = changes.diff(table, after)
    assert [(c["cell"], c["before"]["outcome"], c["after"]["outcome"]) for c in found["changed"]] == [
        ("tf_layers.positive.graph.default", "updated", "crash"),
        ("tf_layers.positive+negative.graph.default", "updated", "updated"),
    ]
    assert found["changed"][0]["after"] == {
        "outcome": "crash",
        "bn_updates": None,
        "moving_variance": 0.95099014,  # the rerun helper keeps the evidence
        "error": "SIGSEGV",
    }
    assert found["changed"][1]["before"]["bn_updates"] == 10
    assert found["changed"][1]["after"]["bn_updates"] == 9


def test_new_and_failing_environments_are_named(table):
    added = table[table["env"] == "tf-1.12"].assign(env="tf-2.99", tensorflow="2.99.0")
    failing = rerun(table, "tf_layers.positive.graph.default", outcome="install_failed")
    found = changes.diff(table, pd.concat([failing, added], ignore_index=True))
    assert found["environments_added"] == ["tf-2.99"]
    assert found["stopped_installing"] == ["tf-1.12"]
    in_docker = changes.diff(table, pd.concat([table, added.assign(backend="docker")], ignore_index=True))
    assert in_docker["environments_added"] == ["tf-2.99@docker"]  # named as the run names it
    assert "environments added: tf-2.99; stopped installing: tf-1.12" in changes_md.summary(found)


def test_first_run_says_so(table, tmp_path):
    found = changes.diff(results_csv.read_csv(tmp_path / "results.csv", CATALOGUE), table)
    assert found["before"] is None
    assert changes_md.summary(found).startswith("First run: 16 cells")


def test_error_text_is_escaped_in_the_changes_table(table):
    after = rerun(table, "tf_layers.positive.graph.default", outcome="error", error="<script>x</script> | y")
    lines = changes_md.section(changes.diff(table, after))
    assert r"&lt;script&gt;x&lt;/script&gt; \| y" in "\n".join(lines)
    assert "<script>" not in "\n".join(lines)


def test_report_keeps_the_last_comparison_until_a_cell_is_rerun(golden_results):
    reports = golden_results.parent / "reports"
    report.build(golden_results, reports, CATALOGUE)
    first = (reports / "CHANGES.md").read_text(encoding="utf-8")
    assert "First run: 16 cells" in first

    report.build(golden_results, reports, CATALOGUE)  # nothing re-ran: same files
    assert (reports / "CHANGES.md").read_text(encoding="utf-8") == first

    path = golden_results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json"
    record = json.loads(path.read_text())
    record.update(
        started=record["started"] + 86400, status="crash", error={"type": "crash", "message": "SIGSEGV"}
    )
    records.write(path, record)
    report.build(golden_results, reports, CATALOGUE)

    log = (reports / "CHANGES.md").read_text(encoding="utf-8")
    assert log.index("`tf_layers.positive.graph.default` | 5 updates | crash") < log.index("First run")
    matrix = (reports / "matrix.md").read_text(encoding="utf-8")
    assert "re-ran 1 of 16 cells" in matrix and "1 changed their outcome" in matrix
    diff = json.loads((reports / "changes.json").read_text(encoding="utf-8"))
    assert [c["cell"] for c in diff["changed"]] == ["tf_layers.positive.graph.default"]


def test_new_cells_are_counted_apart_from_reruns(table):
    before = table[table["cell"] != "tf_layers.positive.graph.default"]
    found = changes.diff(before, rerun(table, "tf_layers.positive.graph.default"))
    assert (found["cells_rerun"], found["cells_new"], found["changed"]) == (2, 2, [])  # both backends
    assert "re-ran 0 of 16 cells and ran 2 new ones" in changes_md.summary(found)


def test_a_cell_whose_updates_raced_differently_is_listed_with_its_races(table):
    cell = "tf_layers.positive+negative.graph.default"
    after = rerun(table, cell, moving_variance=0.90392077)  # the same 10 updates, 5 raced pairs
    [changed] = [c for c in changes.diff(table, after)["changed"] if c["cell"] == cell]
    line = changes_md.cell_lines({"changed": [changed]})[2]
    assert "| 10 updates | 10 updates, 5 raced pairs |" in line


def test_a_cell_whose_words_hold_no_count_shows_the_counts_that_moved(table):
    cell = "keras_shape.positive.graph.default"
    after = rerun(table, cell, bn_updates=1)  # placeholder: 'feed placeholder' either way
    [changed] = [c for c in changes.diff(table, after)["changed"] if c["cell"] == cell]
    line = changes_md.cell_lines({"changed": [changed]})[2]
    assert "| feed placeholder with 0 updates: InvalidArgumentError" in line
    assert "| feed placeholder with 1 update: InvalidArgumentError" in line


def test_a_days_regenerations_share_its_heading(table, tmp_path):
    """Two regenerations on one day: one '## day' heading over both entries, newest first; the
    next day gets its own."""
    path = tmp_path / "CHANGES.md"
    first = changes.diff(table, rerun(table, "tf_layers.positive.graph.default", outcome="crash"))
    second = changes.diff(table, rerun(table, "keras_layer.positive.graph.default", outcome="crash"))
    path.write_text(changes_md.appended(first, path), encoding="utf-8")
    text = changes_md.appended(second, path)
    assert text.count(f"## {second['after']}\n") == 1
    assert text.index("keras_layer.positive.graph.default") < text.index("tf_layers.positive.graph.default")
    assert "\n\n\n" not in text
    later = {**second, "after": "2030-01-02"}
    path.write_text(text, encoding="utf-8")
    assert [line for line in changes_md.appended(later, path).splitlines() if line.startswith("## ")] == [
        "## 2030-01-02",
        f"## {second['after']}",
    ]
