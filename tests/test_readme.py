"""README.md's generated blocks, the answer and the list of scripts: replaced between their markers,
nothing else touched."""

from __future__ import annotations

import re

import pytest
from conftest import CATALOGUE, ROOT

from tfmatrix.data import records, tidy
from tfmatrix.report import readme


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


def test_the_block_between_the_markers_is_regenerated_and_the_rest_kept(table, tmp_path):
    path = tmp_path / "README.md"
    path.write_text(f"# x\n\nbefore\n\n{readme.START}\nstale\n{readme.END}\n\nafter\n", encoding="utf-8")
    [(written, text)] = readme.updated(path, table, CATALOGUE).items()
    assert written == path
    assert "stale" not in text and text.startswith("# x\n\nbefore\n\n") and text.endswith("\n\nafter\n")
    assert "(reports/every-release-graph.md#row-tf_layers.positive.graph.default)" in text
    path.write_text(text, encoding="utf-8")
    assert not readme.updated(path, table, CATALOGUE)  # a second pass changes nothing


def test_a_readme_without_markers_is_left_alone(table, tmp_path):
    path = tmp_path / "README.md"
    path.write_text("# mine\n", encoding="utf-8")
    assert not readme.updated(path, table, CATALOGUE)
    assert not readme.updated(tmp_path / "missing.md", table, CATALOGUE)


def test_the_list_of_scripts_is_every_script_of_experiments_indented_as_its_markers(table, tmp_path):
    path = tmp_path / "README.md"
    path.write_text(
        f"- scripts:\n\n  {readme.SCRIPTS_START}\n  - stale.py\n  {readme.SCRIPTS_END}\n\n  after\n",
        encoding="utf-8",
    )
    [(_, text)] = readme.updated(path, table, CATALOGUE).items()
    on_disk = sorted(path.stem for path in (ROOT / "experiments").glob("[!_]*.py"))
    listed = re.findall(r"^  - `(\w+)\.py`, experiments? [\w, ]+: ", text, re.MULTILINE)
    assert sorted(listed) == on_disk and len(on_disk) > 6
    assert "stale" not in text and text.endswith(f"  {readme.SCRIPTS_END}\n\n  after\n")
    assert "- `keras_frozen.py`, experiment 7: " in text  # one id, one experiment
