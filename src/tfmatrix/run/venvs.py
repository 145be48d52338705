"""Build, and reuse, one uv virtual environment per matrix environment."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..matrix import commands
from ..matrix.releases import Environment
from . import interpreters
from .trouble import NotRun, of_release

MARKER = "tfmatrix-env.json"
MESSAGE_LINES = 15
# Seconds one build step (`uv venv`, `uv pip install`, `docker build`) may take: installing TensorFlow
# fetches half a gigabyte and more, tens of minutes on a slow link; an hour is a hang.
BUILD_TIMEOUT = 3600.0


class BuildError(RuntimeError):
    """An environment that could not be built; the message says why."""


@dataclass(frozen=True)
class Built:
    env: Environment
    python: Path
    reused: bool


def ensure(env: Environment, root: Path) -> Built:
    """The environment's interpreter, building the environment unless it is current."""
    path = root / env.id
    python = path / "bin" / "python"
    marker = path / MARKER
    if python.exists() and marker.exists() and _read(marker) == env.requested():
        return Built(env, python, reused=True)
    try:
        interpreter = interpreters.find(env.python)
    except interpreters.InterpreterNotFound as exc:
        raise NotRun(str(exc), f"{exc.command} && {commands.run_environment(env)}") from None
    shutil.rmtree(path, ignore_errors=True)
    uv = _uv(env)
    run_installer([uv, "venv", "--quiet", "--python", str(interpreter), str(path)], env)
    run_installer([uv, "pip", "install", "--quiet", "--python", str(python), *env.requirements], env)
    marker.write_text(json.dumps(env.requested(), sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return Built(env, python, reused=False)


def _read(marker: Path) -> object:
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _uv(env: Environment) -> str:
    uv = shutil.which("uv")
    if uv is None:
        raise NotRun("uv is not installed (nox sessions install it)", commands.run_environment(env))
    return uv


def run_installer(command: list[str], env: Environment) -> None:
    """Run a build step. Its failure is a BuildError (a fact of the release) or NotRun (trouble
    of this machine), carrying the installer's last lines."""
    step = " ".join([Path(command[0]).name, *command[1:3]])
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise NotRun(
            f"{env.id}: `{step} ...` gave no result in {BUILD_TIMEOUT:g} s and was stopped: "
            "check the network and the package index, then run it again",
            commands.run_environment(env),
        ) from None
    if result.returncode == 0:
        return
    output = (result.stderr or result.stdout).strip()
    message = f"{env.id}: `{step} ...` failed:\n" + "\n".join(output.splitlines()[-MESSAGE_LINES:])
    if of_release(output):
        raise BuildError(message)
    raise NotRun(message, commands.run_environment(env))
