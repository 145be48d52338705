"""Docker and venv side by side: which rows the tables show, and whether the backends agree."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .history import seen_of, value, values


@dataclass(frozen=True)
class Compared:
    """One docker environment against its venv twin, over the cells both ran."""

    env: str
    docker_cells: int
    both: int  # cells run in both backends: 0 where the venv twin never ran
    # (cell, the venv runs' values, the docker runs' values), each a `seen` JSON object of counts
    differ: tuple[tuple[str, str, str], ...]


def primary(data: pd.DataFrame) -> pd.DataFrame:
    """The rows the tables show: venv cells, and docker cells where no venv cell exists."""
    venv = data["backend"] == "venv"
    seen = set(zip(data.loc[venv, "env"], data.loc[venv, "cell"]))
    unseen = pd.Series([key not in seen for key in zip(data["env"], data["cell"])], index=data.index)
    return data[venv | unseen]


def compared(data: pd.DataFrame) -> list[Compared]:
    """Whether each docker environment observed what its venv twin observed, cell by cell: two
    cells agree where some run of one showed a value some run of the other showed, so a flaky
    cell agrees with a twin that showed one of its values."""
    venv = {(row.env, row.cell): shown(row) for row in data[data["backend"] == "venv"].itertuples()}
    found = []
    for env, rows in data[data["backend"] == "docker"].groupby("env", sort=False):
        pairs = [
            (row.cell, venv[(env, row.cell)], shown(row))
            for row in rows.itertuples()
            if (env, row.cell) in venv
        ]
        differ = tuple(
            (cell, seen_of(mine), seen_of(theirs))
            for cell, mine, theirs in pairs
            if not mine.keys() & theirs.keys()
        )
        found.append(Compared(env, len(rows), len(pairs), differ))
    return found


def shown(row) -> dict[str, int]:
    """Each value a cell's runs showed, with how many runs showed it (its last run's, where the
    table holds no history)."""
    return values(row.seen) or {value(row): 1}
