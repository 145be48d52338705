"""Write reports/ from the records: the tidy CSV and the Markdown matrix."""

from __future__ import annotations

from pathlib import Path

from . import records, render, tidy


def build(results: Path, reports: Path, skip_bad: bool = False) -> tuple[int, list[str]]:
    """Merge the records under results/ into reports/; returns (rows, skipped problems)."""
    found, problems = records.load_all(results, skip_bad=skip_bad)
    published = tidy.read_csv(reports / "results.csv")
    table = tidy.merge(published, tidy.frame(found)) if found else published
    if table.empty:
        raise records.RecordError(
            f"no records under {results} and no {reports / 'results.csv'}: run `nox -s matrix`"
        )
    write(table, reports)
    return len(table), problems


def write(table, reports: Path) -> None:
    reports.mkdir(parents=True, exist_ok=True)
    tidy.write_csv(table, reports / "results.csv")
    (reports / "matrix.md").write_text(render.render(table), encoding="utf-8")
