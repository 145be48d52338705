from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import CATALOGUE

from tfmatrix.data import history, records, results_csv, tidy
from tfmatrix.data.records import RecordError

WIDTH = len(tidy.PUBLISHED)  # the fields of a row of results.csv


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


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
    """Every field but a cell's own time and seconds, which stay in its record: the files keep its
    environment's last run."""
    path = tmp_path / "results.csv"
    results_csv.write_csv(table, path)
    back = results_csv.read_csv(path, CATALOGUE)
    pd.testing.assert_frame_equal(back, results_csv.published(table))
    assert set(back["started"]) == {"2026-11-25T14:55:32Z", "2026-11-25T14:56:27Z"}
    assert results_csv.files(back) == results_csv.files(table)


def test_merge_replaces_cells_run_again(table):
    fresh = table[table["env"] == "tf-1.12"].assign(started="2030-01-01T00:00:00Z")
    fresh["outcome"] = "crash"
    merged = tidy.merge(table, fresh, CATALOGUE)
    assert len(merged) == len(table)
    assert set(merged[merged["env"] == "tf-1.12"]["outcome"]) == {"crash"}
    assert set(merged[merged["env"] == "tf-2.16-keras3"]["outcome"]) != {"crash"}


def one_file(table: pd.DataFrame, path: Path) -> Path:
    """results.csv as tables were written before history.csv: every column in it."""
    path.write_text(table.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    return path


def test_csv_from_another_version_is_refused(table, tmp_path):
    path = one_file(table.drop(columns=["bn_updates"]), tmp_path / "results.csv")
    with pytest.raises(RecordError, match="no column bn_updates"):
        results_csv.read_csv(path, CATALOGUE)


def later_run(table: pd.DataFrame, cell: str, **values) -> pd.DataFrame:
    """The fresh rows of a later run of every cell of tf-1.12, one of them showing other values."""
    fresh = table[table["env"] == "tf-1.12"].assign(started="2030-01-01T00:00:00Z", runs=1)
    fresh["seen"] = [history.seen_of({history.value(row): 1}) for row in fresh.itertuples()]
    for name, value in values.items():
        fresh.loc[fresh["cell"] == cell, name] = value
    return fresh


def test_a_new_run_of_unchanged_inputs_extends_the_history(table):
    table = table.assign(inputs="27fcfab38469a983")
    cell = "keras_dynamic.positive.graph.default"
    merged = tidy.merge(table, later_run(table, cell, outcome="diverged", bn_updates=pd.NA), CATALOGUE)
    rows = merged[merged["env"] == "tf-1.12"].set_index("cell")
    assert set(rows["runs"]) == {2}
    assert history.values(rows.loc[cell, "seen"]) == {"updated 5": 1, "diverged": 1}
    assert history.flaky(rows.loc[cell, "seen"])
    assert not any(map(history.flaky, rows.drop(index=cell)["seen"]))


def test_a_run_showing_the_published_value_keeps_the_published_noisy_evidence(table):
    """A re-run's float32 noise (the last digits of the losses, the order of two update ops in the
    moving mean) leaves an unchanged cell's row alone; a run showing another value replaces it."""
    table = table.assign(inputs="27fcfab38469a983")
    same, other = "tf_layers.positive.graph.default", "keras_dynamic.positive.graph.default"
    fresh = later_run(table, same, losses="[0.6932]", moving_mean="[0.0107]")
    fresh.loc[fresh["cell"] == other, ["outcome", "bn_updates", "losses"]] = ["diverged", pd.NA, "[NaN]"]
    merged = tidy.merge(table, fresh, CATALOGUE).set_index(history.KEY)
    published = table.set_index(history.KEY)
    for name in history.NOISY:
        assert merged.loc[("venv", "tf-1.12", same), name] == published.loc[("venv", "tf-1.12", same), name]
    assert merged.loc[("venv", "tf-1.12", other), "losses"] == "[NaN]"


def test_the_same_record_merged_again_counts_once(table):
    table = table.assign(inputs="27fcfab38469a983")
    again = tidy.merge(table, table.copy(), CATALOGUE)
    assert set(again["runs"]) == {1}


def test_changed_inputs_start_the_history_again(table):
    table = table.assign(inputs="27fcfab38469a983")
    fresh = later_run(table, "").assign(inputs="another-digest")
    merged = tidy.merge(table, fresh, CATALOGUE)
    assert set(merged.loc[merged["env"] == "tf-1.12", "runs"]) == {1}


def test_tables_written_before_history_read_as_one_run_each(table, tmp_path):
    path = one_file(table.drop(columns=["inputs", "runs", "seen"]), tmp_path / "results.csv")
    back = results_csv.read_csv(path, CATALOGUE)
    assert set(back["runs"]) == {1} and not any(map(history.flaky, back["seen"]))


def test_tables_written_before_history_csv_read_as_they_were(table, tmp_path):
    table = table.assign(runs=pd.array([3] * len(table), dtype="Int64"))
    path = one_file(table, tmp_path / "results.csv")
    pd.testing.assert_frame_equal(results_csv.read_csv(path, CATALOGUE), table)


def test_history_is_kept_beside_the_evidence(table, tmp_path):
    """runs.csv: a line per environment; history.csv: a line per cell whose runs are not its
    environment's or that showed more than one value (none here)."""
    path = tmp_path / "results.csv"
    results_csv.write_csv(table, path)
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    runs = (tmp_path / "runs.csv").read_text(encoding="utf-8").splitlines()
    cells = (tmp_path / "history.csv").read_text(encoding="utf-8").splitlines()
    assert header == tidy.PUBLISHED and not set(tidy.HISTORY) & set(header)
    assert runs == [
        "backend,env,runs,last_run,flaky",
        "venv,tf-1.12,1,2026-11-25T14:55:32Z,",
        "venv,tf-2.16-keras3,1,2026-11-25T14:56:27Z,",
    ]
    assert cells == ["backend,env,cell,behind,shown"]


def test_a_cell_runs_as_its_environment_unless_its_line_says_otherwise(table, tmp_path):
    """Two cells of tf-1.12 ran once more than the rest, one of them showing two values; one cell of
    tf-2.16-keras3 ran once after its inputs changed."""
    more, flaky, restarted = table["cell"].iloc[0], table["cell"].iloc[1], table["cell"].iloc[12]
    runs = [4 if index in (0, 1) else 1 if index == 12 else 3 for index in range(len(table))]
    table = table.assign(runs=pd.array(runs, dtype="Int64"))
    table["seen"] = [history.seen_of({history.value(row): int(row.runs)}) for row in table.itertuples()]
    table.loc[1, "seen"] = history.seen_of({history.value(table.iloc[1]): 3, "diverged": 1})
    path = tmp_path / "results.csv"
    results_csv.write_csv(table, path)
    cells = (tmp_path / "history.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[2:4] for line in cells[1:]] == [[more, "-1"], [flaky, "-1"], [restarted, "2"]]
    back = results_csv.read_csv(path, CATALOGUE)
    pd.testing.assert_frame_equal(back, results_csv.published(table))


def test_a_cell_without_history_reads_as_one_run(table, tmp_path):
    path = tmp_path / "results.csv"
    results_csv.write_csv(table.assign(runs=2), path)
    lines = (tmp_path / "runs.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "runs.csv").write_text("".join(lines[:-1]), encoding="utf-8")  # no tf-2.16-keras3
    back = results_csv.read_csv(path, CATALOGUE)
    assert list(back["runs"]) == [2] * 8 + [1] * 8 and back["started"].iloc[-1] == ""
    (tmp_path / "history.csv").unlink()
    assert set(results_csv.read_csv(path, CATALOGUE)["runs"]) == {1}


def test_a_compact_history_without_its_runs_csv_is_refused(table, tmp_path):
    path = tmp_path / "results.csv"
    results_csv.write_csv(table, path)
    (tmp_path / "runs.csv").unlink()
    with pytest.raises(
        RecordError, match=r"runs.csv: history.csv's runs are counted there, and it is missing"
    ):
        results_csv.read_csv(path, CATALOGUE)


def test_an_unchanged_rerun_changes_one_line_per_environment(table):
    """Only runs.csv moves, one line per environment that ran: its runs and its last run's time."""
    table = table.assign(inputs="27fcfab38469a983")
    fresh = later_run(table, "").assign(losses="[0.6932]", moving_mean="[0.0107]", seconds=9.5)
    before, after = results_csv.files(table), results_csv.files(tidy.merge(table, fresh, CATALOGUE))
    assert [name for name in before if before[name] != after[name]] == ["runs.csv"]
    moved = set(after["runs.csv"].splitlines()) - set(before["runs.csv"].splitlines())
    assert moved == {"venv,tf-1.12,2,2030-01-01T00:00:00Z,"}


def test_a_flaky_cell_back_at_a_value_seen_before_keeps_its_row(table):
    """A third run showing the first run's value: its counts move in runs.csv, its row stays."""
    table = table.assign(inputs="27fcfab38469a983")
    cell = "keras_dynamic.positive.graph.default"
    second = tidy.merge(table, later_run(table, cell, outcome="diverged", bn_updates=pd.NA), CATALOGUE)
    third = tidy.merge(second, later_run(table, "").assign(started="2030-01-08T00:00:00Z"), CATALOGUE)
    assert results_csv.text(third) == results_csv.text(second)
    assert results_csv.files(third)["history.csv"] == results_csv.files(second)["history.csv"]
    row = third.set_index(history.KEY).loc["venv", "tf-1.12", cell]
    assert row["outcome"] == "diverged" and history.values(row["seen"]) == {"updated 5": 2, "diverged": 1}


def spoiled(table: pd.DataFrame, tmp_path, number: int, spoil, name: str = "results.csv") -> Path:
    """results.csv of the table with line `number` (1: the header) of `name` (results.csv or
    history.csv) replaced by spoil(line, lines)."""
    results_csv.write_csv(table, tmp_path / "results.csv")
    path = tmp_path / name
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = spoil(lines[number - 1], lines)
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))
    return path


def edit(**values: str):
    """A spoiler that sets columns of the line."""

    def spoil(line: str, lines: list[str]) -> str:
        fields = dict(zip(next(csv.reader([lines[0]])), next(csv.reader([line]))), **values)
        text = io.StringIO()
        csv.writer(text, lineterminator="").writerow(fields.values())
        return text.getvalue()

    return spoil


GARBLED = [
    ("one value too many", lambda line, _: line + ",x", f"{WIDTH + 1} values where the header has {WIDTH}"),
    (
        "two values run together",
        lambda line, _: line.replace(",", "", 1),
        f"{WIDTH - 1} values where the header has {WIDTH}",
    ),
    ("a conflict marker", lambda line, _: "<<<<<<< HEAD", f"1 value where the header has {WIDTH}"),
    (
        "a stray quote",
        lambda line, _: line.replace(",graph,", ',gr"aph,'),
        "a quoted value is not closed",
    ),
    ("bytes not UTF-8", lambda line, _: line.replace(",graph,", ",gr\udcffaph,"), "not UTF-8 text"),
    ("the cell twice", lambda _, lines: lines[4], "repeats the cell of line 5"),
    ("a fraction in an integer column", edit(bn_updates="5.5"), "bn_updates '5.5' is not a whole number"),
    ("a word in an integer column", edit(update_ops="two"), "update_ops 'two' is not a whole number"),
    ("a word in a number column", edit(moving_variance="low"), "moving_variance 'low' is not a number"),
    ("an unknown outcome", edit(outcome="exploded"), "outcome 'exploded' is not one of updated, not_updated"),
    (
        "an unknown mode",
        edit(mode="lazy"),
        "mode 'lazy' is not one of graph, graph_no_eager, eager, function",
    ),
    ("an unknown flavour", edit(keras="keras4"), "keras 'keras4' is not one of tf.keras, keras3, tf_keras"),
    (
        "an unknown input",
        edit(input="pixels"),
        "input 'pixels' is not one of tf.layers, shape, layer, dynamic, dense, frozen, dense_frozen",
    ),
    (
        "an unknown data case",
        edit(data="negative"),
        "data 'negative' is not one of positive, positive+negative",
    ),
    (
        "an unknown cell",
        edit(cell="tf_layers"),
        "cell 'tf_layers' is not one of tf_layers.positive.graph.default",
    ),
    (
        "a mean not JSON",
        edit(moving_mean="[0.1, 0.2"),
        "moving_mean '[0.1, 0.2' does not hold a list of numbers or null in JSON",
    ),
    ("losses not numbers", edit(losses='["low"]'), "losses '[\"low\"]' does not hold a list of numbers"),
    ("probes not an object", edit(probes="[]"), "probes '[]' does not hold an object in JSON"),
    ("no version", edit(tensorflow="latest"), "tensorflow 'latest' is not a version"),
    ("no cell", edit(cell=""), "cell is empty"),
]


@pytest.mark.parametrize(("spoil", "why"), [case[1:] for case in GARBLED], ids=[case[0] for case in GARBLED])
def test_a_garbled_row_is_refused_naming_the_line_or_skipped(table, tmp_path, spoil, why):
    path = spoiled(table, tmp_path, 6, spoil)
    with pytest.raises(RecordError) as refused:
        results_csv.read_csv(path, CATALOGUE)
    assert str(refused.value).startswith(f"{path}, line 6: {why}")
    assert str(refused.value).endswith(
        f"restore it with `git checkout {path}`, or drop the rows that cannot be read with `--skip-bad`"
    )
    back, problems = results_csv.load_csv(path, CATALOGUE, skip_bad=True)
    assert len(problems) == 1 and problems[0].startswith(f"{path}, line 6: {why}")
    published = results_csv.published(table)
    pd.testing.assert_frame_equal(back, published.drop(index=4).reset_index(drop=True))


def flaky_history(table: pd.DataFrame) -> pd.DataFrame:
    """The table after three runs of tf-1.12, two of whose cells showed two values."""
    table = table.assign(runs=pd.array([3] * 8 + [1] * 8, dtype="Int64"))
    table["seen"] = [history.seen_of({history.value(row): int(row.runs)}) for row in table.itertuples()]
    for row in (1, 2):
        table.loc[row, "seen"] = history.seen_of({history.value(table.iloc[row]): 2, "diverged": 1})
    return table


RUNS_GARBLED = [
    ("no runs", 2, edit(runs="0"), "runs '0' is not a whole number above 0"),
    ("flaky not JSON", 2, edit(flaky="{updated"), "flaky '{updated' is not a JSON object of cells' counts"),
    ("the environment twice", 3, lambda _, lines: lines[1], "repeats the env of line 2"),
    ("no env", 2, edit(env=""), "env is empty"),
]
HISTORY_GARBLED = [
    ("a word for a number", 2, edit(behind="two"), "behind 'two' or shown"),
    ("shown not a list", 2, edit(shown='"updated 5"'), "shown '\"updated 5\"' is not a JSON list"),
    ("too far behind", 2, edit(behind="3"), "behind 3 leaves it 0 of its environment's 3 runs"),
    ("counts that do not add up", 2, edit(behind="1"), "its counts in runs.csv do not add up to its 2 runs"),
    ("no such environment", 2, edit(env="tf-9.9"), "its environment venv tf-9.9 has no line in runs.csv"),
    ("the cell twice", 3, lambda _, lines: lines[1], "repeats the cell of line 2"),
]


@pytest.mark.parametrize(
    ("name", "number", "spoil", "why"),
    [("runs.csv", *case[1:]) for case in RUNS_GARBLED]
    + [("history.csv", *case[1:]) for case in HISTORY_GARBLED],
    ids=[case[0] for case in RUNS_GARBLED + HISTORY_GARBLED],
)
def test_a_garbled_history_row_is_refused_naming_its_line_or_skipped(
    table, tmp_path, name, number, spoil, why
):
    table = flaky_history(table)
    path = spoiled(table, tmp_path, number, spoil, name)
    with pytest.raises(RecordError) as refused:
        results_csv.read_csv(tmp_path / "results.csv", CATALOGUE)
    assert str(refused.value).startswith(f"{path}, line {number}: {why}")
    assert f"restore it with `git checkout {path}`" in str(refused.value)
    back, problems = results_csv.load_csv(tmp_path / "results.csv", CATALOGUE, skip_bad=True)
    assert problems and problems[0].startswith(f"{path}, line {number}: {why}")
    assert len(back) == len(table)  # the cells are kept, the runs of those the line held unknown


@pytest.mark.parametrize("cut", [3, 30, 200], ids=lambda cut: f"{cut} characters from the end")
def test_a_csv_cut_mid_line_is_refused_naming_the_last_line_or_skipped(table, tmp_path, cut):
    path = tmp_path / "results.csv"
    results_csv.write_csv(table, path)
    path.write_bytes(path.read_bytes()[:-cut])
    with pytest.raises(RecordError, match=rf"line 17: cut short.*git checkout {re.escape(str(path))}"):
        results_csv.read_csv(path, CATALOGUE)
    back, problems = results_csv.load_csv(path, CATALOGUE, skip_bad=True)
    assert problems == [
        f"{path}, line 17: cut short: the file ends in the middle of this row (no newline after it)"
    ]
    pd.testing.assert_frame_equal(back, results_csv.published(table).iloc[:-1])
    assert len(results_csv.read_csv(path, CATALOGUE, skip_bad=True)) == 15


def test_every_bad_row_is_counted(table, tmp_path):
    path = tmp_path / "results.csv"
    results_csv.write_csv(table, path)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[9] = lines[12] = "garbage"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(
        RecordError, match=rf"line 3: 1 value where the header has {WIDTH} \(and 2 more rows\)"
    ):
        results_csv.read_csv(path, CATALOGUE)
    assert [
        problem.split(": ")[0] for problem in results_csv.load_csv(path, CATALOGUE, skip_bad=True)[1]
    ] == [f"{path}, line {number}" for number in (3, 10, 13)]


def test_a_value_spanning_lines_is_read_back(table, tmp_path):
    path = tmp_path / "results.csv"
    table.loc[3, "error"] = 'ValueError: two "lines"\nof message'
    results_csv.write_csv(table, path)
    pd.testing.assert_frame_equal(results_csv.read_csv(path, CATALOGUE), results_csv.published(table))


@pytest.mark.parametrize(("text", "why"), [("", "no header"), ("tensorflow,python\n", "no column keras")])
def test_a_csv_without_its_header_is_refused_even_with_skip_bad(tmp_path, text, why):
    path = tmp_path / "results.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError, match=rf"line 1: {why}.*git checkout"):
        results_csv.load_csv(path, CATALOGUE, skip_bad=True)


def test_a_nan_row_written_with_an_update_count_is_read_without_one(table, tmp_path):
    """Rows written before NaN lost its count: 'diverged 0' and 'diverged' are one value."""
    cell = "tf_layers.positive.graph.default"
    row = table.index[table["cell"] == cell][0]
    table.loc[row, ["outcome", "bn_updates", "runs", "seen"]] = [
        "diverged",
        0,
        3,
        '{"diverged 0": 2, "diverged": 1}',
    ]
    path = tmp_path / "results.csv"
    results_csv.write_csv(table, path)
    key = tuple(table.loc[row, history.KEY])
    back = results_csv.read_csv(path, CATALOGUE).set_index(history.KEY).loc[key]
    assert pd.isna(back["bn_updates"]) and json.loads(back["seen"]) == {"diverged": 3}


def test_a_history_of_a_line_per_cell_moves_to_the_compact_files_losing_no_run(table, tmp_path):
    """The files as written before runs.csv: results.csv without `inputs`, history.csv with each
    cell's inputs, runs, values seen, start and seconds. Written again, every cell keeps its inputs,
    its runs and how often each value showed; its start becomes its environment's last run."""
    table = flaky_history(table).assign(inputs="27fcfab38469a983")
    path = tmp_path / "results.csv"
    path.write_text(table[[n for n in tidy.PUBLISHED if n != "inputs"]].to_csv(index=False), encoding="utf-8")
    old = table[[*history.KEY, "inputs", "runs", "seen", "started", "seconds"]]
    (tmp_path / "history.csv").write_text(old.to_csv(index=False), encoding="utf-8")
    before = results_csv.read_csv(path, CATALOGUE)
    results_csv.write_csv(before, path)
    after = results_csv.read_csv(path, CATALOGUE)
    for name in ("inputs", "runs", "seen"):
        assert list(after[name]) == list(table[name]), name
    assert set(after["started"]) == set(table.groupby("env")["started"].max())
