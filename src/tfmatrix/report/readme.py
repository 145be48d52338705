"""README.md's answer table and figures: generated from the published data, between markers, so the
first table a reader sees, and every figure README states, is always the published data's."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..matrix.catalogue import Catalogue
from . import answer, figures, permalinks

START = "<!-- answer: generated from reports/results.csv by `nox -s report`; do not edit -->"
END = "<!-- /answer -->"


def block(table: pd.DataFrame, catalogue: Catalogue) -> str:
    """The glyphs' key and the answer table, its entries linking to their rows in the every-release files."""
    drawn = answer.section(table, catalogue, lambda mode, cell: permalinks.row(cell, "reports/"))
    return "\n".join([START, "", *drawn, "", END])


def refreshed(text: str, table: pd.DataFrame, catalogue: Catalogue) -> str:
    """The README text with its answer block and its figures regenerated; text without the markers
    is returned as is."""
    text = figures.filled(text, table, catalogue)
    if START not in text or END not in text:
        return text
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    return before + block(table, catalogue) + after


def updated(path: Path, table: pd.DataFrame, catalogue: Catalogue) -> dict[Path, str]:
    """README.md with its answer block regenerated, by path, where the data moved it; else nothing."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    new = refreshed(text, table, catalogue)
    return {path: new} if new != text else {}
