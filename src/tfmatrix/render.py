"""The tidy table to reports/matrix.md: a pure function of the data."""

from __future__ import annotations

import re

import pandas as pd

from . import agreement, behaviours, columns, tidy
from . import changes as change_log
from .catalogue import ARTICLE, Catalogue
from .outcome import FLAKY, Outcome, look, looks
from .releases import PINS

COMMAND = "nox -s matrix"
# Each outcome's glyph, legend words and meaning (the page's legend), read from outcome.Outcome.
GLYPHS = {
    outcome.value: (outcome.look.glyph, outcome.look.legend, outcome.look.meaning) for outcome in Outcome
}
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def escape(text: str) -> str:
    """Text from a record, inert in Markdown and in the HTML it may become."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MD_SPECIAL.sub(r"\\\1", text)


class Footnotes:
    """Numbered notes, one per distinct message, in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def ref(self, message: str) -> str:
        return f"[^{self.numbers.setdefault(message, len(self.numbers) + 1)}]"

    def render(self) -> list[str]:
        return [f"[^{n}]: {escape(message)}" for message, n in self.numbers.items()]


def cell_text(row, notes: Footnotes | None = None) -> str:
    """The cell as the tables show it; a cell whose runs disagree shows every value it had."""
    note = notes.ref(row.error) if row.error and notes else ""
    if tidy.flaky(row.seen):
        shown = ", ".join(f"{tidy.words(value)} ×{count}" for value, count in tidy.values(row.seen).items())
        return f"{FLAKY.glyph} flaky: {shown}{note}"
    return f"{look(row.outcome).glyph} {tidy.words(tidy.value(row))}{note}"


def mode_table(rows: pd.DataFrame, notes: Footnotes, catalogue: Catalogue, collapse: bool = True) -> str:
    """Variants and experiments as rows, environments (or ranges of identical ones) as columns."""
    heads: dict[tuple, dict[str, str]] = {}
    cells: dict[str, dict[tuple, str]] = {}
    envs: dict[str, tuple[str, str]] = {}
    variants, experiments, inputs = catalogue.variant_order, catalogue.experiment_order, catalogue.inputs
    for row in rows.itertuples():
        key = (variants.index(row.variant), experiments.index(row.experiment), row.data)
        heads.setdefault(
            key,
            {
                "variant": row.variant,
                "exp": row.experiment,
                "model input": inputs[row.input],
                "data": row.data,
                "cell (`--cell`)": f"`{row.cell}`",
            },
        )
        cells.setdefault(row.env, {})[key] = cell_text(row, notes)
        envs[row.env] = (row.tensorflow, row.keras)
    shown = columns.group(envs, cells, collapse)
    lines = [
        {**heads[key], **{column.label: cells[column.envs[0]].get(key, "") for column in shown}}
        for key in sorted(heads)
    ]
    return pd.DataFrame(lines).fillna("").to_markdown(index=False, disable_numparse=True)


def legend(catalogue: Catalogue) -> list[str]:
    outcomes = pd.DataFrame(
        [
            {
                "cell": f"{drawn.glyph} {drawn.legend}",
                "outcome": "" if drawn is FLAKY else f"`{drawn.name}`",  # flaky is drawn, never recorded
                "meaning": drawn.meaning,
            }
            for drawn in looks()
        ]
    )
    variants = pd.DataFrame(
        [{"variant": f"`{name}`", "what the cell does": text} for name, text in catalogue.variants]
    )
    return [outcomes.to_markdown(index=False), "", variants.to_markdown(index=False)]


def environments(data: pd.DataFrame) -> str:
    """Requested and observed versions of every environment, with its pins."""
    pinned = {pin.requirement for pins in PINS.values() for pin in pins}
    lines = [
        {
            "environment": f"`{row.env}` ({row.backend})",
            "requested": f"tensorflow {row.tensorflow}, Python {row.python}, {row.keras}",
            "observed": observed(row),
            "extra pins": ", ".join(f"`{req}`" for req in row.requirements.split()[1:] if req in pinned)
            or "none",
        }
        for row in data.drop_duplicates(["backend", "env"]).itertuples()
    ]
    return pd.DataFrame(lines).to_markdown(index=False)


def observed(row) -> str:
    if not row.observed_tensorflow:
        return "not imported"
    return (
        f"tensorflow {row.observed_tensorflow}, {row.keras_package} {row.observed_keras}, "
        f"numpy {row.observed_numpy}, Python {row.observed_python}"
    )


def pins(data: pd.DataFrame) -> str:
    """Every pin the matrix's releases need, and the failure it prevents."""
    used = set(" ".join(data["requirements"]).split())
    table: dict = {}
    for minor, pins in PINS.items():
        for pin in pins:
            table.setdefault(pin, []).append(minor)
    lines = [
        {"pin": f"`{pin.requirement}`", "releases": ", ".join(minors), "why": pin.why}
        for pin, minors in table.items()
        if pin.requirement in used
    ]
    return pd.DataFrame(lines).to_markdown(index=False) if lines else "No release needs a pin."


def header(data: pd.DataFrame) -> list[str]:
    platforms = ", ".join(sorted(set(data["platform"]) - {""})) or "unknown"
    return [
        f"<!-- Generated by `{COMMAND}` (re-render with `nox -s report`); do not edit. -->",
        "# tfmatrix: do batch-norm statistics update, release by release?",
        "",
        f"Generated by `{COMMAND}` from {len(data)} cells in {data['env'].nunique()} environments, "
        f"recorded up to {data['started'].max()[:10]} on {platforms}. "
        "Each cell is one row of `reports/results.csv`, with its evidence; "
        "[the web page](index.html) shows each cell's evidence on click.",
        "",
        determinism(agreement.primary(data)),
    ]


def determinism(shown: pd.DataFrame) -> str:
    """How many runs of unchanged inputs each cell had, and how many cells they agree on."""
    runs = shown["runs"].astype(int)
    disagree = int(shown["seen"].map(tidy.flaky).sum())
    if runs.max() == 1:
        return "Determinism: each cell ran once with its current inputs; the next run is compared with it."
    span = f"{runs.min()}" if runs.min() == runs.max() else f"{runs.min()} to {runs.max()}"
    return (
        f"Determinism: each cell ran {span} times with unchanged inputs; the runs agree on outcome, "
        f"update count and raced pairs in {len(shown) - disagree} of {len(shown)} cells, and {disagree} "
        f"{'is' if disagree == 1 else 'are'} flaky ({FLAKY.glyph}, with every value they showed)."
    )


READING = [
    "Columns: the Keras 2 line (`tf.keras` up to 2.15, then `tf_keras`), then Keras 3. "
    "Adjacent releases whose cells are identical in a mode share one column (`1.14–2.15`); "
    "[every-release.md](every-release.md) has one column per release.",
    "",
    'Re-run one cell alone with `nox -s "env(<environment>)" -- --cell <cell> --force`, for example '
    '`nox -s "env(tf-1.12)" -- --cell tf_layers.positive.graph.default --force`; '
    "the `cell` column names each row's cell.",
]
PICTURE = "![Outcome of every cell: one panel per mode, releases across, variants and experiments down](heatmap.svg)"


def section(
    rows: pd.DataFrame, catalogue: Catalogue, notes: Footnotes, collapse: bool, level: str
) -> list[str]:
    """Where each behaviour appears, then one table per mode, for the rows of one section."""
    parts = ["", f"{level} Where each behaviour appears", "", *behaviours.section(rows, catalogue, escape)]
    words = dict(catalogue.modes)
    for mode in [mode for mode in catalogue.mode_order if mode in set(rows["mode"])]:
        table = mode_table(rows[rows["mode"] == mode], notes, catalogue, collapse)
        parts += ["", f"{level} {words[mode]}", "", table]
    return parts


def sections(shown: pd.DataFrame, catalogue: Catalogue) -> list[tuple[str, pd.DataFrame]]:
    """The rows of each section that has any, the article's first."""
    of_row = shown["experiment"].map(catalogue.section_of)
    return [(name, shown[of_row == name]) for name in catalogue.sections if (of_row == name).any()]


def render(
    data: pd.DataFrame, catalogue: Catalogue, changes: dict | None = None, collapse: bool = True
) -> str:
    """The whole matrix.md (or every-release.md, without collapse) for the tidy table."""
    notes = Footnotes()
    shown = agreement.primary(data)
    parts = [*header(data), "", PICTURE, "", "## Changes", "", *change_log.section(changes, escape)]
    parts += ["", "## Legend", "", *legend(catalogue), "", *READING]
    for name, rows in sections(shown, catalogue):
        if name == ARTICLE:
            parts += section(rows, catalogue, notes, collapse, "##")
        else:
            parts += ["", f"## {name}", "", catalogue.about(name)]
            parts += section(rows, catalogue, notes, collapse, "###")
    parts += ["", "## Docker and venv", "", *agreement.lines(data)]
    parts += ["", "## Environments", "", environments(data), "", "## Pins", "", pins(data)]
    parts += ["", "## Notes", "", *notes.render()]
    return "\n".join(parts) + "\n"
