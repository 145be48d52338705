"""README.md's generated answer block: replaced between its markers, nothing else touched."""

from __future__ import annotations

import pytest
from conftest import CATALOGUE

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
