"""reports/heatmap.svg: the outcome of every cell, one panel per mode, releases across."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import agreement, columns
from .catalogue import Catalogue
from .outcome import FLAKY, look, looks
from .tidy import flaky
from .versions import minor

CELL_W, CELL_H, GAP = 12, 9, 4
LEFT, TOP, PANEL_GAP, SECTION_GAP = 120, 78, 24, 24


@dataclass(frozen=True)
class Band:
    """The rows of one variant in one section: its experiments, one row each, from y down."""

    section: str
    variant: str
    experiments: tuple[str, ...]
    y: int


def bands(catalogue: Catalogue, sections: list[str]) -> list[Band]:
    """Variants down, experiments within each, section after section (the article's first)."""
    out, y = [], TOP
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


def short(tensorflow: str, keras: str) -> str:
    return minor(tensorflow) + {"tf.keras": "", "tf_keras": " tk", "keras3": " k3"}[keras]


def labels(layout: list[Band]) -> list[str]:
    out, section = [], layout[0].section if layout else None
    for band in layout:
        if band.section != section:  # a section of its own starts: its title above its first band
            section = band.section
            title = html.escape(band.section.replace("`", ""))
            out.append(f'<text x="4" y="{band.y - 8}" style="font-size:11px;font-weight:bold">{title}</text>')
        middle = band.y + CELL_H * max(len(band.experiments) // 2, 1)
        out.append(f'<text x="4" y="{middle}" class="v">{band.variant}</text>')
        out += [
            f'<text x="{LEFT - 6}" y="{band.y + n * CELL_H + CELL_H - 1}" class="e">{e}</text>'
            for n, e in enumerate(band.experiments)
        ]
    return out


def panel(rows: pd.DataFrame, mode: str, x0: int, layout: list[Band]) -> list[str]:
    envs = {row.env: (row.tensorflow, row.keras) for row in rows.itertuples()}
    order = columns.ordered(envs)
    out = [f'<text x="{x0}" y="14" class="m">{mode}</text>']
    for i, env in enumerate(order):
        x = x0 + i * CELL_W + CELL_W - 3
        out.append(
            f'<text transform="translate({x},{TOP - 4}) rotate(-90)" class="r">{short(*envs[env])}</text>'
        )
    grid = {
        (row.variant, row.experiment, order.index(row.env)): FLAKY.name if flaky(row.seen) else row.outcome
        for row in rows.itertuples()
    }
    for band in layout:
        for n, experiment in enumerate(band.experiments):
            cells = [grid.get((band.variant, experiment, i)) for i in range(len(order))]
            out += runs(cells, x0, band.y + n * CELL_H)
    return out


def runs(cells: list[str | None], x0: int, y: int) -> list[str]:
    """One rectangle per run of equal outcomes along a row (keeps the file small)."""
    out, start = [], 0
    for i in range(1, len(cells) + 1):
        if i < len(cells) and cells[i] == cells[start]:
            continue
        if cells[start] is not None:
            out.append(
                f'<rect x="{x0 + start * CELL_W}" y="{y}" width="{(i - start) * CELL_W - 1}" '
                f'height="{CELL_H - 1}" fill="{look(cells[start]).colour}"/>'
            )
        start = i
    return out


def legend(y: int) -> list[str]:
    out, x = [], 4
    for drawn in looks():
        out.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{drawn.colour}"/>')
        out.append(f'<text x="{x + 14}" y="{y + 9}" class="l">{drawn.name}</text>')
        x += 14 + 6 * len(drawn.name) + 14
    return out


def render(data: pd.DataFrame, catalogue: Catalogue) -> str:
    """The SVG for the tidy table (venv cells, docker where no venv cell exists)."""
    shown = agreement.primary(data)
    present = set(shown["experiment"].map(catalogue.section_of))
    layout = bands(catalogue, [section for section in catalogue.sections if section in present])
    modes = [mode for mode in catalogue.mode_order if mode in set(shown["mode"])]
    width_of = {mode: shown.loc[shown["mode"] == mode, "env"].nunique() * CELL_W for mode in modes}
    parts, x = labels(layout), LEFT
    for mode in modes:
        parts += panel(shown[shown["mode"] == mode], mode, x, layout)
        x += width_of[mode] + PANEL_GAP
    last = layout[-1]
    bottom = last.y + (len(last.experiments) - 1) * CELL_H + CELL_H + 16
    parts += legend(bottom)
    width, height = max(x, 760), bottom + 20
    style = (
        "text{font-family:sans-serif;font-size:9px;fill:#222}.m{font-size:13px;font-weight:bold}"
        ".v{font-size:10px;font-weight:bold}.e{text-anchor:end}.r{font-size:8px}.l{text-anchor:start}"
    )
    return "\n".join(
        [
            "<!-- Generated by `nox -s matrix` (re-render with `nox -s report`); do not edit. -->",
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="Outcome of every cell by release and mode">',
            f"<style>{style}</style>",
            f'<rect width="{width}" height="{height}" fill="#fff"/>',
            *parts,
            "</svg>",
            "",
        ]
    )
