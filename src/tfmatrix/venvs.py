"""Build, and reuse, one uv virtual environment per matrix environment."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import interpreters
from .releases import Environment

MARKER = "tfmatrix-env.json"
MESSAGE_LINES = 15


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
        interpreter = interpreters.find(env.release.python)
    except interpreters.InterpreterNotFound as exc:
        raise BuildError(str(exc)) from None
    shutil.rmtree(path, ignore_errors=True)
    uv = _uv()
    run_installer([uv, "venv", "--quiet", "--python", str(interpreter), str(path)], env)
    run_installer([uv, "pip", "install", "--quiet", "--python", str(python), *env.requirements], env)
    marker.write_text(json.dumps(env.requested(), sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return Built(env, python, reused=False)


def _read(marker: Path) -> object:
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _uv() -> str:
    uv = shutil.which("uv")
    if uv is None:
        raise BuildError("uv is not installed: `python3 -m pip install uv` (nox sessions install it)")
    return uv


def run_installer(command: list[str], env: Environment) -> None:
    """Run a build step; its failure becomes a BuildError carrying the installer's last lines."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()[-MESSAGE_LINES:]
        raise BuildError(f"{env.id}: `{' '.join(command[:3])} ...` failed:\n" + "\n".join(lines))
