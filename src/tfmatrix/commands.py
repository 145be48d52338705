"""The commands that reproduce one cell or run one environment, as the reports and the run print them."""

from __future__ import annotations

from .releases import Environment


def reproduce(backend: str, env: str, cell: str) -> str:
    """The command that re-runs exactly this cell of this environment and re-renders reports/."""
    if backend == "venv":
        return f'nox -s "env({env})" -- --cell {cell} --force'
    release, _, flavour = env.removeprefix("tf-").partition("-")
    keras = f" --keras {flavour}" if flavour else ""
    return f"nox -s {backend} -- --tf {release}{keras} --cell {cell} --force"


def run_environment(env: Environment, backend: str | None = None) -> str:
    """The command that runs one environment and merges it into reports/ (in `backend`, if given)."""
    return f'nox -s "env({env.id})"' + (f" -- --backend {backend}" if backend else "")
