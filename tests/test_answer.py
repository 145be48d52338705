"""The answer table: each call and model input, by mode, as release ranges of one outcome."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CATALOGUE

from tfmatrix.data import records, tidy
from tfmatrix.report import answer, looks


@pytest.fixture
def table(golden_results) -> pd.DataFrame:
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


def later(table: pd.DataFrame, env: str, tensorflow: str, **changed) -> pd.DataFrame:
    """The rows of tf-1.12 again as another release, with some fields changed."""
    rows = table[table["env"] == "tf-1.12"].assign(env=env, tensorflow=tensorflow, **changed)
    return tidy.order(pd.concat([table, rows], ignore_index=True), CATALOGUE)


def line(text: str, call: str, model_input: str) -> list[str]:
    """The cells of one row (its label, then each mode's), each line of a cell `; `-joined and in plain
    spaces."""
    row = next(r for r in text.splitlines() if r.startswith(f"| {call}<br>{answer.INPUT}{model_input} "))
    plain = row.replace(answer.NBSP, " ").replace(answer.JOIN, "").replace("<br>", "; ")
    return [cell.strip() for cell in plain.strip("|").split("|")]


def test_releases_with_one_outcome_read_as_one_range(table):
    both = later(table, "tf-1.13", "1.13.2")
    text = answer.table(both, CATALOGUE)
    assert line(text, answer.CALLS["default"], "`tf.layers`")[1] == "✅ 1.12–1.13; Keras 3 ➖"


def test_a_release_that_differs_splits_the_range(table):
    both = later(table, "tf-1.13", "1.13.2", outcome="not_updated", bn_updates=0)
    both = later(both, "tf-1.14", "1.14.0")
    text = answer.table(both, CATALOGUE)
    assert line(text, answer.CALLS["default"], "`tf.layers`")[1] == "✅ 1.12; ⚠️ 1.13; ✅ 1.14; Keras 3 ➖"


def test_inputs_that_show_the_same_share_a_row_and_only_shared_models_are_left_out(table):
    text = answer.table(table, CATALOGUE)
    assert line(text, answer.CALLS["default"], "Keras, `input_shape=` or `InputLayer`")[1].startswith(
        "❌ 1.12"
    )
    assert "positive+negative" not in text and "3L" not in text


def test_a_cell_whose_runs_disagree_on_the_outcome_is_flaky_but_not_on_a_count(table):
    flaky = table.copy()
    first = flaky.index[(flaky["env"] == "tf-1.12") & (flaky["cell"] == "tf_layers.positive.graph.default")][
        0
    ]
    flaky.loc[first, "seen"] = '{"updated 5": 1, "updated 5 raced 1": 1}'
    assert line(answer.table(flaky, CATALOGUE), answer.CALLS["default"], "`tf.layers`")[1].startswith(
        "✅ 1.12"
    )
    flaky.loc[first, "seen"] = '{"updated 5": 1, "not_updated 0": 1}'
    assert line(answer.table(flaky, CATALOGUE), answer.CALLS["default"], "`tf.layers`")[1].startswith(
        "🎲 1.12"
    )


def test_entries_link_to_their_rows_and_every_glyph_drawn_is_in_the_key(table):
    text = answer.table(table, CATALOGUE, lambda mode, cell: f"#{cell}")
    assert "✅\u00a01.12<br>Keras\u00a03\u00a0➖ [↗](#tf_layers.positive.graph.default)" in text
    body = "\n".join(text.splitlines()[2:])
    drawn = {shown.glyph for shown in looks.looks() if shown.glyph in body}
    assert drawn == {"✅", "❌", "➖"}
    assert {part.split()[0] for part in answer.key(text).split(" · ")} == drawn
    assert answer.terms(text) == answer.TERMS[answer.LINES["keras3"]]  # the table draws Keras 3's line


def as_dense(table: pd.DataFrame, **changed) -> pd.DataFrame:
    """The no-input-shape model's rows again as experiment 5D's (batch norm after Dense)."""
    rows = table[table["input"] == "dynamic"].copy()
    rows = rows.assign(
        input="dense",
        experiment=rows["experiment"].map({"5": "5D", "6": "6D"}),
        cell=rows["cell"].str.replace("keras_dynamic.", "keras_dense.", regex=False),
        **changed,
    )
    return tidy.order(pd.concat([table, rows], ignore_index=True), CATALOGUE)


def test_networks_that_show_the_same_share_an_entry_that_names_both(table):
    text = answer.table(as_dense(table), CATALOGUE)
    both = "`tf.layers` (conv net) or Keras, no input shape (conv or `Dense` net)"
    assert line(text, answer.CALLS["default"], both)[1] == "✅ 1.12; Keras 3 ➖"
    assert line(text, answer.CALLS["default"], "Keras, `input_shape=` or `InputLayer` (conv net)")


def test_a_network_that_differs_has_its_own_entry(table):
    text = answer.table(as_dense(table, outcome="not_updated", bn_updates=0), CATALOGUE)
    conv = line(text, answer.CALLS["default"], "`tf.layers` or Keras, no input shape (conv net)")
    dense = line(text, answer.CALLS["default"], "Keras, no input shape (`Dense` net)")
    assert (conv[1], dense[1]) == ("✅ 1.12; Keras 3 ➖", "⚠️ 1.12; Keras 3 ⚠️")


def compiled(table: pd.DataFrame, api: str) -> pd.DataFrame:
    """The graph-mode rows of tf.layers again as function-mode rows whose step `api` compiled."""
    rows = table[table["cell"].str.startswith("tf_layers.positive.graph.")]
    rows = rows.assign(mode="function", cell=rows["cell"].str.replace(".graph.", ".function."), api=api)
    return tidy.order(pd.concat([table, rows], ignore_index=True), CATALOGUE)


def test_a_step_compiled_by_defun_says_so_and_keeps_its_own_range(table):
    both = later(compiled(table, '{"function": "tf.contrib.eager.defun"}'), "tf-1.14", "1.14.0")
    both.loc[(both["env"] != "tf-1.12") & (both["mode"] == "function"), "api"] = "{}"
    function = line(answer.table(both, CATALOGUE), answer.CALLS["default"], "`tf.layers`")[-1]
    assert function == "✅ 1.12 `defun`; ✅ 1.14; Keras 3 ➖"
    assert "`defun`: the step compiled by `tf.contrib.eager.defun`" in answer.terms(
        answer.table(both, CATALOGUE)
    )
    assert "`defun`" not in answer.terms(answer.table(table, CATALOGUE))


def test_the_key_explains_not_run_where_the_table_shows_it(table):
    assert "not run" not in answer.key(answer.table(table, CATALOGUE))
    eager = table[table["cell"].str.startswith("tf_layers.")].assign(mode="eager")
    text = answer.table(pd.concat([table, eager], ignore_index=True), CATALOGUE)
    assert f"| {answer.NOT_RUN} " in text
    assert answer.key(text).endswith(" · not run: the mode does not run this call")


def test_one_label_column_names_the_call_then_the_model_input(table):
    text = answer.table(table, CATALOGUE)
    heads = [head.strip() for head in text.splitlines()[0].strip("|").split("|")]
    assert heads[:2] == ["your code", "TF1 graph + session"]
    assert line(text, answer.CALLS["default"], "`tf.layers`")[0] == (
        f"{answer.CALLS['default']}; model: `tf.layers` or Keras, no input shape (conv net)"
    )
