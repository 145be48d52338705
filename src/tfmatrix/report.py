"""Write reports/ from the records: the tidy CSV, the Markdown matrix, the page, the picture, the changes."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import changes, heatmap, page, records, render, results_csv, tidy


def build(results: Path, reports: Path, skip_bad: bool = False) -> tuple[int, list[str]]:
    """Merge the records under results/ into reports/; returns (rows, skipped problems). Everything
    is read, checked and rendered before the first file is written, so a refusal leaves reports/ as it was."""
    found, problems = records.load_all(results, skip_bad=skip_bad, known=results_csv.RECORD_NAMES)
    published, skipped = results_csv.load_csv(reports / "results.csv", skip_bad=skip_bad)
    table = tidy.merge(published, tidy.frame(found)) if found else published
    if table.empty:
        raise records.RecordError(
            f"no records under {results} and no {reports / 'results.csv'}: run `nox -s matrix`"
        )
    found_changes = changes.diff(published, table)
    files = {
        "results.csv": results_csv.text(table),
        **render_all(table, found_changes or last_changes(reports)),
    }
    if found_changes:
        files["changes.json"] = changes.dumps(found_changes)
        files["CHANGES.md"] = changes.appended(found_changes, reports / "CHANGES.md", render.escape)
    write_all(reports, files)
    return len(table), problems + skipped


def write_all(reports: Path, files: dict[str, str]) -> None:
    """Every file written aside first, then all put in place: a full disk leaves reports/ as it was."""
    reports.mkdir(parents=True, exist_ok=True)
    staged = {reports / f".{name}.new": reports / name for name in files}
    try:
        for (aside, _), text in zip(staged.items(), files.values()):
            aside.write_text(text, encoding="utf-8")
    except OSError:
        for aside in staged:
            aside.unlink(missing_ok=True)
        raise
    for aside, target in staged.items():
        os.replace(aside, target)


def last_changes(reports: Path) -> changes.Changes | None:
    """The changes of the last regeneration that re-ran cells, or RecordError naming the file."""
    path = reports / "changes.json"
    try:
        return changes.load(path)
    except (OSError, ValueError) as exc:
        raise records.RecordError(
            f"{path}: unreadable ({exc}); restore it with `git checkout {path}`"
        ) from None


def rendered(table: pd.DataFrame, reports: Path) -> dict[str, str]:
    """Every generated file of reports/ but the CSV, from the table and the last changes."""
    return render_all(table, last_changes(reports))


def render_all(table: pd.DataFrame, last: changes.Changes | None) -> dict[str, str]:
    """Every generated file of reports/ but the CSV and the changes, by name."""
    return {
        "matrix.md": render.render(table, last),
        "every-release.md": render.render(table, last, collapse=False),
        "heatmap.svg": heatmap.render(table),
        "index.html": page.render(table),
    }
