"""matrix.md's "Docker and venv": whether each docker environment observed what its venv twin did."""

from __future__ import annotations

import pandas as pd

from ..data.agreement import Compared, compared
from ..data.history import flaky, values
from .celltext import flaky_values, words


def lines(data: pd.DataFrame) -> list[str]:
    """A line per docker environment: the cells both backends ran, and those whose values differ."""
    found = compared(data)
    if not found:
        return ["No environment was run in Docker yet (`nox -s docker`)."]
    return [line(one) for one in found]


def line(one: Compared) -> str:
    if not one.both:
        return f"- `{one.env}`: {one.docker_cells} docker cells, no venv run to compare with"
    if not one.differ:
        return f"- `{one.env}`: {one.both} cells in both backends, all agree"
    listed = ", ".join(
        f"`{cell}` ({shown(venv)} in venv, {shown(docker)} in docker)" for cell, venv, docker in one.differ
    )
    return f"- `{one.env}`: {one.both} cells in both backends, **{len(one.differ)} disagree**: {listed}"


def shown(seen: str) -> str:
    """The values a cell's runs showed: one, or each of a flaky cell's ('NaN or not updated')."""
    return flaky_values(seen) if flaky(seen) else words(next(iter(values(seen))))
