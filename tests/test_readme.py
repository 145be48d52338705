"""README.md's generated blocks, the answer and the list of scripts, replaced between their markers
with nothing else touched; and what it documents: every session, bench's options, every variable."""

from __future__ import annotations

import argparse
import ast
import re

import pytest
from conftest import CATALOGUE, ROOT

from tfmatrix import cli_parser
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


README_FILES = ("README.md", "docker/README.md")


def documented() -> str:
    """README.md and docker/README.md, their lines joined."""
    return " ".join(" ".join((ROOT / name).read_text(encoding="utf-8").split()) for name in README_FILES)


def test_every_session_is_documented():
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    sessions = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any("session" in ast.unparse(d) for d in node.decorator_list)
    ]
    assert len(sessions) > 10 and "lint" in sessions
    text = documented()
    assert [name for name in sessions if f"nox -s {name}" not in text and name != "env"] == []
    assert 'nox -s "env(' in text  # the parametrized session, one per environment


def test_every_option_of_bench_is_documented():
    commands = argparse.ArgumentParser().add_subparsers()
    cli_parser.bench(commands)
    options = set(re.findall(r"--[a-z][a-z-]+", commands.choices["bench"].format_help())) - {"--help"}
    assert {"--sample", "--cold", "--rerun-only", "--tf"} <= options
    text = documented()
    assert sorted(option for option in options if f"`{option}" not in text) == []


def test_every_environment_variable_of_tfmatrix_is_documented():
    sources = [
        *ROOT.glob("*.py"),
        *ROOT.glob("src/**/*.py"),
        *ROOT.glob("tests/*.py"),
        *ROOT.glob("docker/*.sh"),
    ]
    sources += [*ROOT.glob(".ci/*"), *ROOT.glob(".github/**/*.yml")]
    names = {
        name for path in sources for name in re.findall(r"TFMATRIX_[A-Z_]+", path.read_text(encoding="utf-8"))
    }
    assert {"TFMATRIX_AXE", "TFMATRIX_STRICT", "TFMATRIX_OFFLINE"} <= names
    text = documented()
    assert sorted(name for name in names if name not in text) == []
