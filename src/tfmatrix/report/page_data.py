"""The tidy table as the JSON that reports/index.html draws from: tables of rows of cells."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..data import agreement
from ..data.history import flaky, parts, values
from ..matrix import columns, commands
from ..matrix.catalogue import ARTICLE, Catalogue
from ..matrix.outcome import Outcome
from ..matrix.versions import minor
from . import celltext
from . import render as markdown
from .celltext import words
from .looks import FLAKY
from .measured import NON_FINITE, measured, parsed

# The Keras each column flavour imports, as the legend, the column heads and the panel explain it.
FLAVOURS = {
    "tf.keras": "the Keras bundled in TensorFlow",
    "tf_keras": "the legacy Keras 2 package tf_keras, which TensorFlow uses from 2.16 on when asked",
    "keras3": "Keras 3, the keras package TensorFlow uses by default from 2.16 on",
}


def value(item: Any) -> Any:
    """A cell of the table as JSON: missing and NaN become null, numpy numbers plain numbers."""
    if item is None or item is pd.NA or (isinstance(item, float) and math.isnan(item)):
        return None
    return item.item() if hasattr(item, "item") else item


def runs_showed(seen: str) -> list[list[Any]]:
    """Each value a cell's runs showed, as the panel's table lists it: its words, outcome, update
    count and raced pairs or variance where the value holds them, and how many runs showed it."""
    shown = []
    for found, count in values(seen).items():
        outcome, updates, detail = parts(found)
        if detail.startswith("raced "):
            pairs = detail.split()[1]
            detail = f"{pairs} raced pair{'' if pairs == '1' else 's'}"
        elif detail.startswith("="):
            detail = f"variance {detail[1:]}"
        elif outcome == Outcome.DIVERGED.value:  # its statistics or losses held NaN or infinity: no count
            detail = words(found)
        shown.append([words(found), outcome, updates, detail, count])
    return shown


class Interned:
    """Distinct values in order of first use, so repeated errors and versions are stored once."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}

    def __call__(self, item: Any) -> int:
        return self.index.setdefault(item, len(self.index))

    def values(self) -> list[Any]:
        return list(self.index)


def requested(tensorflow: str, python: str, keras: str) -> str:
    return f"tensorflow {tensorflow}, Python {python}, keras: {keras} ({FLAVOURS.get(keras, keras)})"


def observed(
    tensorflow: Any, package: Any, keras: Any, numpy: Any = None, python: Any = None, platform: Any = None
) -> str:
    """Versions imported in the environment; the Keras version always named keras, with its package."""
    if not tensorflow:
        return "not imported" + (f" (on {platform})" if platform else "")
    where = "" if package == "keras" else f" (package {package})"
    text = f"tensorflow {tensorflow}, keras {keras}{where}"
    text += f", numpy {numpy}, Python {python}" if numpy else ""
    return text + (f", on {platform}" if platform else "")


def variance(row: Any) -> Any:
    """The moving variance as measured. The experiments read the mean and the variance together, and
    the table holds a NaN variance as missing: a row with a mean but no variance held NaN."""
    shown = value(row.moving_variance)
    if shown is None and isinstance(row.moving_mean, str) and row.moving_mean.strip("[] "):
        return NON_FINITE["nan"]
    return measured(shown)


def evidence(row: Any, errors: Interned, versions: Interned, texts: Interned) -> dict[str, Any]:
    """What one record shows, as the page's details panel lists it: every field, as measured. Where
    the runs of the cell disagree, each value they showed, and what this record is: one run's."""
    imported = (row.observed_tensorflow, row.keras_package, row.observed_keras)
    found = {
        "backend": row.backend,
        "cell": row.cell,
        "outcome": FLAKY.name if flaky(row.seen) else row.outcome,
        "text": celltext.cell_text(row, counted=True),  # no note: the page shows the error on click
        "runs": value(row.runs),
        "seen": "; ".join(f"{words(v)} ×{n}" for v, n in values(row.seen).items()),  # values hold commas
        "started": row.started,
        "seconds": measured(value(row.seconds)),
        "bn_updates": value(row.bn_updates),
        "moving_variance": variance(row),
        "moving_mean": parsed(row.moving_mean),
        "losses": parsed(row.losses),
        "ops": [value(row.update_ops), value(row.model_updates), value(row.wired_updates)],
        "texts": [texts(row.summary_shapes), texts(row.api), texts(row.requirements)],
        "probes": parsed(row.probes) or {},
        "error": errors(row.error),
        "observed": versions(observed(*imported, row.observed_numpy, row.observed_python, row.platform)),
        "command": commands.reproduce(row.backend, row.env, row.cell),
    }
    if flaky(row.seen):
        found.update(showed=runs_showed(row.seen), recorded=row.outcome)
    return found


def environments(shown: pd.DataFrame) -> list[dict[str, str]]:
    """The columns, in matrix.md's order: the Keras 2 line first, then Keras 3."""
    rows = {row.env: row for row in shown.drop_duplicates("env").itertuples()}
    return [
        {
            "id": env,
            "tensorflow": rows[env].tensorflow,
            "minor": minor(rows[env].tensorflow),
            "keras": rows[env].keras,
            "requested": requested(rows[env].tensorflow, rows[env].python, rows[env].keras),
        }
        for env in columns.ordered({env: (row.tensorflow, row.keras) for env, row in rows.items()})
    ]


def payload(table: pd.DataFrame, catalogue: Catalogue) -> dict[str, Any]:
    """Everything the page's script draws from: tables of rows of cells, one cell per environment."""
    shown = agreement.primary(table)
    others: dict[tuple[str, str], list[Any]] = {}
    for row in table.drop(index=shown.index).itertuples():
        others.setdefault((row.env, row.cell), []).append(row)
    envs = environments(shown)
    errors, versions, texts = Interned(), Interned(), Interned()

    def cell_of(row: Any) -> dict[str, Any]:
        found = [evidence(other, errors, versions, texts) for other in others.get((row.env, row.cell), [])]
        return {**evidence(row, errors, versions, texts), "others": found}

    titles = dict(catalogue.modes)
    tables: list[dict[str, Any]] = []
    abouts: dict[str, str] = {}  # each section of its own: its question, as HTML
    for section, rows in markdown.sections(shown, catalogue):
        for mode in [mode for mode in catalogue.mode_order if mode in set(rows["mode"])]:
            lines = table_rows(rows[rows["mode"] == mode], cell_of, [env["id"] for env in envs], catalogue)
            drawn = {"mode": mode, "title": titles[mode].replace("`", ""), "rows": lines}
            if section != ARTICLE:  # a section of its own: its title first, its own anchor, its question
                experiment = rows["experiment"].iloc[0]
                title = f"{section} — {titles[mode]}".replace("`", "")
                drawn.update(title=title, id=f"x{experiment}-{mode}", section=section)
                abouts[section] = inline_html(catalogue.about(section))
            tables.append(drawn)
    return {
        "variants": {name: text.replace("`", "") for name, text in catalogue.variants},
        "experiments": [x for x in catalogue.experiment_order if x in set(shown["experiment"])],
        "flavours": FLAVOURS,
        "envs": envs,
        "errors": errors.values(),
        "observed": versions.values(),
        "texts": texts.values(),
        "tables": tables,
        **({"sections": abouts} if abouts else {}),
    }


MD_LINK = re.compile(r"\[([^\]]+)\]\((https://[^)\s]+)\)")
MD_CODE = re.compile(r"`([^`]+)`")
LINK = r'<a href="\2">\1</a>'


def inline_html(markdown_text: str) -> str:
    """An experiment's `about` (paragraphs, `code` and [links](https://...)) as HTML, all else escaped."""
    paragraphs = []
    for text in markdown_text.split("\n\n"):
        text = MD_CODE.sub(r"<code>\1</code>", html.escape(text, quote=True))
        paragraphs.append("<p>" + MD_LINK.sub(LINK, text) + "</p>")
    return "".join(paragraphs)


def table_rows(
    rows: pd.DataFrame, cell_of: Callable[[Any], dict[str, Any]], envs: list[str], catalogue: Catalogue
) -> list[dict[str, Any]]:
    """The rows of one of the page's tables: one per variant, experiment and data case, with a cell
    (or None) per environment column; a row's id is its cells' id, the same in every column."""
    variants, experiments, inputs = catalogue.variant_order, catalogue.experiment_order, catalogue.inputs
    grid: dict[tuple, dict[str, Any]] = {}
    for row in rows.itertuples():
        key = (variants.index(row.variant), experiments.index(row.experiment), row.data)
        line = grid.setdefault(key, {"variant": row.variant, "experiment": row.experiment, "id": row.cell})
        line.update(input=inputs[row.input].replace("`", ""), data=row.data)
        line.setdefault("cells", [None] * len(envs))[envs.index(row.env)] = cell_of(row)
    return [grid[key] for key in sorted(grid)]
