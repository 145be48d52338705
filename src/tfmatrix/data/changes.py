"""What a regeneration changed: cells whose value (outcome, update count, raced pairs) moved, environments gained or lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..matrix.outcome import Failure, names
from ..matrix.releases import label
from .history import KEY, VALUE_FIELDS, moved

SCHEMA = 1

Changes = dict[str, Any]


def diff(before: pd.DataFrame, after: pd.DataFrame) -> Changes | None:
    """The changes from the published table to the new one, or None when no cell was re-run."""
    fields = [*VALUE_FIELDS, "error", "started"]
    pairs = after[KEY + fields].merge(before[KEY + fields], on=KEY, how="left", suffixes=("", "_before"))
    rerun = pairs[pairs["started"] != pairs["started_before"]]
    if rerun.empty:
        return None
    both = pairs[pairs["outcome_before"].notna()]
    return {
        "schema": SCHEMA,
        "before": _date(before),
        "after": _date(after),
        "cells_before": len(before),
        "cells_after": len(after),
        "cells_rerun": len(rerun),
        "cells_new": int(rerun["outcome_before"].isna().sum()),
        "changed": [_change(row) for row in both[moved(both, "_before")].itertuples(index=False)],
        "environments_added": _envs(after, before),
        "stopped_installing": _stopped(before, after),
    }


def moved_anything(changes: Changes) -> bool:
    """Whether a regeneration moved a cell, ran a new one, or added or lost an environment: the
    changes worth an entry of CHANGES.md (a run that showed nothing new only counts in runs.csv)."""
    keys = ("changed", "environments_added", "stopped_installing")
    return bool(changes["cells_new"] or any(changes[key] for key in keys))


def _change(row) -> dict[str, Any]:
    return {
        "backend": row.backend,
        "env": row.env,
        "cell": row.cell,
        "before": {
            "outcome": row.outcome_before,
            "bn_updates": _count(row.bn_updates_before),
            "moving_variance": _number(row.moving_variance_before),
            "error": row.error_before,
        },
        "after": {
            "outcome": row.outcome,
            "bn_updates": _count(row.bn_updates),
            "moving_variance": _number(row.moving_variance),
            "error": row.error,
        },
    }


def _number(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _count(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def _envs(table: pd.DataFrame, other: pd.DataFrame) -> list[str]:
    seen = set(zip(other["backend"], other["env"]))
    pairs = dict.fromkeys(zip(table["backend"], table["env"]))
    return [label(env, backend) for backend, env in pairs if (backend, env) not in seen]


def _stopped(before: pd.DataFrame, after: pd.DataFrame) -> list[str]:
    not_built = names(Failure.INSTALL)
    failed = after[after["outcome"].isin(not_built)]
    built = before[~before["outcome"].isin(not_built)]
    installed = set(zip(built["backend"], built["env"]))
    pairs = dict.fromkeys(zip(failed["backend"], failed["env"]))
    return [label(env, backend) for backend, env in pairs if (backend, env) in installed]


def _date(table: pd.DataFrame) -> str | None:
    return table["started"].max()[:10] if len(table) else None


def load(path: Path) -> Changes | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def dumps(changes: Changes) -> str:
    """reports/changes.json's text."""
    return json.dumps(changes, indent=1, sort_keys=True) + "\n"
