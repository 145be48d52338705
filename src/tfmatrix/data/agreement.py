"""Docker and venv side by side: which rows the tables show, and whether the backends agree."""

from __future__ import annotations

import pandas as pd

from .history import VALUE_FIELDS, moved, value, words


def primary(data: pd.DataFrame) -> pd.DataFrame:
    """The rows the tables show: venv cells, and docker cells where no venv cell exists."""
    venv = data["backend"] == "venv"
    seen = set(zip(data.loc[venv, "env"], data.loc[venv, "cell"]))
    unseen = pd.Series([key not in seen for key in zip(data["env"], data["cell"])], index=data.index)
    return data[venv | unseen]


def lines(data: pd.DataFrame) -> list[str]:
    """Whether each docker environment observed what its venv twin observed, cell by cell."""
    docker = data[data["backend"] == "docker"]
    if docker.empty:
        return ["No environment was run in Docker yet (`nox -s docker`)."]
    key = ["env", "cell"]
    venv = data[data["backend"] == "venv"].set_index(key)[VALUE_FIELDS]
    lines = []
    for env, rows in docker.groupby("env", sort=False):
        pairs = rows.set_index(key)[VALUE_FIELDS].merge(
            venv, left_index=True, right_index=True, suffixes=("", "_venv")
        )
        if pairs.empty:
            lines.append(f"- `{env}`: {len(rows)} docker cells, no venv run to compare with")
            continue
        differ = pairs[moved(pairs, "_venv")]
        verdict = (
            "all agree"
            if differ.empty
            else f"**{len(differ)} disagree**: "
            + ", ".join(
                f"`{cell}` ({words(value(venv.loc[(env, cell)]))} in venv, {words(value(row))} in docker)"
                for (_, cell), row in differ[VALUE_FIELDS].iterrows()
            )
        )
        lines.append(f"- `{env}`: {len(pairs)} cells in both backends, {verdict}")
    return lines
