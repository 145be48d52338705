"""Where an environment's worker runs: a uv virtualenv, or a Docker container.

Both backends run the same experiments/_runner.py with the same arguments;
they differ only in how the environment is built and the worker started.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..matrix import commands
from ..matrix.releases import Environment
from . import interpreters, venvs
from .trouble import NotRun

START_ENGINE = "sudo systemctl start docker"  # or docker/start-engine.sh, on a machine like CI's
BUILD_BASES = "sudo docker/build-bases.sh"  # the base images, where no registry is reachable
# Seconds the engine has to answer `docker info` or `docker image inspect`: a local socket answers in
# well under a second, so half a minute of silence is an engine that hangs.
ENGINE_TIMEOUT = 30.0
# Seconds `docker pull` of a base image may take: python:X.Y-slim is some 50 MB, a few minutes on a
# slow link.
PULL_TIMEOUT = 600.0


@dataclass(frozen=True)
class Prepared:
    """A built environment: the command that starts its worker, and how it sees --out."""

    command: list[str]
    out: str
    reused: bool
    variables: dict[str, str] = field(default_factory=dict)


def prepare(env: Environment, experiments: Path, envs_root: Path, out: Path) -> Prepared:
    """Build (or reuse) the environment and say how to start its worker."""
    if env.backend == "docker":
        return prepare_docker(env, experiments, out)
    built = venvs.ensure(env, envs_root)
    return Prepared(
        [str(built.python), str(experiments / "_runner.py")], str(out), built.reused, env.variables
    )


def resolve(env: Environment) -> tuple[Environment, str]:
    """The environment as it runs here (backend and Python decided) and a note worth telling the
    user, or NotRun saying what this machine lacks and the command that would make it run."""
    if env.backend == "docker":
        problem = docker_engine()
        if problem:
            raise NotRun(problem, f"{START_ENGINE} && {commands.run_environment(env, 'docker')}")
        return env, ""
    try:
        choice = interpreters.choose(env.release.pythons)
    except interpreters.InterpreterNotFound as missing:
        command = f"{missing.command} && {commands.run_environment(env)}"
        problem = "" if env.backend == "venv" else docker_engine()
        if problem is None:
            return replace(env, backend="docker"), f"{missing}: running it in Docker"
        raise NotRun(f"{missing}{'; ' + problem if problem else ''}", command) from None
    if choice.version == env.release.python:
        return replace(env, backend="venv"), choice.note
    note = f"{choice.note} (its cells are kept in results/, not published)"
    return replace(env, backend="venv", interpreter=choice.version), note


def docker_engine() -> str | None:
    """Why the Docker backend cannot run here, or None when it can."""
    docker = shutil.which("docker")
    if docker is None:
        return "the docker command is not installed (Debian: apt-get install docker.io)"
    try:
        result = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            text=True,
            timeout=ENGINE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return (
            f"the Docker engine gave no answer to `docker info` in {ENGINE_TIMEOUT:g} s; "
            "restart it (see docker/README.md)"
        )
    if result.returncode != 0:
        return "no Docker engine answers; start one (see docker/README.md): " + result.stderr.strip()[-300:]
    return None


def image_tag(env: Environment, dockerfile: Path) -> str:
    """The image's name: rebuilt only when the Dockerfile or the environment's spec changes."""
    spec = json.dumps(env.requested(), sort_keys=True).encode() + dockerfile.read_bytes()
    return f"tfmatrix/{env.id}:{hashlib.sha256(spec).hexdigest()[:12]}"


def base_image(env: Environment, dockerfile: Path) -> str:
    """The image the Dockerfile builds the environment on: its BASE argument's default."""
    default = re.search(r"^ARG BASE=(\S+)$", dockerfile.read_text(encoding="utf-8"), re.MULTILINE)
    return default[1].replace("${PYTHON}", env.python)


class EngineSilent(Exception):
    """The Docker engine gave no answer in time; the message says to which command."""


def has_image(tag: str) -> bool:
    """Whether the engine holds the image; EngineSilent where it gives no answer."""
    try:
        inspected = subprocess.run(
            ["docker", "image", "inspect", tag], capture_output=True, timeout=ENGINE_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise EngineSilent(
            f"the Docker engine gave no answer to `docker image inspect {tag}` in {ENGINE_TIMEOUT:g} s; "
            "restart it (see docker/README.md)"
        ) from None
    return inspected.returncode == 0


def missing_base(env: Environment, dockerfile: Path) -> str | None:
    """Why the environment's base image is neither here nor to be pulled, with the command that
    builds it locally; None when it is here, or pulled now."""
    base = base_image(env, dockerfile)
    why = None if has_image(base) else pull(base)
    if why is None:
        return None
    return (
        f"the base image {base} is not here and `docker pull` failed ({why}); "
        f"where no registry is reachable, build it with `{BUILD_BASES} {env.python}`"
    )


def pull(image: str) -> str | None:
    """Pull an image: None when it came, else why not (the engine's last words)."""
    try:
        pulled = subprocess.run(
            ["docker", "pull", "-q", image], capture_output=True, text=True, timeout=PULL_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return f"no result in {PULL_TIMEOUT:g} s"
    if pulled.returncode == 0:
        return None
    return (pulled.stderr.strip().splitlines() or [f"exit status {pulled.returncode}"])[-1]


def prepare_docker(env: Environment, experiments: Path, out: Path) -> Prepared:
    dockerfile = experiments.parent / "docker" / "Dockerfile"
    tag = image_tag(env, dockerfile)
    run_it = commands.run_environment(env, "docker")
    try:
        exists = has_image(tag)
        problem = None if exists else missing_base(env, dockerfile)
    except EngineSilent as silent:
        raise NotRun(str(silent), f"{START_ENGINE} && {run_it}") from None
    if problem:
        raise NotRun(problem, f"{BUILD_BASES} {env.python} && {run_it}")
    if not exists:
        build_image(env, dockerfile, tag)
    out.chmod(0o777)  # the container writes as an unprivileged user
    variables = [arg for name, value in sorted(env.variables.items()) for arg in ("-e", f"{name}={value}")]
    command = [
        "docker", "run", "--rm", "--network", "none", "--user", "65534:65534",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--read-only", "--tmpfs", "/tmp",
        "-e", "PYTHONHASHSEED=0", *variables,
        "-v", f"{experiments.resolve()}:/experiments:ro", "-v", f"{out.resolve()}:/out", tag,
    ]  # fmt: skip
    return Prepared(command, "/out", reused=exists)


def build_image(env: Environment, dockerfile: Path, tag: str) -> None:
    command = [
        "docker",
        "build",
        "--network",
        "host",
        "-q",
        "-t",
        tag,
        "-f",
        str(dockerfile),
        "--build-arg",
        f"PYTHON={env.python}",
        "--build-arg",
        f"ENV_ID={env.id}",
        "--build-arg",
        f"REQUIREMENTS={' '.join(env.requirements)}",
        str(dockerfile.parent),
    ]
    venvs.run_installer(command, env)
