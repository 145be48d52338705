"""The command line's options: those `matrix` and `bench` share defined once."""

from __future__ import annotations

import ast

from conftest import ROOT

from tfmatrix import cli_parser

SHARED = ["--tf", "--keras", "--jobs", "--timeout"]


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
