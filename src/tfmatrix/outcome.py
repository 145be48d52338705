"""What a cell's evidence says happened, as one closed vocabulary."""

from __future__ import annotations

import enum
import math
from typing import Any

MOMENTUM = 0.99
PLACEHOLDER = "You must feed a value for placeholder tensor"


class Outcome(str, enum.Enum):
    UPDATED = "updated"
    NOT_UPDATED = "not_updated"
    PLACEHOLDER = "placeholder"
    UNAVAILABLE = "unavailable"
    DIVERGED = "diverged"
    ERROR = "error"
    CRASH = "crash"
    TIMEOUT = "timeout"
    INSTALL_FAILED = "install_failed"


def bn_updates(variance: list[float] | None) -> int | None:
    """Updates applied to the moving variance, inferred from its value.

    Every batch is constant, so its variance is 0 and each update multiplies
    the moving variance (initially 1) by the momentum: k updates leave 0.99**k.
    """
    if not variance:
        return None
    value = sum(variance) / len(variance)
    if not 0.0 < value <= 1.0:  # NaN fails this too
        return None
    return round(math.log(value) / math.log(MOMENTUM))


def classify(record: dict[str, Any]) -> Outcome:
    """The outcome the record's status, error and evidence show."""
    status = record["status"]
    if status in ("crash", "timeout", "install_failed"):
        return Outcome(status)
    error = record.get("error")
    if error:
        if error["type"] == "Unavailable":
            return Outcome.UNAVAILABLE
        if PLACEHOLDER in error["message"]:
            return Outcome.PLACEHOLDER
        return Outcome.ERROR
    variance = record["evidence"].get("moving_variance")
    if variance and any(math.isnan(value) for value in variance):
        return Outcome.DIVERGED
    updates = bn_updates(variance)
    if updates is None:
        return Outcome.ERROR
    return Outcome.UPDATED if updates > 0 else Outcome.NOT_UPDATED
