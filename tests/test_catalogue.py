"""The catalogue: experiments/ declares every name the reports use, so a new experiment is one new file."""

from __future__ import annotations

import hashlib
import importlib
import itertools
import json
import re
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import CATALOGUE, KERAS3, ROOT, environment

from tfmatrix.data import results_csv
from tfmatrix.matrix import catalogue
from tfmatrix.matrix.outcome import Outcome
from tfmatrix.report import report
from tfmatrix.run import interpreters
from tfmatrix.run.runner import Layout, Options, list_cells, run_all

# The shape README's "Adding an experiment" documents, in a file of its own.
NEW = '''"""Experiment 90: a small Keras model of its own, in a section of its own."""

import sys

import _harness
import _keras

EXPERIMENT = _harness.Experiment(
    title="Keras model, a narrower first convolution",
    ids={"positive": "90"},
    input="narrow",
    label="Keras, 4 filters first",
    variants=("default", "training_arg"),
    modes=("eager",),
    section="Scratch: a narrower model",
    about="Added by the catalogue's test.",
)


def build(tf):
    return _keras.sequential(tf, [tf.keras.layers.Conv2D(4, (3, 3), strides=(2, 2))])


def experiment(tf, cell, evidence):
    _keras.experiment(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
'''


def scratch(root: Path, name: str, text: str) -> Layout:
    """A checkout whose experiments/ is a copy with one more file."""
    shutil.copytree(ROOT / "experiments", root / "experiments", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "experiments" / name).write_text(text, encoding="utf-8")
    return Layout(root, env_root=ROOT / ".tfmatrix" / "envs")


def digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.py"))}


def declared_cells() -> set[str]:
    """Every cell id the scripts' own EXPERIMENT declarations give, worked out here: each data case,
    each mode (all four where none is named), each variant (all seven where none is named), but
    graph_no_eager, which runs the article's own two calls only."""
    sys.path.insert(0, str(ROOT / "experiments"))
    found = set()
    for path in sorted((ROOT / "experiments").glob("[!_]*.py")):
        declared = importlib.import_module(path.stem).EXPERIMENT
        for data, mode, variant in itertools.product(declared.ids, declared.modes, declared.variants):
            if mode != "graph_no_eager" or variant in ("default", "training_arg"):
                found.add(f"{path.stem}.{data}.{mode}.{variant}")
    return found


def test_the_hosts_names_are_the_catalogues():
    assert CATALOGUE.experiment_order[:8] == ["1", "2", "3", "4", "3L", "4L", "5", "6"]
    assert CATALOGUE.sections[0] == catalogue.ARTICLE
    assert CATALOGUE.inputs["shape"] == "Keras, `input_shape=`"
    ids = [cell["id"] for cell in CATALOGUE.cells]  # as `_runner.py --list` printed them, in another process
    assert len(ids) == len(set(ids)) and set(ids) == declared_cells()


def test_a_script_without_a_declaration_is_refused_by_name(tmp_path):
    layout = scratch(tmp_path, "undeclared.py", "def experiment(tf, cell, evidence):\n    pass\n")
    with pytest.raises(catalogue.CatalogueError, match=r"experiments/undeclared\.py declares no EXPERIMENT"):
        layout.catalogue()


def test_an_experiment_id_declared_twice_is_refused(tmp_path):
    layout = scratch(tmp_path, "again.py", NEW.replace('"90"', '"5"'))
    with pytest.raises(
        catalogue.CatalogueError, match="experiment id 5 is declared by again and keras_dynamic"
    ):
        layout.catalogue()


def test_a_broken_script_is_named(tmp_path):
    layout = scratch(tmp_path, "broken.py", "import _harness\nEXPERIMENT = _harness.Experiment(\n")
    with pytest.raises(catalogue.CatalogueError, match=r"experiments/broken\.py: SyntaxError"):
        layout.catalogue()


@pytest.mark.tensorflow
def test_one_new_file_adds_its_rows_to_every_output(tmp_path):
    """A new experiment file, run for real, appears in every report; no other file was touched."""
    env = environment(KERAS3)
    if not interpreters.present(env.release.python):  # another Python's rows are never published
        pytest.skip(
            f"needs Python {env.release.python}: `{interpreters.install_command(env.release.python)}`"
        )
    layout = scratch(tmp_path, "keras_narrow.py", NEW)
    before = digests(layout.experiments)
    shutil.copytree(ROOT / "reports", layout.reports)
    cells = [cell for cell in list_cells(layout) if cell["script"] == "keras_narrow"]
    assert [cell["id"] for cell in cells] == [
        "keras_narrow.positive.eager.default",
        "keras_narrow.positive.eager.training_arg",
    ]
    [result] = run_all([env], layout, Options(jobs=1), cells)
    assert (result.failed, result.not_run) == (None, None)
    report.build(layout.results, layout.reports, layout.catalogue())

    table = results_csv.read_csv(layout.reports / "results.csv", layout.catalogue())
    new = table[table["experiment"] == "90"].set_index("variant")
    assert new.loc["training_arg", "outcome"] == "updated" and new.loc["training_arg", "bn_updates"] == 5
    assert new.loc["default", "outcome"] == "unavailable"  # Keras 3 has no set_learning_phase
    assert len(table) == len(results_csv.read_csv(ROOT / "reports" / "results.csv", CATALOGUE)) + 2

    for name in ("matrix.md", "every-release.md"):
        text = (layout.reports / name).read_text(encoding="utf-8")
        eager = (layout.reports / "every-release-eager.md").read_text(encoding="utf-8")
        section = text.split("## Scratch: a narrower model\n", 1)[1].split("\n## ", 1)[0]
        assert "Added by the catalogue's test." in section
        behaviours = section.split("### Where each behaviour appears", 1)[1]
        assert (
            "`set_learning_phase` unavailable" in behaviours
            and "eager (default): 2.21 (keras3)" in behaviours
        )
        row = "row-keras_narrow.positive.eager.training_arg"  # the id links to its anchored row
        if name == "matrix.md":
            assert f"[90](every-release-eager.md#{row})" in section
        else:  # the section links its mode's file, which holds the row
            assert (
                "[Eager (`enable_eager_execution` on 1.x), gradient tape](every-release-eager.md)" in section
            )
            assert f'<a id="{row}"></a>[90](#{row})' in eager.split("## Scratch: a narrower model\n", 1)[1]
        legend = text.split("\n## Legend\n", 1)[1].split("\n## ", 1)[0]  # both name the input and cell there
        assert re.search(
            r"\| 90 +\| Keras, 4 filters first +\| conv net +\| positive +\| `keras_narrow.py` +"
            r"\| `keras_narrow.positive.<mode>.<variant>` +\|",
            legend,
        )
    page = (layout.reports / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page).group(1))
    [scratch_table] = [table for table in data["tables"] if table["title"].startswith("Scratch")]
    assert {(row["experiment"], row["variant"]) for row in scratch_table["rows"]} == {
        ("90", "default"),
        ("90", "training_arg"),
    }
    svg = (layout.reports / "heatmap.svg").read_text(encoding="utf-8")
    assert ">Scratch: a narrower model</text>" in svg and 'class="e">90</text>' in svg

    assert digests(layout.experiments) == before
    assert digests(ROOT / "experiments") == {
        name: text for name, text in before.items() if name != "keras_narrow.py"
    }


def test_readmes_recipe_declares_what_its_example_declares():
    """The declaration README's "Adding an experiment" shows is keras_frozen.py's, but for its `about`."""
    sys.path.insert(0, str(ROOT / "experiments"))
    import _harness
    import keras_frozen

    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Adding an experiment", 1)[1]
    code = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    shown = {}
    exec(textwrap.dedent(code), {"_harness": _harness}, shown)
    fields = ("title", "ids", "input", "label", "variants", "modes", "section")
    declared = keras_frozen.EXPERIMENT
    assert {name: getattr(shown["EXPERIMENT"], name) for name in fields} == {
        name: getattr(declared, name) for name in fields
    }


@pytest.mark.parametrize(
    ("heading", "names"), [("| mode |", CATALOGUE.modes), ("| variant |", CATALOGUE.variants)]
)
def test_readmes_tables_of_modes_and_variants_name_the_catalogues(heading, names):
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Modes and variants", 1)[1]
    table = readme.split(f"\n{heading}", 1)[1].split("\n\n", 1)[0]
    listed = [name for line in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", line.split("|")[1])]
    assert listed == [name for name, _ in names]


def test_readmes_table_of_outcomes_names_every_outcome():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("### Outcomes", 1)[1]
    table = readme.split("\n\n", 2)[1]
    listed = [name for line in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", line.split("|")[1])]
    assert listed == [outcome.value for outcome in Outcome]
