"""The command line's options: those `matrix` and `bench` share defined once, the help in the
catalogue's words."""

from __future__ import annotations

import ast

import pytest
from conftest import CATALOGUE, ROOT

from tfmatrix import cli, cli_parser

SHARED = ["--tf", "--keras", "--jobs", "--timeout"]


def shown_help(argv: list[str], capsys) -> str:
    """What `--help` prints, its lines joined as argparse wrapped them."""
    with pytest.raises(SystemExit) as exit_:
        cli.main([*argv, "--help"])
    assert exit_.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_matrix_help_names_what_the_catalogue_declares(capsys):
    text = shown_help(["--root", str(ROOT), "matrix"], capsys)
    for kind in ("mode", "experiment", "variant"):  # the selections `matrix` takes
        assert f"only these {kind}s: {', '.join(CATALOGUE.names()[kind])}" in text
    assert f"only these cells, e.g. {CATALOGUE.cells[0]['id']}" in text
    assert "only these Keras flavours: tf.keras, keras3, tf_keras" in text


def test_without_a_catalogue_the_help_says_where_the_names_are(tmp_path, capsys):
    text = shown_help(["--root", str(tmp_path), "matrix"], capsys)
    assert "only these modes (`tfmatrix cells` lists them)" in text
    assert list(tmp_path.iterdir()) == []


def test_the_catalogue_is_listed_only_for_help():
    assert cli_parser.vocabulary(["--root", str(ROOT), "matrix", "--mode", "graph"]) == {}
    assert cli_parser.vocabulary(["--root", str(ROOT), "matrix", "-h"])["mode"] == CATALOGUE.mode_order


def test_matrix_and_bench_share_their_options():
    argv = ["--tf", "1.12", "--tf", "2.21", "--keras", "keras3", "--jobs", "2", "--timeout", "5"]
    parsed = [vars(cli_parser.parser().parse_args([command, *argv])) for command in ("matrix", "bench")]
    assert [{name: args[name] for name in ("tf", "keras", "jobs", "timeout")} for args in parsed] == [
        {"tf": ["1.12", "2.21"], "keras": ["keras3"], "jobs": 2, "timeout": 5.0}
    ] * 2


def test_each_shared_option_is_defined_once():
    sources = sorted((ROOT / "src" / "tfmatrix").glob("cli*.py"))
    defined = [
        node.args[0].value
        for path in sources
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "add_argument"
        and isinstance(node.args[0], ast.Constant)
    ]
    assert sorted(name for name in defined if name in SHARED) == sorted(SHARED)
