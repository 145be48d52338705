"""What reaches reports/ reads the same on every run of an unchanged cell.

A record keeps all it observed; the published table leaves out what moves
from run to run with nothing changed: this machine's paths (localpaths),
memory addresses in object reprs, the values of memory the fused kernel never
wrote, and the digits of float32 sums below what a re-run reproduces.
"""

from __future__ import annotations

import json
import math
import re

import pandas as pd

from .localpaths import scrub

# `<GradientDescentOptimizer object at 0x7fa351fd2f00>` -> `<GradientDescentOptimizer object>`
ADDRESS = re.compile(r"\s+at 0x[0-9a-fA-F]+(?=>)")
# The inference_kernel probe names what unwritten memory held: its values, and whether they were finite.
UNWRITTEN = re.compile(r" \([0-9]+ non-finite\), first mean [-+.\w]+, variance [-+.\w]+")
# Significant digits a re-run reproduces on 1.12 to 2.9 (two full runs compared: README, "Reading the
# reports"); from 2.10 on, eager cells' losses and moving means move in their first digits.
DIGITS = {"losses": 4, "moving_mean": 3}
VARIANCE_DECIMALS = 8  # outcome.decompose tells races apart at 1e-6; these digits never moved
TEXT = ("error", "summary_shapes", "api", "probes")  # what a record's code or TensorFlow wrote


def text(value: str) -> str:
    """The text without machine paths, memory addresses and unwritten memory's values."""
    if "0x" in value:
        value = ADDRESS.sub("", value)
    if "non-finite" in value:
        value = UNWRITTEN.sub("", value)
    return scrub(value)


def number(value: float, digits: int) -> float:
    """The value to `digits` significant digits; zero, NaN and infinities as they are."""
    if value == 0 or not math.isfinite(value):
        return float(value)
    return float(f"{value:.{digits}g}")


def numbers(values: list[float] | None, digits: int) -> list[float] | None:
    return None if values is None else [number(value, digits) for value in values]


def series(values: pd.Series, digits: int) -> pd.Series:
    """A column of JSON lists of numbers, each number to `digits` significant digits."""
    return values.map(lambda found: json.dumps(numbers(json.loads(found), digits)) if found else found)


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """The table as it is published: text and numbers an unchanged cell reproduces. Rows read
    back from tables published before are brought to it too."""
    rows = rows.copy()
    for name in TEXT:
        rows[name] = rows[name].map(text)
    for name, digits in DIGITS.items():
        rows[name] = series(rows[name], digits)
    rows["moving_variance"] = rows["moving_variance"].round(VARIANCE_DECIMALS)
    return rows
