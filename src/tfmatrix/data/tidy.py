"""Records to the tidy table behind the reports: one row per cell."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from ..matrix.catalogue import Catalogue
from ..matrix.outcome import Outcome, bn_updates, classify, decompose, look
from ..matrix.versions import version_key
from . import stable
from .records import Record

KEY = ["backend", "env", "cell"]
TRACE_PREFIXES = ("Node:", "File ", "Traceback")
COLUMNS = [
    "tensorflow",
    "python",
    "keras",
    "mode",
    "backend",
    "experiment",
    "input",
    "data",
    "variant",
    "outcome",
    "bn_updates",
    "moving_variance",
    "error",
    "env",
    "cell",
    "observed_tensorflow",
    "observed_keras",
    "keras_package",
    "observed_numpy",
    "observed_python",
    "platform",
    "update_ops",
    "model_updates",
    "wired_updates",
    "summary_shapes",
    "moving_mean",
    "losses",
    "api",
    "probes",
    "requirements",
    "seconds",
    "started",
    "inputs",
    "runs",
    "seen",
]
# A cell's runs, kept in reports/history.csv beside the evidence in reports/results.csv: they move
# on every run, the evidence only when the cell's value does.
HISTORY = ["inputs", "runs", "seen", "started", "seconds"]
PUBLISHED = [name for name in COLUMNS if name not in HISTORY]


def row(record: Record) -> dict[str, Any]:
    """The tidy row of one record: identity, outcome, and the evidence behind it, as recorded
    (stable.table brings it to what is published)."""
    cell, requested, observed = record["cell"], record["requested"], record["observed"]
    evidence, error = record["evidence"], record["error"] or {}
    variance = evidence.get("moving_variance")
    outcome = classify(record)
    return {
        "tensorflow": requested["tensorflow"],
        "python": requested["python"],
        "keras": requested["keras"],
        "mode": cell["mode"],
        "backend": requested["backend"],
        "experiment": cell["experiment"],
        "input": cell["input"],
        "data": cell["data"],
        "variant": cell["variant"],
        "outcome": outcome.value,
        # NaN somewhere in the statistics: no count, even where the variance alone would give one
        "bn_updates": None if outcome is Outcome.DIVERGED else bn_updates(variance),
        "moving_variance": sum(variance) / len(variance) if variance else None,
        "error": error_summary(error),
        "env": requested["env"],
        "cell": cell["id"],
        "observed_tensorflow": observed.get("tensorflow"),
        "observed_keras": observed.get("keras"),
        "keras_package": observed.get("keras_package"),
        "observed_numpy": observed.get("numpy"),
        "observed_python": observed.get("python"),
        "platform": observed.get("platform"),
        "update_ops": evidence.get("update_ops"),
        "model_updates": evidence.get("model_updates"),
        "wired_updates": evidence.get("wired_updates"),
        "summary_shapes": _json(evidence.get("summary_shapes")),
        "moving_mean": _json(evidence.get("moving_mean")),
        "losses": _json(evidence.get("losses")),
        "api": _json(evidence.get("api") or None),
        "probes": _json(evidence.get("probes") or None),
        "requirements": " ".join(requested.get("requirements", [])),
        "seconds": record["seconds"],
        "started": _iso(record.get("started")),
        "inputs": requested.get("inputs", ""),
        "runs": 1,
        "seen": "",
    }


def error_summary(error: dict[str, Any]) -> str:
    """`Type: headline of the message`, or empty when there was no error."""
    if not error:
        return ""
    line = headline(error.get("message", ""))
    return f"{error['type']}: {line}" if line else error["type"]


def headline(message: str) -> str:
    """The message's first line, past the headers and traces TF 2 puts before it."""
    lines = [line.rstrip() for line in message.strip().splitlines() if line.strip()]
    for line in lines:
        if not (line.endswith(":") or line[0].isspace() or line.startswith(TRACE_PREFIXES)):
            return line
    return lines[0] if lines else ""


def frame(records: list[Record], catalogue: Catalogue) -> pd.DataFrame:
    """The tidy table of the records, in the matrix's stable order."""
    table = stable.table(typed(pd.DataFrame([row(record) for record in records], columns=COLUMNS)))
    return order(table.assign(seen=[seen_of({value(row): 1}) for row in table.itertuples()]), catalogue)


INTEGERS = ("bn_updates", "update_ops", "model_updates", "wired_updates", "runs")
FLOATS = ("moving_variance", "seconds")


def typed(table: pd.DataFrame) -> pd.DataFrame:
    """Integers stay integers next to missing values; every other missing value is ''."""
    table = table.astype({name: "Int64" for name in INTEGERS}).astype({name: float for name in FLOATS})
    text = [name for name in table.columns if name not in INTEGERS + FLOATS]
    table[text] = table[text].fillna("").astype(str)
    return table


def order(table: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Releases in version order, then modes, variants and experiments in the catalogue's order."""
    keys = table.assign(
        _v=table["tensorflow"].map(version_key),
        _m=table["mode"].map(catalogue.mode_order.index),
        _x=table["variant"].map(catalogue.variant_order.index),
        _e=table["experiment"].map(catalogue.experiment_order.index),
    )
    keys = keys.sort_values(["_v", "keras", "backend", "_m", "_x", "_e", "cell"], kind="stable")
    return keys.drop(columns=["_v", "_m", "_x", "_e"]).reset_index(drop=True)


def merge(published: pd.DataFrame, fresh: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Published rows, with every cell just run replacing its old row and extending its history."""
    fresh = history(published, fresh)
    fresh_keys = set(map(tuple, fresh[KEY].itertuples(index=False)))
    kept = published[[key not in fresh_keys for key in map(tuple, published[KEY].itertuples(index=False))]]
    return order(pd.concat([kept, fresh], ignore_index=True), catalogue)


SPEC = ["inputs", "requirements", "python", "keras"]


def history(published: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """Runs and values seen: a new run of unchanged inputs adds to the cell's history; changed
    inputs start it again; the same record merged twice counts once. A run of unchanged inputs
    that showed the published value keeps the published noisy evidence (see `repeated`)."""
    old = published.set_index(KEY)
    runs, seen, rows = [], [], []
    for row in fresh.itertuples(index=False):
        key = (row.backend, row.env, row.cell)
        past = old.loc[key] if key in old.index else None
        same = past is not None and all(past[name] == getattr(row, name) for name in SPEC) and row.inputs
        rows.append(repeated(row, past) if same else row)
        if not same:
            runs.append(1)
            seen.append(seen_of({value(row): 1}))
        elif past["started"] == row.started:
            runs.append(int(past["runs"]))
            seen.append(past["seen"])
        else:
            counts = json.loads(past["seen"])
            counts[value(row)] = counts.get(value(row), 0) + 1
            runs.append(int(past["runs"]) + 1)
            seen.append(seen_of(counts))
    noisy = {name: [getattr(row, name) for row in rows] for name in NOISY}
    return fresh.assign(runs=pd.array(runs, dtype="Int64"), seen=seen, **noisy)


# Evidence that moves between runs of an unchanged cell that show one value: float32 sums in their
# last digits, and the moving mean in its third where a layer's two update ops run in either order.
NOISY = tuple(stable.DIGITS)


def repeated(row: Any, past: pd.Series) -> Any:
    """The fresh row, with the published noisy evidence where it showed the published value: an
    unchanged cell's row of results.csv stays as it was."""
    if value(row) != value(past):
        return row
    return row._replace(**{name: past[name] for name in NOISY})


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


def words(value: str) -> str:
    """A value of a cell's history ('updated 5', 'updated 10 raced 2', 'diverged') in the tables' words."""
    outcome, _, rest = value.partition(" ")
    count, _, detail = rest.partition(" ")
    text = look(outcome).words.format(k=count)
    if count == "1":
        text = text.replace("1 updates", "1 update")
    if detail.startswith("raced "):
        pairs = int(detail.split()[1])
        return f"{text}, {pairs} raced pair{'' if pairs == 1 else 's'}"
    if detail.startswith("="):
        return f"{text} (variance {detail[1:]})"
    return text


def values(seen: str) -> dict[str, int]:
    return json.loads(seen) if seen else {}


def flaky(seen: str) -> bool:
    """Whether the runs of a cell disagree."""
    return len(values(seen)) > 1


def seen_of(counts: dict[str, int]) -> str:
    return json.dumps(counts, sort_keys=True)


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True)


def _iso(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
