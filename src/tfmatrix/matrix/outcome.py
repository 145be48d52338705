"""What a cell's evidence says happened, as one closed vocabulary: each name, what it means, and
whether it is a failure (report/looks.py draws them)."""

from __future__ import annotations

import enum
import math
from typing import Any

MOMENTUM = 0.99
# Two update ops of one layer that both read the moving variance before either writes: each takes
# 1 - MOMENTUM of the value it read, so the pair multiplies it by 1 - 2 * (1 - MOMENTUM).
RACED = 1 - 2 * (1 - MOMENTUM)
FIT = 1e-6  # relative: float32 holds the statistics; one raced pair more moves the value by 1e-4
PLACEHOLDER = "You must feed a value for placeholder tensor"


class Failure(enum.Enum):
    """Whether an outcome is a failure, and which kind: the reports single out the unexpected ones."""

    NONE = "none"  # the step ran and its statistics were read
    KNOWN = "known"  # a failure the matrix looks for: "Where each behaviour appears" has its own line
    UNEXPECTED = "unexpected"  # each distinct error becomes a behaviour line of its own
    INSTALL = "install"  # unexpected, and the environment was never built: "stopped installing"


class Outcome(str, enum.Enum):
    """The outcomes, each with what it means and whether it is a failure: adding one is one entry
    here, its rule in classify, and its look in report/looks.py."""

    meaning: str  # the legend's sentence
    failure: Failure

    def __new__(cls, name: str, meaning: str, failure: Failure = Failure.NONE) -> Outcome:
        member = str.__new__(cls, name)
        member._value_ = name
        member.meaning = meaning
        member.failure = failure
        return member

    UPDATED = (
        "updated",
        "statistics updated k times (k from the moving variance: 0.99^k; a pair of updates that raced, "
        "both reading before either wrote, leaves 0.98 and counts 2)",
    )
    NOT_UPDATED = ("not_updated", "trained, but the moving statistics never changed")
    PLACEHOLDER = ("placeholder", "the step needs a placeholder of the model's own", Failure.KNOWN)
    UNAVAILABLE = (
        "unavailable",
        "an API the cell needs is missing in this release (note: which)",
        Failure.KNOWN,
    )
    DIVERGED = ("diverged", "training ran, but the moving statistics or the losses hold NaN or infinity")
    ERROR = ("error", "another exception (note: type and message)", Failure.UNEXPECTED)
    CRASH = ("crash", "the interpreter died (signal, or exit without a record)", Failure.UNEXPECTED)
    TIMEOUT = ("timeout", "killed at the per-cell time limit", Failure.UNEXPECTED)
    INSTALL_FAILED = ("install_failed", "the environment could not be built (note: why)", Failure.INSTALL)


def names(*failures: Failure) -> list[str]:
    """The outcomes that are these kinds of failure, in the table's order."""
    return [outcome.value for outcome in Outcome if outcome.failure in failures]


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


def decompose(variance: float | None) -> tuple[int, int] | None:
    """(a, b): the moving variance is MOMENTUM**a * RACED**b, a updates applied one after another and
    b pairs that raced (2b + a updates in all); None where no such pair fits the value."""
    if variance is None or not 0.0 < variance <= 1.0:  # NaN fails this too
        return None
    total = round(math.log(variance) / math.log(MOMENTUM))
    for raced in range(total // 2 + 1):
        if math.isclose(MOMENTUM ** (total - 2 * raced) * RACED**raced, variance, rel_tol=FIT):
            return total - 2 * raced, raced
    return None


def finite(values: list[float] | None) -> bool:
    return all(math.isfinite(value) for value in values or [])


def classify(record: dict[str, Any]) -> Outcome:
    """The outcome the record's status, error and evidence show."""
    status = record["status"]
    if status in [outcome.value for outcome in Outcome]:  # crash, timeout, install_failed
        return Outcome(status)
    error = record.get("error")
    if error:
        if error["type"] == "Unavailable":
            return Outcome.UNAVAILABLE
        if PLACEHOLDER in error["message"]:
            return Outcome.PLACEHOLDER
        return Outcome.ERROR
    evidence = record["evidence"]
    variance = evidence.get("moving_variance")
    if not all(finite(evidence.get(name)) for name in ("moving_mean", "moving_variance", "losses")):
        return Outcome.DIVERGED
    updates = bn_updates(variance)
    if updates is None:
        return Outcome.ERROR
    return Outcome.UPDATED if updates > 0 else Outcome.NOT_UPDATED
