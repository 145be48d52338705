"""Records to the tidy table behind the reports: one row per cell."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from ..matrix.catalogue import Catalogue
from ..matrix.outcome import Outcome, bn_updates, classify
from ..matrix.versions import version_key
from . import stable
from .csv_rows import FLOATS, INTEGERS
from .history import KEY, history, seen_of, value
from .records import Record

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
# A cell's runs, kept in reports/runs.csv and history.csv beside the evidence in reports/results.csv:
# they move on every run, the evidence only when the cell's value does.
HISTORY = ["runs", "seen", "started", "seconds"]
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


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True)


def _iso(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
