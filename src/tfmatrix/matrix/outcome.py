"""What a cell's evidence says happened, as one closed vocabulary, and how every report shows each name."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any

from .texture import Texture

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


@dataclass(frozen=True)
class Look:
    """How the reports show one outcome: its glyph and words in the tables, its colours in the pictures."""

    name: str
    glyph: str
    words: str  # as the tables print it; `{k}` is the cell's update count
    meaning: str  # the legend's sentence
    colour: str  # heatmap.svg's fill
    background: str  # index.html's cell
    failure: Failure = Failure.NONE
    ink: str = ""  # index.html's text colour where the page's own does not do
    texture: Texture = Texture.PLAIN  # heatmap.svg's mark on each cell: every outcome its own

    @property
    def legend(self) -> str:
        """The words as the legend prints them, the update count named `k`."""
        return self.words.format(k="k")


class Outcome(str, enum.Enum):
    """The outcomes, each carrying its Look: adding one is one entry here (and its rule in classify)."""

    look: Look

    def __new__(cls, look: Look) -> Outcome:
        member = str.__new__(cls, look.name)
        member._value_ = look.name
        member.look = look
        return member

    UPDATED = Look(
        "updated",
        "✅",
        "{k} updates",
        "statistics updated k times (k from the moving variance: 0.99^k; a pair of updates that raced, "
        "both reading before either wrote, leaves 0.98 and counts 2)",
        colour="#2e9e44",
        background="#dcf5dc",
    )
    NOT_UPDATED = Look(
        "not_updated",
        "⚠️",
        "not updated",
        "trained, but the moving statistics never changed",
        colour="#f0a030",
        texture=Texture.RISING,
        background="#fff1c2",
    )
    PLACEHOLDER = Look(
        "placeholder",
        "❌",
        "feed placeholder",
        "the step needs a placeholder of the model's own",
        colour="#d03030",
        texture=Texture.CROSS,
        background="#ffd6d6",
        failure=Failure.KNOWN,
    )
    UNAVAILABLE = Look(
        "unavailable",
        "➖",
        "unavailable",
        "an API the cell needs is missing in this release (note: which)",
        colour="#c8c8c8",
        texture=Texture.DASH,
        background="#eeeeee",
        failure=Failure.KNOWN,
        ink="#666",
    )
    DIVERGED = Look(
        "diverged",
        "❓",
        "NaN",
        "training ran, but the moving statistics or the losses hold NaN or infinity",
        colour="#8e44ad",
        texture=Texture.RING,
        background="#e8dcff",
    )
    ERROR = Look(
        "error",
        "⛔",
        "error",
        "another exception (note: type and message)",
        colour="#00796b",
        texture=Texture.PLUS,
        background="#c4ece6",
        failure=Failure.UNEXPECTED,
    )
    CRASH = Look(
        "crash",
        "💥",
        "crash",
        "the interpreter died (signal, or exit without a record)",
        colour="#202020",
        texture=Texture.STAR,
        background="#ffb0a0",
        failure=Failure.UNEXPECTED,
    )
    TIMEOUT = Look(
        "timeout",
        "⏱️",
        "timeout",
        "killed at the per-cell time limit",
        colour="#2060c0",
        texture=Texture.BAR,
        background="#ffe0b8",
        failure=Failure.UNEXPECTED,
    )
    INSTALL_FAILED = Look(
        "install_failed",
        "🚫",
        "install failed",
        "the environment could not be built (note: why)",
        colour="#8b5a2b",
        texture=Texture.FALLING,
        background="#d8d8d8",
        failure=Failure.INSTALL,
    )


# Not an outcome but drawn like one: the runs of a cell disagree (history.flaky).
FLAKY = Look(
    "flaky",
    "🎲",
    "flaky: a ×m, b ×n",
    "the runs of this cell disagree: each value it showed, with how often",
    colour="#ff69b4",
    texture=Texture.PAIR,
    background="#ffd1ea",
)


def looks() -> list[Look]:
    """Every Look the reports draw, in the legends' order: the outcomes, then flaky."""
    return [*(outcome.look for outcome in Outcome), FLAKY]


def look(name: str) -> Look:
    """The Look of an outcome's name, or of 'flaky'."""
    return FLAKY if name == FLAKY.name else Outcome(name).look


def names(*failures: Failure) -> list[str]:
    """The outcomes that are these kinds of failure, in the table's order."""
    return [outcome.value for outcome in Outcome if outcome.look.failure in failures]


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
