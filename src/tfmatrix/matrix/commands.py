"""The commands that reproduce one cell or run one environment, as the reports and the run print them."""

from __future__ import annotations

from .releases import Environment


def reproduce(backend: str, env: str, cell: str) -> str:
    """The command that re-runs exactly this cell of this environment and re-renders reports/."""
    # The env session passes its own --tf and --keras: the id is all a command needs, never parsed.
    elsewhere = "" if backend == "venv" else f" --backend {backend}"
    return f'nox -s "env({env})" --{elsewhere} --cell {cell} --force'


def run_environment(env: Environment, backend: str | None = None) -> str:
    """The command that runs one environment and merges it into reports/ (in `backend`, if given)."""
    return f'nox -s "env({env.id})"' + (f" -- --backend {backend}" if backend else "")
