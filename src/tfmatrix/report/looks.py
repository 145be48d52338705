"""How every report shows each outcome, and a flaky cell: its glyph and words in the tables, its
colours in the pictures. The outcomes and their meanings are matrix/outcome.py's."""

from __future__ import annotations

from dataclasses import dataclass

from ..matrix.outcome import Outcome
from .texture import Texture


@dataclass(frozen=True)
class Look:
    """How the reports show one outcome: its glyph and words in the tables, its colours in the pictures."""

    name: str
    glyph: str
    words: str  # as the tables print it; `{k}` is the cell's update count
    meaning: str  # the legend's sentence
    colour: str  # heatmap.svg's fill
    background: str  # index.html's cell
    ink: str = ""  # index.html's text colour where the page's own does not do
    texture: Texture = Texture.PLAIN  # heatmap.svg's mark on each cell: every outcome its own
    hue: str = ""  # the colour's name, as README's caption of the picture says it
    mark: str = ""  # the mark's shape in words ('/'), '' where there is none

    @property
    def legend(self) -> str:
        """The words as the legend prints them, the update count named `k`."""
        return self.words.format(k="k")


def drawn(outcome: Outcome, glyph: str, words: str, **colours: str | Texture) -> Look:
    """An outcome's Look: its name and meaning the outcome's own."""
    return Look(outcome.value, glyph, words, outcome.meaning, **colours)


# One entry per outcome, in the outcomes' order.
OUTCOMES = (
    drawn(Outcome.UPDATED, "✅", "{k} updates", colour="#2e9e44", background="#dcf5dc", hue="green", mark=""),
    drawn(
        Outcome.NOT_UPDATED,
        "⚠️",
        "not updated",
        colour="#f0a030",
        texture=Texture.RISING,
        background="#fff1c2",
        hue="orange",
        mark="/",
    ),
    drawn(
        Outcome.PLACEHOLDER,
        "❌",
        "feed placeholder",
        colour="#d03030",
        texture=Texture.CROSS,
        background="#ffd6d6",
        hue="red",
        mark="×",
    ),
    drawn(
        Outcome.UNAVAILABLE,
        "➖",
        "unavailable",
        colour="#c8c8c8",
        texture=Texture.DASH,
        background="#eeeeee",
        hue="grey",
        mark="–",
        ink="#666",
    ),
    drawn(
        Outcome.DIVERGED,
        "❓",
        "NaN",
        colour="#8e44ad",
        texture=Texture.RING,
        background="#e8dcff",
        hue="purple",
        mark="○",
    ),
    drawn(
        Outcome.ERROR,
        "⛔",
        "error",
        colour="#00796b",
        texture=Texture.PLUS,
        background="#c4ece6",
        hue="teal",
        mark="+",
    ),
    drawn(
        Outcome.CRASH,
        "💥",
        "crash",
        colour="#202020",
        texture=Texture.STAR,
        background="#ffb0a0",
        hue="black",
        mark="✳",
    ),
    drawn(
        Outcome.TIMEOUT,
        "⏱️",
        "timeout",
        colour="#2060c0",
        texture=Texture.BAR,
        background="#ffe0b8",
        hue="blue",
        mark="|",
    ),
    drawn(
        Outcome.INSTALL_FAILED,
        "🚫",
        "install failed",
        colour="#8b5a2b",
        texture=Texture.FALLING,
        background="#d8d8d8",
        hue="brown",
        mark="\\",
    ),
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
    hue="pink",
    mark="two pips",
)
BY_NAME = {drawn.name: drawn for drawn in (*OUTCOMES, FLAKY)}


def looks() -> list[Look]:
    """Every Look the reports draw, in the legends' order: the outcomes, then flaky."""
    return [*(BY_NAME[outcome.value] for outcome in Outcome), FLAKY]


def look(name: str) -> Look:
    """The Look of an outcome's name, or of 'flaky'."""
    return FLAKY if name == FLAKY.name else BY_NAME[Outcome(name).value]
