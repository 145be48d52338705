"""The commands that reproduce one cell, as the reports print them."""

from __future__ import annotations


def reproduce(backend: str, env: str, cell: str) -> str:
    """The command that re-runs exactly this cell of this environment and re-renders reports/."""
    if backend == "venv":
        return f'nox -s "env({env})" -- --cell {cell} --force'
    release, _, flavour = env.removeprefix("tf-").partition("-")
    keras = f" --keras {flavour}" if flavour else ""
    return f"nox -s {backend} -- --tf {release}{keras} --cell {cell} --force"
