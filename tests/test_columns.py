from __future__ import annotations

from tfmatrix.matrix import columns

ENVS = {
    "tf-2.16-keras3": ("2.16.2", "keras3"),
    "tf-1.13": ("1.13.2", "tf.keras"),
    "tf-1.12": ("1.12.3", "tf.keras"),
    "tf-2.16-tf_keras": ("2.16.2", "tf_keras"),
    "tf-2.17-keras3": ("2.17.1", "keras3"),
    "tf-2.17-tf_keras": ("2.17.1", "tf_keras"),
}
SAME = {"a": "✅ 5 updates"}


def test_keras_2_line_comes_first_then_keras_3():
    assert columns.ordered(ENVS) == [
        "tf-1.12",
        "tf-1.13",
        "tf-2.16-tf_keras",
        "tf-2.17-tf_keras",
        "tf-2.16-keras3",
        "tf-2.17-keras3",
    ]


def test_identical_neighbours_of_one_flavour_share_a_column():
    shown = columns.group(ENVS, dict.fromkeys(ENVS, SAME))
    assert [(column.span, column.keras) for column in shown] == [
        ("1.12–1.13", "tf.keras"),
        ("2.16–2.17", "tf_keras"),
        ("2.16–2.17", "keras3"),
    ]
    assert shown[0].envs == ("tf-1.12", "tf-1.13")


def test_a_differing_cell_splits_the_range():
    cells = {**dict.fromkeys(ENVS, SAME), "tf-1.13": {"a": "⚠️ not updated"}}
    assert [column.span for column in columns.group(ENVS, cells)][:2] == ["1.12", "1.13"]


def test_every_release_keeps_one_column_each():
    shown = columns.group(ENVS, dict.fromkeys(ENVS, SAME), collapse=False)
    assert [column.envs for column in shown] == [(env,) for env in columns.ordered(ENVS)]
