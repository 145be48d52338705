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
