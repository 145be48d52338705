"""The weekly pull request's title and body: the cells that moved, the releases added, the
environments planned that did not run, and the run they came from."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..data import changes, history, records, results_csv, stable, tidy
from ..matrix import discover
from ..matrix.catalogue import Catalogue
from ..matrix.outcome import Failure, classify, names
from ..matrix.releases import Release
from . import render

TITLE = "reports: weekly matrix run"
COMPARED = ("results.csv", results_csv.HISTORY_CSV, discover.KNOWN)  # what a proposal reads of reports/
WHY_LENGTH = 200  # an install error's headline, cut to fit a line


@dataclass(frozen=True)
class Proposal:
    """What a weekly run changed in reports/, against the reports it started from."""

    run_url: str
    changed: changes.Changes | None  # changes.diff of the two tables; None: no cell re-ran
    familiar: frozenset[tuple[str, str, str]] = frozenset()  # flaky cells back at a value they had shown
    releases_added: list[Release] = field(default_factory=list)
    planned: int = 0
    not_run: dict[str, str] = field(default_factory=dict)  # environment -> why, as far as known


def title(proposal: Proposal) -> str:
    """One line: what moved, or that nothing did."""
    moved, familiar = _split(proposal)
    parts = [f"{_count(len(moved), 'cell')} moved"] if moved else []
    if proposal.releases_added:
        versions = ", ".join(release.version for release in proposal.releases_added)
        parts.append(f"release{'s' if len(proposal.releases_added) > 1 else ''} {versions} added")
    text = f"{TITLE}, {', '.join(parts) if parts else 'nothing moved'}"
    if familiar:
        text += f" ({_count(len(familiar), 'flaky cell')} at another value seen before)"
    if proposal.not_run:
        text += f"; {_count(len(proposal.not_run), 'environment')} did not run"
    return text


def body(proposal: Proposal) -> str:
    """The pull request's Markdown."""
    lines = [
        f"`nox -s report` over the records of [this run]({proposal.run_url}).",
        "",
        *_moved(proposal),
        "",
        *_releases(proposal.releases_added),
        "",
        *_not_run(proposal),
    ]
    return "\n".join(lines) + "\n"


def _split(proposal: Proposal) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The changed cells: those that moved, and the flaky ones back at a value they had shown before."""
    found = proposal.changed["changed"] if proposal.changed else []
    familiar = [cell for cell in found if (cell["backend"], cell["env"], cell["cell"]) in proposal.familiar]
    return [cell for cell in found if cell not in familiar], familiar


def _moved(proposal: Proposal) -> list[str]:
    if proposal.changed is None:
        return ["**Nothing moved**: no cell re-ran."]
    moved, familiar = _split(proposal)
    headline = f"{_count(len(moved), 'cell')} moved" if moved else "Nothing moved"
    lines = [f"**{headline}**: {changes.summary(proposal.changed)}"]
    if moved:
        lines += ["", *changes.cell_lines({"changed": moved}, render.escape, limit=None)]
    if familiar:
        lines += [
            "",
            f"{_count(len(familiar), 'flaky cell')} showed a value their runs had shown before "
            "(results.csv holds each cell's latest run):",
            "",
            *changes.cell_lines({"changed": familiar}, render.escape, limit=None),
        ]
    return lines


def _releases(added: list[Release]) -> list[str]:
    if not added:
        return ["No release added."]
    return [
        "Releases added, each a new column:" if len(added) > 1 else "Release added, a new column:",
        *(f"- TensorFlow {release.version} (Python {release.python})" for release in added),
    ]


def _not_run(proposal: Proposal) -> list[str]:
    if not proposal.not_run:
        return [f"All {proposal.planned} planned environments ran."]
    return [
        f"{len(proposal.not_run)} of the {proposal.planned} planned environments did not run, or not all "
        "their cells; the rows of the cells that did not run are unchanged:",
        *(f"- `{env}`: {why}" for env, why in proposal.not_run.items()),
    ]


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def added(before: tuple[Release, ...], after: tuple[Release, ...]) -> list[Release]:
    """The releases of `after` that `before` does not list."""
    known = {release.version for release in before}
    return [release for release in after if release.version not in known]


def familiar(changed: changes.Changes | None, before: pd.DataFrame, after: pd.DataFrame) -> frozenset:
    """The changed cells whose new value is one their runs had shown before."""
    seen = dict(zip(map(tuple, before[history.KEY].itertuples(index=False)), before["seen"]))
    shown = dict(zip(map(tuple, after[history.KEY].itertuples(index=False)), after.itertuples(index=False)))
    keys = [(cell["backend"], cell["env"], cell["cell"]) for cell in (changed or {"changed": []})["changed"]]
    return frozenset(key for key in keys if history.value(shown[key]) in history.values(seen.get(key, "")))


def why_not_run(planned: list[str], found: dict[str, list[records.Record]], cells: int) -> dict[str, str]:
    """Each planned environment that ran no cell, or not all: why, as far as its records tell, in Markdown."""
    not_built = names(Failure.INSTALL)
    reasons = {}
    for env in planned:
        ran = found.get(env, [])
        failed = [record for record in ran if classify(record).value in not_built]
        if not ran:
            reasons[env] = "no records: its job uploaded none, failing or cancelled before a cell finished"
        elif failed:
            error = stable.text(tidy.error_summary(failed[0]["error"] or {}))
            reasons[env] = f"{failed[0]['status']}: {render.escape(error[:WHY_LENGTH])}"
        elif len(ran) < cells:
            reasons[env] = f"{len(ran)} of {cells} cells recorded: its job stopped before the others"
    return reasons


# The edges: what the pull request compares, read from files and git.


def planned(path: Path) -> list[str]:
    """The environments of the plan job's matrix, `{"include": [{"env": ...}, ...]}`."""
    try:
        return [entry["env"] for entry in json.loads(path.read_text(encoding="utf-8"))["include"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise records.RecordError(
            f"{path}: not the plan job's matrix ({exc}); pass the JSON the plan job prints, "
            '{"include": [{"session": ..., "env": ..., "python": ..., "artifact": ...}, ...]}'
        ) from None


def committed(root: Path, into: Path) -> Path:
    """The reports/ files a proposal compares, as the commit checked out holds them, copied into `into`."""
    for name in COMPARED:
        shown = subprocess.run(
            ["git", "-C", str(root), "show", f"HEAD:reports/{name}"], capture_output=True, check=False
        )
        if shown.returncode == 0:  # a file the commit does not have: a first run
            (into / name).write_bytes(shown.stdout)
    return into


def gather(
    before: Path, reports: Path, results: Path, plan: list[str], run_url: str, catalogue: Catalogue
) -> Proposal:
    """The proposal of the reports/ folder `reports`, against `before`'s files, with the records under results/."""
    old = results_csv.read_csv(before / "results.csv", catalogue)
    new = results_csv.read_csv(reports / "results.csv", catalogue)
    changed = changes.diff(old, new)
    found: dict[str, list[records.Record]] = {}
    for record in records.load_all(results, skip_bad=True)[0]:
        found.setdefault(record["requested"]["env"], []).append(record)
    return Proposal(
        run_url=run_url,
        changed=changed,
        familiar=familiar(changed, old, new),
        releases_added=added(_releases_of(before), _releases_of(reports)),
        planned=len(plan),
        not_run=why_not_run(plan, found, len(catalogue.cells)),
    )


def _releases_of(reports: Path) -> tuple[Release, ...]:
    path = reports / discover.KNOWN
    return discover.load(path) if path.exists() else ()


def write(proposal: Proposal, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "title.txt").write_text(title(proposal) + "\n", encoding="utf-8")
    (out / "body.md").write_text(body(proposal), encoding="utf-8")
