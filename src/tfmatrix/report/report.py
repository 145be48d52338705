"""Write reports/ from the records: the tidy CSV, the Markdown matrix, the page, the picture, the changes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..data import changes, history, records, results_csv, tidy
from ..matrix.catalogue import Catalogue
from ..matrix.inputs import Inputs
from . import changes_md, heatmap, page, readme, render


@dataclass(frozen=True)
class Built:
    """What a report pass did: the rows published, what it skipped, what it kept out."""

    rows: int
    problems: list[str]
    unpublished: list[str]  # environments that ran on another Python than their published one


def build(
    results: Path, reports: Path, catalogue: Catalogue, skip_bad: bool = False, inputs: Inputs | None = None
) -> Built:
    """Merge the records under results/ into reports/. Everything is read, checked and rendered
    before the first file is written, so a refusal leaves reports/ as it was. `inputs`: today's
    digests, which stand for legacy ones of the same code."""
    known = results_csv.record_names(catalogue)
    found, problems = records.load_all(results, skip_bad=skip_bad, known=known)
    published, skipped = results_csv.load_csv(reports / "results.csv", catalogue, skip_bad=skip_bad)
    substitutes = [record for record in found if "published_python" in record["requested"]]
    found = [record for record in found if "published_python" not in record["requested"]]
    if inputs:
        published = inputs.migrated(published)
    table = tidy.merge(published, fresh(found, catalogue, inputs), catalogue) if found else published
    if table.empty:
        raise records.RecordError(
            f"no records under {results} and no {reports / 'results.csv'}: run `nox -s matrix`"
        )
    found_changes = changes.diff(published, table)
    if found_changes is not None and not changes.moved_anything(found_changes):
        found_changes = None  # a run that showed nothing new is in runs.csv alone
    table = results_csv.published(table)  # every file rendered from what the next pass reads back
    files = {
        **results_csv.files(table),
        **render_all(table, found_changes or last_changes(reports), catalogue),
        PAGE: page.render(table, catalogue),
    }
    if found_changes:
        files["changes.json"] = changes.dumps(found_changes)
        files["CHANGES.md"] = changes_md.appended(found_changes, reports / "CHANGES.md")
    targets = {reports / name: text for name, text in files.items()}
    targets.update(readme.updated(reports.parent / "README.md", table, catalogue))
    write_all(targets)
    return Built(len(table), problems + skipped, compared(substitutes, published, catalogue))


def fresh(found: list[records.Record], catalogue: Catalogue, inputs: Inputs | None) -> pd.DataFrame:
    """The tidy rows of the records, legacy digests of today's code made their scripts' own."""
    table = tidy.frame(found, catalogue)
    return inputs.migrated(table) if inputs else table


def compared(substitutes: list[records.Record], published: pd.DataFrame, catalogue: Catalogue) -> list[str]:
    """Each environment that ran on a Python its release is not published on, against the published
    rows: this machine lacked that Python, so its cells are kept in results/ and never published."""
    if not substitutes:
        return []
    fresh = tidy.frame(substitutes, catalogue)
    pairs = fresh.merge(
        published[[*history.KEY, *history.VALUE_FIELDS]],
        on=history.KEY,
        how="left",
        suffixes=("", "_published"),
    )
    wanted = {record["requested"]["env"]: record["requested"]["published_python"] for record in substitutes}
    lines = []
    for (env, python), group in pairs.groupby(["env", "python"], sort=False):
        differ = int(history.moved(group, "_published").sum())
        lines.append(
            f"{env} ran on Python {python}, not {wanted[env]}, the Python it is published on: "
            f"{len(group) - differ} of {len(group)} cells as published, {differ} otherwise; "
            "kept in results/, not published"
        )
    return lines


def write_all(files: dict[Path, str]) -> None:
    """Every file written aside first, then all put in place: a full disk leaves reports/ (and
    README.md) as they were."""
    for target in files:
        target.parent.mkdir(parents=True, exist_ok=True)
    staged = {target.with_name(f".{target.name}.new"): target for target in files}
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


def rendered(table: pd.DataFrame, reports: Path, catalogue: Catalogue) -> dict[str, str]:
    """Every generated file of reports/ but the CSV, from the table and the last changes."""
    return render_all(table, last_changes(reports), catalogue)


def render_all(table: pd.DataFrame, last: changes.Changes | None, catalogue: Catalogue) -> dict[str, str]:
    """Every committed file of reports/ rendered from the table, but the CSV files and the changes."""
    return {
        "matrix.md": render.render(table, catalogue, last),
        **render.every_release(table, catalogue, last),
        "heatmap.svg": heatmap.render(table, catalogue),
    }


# The web page: built where it is published (the Pages workflow) or read (`nox -s page`), never
# committed: its data changes with every cell, and a pull request could not show its diff.
PAGE = "index.html"


def build_page(reports: Path, catalogue: Catalogue, reports_url: str = "") -> Path:
    """reports/index.html from the published table alone; reports_url: see page.render."""
    table, _ = results_csv.load_csv(reports / "results.csv", catalogue)
    if table.empty:
        raise records.RecordError(f"no {reports / 'results.csv'} to build the page from: run `nox -s matrix`")
    write_all({reports / PAGE: page.render(table, catalogue, reports_url)})
    return reports / PAGE
