"""Sessions: `nox -s matrix` runs everything, `nox -s tests` tests tfmatrix itself.

The matrix's environments are not nox virtualenvs: tfmatrix builds one uv
environment per TensorFlow release (with the Python that release needs) and
reuses it while its requirements are unchanged. Each has its own session,
`nox -s "env(tf-2.16-tf_keras)"`, for running one environment alone.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nox

sys.path.insert(0, "src")
from tfmatrix.matrix.discover import ReleaseListError, known
from tfmatrix.matrix.releases import environments

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests"]
nox.options.reuse_venv = "yes"


def install(session: nox.Session, extra: str = "") -> None:
    """The checkout, editable: installed again only when its metadata changed (edits to the code need none)."""
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location, ".tfmatrix-installed") if location else None
    metadata = b"".join(Path(name).read_bytes() for name in ("pyproject.toml", "src/tfmatrix/__init__.py"))
    wanted = f"{extra} {hashlib.sha256(metadata).hexdigest()}\n"
    if stamp and stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return
    session.install("-e", f".{extra}")
    if stamp and Path(location).is_dir():
        stamp.write_text(wanted, encoding="utf-8")


@nox.session
def matrix(session: nox.Session) -> None:
    """Build every environment, run every experiment, write reports/ (`-- --tf 1.15 2.16` for a subset)."""
    install(session)
    session.run("python", "-m", "tfmatrix", "matrix", *session.posargs)


@nox.session
def docker(session: nox.Session) -> None:
    """The matrix in Docker containers, merged into reports/ (see docker/README.md)."""
    install(session)
    session.run("python", "-m", "tfmatrix", "matrix", "--backend", "docker", *session.posargs)


@nox.session
def releases(session: nox.Session) -> None:
    """Ask the package index for TensorFlow's releases; update reports/releases.json; list the environments."""
    install(session)
    session.run("python", "-m", "tfmatrix", "envs", "--refresh")


@nox.session
def bench(session: nox.Session) -> None:
    """Time the matrix (built, re-run unchanged or with one experiment added, fresh vs worker); write reports/bench.*."""
    install(session)
    session.run("python", "-m", "tfmatrix", "bench", *session.posargs)


@nox.session
def report(session: nox.Session) -> None:
    """Re-render reports/ from the records in results/ and reports/results.csv."""
    install(session)
    session.run("python", "-m", "tfmatrix", "report", *session.posargs)


@nox.session
def page(session: nox.Session) -> None:
    """Build the web page, reports/index.html, from the committed data (Pages builds it the same way)."""
    install(session)
    session.run("python", "-m", "tfmatrix", "page", *session.posargs)


@nox.session
def published(session: nox.Session) -> None:
    """The published-data tests alone: reports/ and README's figures as the data renders them."""
    install(session, "[test]")
    session.run("pytest", "-m", "published", *session.posargs)


@nox.session
def proposal(session: nox.Session) -> None:
    """After `report`: the pull request's title and body (`-- --planned PLAN_JSON --run-url URL --out DIR
    [--checks PUBLISHED_LOG]`)."""
    install(session)
    session.run("python", "-m", "tfmatrix", "proposal", *session.posargs)


def listed_environments() -> list:
    """The env(...) sessions of the committed list (`nox -s releases` refreshes it): listing sessions
    never asks the index. A list that cannot be read leaves them out, said in one line, and every
    other session as it is."""
    try:
        return [
            nox.param(env.release.minor, env.keras.value, id=env.id)
            for env in environments(known(Path("reports")))
        ]
    except ReleaseListError as exc:
        print(f"nox: no env(...) sessions: {exc}", file=sys.stderr)
        return []


@nox.session
@nox.parametrize(("release", "keras"), listed_environments())
def env(session: nox.Session, release: str, keras: str) -> None:
    """Run one environment of the matrix and merge its cells into reports/."""
    install(session)
    session.run("python", "-m", "tfmatrix", "matrix", "--tf", release, "--keras", keras, *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def workflows(session: nox.Session) -> None:
    """The GitHub workflows run under act in Docker, offline but for the package index (tests/test_act.py)."""
    install(session, "[test]")
    session.run("pytest", "-m", "act", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests, and real TensorFlow runs of one 1.x and one 2.x environment."""
    install(session, "[test]")
    session.run("pytest", *session.posargs)
