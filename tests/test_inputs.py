"""A cell's inputs: the experiments/ files its script loads, found statically, and the legacy digest."""

from __future__ import annotations

import hashlib
import shutil
import textwrap

import pandas as pd
from conftest import CATALOGUE, ROOT

from tfmatrix.data import records, tidy
from tfmatrix.matrix import inputs

RUNS_EVERY_CELL = ["_catalogue", "_harness", "_records", "_runner"]


def test_imports_are_found_anywhere_in_a_script():
    source = textwrap.dedent(
        """
        import os, _first
        from _second import thing
        from _third.part import other

        def later():
            import _inside
            __import__("_dynamic")
            importlib.import_module("_named")
            __import__(name)  # not a constant: not followed

        class Deep:
            def method(self):
                from _deeper import x
        """
    )
    assert inputs.imported(source) == {
        "os", "_first", "_second", "_third", "_inside", "_dynamic", "_named", "_deeper"
    }  # fmt: skip


def test_a_script_that_does_not_parse_imports_nothing():
    assert inputs.imported("import _harness\nEXPERIMENT = (\n") == set()


def test_a_cell_loads_its_script_its_helpers_and_the_runner():
    experiments = ROOT / "experiments"
    assert inputs.loaded(experiments, "tf_layers") == sorted(
        [*RUNS_EVERY_CELL, "_data", "_eager", "_graph", "_probes", "tf_layers"]
    )
    keras = [*RUNS_EVERY_CELL, "_data", "_eager", "_graph", "_keras", "_probes"]
    # _keras imports _keras_training inside a function; keras_frozen builds on keras_dynamic
    assert inputs.loaded(experiments, "keras_shape") == sorted([*keras, "_keras_training", "keras_shape"])
    assert inputs.loaded(experiments, "keras_frozen") == sorted(
        [*keras, "_keras_training", "keras_dynamic", "keras_frozen"]
    )


def test_a_digest_follows_only_what_its_script_loads(tmp_path):
    experiments = tmp_path / "experiments"
    shutil.copytree(ROOT / "experiments", experiments)
    scripts = ["tf_layers", "keras_shape", "keras_dynamic", "keras_frozen"]
    before = inputs.read(experiments, scripts)
    (experiments / "keras_new.py").write_text("import _harness\nimport _keras\n", encoding="utf-8")
    assert inputs.read(experiments, scripts).digests == before.digests  # a new experiment: no other cell
    with open(experiments / "keras_dynamic.py", "a", encoding="utf-8") as script:
        script.write("# edited\n")
    after = inputs.read(experiments, scripts)
    assert [name for name in scripts if after.of(name) != before.of(name)] == [
        "keras_dynamic",
        "keras_frozen",
    ]
    with open(experiments / "_graph.py", "a", encoding="utf-8") as helper:
        helper.write("# edited\n")
    assert all(inputs.read(experiments, scripts).of(name) != after.of(name) for name in scripts)


def old_digest(experiments):
    """The digest as records carried it before it was per script (up to December 2026)."""
    digest = hashlib.sha256()
    for path in sorted(experiments.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def test_the_legacy_digest_is_the_one_records_carried(tmp_path):
    experiments = tmp_path / "experiments"
    shutil.copytree(ROOT / "experiments", experiments)
    assert inputs.legacy_digest(experiments) == old_digest(experiments)
    (experiments / "keras_new.py").write_text("# new\n", encoding="utf-8")
    assert inputs.legacy_digest(experiments) == old_digest(experiments)


def test_a_legacy_digest_counts_as_unchanged_only_for_todays_folder():
    known = inputs.Inputs({"tf_layers": "per-script"}, legacy="whole-folder")
    assert known.unchanged("per-script", "tf_layers")
    assert known.unchanged("whole-folder", "tf_layers")  # byte-identical code, history goes on
    assert not known.unchanged("older-folder", "tf_layers")
    assert not known.unchanged("", "tf_layers")  # a record from before digests: run again
    assert not known.unchanged("per-script", "keras_shape")


def test_rows_of_todays_code_get_their_scripts_digest():
    known = inputs.Inputs({"tf_layers": "per-script"}, legacy="whole-folder")
    cells = ["tf_layers.positive.graph.default"] * 3 + ["gone.positive.graph.default"]
    table = pd.DataFrame({"cell": cells, "inputs": ["whole-folder", "older", "", "whole-folder"]})
    assert list(known.migrated(table)["inputs"]) == ["per-script", "older", "", "whole-folder"]


def test_a_rerun_of_unchanged_code_goes_on_with_a_legacy_rows_history(golden_results):
    record = records.load_all(golden_results)[0][0]
    known = inputs.Inputs({record["cell"]["script"]: "per-script"}, legacy="whole-folder")
    legacy = {**record, "requested": {**record["requested"], "inputs": "whole-folder"}}
    published = tidy.frame([legacy], CATALOGUE).assign(runs=pd.array([3], dtype="Int64"))
    later = {
        **record,
        "started": record["started"] + 60,
        "requested": {**record["requested"], "inputs": "per-script"},
    }
    fresh = tidy.frame([later], CATALOGUE)
    merged = tidy.merge(known.migrated(published), known.migrated(fresh), CATALOGUE)
    assert (list(merged["runs"]), list(merged["inputs"])) == ([4], ["per-script"])
    assert list(tidy.merge(published, fresh, CATALOGUE)["runs"]) == [1]  # what the legacy digest spares
    edited = inputs.Inputs({record["cell"]["script"]: "edited"}, legacy="another-folder")
    merged = tidy.merge(edited.migrated(published), edited.migrated(fresh), CATALOGUE)
    assert list(merged["runs"]) == [1]  # the code changed since: the history starts again
