"""reports/heatmap.svg: the outcome of every cell, one panel per mode, releases across, drawn at the
README's width (830 px) so that its words stay legible there."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from ..data import agreement
from ..data.history import flaky
from ..matrix import columns
from ..matrix.catalogue import Catalogue
from ..matrix.versions import minor
from .celltext import cell_text
from .heatmap_legend import CELL_H, CELL_W, defs, fill, legend
from .looks import FLAKY

WIDTH = 830  # GitHub's README column: the picture is drawn at the size it is shown
# Every cell sits on a grid of CELL_W x CELL_H from the origin, where the outcomes' marks are drawn:
# the gaps and margins below are whole cells.
GAP, FLAVOUR_GAP = CELL_H, CELL_W
LEFT, PANEL_GAP, SECTION_GAP, HEAD, PANELS_ACROSS = 13 * CELL_W, CELL_W, 3 * CELL_H, 10 * CELL_H, 2


@dataclass(frozen=True)
class Band:
    """The rows of one variant in one section: its experiments, one row each, from y down."""

    section: str
    variant: str
    experiments: tuple[str, ...]
    y: int


@dataclass(frozen=True)
class Column:
    """One environment's column in a panel."""

    env: str
    keras: str
    release: str  # the minor release, '2.16'
    x: int


def bands(catalogue: Catalogue, sections: list[str]) -> list[Band]:
    """Variants down, experiments within each, section after section (the article's first)."""
    out, y = [], HEAD
    for number, section in enumerate(sections):
        declared = catalogue.in_section(section)
        if number:
            y += SECTION_GAP
        for variant in catalogue.variant_order:
            experiments = tuple(
                experiment_id
                for experiment in declared
                if variant in experiment.variants
                for _, experiment_id in experiment.ids
            )
            if experiments:
                out.append(Band(section, variant, experiments, y))
                y += len(experiments) * CELL_H + GAP
    return out


def placed(rows: pd.DataFrame, x0: int) -> list[Column]:
    """The panel's columns, the Keras 2 line first, a gap wherever the Keras flavour changes."""
    envs = {row.env: (row.tensorflow, row.keras) for row in rows.itertuples()}
    out: list[Column] = []
    for env in columns.ordered(envs):
        tensorflow, keras = envs[env]
        x = out[-1].x + CELL_W + (FLAVOUR_GAP if out[-1].keras != keras else 0) if out else x0
        out.append(Column(env, keras, minor(tensorflow), x))
    return out


def labels(layout: list[Band]) -> list[str]:
    """The rows' names: the axis title, each section's title, each variant and its experiments."""
    out = [
        f'<text x="4" y="{HEAD - 6}" class="a">variant ↓</text>',
        f'<text x="{LEFT - 6}" y="{HEAD - 6}" class="a e">experiment ↓</text>',
    ]
    section = layout[0].section if layout else None
    for band in layout:
        if band.section != section:  # a section of its own starts: its title above its first band
            section = band.section
            title = html.escape(band.section.replace("`", ""))
            out.append(f'<text x="4" y="{band.y - 6}" class="t">{title}</text>')
        middle = band.y + (len(band.experiments) * CELL_H - 1) // 2 + 4  # the baseline that centres the name
        out.append(f'<text x="4" y="{middle}" class="v">{band.variant}</text>')
        out += [
            f'<text x="{LEFT - 6}" y="{band.y + n * CELL_H + CELL_H - 1}" class="e">{e}</text>'
            for n, e in enumerate(band.experiments)
        ]
    return out


def header(mode: str, placed_columns: list[Column]) -> list[str]:
    """The panel's mode, its Keras flavours over their columns and its releases, turned upright."""
    out = [f'<text x="{placed_columns[0].x}" y="13" class="m">mode: {mode}</text>']
    for keras in dict.fromkeys(column.keras for column in placed_columns):
        group = [column for column in placed_columns if column.keras == keras]
        left, right = group[0].x, group[-1].x + CELL_W - 1
        out.append(f'<text x="{(left + right) / 2:g}" y="29" class="f">{keras}</text>')
        out.append(f'<path d="M{left} 33H{right}" class="b"/>')
    out += [
        f'<text transform="translate({column.x + CELL_W - 2},{HEAD - 4}) rotate(-90)" class="r">'
        f"{column.release}</text>"
        for column in placed_columns
    ]
    return out


def axis_titles() -> list[str]:
    """What the columns are, beside the first panel's header."""
    return [
        f'<text x="{LEFT - 6}" y="29" class="a e">Keras flavour →</text>',
        f'<text x="{LEFT - 6}" y="{HEAD - 24}" class="a e">TensorFlow release →</text>',
    ]


def panel(rows: pd.DataFrame, mode: str, x0: int, layout: list[Band]) -> tuple[list[str], int]:
    """One mode's header and cells, and the x where the next panel may start."""
    placed_columns = placed(rows, x0)
    at = {column.env: i for i, column in enumerate(placed_columns)}
    grid = {(row.variant, row.experiment, at[row.env]): row for row in rows.itertuples()}
    out = header(mode, placed_columns)
    for band in layout:
        for n, experiment in enumerate(band.experiments):
            cells = [grid.get((band.variant, experiment, i)) for i in range(len(placed_columns))]
            where = f"{mode} · {band.variant} · experiment {experiment}"
            out += runs(cells, placed_columns, band.y + n * CELL_H, where)
    return out, placed_columns[-1].x + CELL_W + PANEL_GAP


def runs(cells: list, placed_columns: list[Column], y: int, where: str) -> list[str]:
    """One rectangle per run of equal cells of one Keras flavour along a row (keeps the file small),
    titled with the releases it spans, where it is and what its cells showed."""
    out, start = [], 0
    key = [
        (column.keras, None if cell is None else cell_text(cell))
        for cell, column in zip(cells, placed_columns)
    ]
    for i in range(1, len(cells) + 1):
        if i < len(cells) and key[i] == key[start]:
            continue
        first, last, cell = placed_columns[start], placed_columns[i - 1], cells[start]
        if cell is not None:
            span = first.release if first is last else f"{first.release}–{last.release}"
            title = html.escape(f"{span} {first.keras} · {where}: {key[start][1]}")
            name = FLAKY.name if flaky(cell.seen) else cell.outcome
            out.append(
                f'<rect x="{first.x}" y="{y}" width="{last.x + CELL_W - 1 - first.x}" height="{CELL_H - 1}" '
                f'fill="{fill(name)}"><title>{title}</title></rect>'
            )
        start = i
    return out


STYLE = (
    "text{font-family:sans-serif;font-size:9px;fill:#222}.m{font-size:12px;font-weight:bold}.g{fill:#555}"
    ".v{font-size:10px;font-weight:bold}.e{text-anchor:end}.r{font-size:9px}.l{font-size:10px}"
    ".n{font-size:10px;font-weight:bold}.a{font-style:italic;fill:#555}.f{text-anchor:middle;font-size:10px}"
    ".t{font-size:11px;font-weight:bold}.b{stroke:#888;fill:none}.s{stroke:#777;stroke-width:.5}"
    "pattern path{fill:none;stroke-width:1.2;stroke-linecap:round}.k{stroke:#000;stroke-opacity:.5}"
    ".w{stroke:#fff;stroke-opacity:.75}"
)


def panel_rows(
    shown: pd.DataFrame, modes: list[str], layout: list[Band], y: int
) -> tuple[list[str], int, int]:
    """The panels, PANELS_ACROSS to a row, each row of panels under its own header, from y down;
    with the bottom and the right edge they reach."""
    out, right = [], WIDTH
    last = layout[-1]
    height = last.y + len(last.experiments) * CELL_H + 2 * CELL_H
    for first in range(0, len(modes), PANELS_ACROSS):
        out += [f'<g transform="translate(0,{y})">', *axis_titles(), *labels(layout)]
        x = LEFT
        for mode in modes[first : first + PANELS_ACROSS]:
            drawn, x = panel(shown[shown["mode"] == mode], mode, x, layout)
            out += drawn
        out.append("</g>")
        y, right = y + height, max(right, x - PANEL_GAP + 4)
    return out, y, right


def render(data: pd.DataFrame, catalogue: Catalogue) -> str:
    """The SVG for the tidy table (venv cells, docker where no venv cell exists)."""
    shown = agreement.primary(data)
    present = set(shown["experiment"].map(catalogue.section_of))
    layout = bands(catalogue, [section for section in catalogue.sections if section in present])
    modes = [mode for mode in catalogue.mode_order if mode in set(shown["mode"])]
    key, top = legend(CELL_H)
    panels, height, width = panel_rows(shown, modes, layout, top)
    return "\n".join(
        [
            "<!-- Generated by `nox -s matrix` (re-render with `nox -s report`); do not edit. -->",
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="Outcome of every cell by release and mode">',
            f"<style>{STYLE}</style>",
            *defs(),
            f'<rect width="{width}" height="{height}" fill="#fff"/>',
            *key,
            *panels,
            "</svg>",
            "",
        ]
    )
