"""What a regeneration changed: cells whose value (outcome, update count, raced pairs) moved, environments gained or lost."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from ..matrix.outcome import Failure, names
from .history import KEY, VALUE_FIELDS, moved, value, words

SCHEMA = 1
SHOWN = 40  # changed cells listed in matrix.md; changes.json holds them all

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
    return [_label(backend, env) for backend, env in pairs if (backend, env) not in seen]


def _stopped(before: pd.DataFrame, after: pd.DataFrame) -> list[str]:
    not_built = names(Failure.INSTALL)
    failed = after[after["outcome"].isin(not_built)]
    built = before[~before["outcome"].isin(not_built)]
    installed = set(zip(built["backend"], built["env"]))
    pairs = dict.fromkeys(zip(failed["backend"], failed["env"]))
    return [_label(backend, env) for backend, env in pairs if (backend, env) in installed]


def _label(backend: str, env: str) -> str:
    return env if backend == "venv" else f"{env}@{backend}"


def _date(table: pd.DataFrame) -> str | None:
    return table["started"].max()[:10] if len(table) else None


def load(path: Path) -> Changes | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def dumps(changes: Changes) -> str:
    """reports/changes.json's text."""
    return json.dumps(changes, indent=1, sort_keys=True) + "\n"


def summary(changes: Changes) -> str:
    """One sentence: what the regeneration compared and found."""
    if changes["before"] is None:
        return f"First run: {changes['cells_after']} cells recorded up to {changes['after']}."
    found = [f"{len(changes['changed'])} changed their outcome, update count or raced pairs"]
    if changes["environments_added"]:
        found.append(f"environments added: {', '.join(changes['environments_added'])}")
    if changes["stopped_installing"]:
        found.append(f"stopped installing: {', '.join(changes['stopped_installing'])}")
    new = changes.get("cells_new", 0)  # entries written before new cells were counted have none
    ran = f"re-ran {changes['cells_rerun'] - new} of {changes['cells_after']} cells"
    ran += f" and ran {new} new ones" if new else ""
    return (
        f"The run recorded up to {changes['after']} {ran}, compared with the results published up to "
        f"{changes['before']}: {'; '.join(found)}."
    )


def cell_lines(changes: Changes, escape, limit: int | None = SHOWN) -> list[str]:
    """The changed cells as a Markdown table (at most `limit` rows); a cell with a `link` links its row."""
    rows = changes["changed"][:limit]
    if not rows:
        return []
    lines = ["| environment | cell | before | after |", "|:--|:--|:--|:--|"]
    for row in rows:
        env = _label(row["backend"], row["env"])
        before, after = _state(row["before"], escape), _state(row["after"], escape)
        if before == after:  # words without a count ('feed placeholder'): the counts tell them apart
            before, after = _state(row["before"], escape, True), _state(row["after"], escape, True)
        cell = f"[`{row['cell']}`]({row['link']})" if "link" in row else f"`{row['cell']}`"
        lines.append(f"| `{env}` | {cell} | {before} | {after} |")
    if limit is not None and len(changes["changed"]) > limit:
        lines.append(f"\n… and {len(changes['changed']) - limit} more in `reports/changes.json`.")
    return lines


def _state(state: dict[str, Any], escape, counted: bool = False) -> str:
    """The value in the tables' words ('10 updates, 5 raced pairs', 'not updated'), with the update
    count where `counted`, then the error; entries written before races were told apart have no
    moving variance: their count alone."""
    count, variance = state["bn_updates"], state.get("moving_variance")
    if count is None:
        shown = state["outcome"]
    elif variance is None:
        shown = f"{state['outcome']} {count}"
    else:
        shown = value(SimpleNamespace(outcome=state["outcome"], bn_updates=count, moving_variance=variance))
    if counted and count is not None:
        shown_words = f"{words(shown)} with {count} update{'' if count == 1 else 's'}"
    else:
        shown_words = words(shown)
    return shown_words + (f": {escape(state['error'])}" if state["error"] else "")


def section(changes: Changes | None, escape) -> list[str]:
    """The "Changes" section of matrix.md."""
    if changes is None:
        return ["No regeneration has been compared with an earlier one yet."]
    table = cell_lines(changes, escape)
    return [summary(changes), *([""] + table if table else [])]


def entry(changes: Changes, escape) -> str:
    """A dated entry of reports/CHANGES.md: the summary and every changed cell."""
    table = cell_lines(changes, escape, limit=None)
    return (
        "\n".join([f"## {changes['after']}", "", summary(changes), *([""] + table if table else [])]) + "\n"
    )


CHANGES_HEADER = (
    "<!-- Generated by `nox -s matrix` (and `nox -s report`); one entry per regeneration, newest first. -->\n"
    "# Changes between runs\n"
)


def appended(changes: Changes, path: Path, escape) -> str:
    """reports/CHANGES.md with the entry added, newest first."""
    old = path.read_text(encoding="utf-8") if path.exists() else CHANGES_HEADER
    body = old[len(CHANGES_HEADER) :] if old.startswith(CHANGES_HEADER) else old
    return CHANGES_HEADER + "\n" + entry(changes, escape) + body
