"""The command line's commands and options: those `matrix` and `bench` share defined once, and the
names a selection may use read from the catalogue (`experiments/_runner.py --list`) for `--help`."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from .matrix.catalogue import CatalogueError
from .matrix.releases import BACKENDS, Keras
from .run.runner import Layout, Options

HELP = ("-h", "--help")
MANY = {"nargs": "+", "action": "extend"}  # `--tf 1.12 --tf 1.15` asks for both
Vocabulary = dict[str, list[str]]  # the catalogue's names, by kind: mode, experiment, variant, cell


def vocabulary(argv: list[str]) -> Vocabulary:
    """The catalogue's names for the help texts: listed only when help is asked for, and none where
    the root holds no catalogue (the help then says which command lists them)."""
    if not any(word in HELP for word in argv):
        return {}
    root = argparse.ArgumentParser(add_help=False)
    root.add_argument("--root", type=Path, default=Path.cwd())
    try:
        catalogue = Layout(root.parse_known_args(argv)[0].root.resolve()).catalogue()
    except (CatalogueError, ValueError, OSError):
        return {}
    return {**catalogue.names(), "cell": [cell["id"] for cell in catalogue.cells]}


def only(kind: str, names: Vocabulary) -> str:
    """A selection's help: 'only these modes: graph, eager', or where the names are listed."""
    if kind not in names:
        return f"only these {kind}s (`tfmatrix cells` lists them)"
    if kind == "cell":
        return f"only these cells, e.g. {names['cell'][0]} (`tfmatrix cells` lists them)"
    return f"only these {kind}s: {', '.join(names[kind])}"


def seconds(text: str) -> float:
    """A time limit: a number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def count(text: str) -> int:
    """A whole number of at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def environments(command: argparse.ArgumentParser) -> None:
    """The options `matrix` and `bench` share: which environments, how many at once, a cell's limit."""
    command.add_argument("--tf", **MANY, metavar="RELEASE", help="only these releases, e.g. 1.15 2.16")
    flavours = ", ".join(flavour.value for flavour in Keras)
    command.add_argument("--keras", **MANY, metavar="FLAVOUR", help=f"only these Keras flavours: {flavours}")
    command.add_argument(
        "--jobs", type=count, default=Options().jobs, help="environments at once (default: cores)"
    )
    command.add_argument(
        "--timeout", type=seconds, default=Options().timeout, help="seconds a cell may take (default 300)"
    )


def matrix(commands: argparse._SubParsersAction, names: Vocabulary) -> None:
    command = commands.add_parser("matrix", help="build environments, run their cells, write reports/")
    environments(command)
    for kind in ("cell", "mode", "experiment", "variant"):
        command.add_argument(f"--{kind}", **MANY, help=only(kind, names))
    command.add_argument(
        "--isolation",
        choices=("fork", "fresh"),
        default="fork",
        help="fork: import TensorFlow once per environment (default); fresh: one interpreter per cell",
    )
    others = " or ".join(backend for backend in BACKENDS if backend != "auto")
    command.add_argument(
        "--backend",
        default="auto",
        help=f"auto (default: a venv where an interpreter can be had, else Docker), {others}",
    )
    command.add_argument("--force", action="store_true", help="re-run cells whose inputs did not change")
    command.add_argument("--no-report", action="store_true", help="leave reports/ alone")
    command.add_argument(
        "--offline",
        action="store_true",
        help="use the last known releases, reports/releases.json, without asking the package index "
        "(also TFMATRIX_OFFLINE=1)",
    )


def bench(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "bench", help="measure the matrix's cost; write reports/bench.md and bench.json"
    )
    environments(command)
    command.add_argument(
        "--sample", type=count, default=8, help="cells per environment timed in fresh interpreters"
    )
    command.add_argument(
        "--cold", action="store_true", help="also build and run from empty caches (slow, big)"
    )
    command.add_argument(
        "--rerun-only",
        action="store_true",
        help="measure only the re-runs (nothing changed; one experiment added) on a copy of this "
        "checkout's results/, keeping the other figures of reports/bench.json",
    )


def proposal(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "proposal",
        help="after `report`: the weekly pull request's title.txt and body.md, against HEAD's reports/",
    )
    command.add_argument("--planned", type=Path, required=True, help="the plan job's matrix, a JSON file")
    command.add_argument("--run-url", required=True, help="the address of the run the records come from")
    command.add_argument(
        "--out", type=Path, required=True, help="the folder to write title.txt and body.md to"
    )
    command.add_argument(
        "--before", type=Path, help="the reports/ to compare with (default: the commit checked out's)"
    )
    command.add_argument(
        "--checks",
        type=Path,
        help="the output of `nox -s published` on the proposed reports: the body says how it ended",
    )


def parser(names: Vocabulary | None = None) -> argparse.ArgumentParser:
    """`python -m tfmatrix`'s parser; `names`, the catalogue's (see vocabulary), go into the help."""
    main = argparse.ArgumentParser(prog="tfmatrix", description="Run the matrix and write its reports.")
    main.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout (default: current folder)")
    commands = main.add_subparsers(dest="command", required=True)
    matrix(commands, names or {})
    rep = commands.add_parser("report", help="re-render reports/ from the records and reports/results.csv")
    rep.add_argument("--skip-bad", action="store_true", help="skip unreadable records instead of stopping")
    built = commands.add_parser(
        "page", help="build reports/index.html, the web page, from reports/results.csv (it is not committed)"
    )
    built.add_argument(
        "--reports-url",
        default="",
        help="reports/ on github.com (.../blob/<commit>/reports/), where the page links matrix.md as GitHub "
        "renders it; GitHub Pages serves it raw (default: the page links matrix.md beside it)",
    )
    proposal(commands)
    envs = commands.add_parser("envs", help="list the environments of the matrix")
    envs.add_argument(
        "--refresh", action="store_true", help="ask the package index first, updating reports/releases.json"
    )
    commands.add_parser("cells", help="list the cells every environment runs")
    bench(commands)
    digits = commands.add_parser(
        "digits",
        help="compare two runs' records: how many significant digits of the losses and moving means a "
        "re-run reproduces; write reports/digits.json",
    )
    digits.add_argument("first", type=Path, help="one run's results/ folder")
    digits.add_argument("second", type=Path, help="another run's results/ folder, of the same code")
    return main
