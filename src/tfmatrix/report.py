"""Write reports/ from the records: the tidy CSV, the Markdown matrix, the page, the picture, the changes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import changes, heatmap, page, records, render, tidy


def build(results: Path, reports: Path, skip_bad: bool = False) -> tuple[int, list[str]]:
    """Merge the records under results/ into reports/; returns (rows, skipped problems)."""
    found, problems = records.load_all(results, skip_bad=skip_bad)
    published = tidy.read_csv(reports / "results.csv")
    table = tidy.merge(published, tidy.frame(found)) if found else published
    if table.empty:
        raise records.RecordError(
            f"no records under {results} and no {reports / 'results.csv'}: run `nox -s matrix`"
        )
    found_changes = changes.diff(published, table)
    reports.mkdir(parents=True, exist_ok=True)
    if found_changes:
        changes.dump(found_changes, reports / "changes.json")
        changes.append(found_changes, reports / "CHANGES.md", render.escape)
    tidy.write_csv(table, reports / "results.csv")
    write(table, reports)
    return len(table), problems


def rendered(table: pd.DataFrame, reports: Path) -> dict[str, str]:
    """Every generated file of reports/ but the CSV, from the table and the last changes."""
    last = changes.load(reports / "changes.json")
    return {
        "matrix.md": render.render(table, last),
        "every-release.md": render.render(table, last, collapse=False),
        "heatmap.svg": heatmap.render(table),
        "index.html": page.render(table),
    }


def write(table: pd.DataFrame, reports: Path) -> None:
    for name, text in rendered(table, reports).items():
        (reports / name).write_text(text, encoding="utf-8")
