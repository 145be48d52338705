"""heatmap.svg's fills (each outcome's colour under its texture's mark) and the legend that shows them."""

from __future__ import annotations

import html

from .answer import NOT_RUN, NOT_RUN_MEANING
from .looks import Look, looks
from .texture import FACE_H, FACE_W

CELL_W, CELL_H = FACE_W + 1, FACE_H + 1
COLUMNS, ENTRY_W, ENTRY_H = 5, 16 * CELL_W, 3 * CELL_H
FLAVOURS = {
    "tf.keras": "the Keras bundled with TensorFlow",
    "tf_keras": "the Keras 2 package",
    "keras3": "Keras 3",
}


def fill(name: str) -> str:
    """The fill of a cell of this outcome (or of 'flaky')."""
    return f"url(#o-{name})"


def dark(colour: str) -> bool:
    """Whether marks on this colour need white ink (relative luminance under one half)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5


def pattern(drawn: Look) -> str:
    """The outcome's tile, one cell: its colour, and its texture's mark in ink that stands out from it.
    The tiles start at the origin, so a cell drawn on the grid shows its mark whole."""
    marks = drawn.texture.value
    ink = "w" if dark(drawn.colour) else "k"
    return (
        f'<pattern id="o-{drawn.name}" width="{CELL_W}" height="{CELL_H}" patternUnits="userSpaceOnUse">'
        f'<rect width="{CELL_W}" height="{CELL_H}" fill="{drawn.colour}"/>'
        + (f'<path class="{ink}" d="{marks}"/>' if marks else "")
        + "</pattern>"
    )


def defs() -> list[str]:
    return ["<defs>", *(pattern(drawn) for drawn in looks()), "</defs>"]


def entry(drawn: Look, x: int, y: int) -> list[str]:
    """A swatch of four cells with the outcome's name, its table words beneath, its meaning on hover."""
    return [
        f'<rect x="{x}" y="{y}" width="{2 * CELL_W - 1}" height="{2 * CELL_H - 1}" fill="{fill(drawn.name)}" '
        f'class="s"><title>{html.escape(drawn.meaning)}</title></rect>',
        f'<text x="{x + 2 * CELL_W + 5}" y="{y + 7}" class="n">{drawn.name}</text>',
        f'<text x="{x + 2 * CELL_W + 5}" y="{y + 18}" class="g">{html.escape(drawn.legend)}</text>',
    ]


def legend(y: int) -> tuple[list[str], int]:
    """The legend from y down (on the cells' grid), and where it ends."""
    out = []
    for n, drawn in enumerate(looks()):
        out += entry(drawn, CELL_W + (n % COLUMNS) * ENTRY_W, y + (n // COLUMNS) * ENTRY_H)
    y += -(-len(looks()) // COLUMNS) * ENTRY_H
    flavours = " · ".join(f"{name}: {words}" for name, words in FLAVOURS.items())
    out.append(f'<text x="{CELL_W}" y="{y + 9}" class="l">Keras flavours: {html.escape(flavours)}.</text>')
    out.append(
        f'<text x="{CELL_W}" y="{y + 23}" class="l">A cell is one experiment in one environment; opened on '
        "its own, the picture names each cell on hover.</text>"
    )
    blank = f"A blank cell: {NOT_RUN} ({NOT_RUN_MEANING})."
    out.append(f'<text x="{CELL_W}" y="{y + 37}" class="l">{html.escape(blank)}</text>')
    return out, y + 48
