"""Docker and venv side by side: which rows the tables show, and whether the backends agree."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .history import VALUE_FIELDS, moved, value


@dataclass(frozen=True)
class Compared:
    """One docker environment against its venv twin, over the cells both ran."""

    env: str
    docker_cells: int
    both: int  # cells run in both backends: 0 where the venv twin never ran
    differ: tuple[tuple[str, str, str], ...]  # (cell, the venv run's value, the docker run's value)


def primary(data: pd.DataFrame) -> pd.DataFrame:
    """The rows the tables show: venv cells, and docker cells where no venv cell exists."""
    venv = data["backend"] == "venv"
    seen = set(zip(data.loc[venv, "env"], data.loc[venv, "cell"]))
    unseen = pd.Series([key not in seen for key in zip(data["env"], data["cell"])], index=data.index)
    return data[venv | unseen]


def compared(data: pd.DataFrame) -> list[Compared]:
    """Whether each docker environment observed what its venv twin observed, cell by cell."""
    key = ["env", "cell"]
    venv = data[data["backend"] == "venv"].set_index(key)[VALUE_FIELDS]
    found = []
    for env, rows in data[data["backend"] == "docker"].groupby("env", sort=False):
        pairs = rows.set_index(key)[VALUE_FIELDS].merge(
            venv, left_index=True, right_index=True, suffixes=("", "_venv")
        )
        differ = pairs[moved(pairs, "_venv")] if len(pairs) else pairs
        values = tuple(
            (cell, value(venv.loc[(env, cell)]), value(row))
            for (_, cell), row in differ[VALUE_FIELDS].iterrows()
        )
        found.append(Compared(env, len(rows), len(pairs), values))
    return found
