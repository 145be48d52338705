from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWN, ROOT

from tfmatrix.matrix.releases import Keras, SelectionError, environments, label, select


def test_every_minor_release_once_in_order():
    minors = [release.minor for release in KNOWN]
    assert len(set(minors)) == len(minors)
    assert minors == sorted(minors, key=lambda m: tuple(map(int, m.split("."))))
    assert minors[0] == "1.12"


def test_keras_flavours_from_2_16():
    ids = [env.id for env in environments(KNOWN)]
    assert "tf-2.15" in ids and "tf-2.15-keras3" not in ids
    assert {"tf-2.16-keras3", "tf-2.16-tf_keras"} <= set(ids)


def test_tf_keras_environment_asks_for_legacy_keras():
    env = select(["2.16"], ["tf_keras"], "auto", KNOWN)[0]
    assert env.requirements[0] == "tensorflow==2.16.2"
    assert "tf-keras==2.16.*" in env.requirements
    assert env.variables == {"TF_USE_LEGACY_KERAS": "1"}
    assert env.requested()["keras"] == "tf_keras"


def test_an_environment_is_named_by_its_id_and_where_it_runs():
    [docker] = select(["1.12"], None, "docker", KNOWN)
    [venv] = select(["1.12"], None, "venv", KNOWN)
    [auto] = select(["1.12"], None, "auto", KNOWN)
    assert [docker.label, venv.label, auto.label] == ["tf-1.12@docker", "tf-1.12", "tf-1.12"]
    assert label("tf-1.12", "docker") == docker.label


def test_select_a_subset():
    assert [env.id for env in select(["1.15", "2.16.2"], None, "auto", KNOWN)] == [
        "tf-1.15",
        "tf-2.16-keras3",
        "tf-2.16-tf_keras",
    ]


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
        select(tf, None, "auto", KNOWN)


def test_unknown_keras_flavour_lists_the_choices():
    with pytest.raises(SelectionError, match="choose from tf.keras, keras3, tf_keras"):
        select(None, ["keras4"], "auto", KNOWN)


def test_a_flavour_that_leaves_a_requested_release_with_nothing_is_refused():
    with pytest.raises(
        SelectionError, match=r"release 1\.15 has no keras3 environment \(its Keras is tf\.keras\)"
    ):
        select(["1.15", "2.21"], [Keras.KERAS3.value], "auto", KNOWN)
    assert (
        next(env.id for env in select(None, [Keras.KERAS3.value], "auto", KNOWN)) == "tf-2.16-keras3"
    )  # no release asked


def test_the_release_table_is_passed_in_never_read_by_default():
    for function in (environments, select):
        assert inspect.signature(function).parameters["releases"].default is inspect.Parameter.empty


# Records every file opened while each module of the package is imported, in a fresh interpreter.
OPENED_AT_IMPORT = """
import importlib, json, os, pkgutil, sys
import numpy, pandas  # third-party imports read their own files: not the package's doing
opened = []
sys.addaudithook(lambda event, args: opened.append(os.fsdecode(args[0])) if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) else None)
import tfmatrix
for module in pkgutil.walk_packages(tfmatrix.__path__, "tfmatrix."):
    if module.name != "tfmatrix.__main__":  # it would run the command line
        importlib.import_module(module.name)
print(json.dumps(opened))
"""


def test_no_module_reads_a_file_when_imported():
    done = subprocess.run(
        [sys.executable, "-c", OPENED_AT_IMPORT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    opened = [Path(path).resolve() for path in json.loads(done.stdout)]
    code = (".py", ".pyc", ".so")  # modules being imported
    read = [path for path in opened if path.suffix not in code and ROOT in path.parents]
    assert read == [], "a module read these when imported: read them in a function its caller calls"
    assert (ROOT / "reports" / "releases.json") not in opened
