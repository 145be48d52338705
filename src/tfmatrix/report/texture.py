"""The marks heatmap.svg draws over an outcome's colour: its Look (looks.py) names one."""

from __future__ import annotations

import enum

FACE_W, FACE_H = 9, 7  # a cell as heatmap.svg draws it, with a pixel of white to its right and below


class Texture(enum.Enum):
    """A mark drawn once on every cell, so that outcomes differ without their colour (greyscale,
    colour-blind readers): stroked SVG path data on the cell's face, echoing the tables' glyph."""

    PLAIN = ""
    RISING = "M2 6L7 1"
    FALLING = "M2 1L7 6"
    CROSS = "M2.5 1.5L6.5 5.5M6.5 1.5L2.5 5.5"
    DASH = "M2.5 3.5H6.5"
    BAR = "M4.5 1V6"
    PLUS = "M4.5 1V6M2 3.5H7"
    RING = "M3.3 3.5a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0-2.4 0"
    STAR = "M4.5 1V6M2.3 2.2L6.7 4.8M6.7 2.2L2.3 4.8"
    PAIR = "M1.5 1h2v2h-2zM5.5 4h2v2h-2z"  # two pips, a die's face
