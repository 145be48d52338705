"""Measured numbers as the page's JSON holds them: NaN and infinities kept, as strings JSON can hold."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

# JSON holds no NaN or infinity: the page gets them as these strings, and shows them as measured.
NON_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def measured(item: Any) -> Any:
    """Measured numbers (alone, or in lists and maps, as a record holds them) as JSON: NaN and the
    infinities as the strings "NaN", "Infinity" and "-Infinity"; missing as null."""
    if isinstance(item, list):
        return [measured(each) for each in item]
    if isinstance(item, dict):
        return {name: measured(each) for name, each in item.items()}
    if item is None or item is pd.NA:
        return None
    item = item.item() if hasattr(item, "item") else item
    return NON_FINITE[repr(item)] if isinstance(item, float) and not math.isfinite(item) else item


def parsed(text: str) -> Any:
    """A JSON column of the table (NaN and infinities as Python writes them), as measured; '' as null."""
    return measured(json.loads(text)) if text else None
