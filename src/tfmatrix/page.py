"""The tidy table to reports/index.html: one self-contained page, a pure function of the data."""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

import pandas as pd

from . import agreement, celltext, columns, commands
from . import render as markdown
from .catalogue import ARTICLE, Catalogue
from .outcome import FLAKY, Look, looks
from .tidy import flaky, values, words
from .versions import minor

# `<`, `>` and `&` as JSON escapes, so no text from a record can close the <script> that holds it.
JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
# The line of page.css that the outcomes' colour rules replace.
OUTCOME_RULES = "/* one colour rule per outcome: page.py writes them from outcome.py */\n"


def asset(name: str) -> str:
    return resources.files(__package__).joinpath("page_assets", name).read_text(encoding="utf-8")


def rule(drawn: Look) -> str:
    """The CSS rule that colours the cells of one outcome."""
    ink = f" color: {drawn.ink};" if drawn.ink else ""
    return f".o-{drawn.name} {{ background: {drawn.background};{ink} }}\n"


def style() -> str:
    """page.css with the colour rule of every outcome, and of flaky, where it marks their place."""
    return asset("page.css").replace(OUTCOME_RULES, "".join(map(rule, looks())))


def value(item: Any) -> Any:
    """A cell of the table as JSON: missing and NaN become null, numpy numbers plain numbers."""
    if item is None or item is pd.NA or (isinstance(item, float) and math.isnan(item)):
        return None
    return item.item() if hasattr(item, "item") else item


class Interned:
    """Distinct values in order of first use, so repeated errors and versions are stored once."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}

    def __call__(self, item: Any) -> int:
        return self.index.setdefault(item, len(self.index))

    def values(self) -> list[Any]:
        return list(self.index)


def evidence(row: Any, errors: Interned, observed: Interned) -> dict[str, Any]:
    """What one record shows, as the page's details panel lists it."""
    return {
        "backend": row.backend,
        "cell": row.cell,
        "outcome": FLAKY.name if flaky(row.seen) else row.outcome,
        "text": celltext.cell_text(row),  # no footnote: the page shows the error on click
        "runs": value(row.runs),
        "seen": ", ".join(f"{words(v)} ×{n}" for v, n in values(row.seen).items()),
        "bn_updates": value(row.bn_updates),
        "moving_variance": value(row.moving_variance),
        "ops": [value(row.update_ops), value(row.model_updates), value(row.wired_updates)],
        "probes": json.loads(row.probes) if row.probes else {},
        "error": errors(row.error),
        "observed": observed(
            (
                row.observed_tensorflow,
                row.keras_package,
                row.observed_keras,
                row.observed_numpy,
                row.observed_python,
            )
        ),
        "command": commands.reproduce(row.backend, row.env, row.cell),
    }


def environments(shown: pd.DataFrame) -> list[dict[str, str]]:
    """The columns, in matrix.md's order: the Keras 2 line first, then Keras 3."""
    rows = {row.env: row for row in shown.drop_duplicates("env").itertuples()}
    return [
        {
            "id": env,
            "tensorflow": rows[env].tensorflow,
            "minor": minor(rows[env].tensorflow),
            "python": rows[env].python,
            "keras": rows[env].keras,
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
    errors, observed = Interned(), Interned()

    def cell_of(row: Any) -> dict[str, Any]:
        found = [evidence(other, errors, observed) for other in others.get((row.env, row.cell), [])]
        return {**evidence(row, errors, observed), "others": found}

    words = dict(catalogue.modes)
    tables: list[dict[str, Any]] = []
    abouts: dict[str, str] = {}  # each section of its own: its question, as HTML
    for section, rows in markdown.sections(shown, catalogue):
        for mode in [mode for mode in catalogue.mode_order if mode in set(rows["mode"])]:
            lines = table_rows(rows[rows["mode"] == mode], cell_of, [env["id"] for env in envs], catalogue)
            drawn = {"mode": mode, "title": words[mode].replace("`", ""), "rows": lines}
            if section != ARTICLE:  # a section of its own: its title first, its own anchor, its question
                experiment = rows["experiment"].iloc[0]
                title = f"{section} — {words[mode]}".replace("`", "")
                drawn.update(title=title, id=f"x{experiment}-{mode}", section=section)
                abouts[section] = inline_html(catalogue.about(section))
            tables.append(drawn)
    return {
        "variants": {name: text.replace("`", "") for name, text in catalogue.variants},
        "experiments": [x for x in catalogue.experiment_order if x in set(shown["experiment"])],
        "envs": envs,
        "errors": errors.values(),
        "observed": [list(versions) for versions in observed.values()],
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
    (or None) per environment column."""
    variants, experiments, inputs = catalogue.variant_order, catalogue.experiment_order, catalogue.inputs
    grid: dict[tuple, dict[str, Any]] = {}
    for row in rows.itertuples():
        key = (variants.index(row.variant), experiments.index(row.experiment), row.data)
        line = grid.setdefault(key, {"variant": row.variant, "experiment": row.experiment})
        line.update(input=inputs[row.input].replace("`", ""), data=row.data)
        line.setdefault("cells", [None] * len(envs))[envs.index(row.env)] = cell_of(row)
    return [grid[key] for key in sorted(grid)]


def script_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).translate(
        JSON_ESCAPES
    )


def legend() -> str:
    items = "".join(
        f'<li><span class="cell o-{html.escape(name)}">{html.escape(glyph)} {html.escape(words)}</span> '
        f"{html.escape(meaning)}</li>"
        for name, (glyph, words, meaning) in markdown.GLYPHS.items()
    )
    return f'<details><summary>Legend</summary><ul class="legend">{items}</ul></details>'


def summary(table: pd.DataFrame) -> str:
    """Requested and observed versions of every environment, and the requirements it installs."""
    rows = []
    for (env, backend), group in table.groupby(["env", "backend"], sort=False):
        first = group.iloc[0]
        seen = sorted(set(zip(group["observed_tensorflow"], group["keras_package"], group["observed_keras"])))
        observed = "; ".join(f"tensorflow {tf}, {package} {keras}" for tf, package, keras in seen if tf)
        cells = (env, backend, f"{first.tensorflow}, Python {first.python}, {first.keras}")
        cells += (observed or "not imported", first.requirements)
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(text))}</td>" for text in cells) + "</tr>")
    head = "".join(f"<th>{name}</th>" for name in ("env", "backend", "requested", "observed", "requirements"))
    return (
        f"<details><summary>Environments ({table['env'].nunique()})</summary>"
        f'<table class="envs"><tr>{head}</tr>{"".join(rows)}</table></details>'
    )


def header(table: pd.DataFrame) -> str:
    platforms = ", ".join(sorted(set(table["platform"]) - {""})) or "unknown"
    return (
        f"<!-- Generated by `{markdown.COMMAND}` (re-render with `nox -s report`); do not edit. -->\n"
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>tfmatrix: do batch-norm statistics update, release by release?</title>\n"
        f"<style>\n{style()}</style>\n</head>\n<body>\n"
        "<h1>tfmatrix: do batch-norm statistics update, release by release?</h1>\n"
        f"<p>Generated by <code>{html.escape(markdown.COMMAND)}</code> from {len(table)} cells in "
        f"{table['env'].nunique()} environments, recorded up to {html.escape(table['started'].max()[:10])} "
        f"on {html.escape(platforms)}. Click a cell for its evidence; the data behind every cell is in "
        '<a href="results.csv">results.csv</a>, the same matrix in <a href="matrix.md">matrix.md</a>.</p>\n'
    )


def render(table: pd.DataFrame, catalogue: Catalogue) -> str:
    """The whole index.html for the tidy table: same table, same bytes."""
    return (
        header(table)
        + f"{legend()}\n{summary(table)}\n"
        + '<form id="filters"></form>\n<main id="tables"></main>\n'
        + '<aside id="details" hidden></aside>\n'
        + f'<script type="application/json" id="data">{script_json(payload(table, catalogue))}</script>\n'
        + f"<script>\n{asset('page.js')}</script>\n</body>\n</html>\n"
    )
