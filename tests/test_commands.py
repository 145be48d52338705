"""The printed commands carry an environment's id as it is: nothing parses it back into a selection."""

from __future__ import annotations

import ast
import shlex

import pytest
from conftest import KNOWN, ROOT

from tfmatrix import cli_parser
from tfmatrix.matrix import commands, releases

CELL = "keras_shape.positive.eager.training_arg"
SPLITTERS = {"removeprefix", "partition", "rpartition", "split", "rsplit"}


@pytest.mark.parametrize(("backend", "options"), [("venv", ""), ("docker", " --backend docker")])
def test_a_cell_is_reproduced_by_the_session_of_its_environment(backend, options):
    envs = releases.environments(KNOWN, backend)
    assert envs
    for env in envs:
        command = commands.reproduce(backend, env.id, CELL)
        assert command == f'nox -s "env({env.id})" --{options} --cell {CELL} --force'
        assert command.startswith(commands.run_environment(env, backend if options else None))


def test_the_docker_command_names_the_session_and_the_backend_only():
    assert commands.reproduce("docker", "tf-2.16-tf_keras", CELL) == (
        f'nox -s "env(tf-2.16-tf_keras)" -- --backend docker --cell {CELL} --force'
    )
    assert commands.reproduce("docker", "any id at all", CELL).startswith('nox -s "env(any id at all)" --')


@pytest.mark.parametrize("backend", ["venv", "docker"])
def test_the_session_and_its_arguments_select_exactly_that_environment(backend):
    """`env(<id>)` runs `tfmatrix matrix --tf <minor> --keras <flavour>` and then the command's arguments."""
    envs = releases.environments(KNOWN)
    assert envs
    for env in envs:
        words = shlex.split(commands.reproduce(backend, env.id, CELL))
        posargs = words[words.index("--") + 1 :]
        args = cli_parser.parser().parse_args(
            ["matrix", "--tf", env.release.minor, "--keras", env.keras.value, *posargs]
        )
        backend_given = "auto" if backend == "venv" else backend
        [chosen] = releases.select(args.tf, args.keras, args.backend, KNOWN)
        assert (chosen.id, chosen.backend, args.cell, args.force) == (env.id, backend_given, [CELL], True)


def splits(path) -> list[int]:
    """Lines of `path` that split a string on "-" or strip a "tf-" prefix: the ways to re-parse an id."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        dashes = [arg for arg in node.args if isinstance(arg, ast.Constant) and arg.value in ("-", "tf-")]
        if node.func.attr in SPLITTERS and dashes:
            found.append(node.lineno)
    return found


@pytest.mark.parametrize(
    "path",
    sorted(
        [*(ROOT / "src" / "tfmatrix").rglob("*.py"), ROOT / "noxfile.py", *(ROOT / ".github").rglob("*.py")]
    ),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_no_source_splits_an_environment_id(path):
    assert splits(path) == [], f"{path.name}: carry the Environment (or its release and Keras), not its id"
