"""A cell's runs: what each showed, how many showed it, and whether they disagree."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ..matrix.outcome import decompose
from . import stable
from .records import KEY

SPEC = ["inputs", "requirements", "python", "keras"]


def history(published: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """Runs and values seen: a new run of unchanged inputs adds to the cell's history; changed
    inputs start it again; a record no newer than the published run (the same record merged twice)
    counts once. A run of unchanged inputs that showed a value seen before keeps the published
    evidence (see `repeated`)."""
    old = published.set_index(KEY)
    runs, seen, rows = [], [], []
    for row in fresh.itertuples(index=False):
        key = (row.backend, row.env, row.cell)
        past = old.loc[key] if key in old.index else None
        same = past is not None and all(past[name] == getattr(row, name) for name in SPEC) and row.inputs
        if past is not None and row.started and row.started <= past["started"]:  # published already
            rows.append(row._replace(**{name: past[name] for name in row._fields if name not in KEY}))
            runs.append(int(past["runs"]))
            seen.append(past["seen"])
        elif not same:
            rows.append(row)
            runs.append(1)
            seen.append(seen_of({value(row): 1}))
        else:
            counts = json.loads(past["seen"])
            rows.append(repeated(row, past) if value(row) in counts else row)
            counts[value(row)] = counts.get(value(row), 0) + 1
            runs.append(int(past["runs"]) + 1)
            seen.append(seen_of(counts))
    table = pd.DataFrame(rows, columns=fresh.columns).astype(fresh.dtypes.to_dict())
    return table.assign(runs=pd.array(runs, dtype="Int64"), seen=seen)


# Evidence that moves between runs of an unchanged cell that show one value: float32 sums in their
# last digits, and the moving mean in its third where a layer's two update ops run in either order.
NOISY = tuple(stable.DIGITS)
# What a run keeps of the published row where it showed a value seen before: all its evidence.
OWN = ("started", "seconds", "runs", "seen")


def repeated(row: Any, past: pd.Series) -> Any:
    """The fresh row, with the published evidence where it showed a value the cell's runs had shown:
    the noisy digits where it is the published value, the whole row where a flaky cell is back at
    another one. Only a value never seen before moves a cell's row of results.csv."""
    if value(row) == value(past):
        return row._replace(**{name: past[name] for name in NOISY})
    return row._replace(**{name: past[name] for name in row._fields if name not in (*KEY, *OWN)})


VALUE_FIELDS = ["outcome", "bn_updates", "moving_variance"]  # what value() reads


def moved(pairs: pd.DataFrame, suffix: str) -> pd.Series:
    """Rows whose value (outcome, update count, races) differs from the `suffix`ed columns beside them."""
    other = pairs[[f"{name}{suffix}" for name in VALUE_FIELDS]].set_axis(VALUE_FIELDS, axis=1)
    mine = [value(row) for row in pairs[VALUE_FIELDS].itertuples(index=False)]
    theirs = [value(row) for row in other.itertuples(index=False)]
    return pd.Series([a != b for a, b in zip(mine, theirs)], index=pairs.index, dtype=bool)


def value(row: Any) -> str:
    """What a run of a cell showed, as compared between runs: the outcome, the update count and,
    where two update ops raced, the raced pairs ('updated 10 raced 5'); where no race fits the
    moving variance, the variance itself to 8 digits ('updated 10 =0.90412345')."""
    if pd.isna(row.outcome) or pd.isna(row.bn_updates):
        return "" if pd.isna(row.outcome) else row.outcome
    shown = f"{row.outcome} {row.bn_updates}"
    parts = decompose(row.moving_variance)
    if parts is None:
        return f"{shown} ={row.moving_variance:.8f}"
    return f"{shown} raced {parts[1]}" if parts[1] else shown


def parts(value: str) -> tuple[str, str, str]:
    """A value of a cell's history as its outcome, update count and detail ('raced 2' or
    '=0.90412345'), each '' where the value holds none: 'diverged' -> ('diverged', '', '')."""
    outcome, _, rest = value.partition(" ")
    count, _, detail = rest.partition(" ")
    return outcome, count, detail


def values(seen: str) -> dict[str, int]:
    return json.loads(seen) if seen else {}


def outcomes(seen: str) -> set[str]:
    """The outcomes a cell's runs showed ('diverged', 'not_updated'), none where it holds no history."""
    return {parts(value)[0] for value in values(seen)}


def flaky(seen: str) -> bool:
    """Whether the runs of a cell disagree."""
    return len(values(seen)) > 1


def seen_of(counts: dict[str, int]) -> str:
    return json.dumps(counts, sort_keys=True)
