"""How many digits of a cell's floats a re-run reproduces: two runs' records compared, value by value.

stable.DIGITS publishes `losses` and `moving_mean` to the significant digits a re-run of unchanged
code reproduces. This module measures it: for every cell both runs recorded with the same value
(outcome, update count, raced pairs; a cell whose runs differ there is flaky and shown as such),
each float of the one run against the same float of the other, at 1 to MOST significant digits.
`tfmatrix digits RUN_A RUN_B` writes the figures to reports/digits.json, which the tests hold
stable.DIGITS to.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ..matrix.catalogue import Catalogue
from ..matrix.versions import minor, version_key
from . import records, tidy
from .history import value
from .stable import number

FIELDS = ("losses", "moving_mean")
MOST = 8  # float32 holds about 7 significant digits: the 8th always differs where any does
Figures = dict[str, Any]


def compare(first: Path, second: Path, catalogue: Catalogue) -> Figures:
    """The figures of two runs' results/ folders: per release and field, how many floats were
    compared and how many differ at each number of significant digits."""
    runs = [_by_key(folder, catalogue) for folder in (first, second)]
    both = sorted(runs[0].keys() & runs[1].keys())
    releases: dict[str, dict[str, dict[str, Any]]] = {}
    skipped = {"value": 0, "length": 0}
    for key in both:
        (one, one_value), (other, other_value) = runs[0][key], runs[1][key]
        if one_value != other_value:
            skipped["value"] += 1
            continue
        release = minor(one["observed"].get("tensorflow") or "0.0")
        fields = releases.setdefault(release, {field: _empty() for field in FIELDS})
        for field in FIELDS:
            pair = [record["evidence"].get(field) or [] for record in (one, other)]
            if len(pair[0]) != len(pair[1]):
                skipped["length"] += 1
                continue
            for x, y in zip(*pair):
                if not (math.isfinite(x) and math.isfinite(y)):
                    continue
                fields[field]["values"] += 1
                for digits in range(1, MOST + 1):
                    fields[field]["differ"][digits - 1] += number(x, digits) != number(y, digits)
    return {
        "cells": len(both),
        "skipped": skipped,
        "releases": dict(sorted(releases.items(), key=lambda item: version_key(item[0]))),
    }


def _empty() -> dict[str, Any]:
    return {"values": 0, "differ": [0] * MOST}


def _by_key(folder: Path, catalogue: Catalogue) -> dict[tuple[str, str, str], tuple[records.Record, str]]:
    """Each record of the folder with its value as the history compares runs ('updated 10 raced 2')."""
    found = records.load_all(folder)[0]
    if not found:
        raise records.RecordError(f"{folder} holds no record: give a run's results/ folder")
    table = tidy.frame(found, catalogue)
    values = {(row.backend, row.env, row.cell): value(row) for row in table.itertuples()}
    return {
        key: (record, values[key])
        for record in found
        for key in [(record["requested"]["backend"], record["requested"]["env"], record["cell"]["id"])]
        if key in values
    }


def reproduced(figures: Figures, field: str, releases: list[str] | None = None) -> int | None:
    """The most significant digits at which no float of the field differed between the runs (over
    the given releases, default all); None where none was compared."""
    chosen = [figures["releases"][release][field] for release in releases or figures["releases"]]
    if not sum(one["values"] for one in chosen):
        return None
    differ = [sum(one["differ"][digits] for one in chosen) for digits in range(MOST)]
    return next((digits for digits in range(MOST) if differ[digits]), MOST)


def write(figures: Figures, path: Path) -> None:
    path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
