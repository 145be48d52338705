from __future__ import annotations

import pytest

from tfmatrix.releases import RELEASES, Keras, SelectionError, environments, select


def test_every_minor_release_once_in_order():
    minors = [release.minor for release in RELEASES]
    assert len(set(minors)) == len(minors)
    assert minors == sorted(minors, key=lambda m: tuple(map(int, m.split("."))))
    assert minors[0] == "1.12"


def test_keras_flavours_from_2_16():
    ids = [env.id for env in environments()]
    assert "tf-2.15" in ids and "tf-2.15-keras3" not in ids
    assert {"tf-2.16-keras3", "tf-2.16-tf_keras"} <= set(ids)


def test_tf_keras_environment_asks_for_legacy_keras():
    env = select(["2.16"], ["tf_keras"])[0]
    assert env.requirements[0] == "tensorflow==2.16.2"
    assert "tf-keras==2.16.*" in env.requirements
    assert env.variables == {"TF_USE_LEGACY_KERAS": "1"}
    assert env.requested()["keras"] == "tf_keras"


def test_select_a_subset():
    assert [env.id for env in select(["1.15", "2.16.2"])] == ["tf-1.15", "tf-2.16-keras3", "tf-2.16-tf_keras"]


@pytest.mark.parametrize(
    ("tf", "message"),
    [
        (["9.9"], "unknown release '9.9'; the matrix has 1.12.3"),
        (["2.15.7"], "unknown release '2.15.7'"),
        (["2.15; touch x"], "malformed release"),
        (["latest"], "malformed release"),
    ],
)
def test_bad_releases_are_refused(tf, message):
    with pytest.raises(SelectionError, match=message.replace(".", r"\.").replace("(", r"\(")):
        select(tf)


def test_unknown_keras_flavour_lists_the_choices():
    with pytest.raises(SelectionError, match="choose from tf.keras, keras3, tf_keras"):
        select(keras=["keras4"])


def test_a_flavour_that_leaves_a_requested_release_with_nothing_is_refused():
    with pytest.raises(
        SelectionError, match=r"release 1\.15 has no keras3 environment \(its Keras is tf\.keras\)"
    ):
        select(["1.15", "2.21"], [Keras.KERAS3.value])
    assert next(env.id for env in select(None, [Keras.KERAS3.value])) == "tf-2.16-keras3"  # no release asked
