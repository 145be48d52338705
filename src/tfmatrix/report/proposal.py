"""The weekly pull request's title and body: the cells that moved, the releases added, the
environments planned that did not run, and the run they came from."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..data import changes, records, results_csv, stable, tidy
from ..data.history_csv import HISTORY_CSV, RUNS_CSV
from ..matrix import discover
from ..matrix.catalogue import Catalogue
from ..matrix.outcome import Failure, classify, names
from ..matrix.releases import Release
from . import changes_md, permalinks, render
from .committed import copied

TITLE = "reports: weekly matrix run"
HISTORY_ONLY = "reports: run history only"  # a run that moved nothing: runs.csv alone changes
BRANCH = "tfmatrix/weekly-matrix"  # the pull request's branch (.github/workflows/matrix.yml)
COMPARED = ("results.csv", RUNS_CSV, HISTORY_CSV, discover.KNOWN)  # what a proposal reads of reports/
WHY_LENGTH = 200  # an install error's headline, cut to fit a line
SUMMARY = re.compile(r"=* ?(\d+ (passed|failed|error|errors)\b.*?) ?=*$")  # pytest's closing line


@dataclass(frozen=True)
class Checks:
    """How the published-data tests (`nox -s published`) ended on the proposed reports."""

    passed: bool
    summary: str  # pytest's closing line
    failures: list[str] = field(default_factory=list)  # `FAILED test - why` lines


@dataclass(frozen=True)
class Proposal:
    """What a weekly run changed in reports/, against the reports it started from."""

    run_url: str
    changed: changes.Changes | None  # changes.diff of the two tables; None: no cell re-ran
    releases_added: list[Release] = field(default_factory=list)
    planned: int = 0
    not_run: dict[str, str] = field(default_factory=dict)  # environment -> why, as far as known
    checks: Checks | None = None


def quiet(proposal: Proposal) -> bool:
    """Whether the run moved nothing: no cell moved or ran anew, no release or environment came or went."""
    return not proposal.releases_added and not (proposal.changed and changes.moved_anything(proposal.changed))


def title(proposal: Proposal) -> str:
    """One line: what moved, or that only the run history did."""
    moved = proposal.changed["changed"] if proposal.changed else []
    parts = [f"{_count(len(moved), 'cell')} moved"] if moved else []
    if proposal.releases_added:
        versions = ", ".join(release.version for release in proposal.releases_added)
        parts.append(f"release{'s' if len(proposal.releases_added) > 1 else ''} {versions} added")
    if quiet(proposal):
        ran = proposal.changed["cells_rerun"] if proposal.changed else 0
        text = f"{HISTORY_ONLY}, nothing moved ({_count(ran, 'cell')} ran again)"
    else:
        text = f"{TITLE}, {', '.join(parts) if parts else 'new cells'}"
    if proposal.not_run:
        text += f"; {_count(len(proposal.not_run), 'environment')} did not run"
    if proposal.checks and not proposal.checks.passed:
        text += "; published-data tests fail"
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
        *_checks(proposal.checks),
    ]
    return "\n".join(lines) + "\n"


def _moved(proposal: Proposal) -> list[str]:
    if proposal.changed is None:
        return ["**Nothing moved**: no cell re-ran."]
    moved = proposal.changed["changed"]
    if quiet(proposal):
        return [
            f"**Nothing moved**: {changes_md.summary(proposal.changed)} Only `reports/runs.csv` changes, a line "
            "for each environment that ran (and `reports/history.csv` for a flaky cell's new value)."
        ]
    headline = f"{_count(len(moved), 'cell')} moved" if moved else "Nothing moved"
    lines = [f"**{headline}**: {changes_md.summary(proposal.changed)}"]
    if moved:
        reports = _reports_url(proposal.run_url)
        linked = (
            [{**cell, "link": permalinks.row(cell["cell"], reports)} for cell in moved] if reports else moved
        )
        lines += ["", *changes_md.cell_lines({"changed": linked}, limit=None)]
    return lines


def _reports_url(run_url: str) -> str:
    """reports/ on the pull request's branch, from the run's address ('' when it is none of GitHub's)."""
    repository, found, _ = run_url.partition("/actions/runs/")
    return f"{repository}/blob/{BRANCH}/reports/" if found else ""


def _checks(checks: Checks | None) -> list[str]:
    if checks is None:
        return []
    if checks.passed:
        return ["", f"**Published-data tests pass** on these reports (`nox -s published`: {checks.summary})."]
    return [
        "",
        f"**Published-data tests fail** on these reports (`nox -s published`: {checks.summary}): "
        "do not merge until README's prose or the reports are mended.",
        "",
        *(f"- `{line}`" for line in checks.failures),
    ]


def read_checks(path: Path) -> Checks:
    """The closing line and failures of a `nox -s published` log, or RecordError naming the file."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise records.RecordError(
            f"{path}: unreadable ({exc}); pass the output of `nox -s published`"
        ) from None
    found = [match for line in lines if (match := SUMMARY.match(line.strip()))]
    if not found:
        return Checks(False, "no test summary: the session failed before its tests ran")
    summary = found[-1].group(1)
    failures = [line.strip()[:WHY_LENGTH] for line in lines if line.startswith(("FAILED ", "ERROR "))]
    return Checks(not re.search(r"\b(failed|errors?)\b", summary), summary, failures)


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
    return copied(root, COMPARED, into)


def gather(
    before: Path,
    reports: Path,
    results: Path,
    plan: list[str],
    run_url: str,
    catalogue: Catalogue,
    checks: Checks | None = None,
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
        releases_added=added(_releases_of(before), _releases_of(reports)),
        planned=len(plan),
        not_run=why_not_run(plan, found, len(catalogue.cells)),
        checks=checks,
    )


def _releases_of(reports: Path) -> tuple[Release, ...]:
    path = reports / discover.KNOWN
    return discover.load(path) if path.exists() else ()


def write(proposal: Proposal, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "title.txt").write_text(title(proposal) + "\n", encoding="utf-8")
    (out / "body.md").write_text(body(proposal), encoding="utf-8")
