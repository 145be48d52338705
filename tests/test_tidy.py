from __future__ import annotations

import pandas as pd
import pytest

from tfmatrix import records, tidy
from tfmatrix.records import RecordError


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0])


def test_rows_carry_identity_outcome_and_evidence(table):
    first = table.iloc[0]
    assert first["tensorflow"] == "1.12.3" and first["experiment"] == "1" and first["input"] == "tf.layers"
    assert first["outcome"] == "updated" and first["bn_updates"] == 5
    assert first["moving_variance"] == pytest.approx(0.95099014)
    assert first["observed_tensorflow"] == "1.12.3" and first["error"] == ""


def test_article_order(table):
    assert list(table["experiment"][:8]) == ["1", "2", "3", "4", "3L", "4L", "5", "6"]
    assert list(table["env"].unique()) == ["tf-1.12", "tf-2.16-keras3"]


def test_error_is_type_and_headline(table):
    placeholder = table[table["experiment"] == "3"].iloc[0]
    assert placeholder["error"].startswith(
        "InvalidArgumentError: You must feed a value for placeholder tensor 'conv2d_input'"
    )


def test_headline_skips_tf2_headers():
    message = (
        "Graph execution error:\n\nDetected at node 'x' defined at (most recent call last):\n"
        "    File \"a.py\", line 1, in <module>\nNode: 'x'\nYou must feed a value for x\n\t [[{{node x}}]]"
    )
    assert tidy.headline(message) == "You must feed a value for x"


def test_csv_round_trip(table, tmp_path):
    path = tmp_path / "results.csv"
    tidy.write_csv(table, path)
    pd.testing.assert_frame_equal(tidy.read_csv(path), table)


def test_merge_replaces_cells_run_again(table):
    fresh = table[table["env"] == "tf-1.12"].copy()
    fresh["outcome"] = "crash"
    merged = tidy.merge(table, fresh)
    assert len(merged) == len(table)
    assert set(merged[merged["env"] == "tf-1.12"]["outcome"]) == {"crash"}
    assert set(merged[merged["env"] == "tf-2.16-keras3"]["outcome"]) != {"crash"}


def test_csv_from_another_version_is_refused(table, tmp_path):
    path = tmp_path / "results.csv"
    tidy.write_csv(table.drop(columns=["bn_updates"]), path)
    with pytest.raises(RecordError, match="no column bn_updates"):
        tidy.read_csv(path)


def later_run(table: pd.DataFrame, cell: str, **values) -> pd.DataFrame:
    """The fresh rows of a later run of every cell of tf-1.12, one of them showing other values."""
    fresh = table[table["env"] == "tf-1.12"].assign(started="2030-01-01T00:00:00Z", runs=1)
    fresh["seen"] = [tidy._seen({tidy.value(row): 1}) for row in fresh.itertuples()]
    for name, value in values.items():
        fresh.loc[fresh["cell"] == cell, name] = value
    return fresh


def test_a_new_run_of_unchanged_inputs_extends_the_history(table):
    table = table.assign(inputs="27fcfab38469a983")
    cell = "keras_dynamic.positive.graph.default"
    merged = tidy.merge(table, later_run(table, cell, outcome="diverged", bn_updates=pd.NA))
    rows = merged[merged["env"] == "tf-1.12"].set_index("cell")
    assert set(rows["runs"]) == {2}
    assert tidy.values(rows.loc[cell, "seen"]) == {"updated 5": 1, "diverged": 1}
    assert tidy.flaky(rows.loc[cell, "seen"])
    assert not any(map(tidy.flaky, rows.drop(index=cell)["seen"]))


def test_the_same_record_merged_again_counts_once(table):
    table = table.assign(inputs="27fcfab38469a983")
    again = tidy.merge(table, table.copy())
    assert set(again["runs"]) == {1}


def test_changed_inputs_start_the_history_again(table):
    table = table.assign(inputs="27fcfab38469a983")
    fresh = later_run(table, "").assign(inputs="another-digest")
    merged = tidy.merge(table, fresh)
    assert set(merged.loc[merged["env"] == "tf-1.12", "runs"]) == {1}


def test_tables_written_before_history_read_as_one_run_each(table, tmp_path):
    path = tmp_path / "results.csv"
    tidy.write_csv(table.drop(columns=["inputs", "runs", "seen"]), path)
    back = tidy.read_csv(path)
    assert set(back["runs"]) == {1} and not any(map(tidy.flaky, back["seen"]))
