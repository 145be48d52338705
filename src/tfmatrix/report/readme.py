"""README.md's answer table, figures and list of experiment scripts: generated, between markers, so
the first table a reader sees and every figure README states are always the published data's, and
the scripts it names always the catalogue's (`experiments/_runner.py --list`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..matrix.catalogue import ARTICLE, Catalogue
from . import answer, figures, permalinks

START = "<!-- answer: generated from reports/results.csv by `nox -s report`; do not edit -->"
END = "<!-- /answer -->"
SCRIPTS_START = (
    "<!-- scripts: generated from `experiments/_runner.py --list` by `nox -s report`; do not edit -->"
)
SCRIPTS_END = "<!-- /scripts -->"


def block(table: pd.DataFrame, catalogue: Catalogue) -> str:
    """The glyphs' key and the answer table, its entries linking to their rows in the every-release files."""
    drawn = answer.section(table, catalogue, lambda mode, cell: permalinks.row(cell, "reports/"))
    return "\n".join([START, "", *drawn, "", END])


def scripts(catalogue: Catalogue) -> str:
    """The experiment scripts, a line each: its experiment ids, its title and, outside the
    article's, the section of the reports it has to itself."""
    lines = []
    for experiment in catalogue.experiments:
        ids = [experiment_id for _, experiment_id in experiment.ids]
        named = f"experiment {ids[0]}" if len(ids) == 1 else f"experiments {', '.join(ids)}"
        section = f" (in “{experiment.section}”)" if experiment.section != ARTICLE else ""
        lines.append(f"- `{experiment.script}.py`, {named}: {experiment.title}{section}")
    return "\n".join([SCRIPTS_START, *lines, SCRIPTS_END])


def between(text: str, start: str, end: str, block: str) -> str:
    """The text with what lies between its markers (kept) replaced by `block`'s inside; text without
    them, as is. A block may be indented, as in a list item: its lines keep the start marker's indent."""
    if start not in text or end not in text:
        return text
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    indent = before[len(before.rstrip(" ")) :]
    inside = block.removeprefix(start).removesuffix(end).replace("\n", "\n" + indent)
    return before + start + inside + end + after


def refreshed(text: str, table: pd.DataFrame, catalogue: Catalogue) -> str:
    """The README text with its answer block, its figures and its list of scripts regenerated;
    text without the markers is returned as is."""
    text = between(figures.filled(text, table, catalogue), START, END, block(table, catalogue))
    return between(text, SCRIPTS_START, SCRIPTS_END, scripts(catalogue))


def updated(path: Path, table: pd.DataFrame, catalogue: Catalogue) -> dict[Path, str]:
    """README.md with its answer block regenerated, by path, where the data moved it; else nothing."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    new = refreshed(text, table, catalogue)
    return {path: new} if new != text else {}
