"""The tidy table to reports/index.html: one self-contained page, a pure function of the data."""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

import pandas as pd

from ..matrix.catalogue import Catalogue
from . import permalinks
from . import render as markdown
from .answer import NOT_RUN, NOT_RUN_MEANING
from .looks import Look, looks
from .page_data import FLAVOURS, inline_html, observed, payload, requested
from .permalinks import permalink

__all__ = ["inline_html", "permalink", "render"]

# `<`, `>` and `&` as JSON escapes, so no text from a record can close the <script> that holds it.
JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
# The page's scripts, one job each, inlined in this order into one <script> (no build step, no other
# file): page.js declares the Page namespace the others add their parts to, and address.js, last, draws
# the view the address names.
SCRIPTS = ("page.js", "links.js", "filters.js", "table.js", "matrix.js", "panel.js", "keys.js", "address.js")
STYLESHEET = "page.css"
ASSETS = (STYLESHEET, *SCRIPTS)  # every file of page_assets/
# What drawing a table reads of a cell; the rest, the panel's (most of the data's megabytes), is in a
# <script> after the page's own, so the first table is drawn before the browser has read it all.
DRAWN = ("cell", "outcome", "text", "error")
LOOKED_UP = ("errors", "observed", "texts")  # what the panel's cells index
# The line of page.css that the outcomes' colour rules replace.
OUTCOME_RULES = "/* one colour rule per outcome: page.py writes them from looks.py */\n"


def asset(name: str) -> str:
    return resources.files(__package__).joinpath("page_assets", name).read_text(encoding="utf-8")


def rule(drawn: Look) -> str:
    """The CSS rule that colours the cells of one outcome."""
    ink = f" color: {drawn.ink};" if drawn.ink else ""
    return f".o-{drawn.name} {{ background: {drawn.background};{ink} }}\n"


def dark_rule(drawn: Look) -> str:
    """The rule for a dark screen: the outcome's picture colour, darkened, under light text; an outcome
    with ink of its own keeps a light cell under dark ink, as its glyph (U+2796) is the emoji font's dark grey,
    never the text's colour, and would vanish on a dark cell."""
    if drawn.ink:
        return (
            f".o-{drawn.name} {{ background: color-mix(in srgb, {drawn.colour} 80%, #111); color: #111; }}\n"
        )
    return (
        f".o-{drawn.name} {{ background: color-mix(in srgb, {drawn.colour} 45%, #111); color: #f2f2f2; }}\n"
    )


def style() -> str:
    """page.css with the colour rules of every outcome, and of flaky, where it marks their place."""
    dark = "".join(map(dark_rule, looks()))
    rules = "".join(map(rule, looks())) + f"@media (prefers-color-scheme: dark) {{\n{dark}}}\n"
    return asset(STYLESHEET).replace(OUTCOME_RULES, rules)


def script() -> str:
    """The page's scripts, in the order they run."""
    return "".join(map(asset, SCRIPTS))


def script_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).translate(
        JSON_ESCAPES
    )


def split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's data as the tables draw it, and the rest: what each cell holds beyond DRAWN, in the
    order of the tables' rows and cells (panel.js merges it back), and the lists its cells index."""
    rest: dict[str, Any] = {name: data[name] for name in LOOKED_UP}
    rest["cells"] = []
    for table in data["tables"]:
        for row in table["rows"]:
            for n, cell in enumerate(row["cells"]):
                if cell:
                    row["cells"][n] = {name: cell[name] for name in DRAWN}
                    rest["cells"].append({name: found for name, found in cell.items() if name not in DRAWN})
    return {name: found for name, found in data.items() if name not in LOOKED_UP}, rest


def legend() -> str:
    """Every outcome's glyph, words and meaning, flaky included, and what the columns' tags mean."""
    items = "".join(
        f'<li><span class="cell o-{html.escape(drawn.name)}">{html.escape(drawn.glyph)} '
        f"{html.escape(drawn.legend)}</span> {html.escape(drawn.meaning)}</li>"
        for drawn in looks()
    )
    items += (
        f'<li><span class="cell not-run">{NOT_RUN}</span> a blank cell: {html.escape(NOT_RUN_MEANING)}</li>'
    )
    tags = "; ".join(f"<b>{html.escape(tag)}</b>: {html.escape(words)}" for tag, words in FLAVOURS.items())
    columns = (
        '<p class="tags">Columns are TensorFlow releases (a range where neighbours agree on every row shown). '
        f"A column without a tag imports tf.keras; the tags name the Keras a column imports: {tags}.</p>"
    )
    return f'<details><summary>Legend</summary><ul class="legend">{items}</ul>{columns}</details>'


def summary(table: pd.DataFrame) -> str:
    """Requested and observed versions of every environment, and the requirements it installs."""
    rows = []
    for (env, backend), group in table.groupby(["env", "backend"], sort=False):
        first = group.iloc[0]
        seen = sorted(set(zip(group["observed_tensorflow"], group["keras_package"], group["observed_keras"])))
        imported = "; ".join(observed(*versions) for versions in seen if versions[0])
        cells = (requested(first.tensorflow, first.python, first.keras), imported or "not imported")
        cells += (first.requirements,)
        head = f'<th scope="row">{html.escape(env)}</th><td>{html.escape(backend)}</td>'
        rows.append(f"<tr>{head}" + "".join(f"<td>{html.escape(str(text))}</td>" for text in cells) + "</tr>")
    names = ("env", "backend", "requested", "observed", "requirements")
    head = "".join(f'<th scope="col">{name}</th>' for name in names)
    return (
        f"<details><summary>Environments ({table['env'].nunique()})</summary>"
        '<div class="wide"><table class="envs"><caption>What each environment asked for and imported</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></details>"
    )


def header(table: pd.DataFrame, reports_url: str) -> str:
    platforms = ", ".join(sorted(set(table["platform"]) - {""})) or "unknown"
    rendered = permalinks.report("matrix.md", reports_url)
    return (
        f"<!-- Generated by `{markdown.COMMAND}` (re-render with `nox -s report`); do not edit. -->\n"
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>tfmatrix: do batch-norm statistics update, release by release?</title>\n"
        f"<style>\n{style()}</style>\n</head>\n<body>\n"
        '<a class="skip" href="#tables">Skip to the table</a>\n'
        "<header>\n"
        "<h1>tfmatrix: do batch-norm statistics update, release by release?</h1>\n"
        f"<p>Generated by <code>{html.escape(markdown.COMMAND)}</code> from "
        f"{html.escape(markdown.counts(table))}, recorded up to {html.escape(table['started'].max()[:10])} "
        f"on {html.escape(platforms)}. Click a cell for its evidence and its links; the address always "
        "links to what you see. The data behind every cell is in "
        f'<a href="results.csv">results.csv</a>, the same matrix in <a href="{html.escape(rendered)}">matrix.md</a>.</p>\n'
    )


def render(table: pd.DataFrame, catalogue: Catalogue, reports_url: str = "") -> str:
    """The whole index.html for the tidy table: same table, same bytes. reports_url: reports/ on
    github.com, where matrix.md is shown rendered (GitHub Pages serves it as raw Markdown)."""
    drawn, rest = split(payload(table, catalogue))
    return (
        header(table, reports_url)
        + f"{legend()}\n{summary(table)}\n"
        + '<form id="filters" aria-label="Find and filter"></form>\n</header>\n'
        + '<main id="tables" tabindex="-1"></main>\n'
        + '<aside id="details" aria-label="Evidence of the opened cell" tabindex="-1" hidden></aside>\n'
        + f'<script type="application/json" id="data">{script_json(drawn)}</script>\n'
        + f"<script>\n{script()}</script>\n"
        + f'<script type="application/json" id="evidence">{script_json(rest)}</script>\n</body>\n</html>\n'
    )
