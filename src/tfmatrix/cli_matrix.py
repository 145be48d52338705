"""`matrix` and `report`: run the selected cells, say which environments failed or did not run
here, and write reports/ (the pass `report` runs alone) unless the run showed nothing new."""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from .data import reported
from .matrix import cells, discover, inputs, releases
from .run import backends, lock
from .run.runner import EnvResult, Layout, Options, list_cells, run_all

LOCK = ".tfmatrix/run.lock"  # one matrix or report at a time per checkout


def cmd_matrix(args: argparse.Namespace, layout: Layout) -> int:
    with ThreadPoolExecutor(max_workers=1) as pool:  # the index answers while the catalogue is listed
        asked = pool.submit(discover.releases, refresh=not args.offline, reports=layout.reports)
        listed = list_cells(layout)
        envs = releases.select(args.tf, args.keras, args.backend, asked.result())
    wanted = {"cell": args.cell, "mode": args.mode, "experiment": args.experiment, "variant": args.variant}
    chosen = cells.choose(listed, **wanted)
    if args.backend == "docker" and (problem := backends.docker_engine()):
        print(f"tfmatrix: {problem}", file=sys.stderr)
        return 2
    with lock.held(layout.root / LOCK):
        started = time.time()
        try:
            results = run_all(
                envs, layout, Options(args.isolation, args.timeout, args.jobs, args.force), chosen
            )
        except KeyboardInterrupt:
            print(
                "\ntfmatrix: interrupted; every finished cell's record is kept, "
                "and the next `nox -s matrix` runs only the missing ones",
                file=sys.stderr,
            )
            return 130
        ran = [result for result in results if result.not_run is None]
        total = sum(result.cells for result in ran)
        reused = sum(result.reused_cells for result in ran)
        print(
            f"\n{total} cells ({total - reused} run, {reused} reused) in {len(ran)} environments, "
            f"{time.time() - started:.0f} s",
            flush=True,  # before the summary on stderr, which ends the run
        )
        if args.no_report:
            pass
        elif total == reused and shown(results, layout):
            print(f"{layout.reports}/ unchanged: every reused record is already published", flush=True)
        else:
            write_report(layout, skip_bad=False)
    return summary(results)


def shown(results: list[EnvResult], layout: Layout) -> bool:
    """Whether reports/ already holds every record the run reused (none ran): nothing to render.
    A run that reused nothing either (its environments did not run here) leaves them alone too."""
    reused = [
        ((result.env.backend, result.env.id, cell), started)
        for result in results
        for cell, started in result.reused_started.items()
    ]
    return not reused or reported.all_shown(reused, layout.reports, inputs.legacy_digest(layout.experiments))


def summary(results: list[EnvResult]) -> int:
    """Say which environments failed (recorded) or did not run here (not recorded); the exit status."""
    failed = [result for result in results if result.failed]
    for result in failed:
        print(f"environment {result.env.id} failed to build:\n  {result.failed}", file=sys.stderr)
    not_run = [result for result in results if result.not_run]
    if not_run:
        print(
            f"\n{len(not_run)} environment(s) did not run on this machine; their published rows are unchanged:",
            file=sys.stderr,
        )
    for result in not_run:
        reason = result.not_run.reason.splitlines()
        detail = "".join(f"\n      {line}" for line in reason[1:])
        print(
            f"  {result.env.id}: {reason[0]}{detail}\n    run it with: {result.not_run.command}",
            file=sys.stderr,
        )
    return 1 if failed or not_run else 0


def cmd_report(args: argparse.Namespace, layout: Layout) -> int:
    layout.require_checkout()  # before the lock, which would leave a file behind
    with lock.held(layout.root / LOCK):
        return write_report(layout, args.skip_bad)


def write_report(layout: Layout, skip_bad: bool) -> int:
    from .report import report  # pandas: imported only when there is a report to write

    catalogue = layout.catalogue()
    today = inputs.read(layout.experiments, [experiment.script for experiment in catalogue.experiments])
    built = report.build(layout.results, layout.reports, catalogue, skip_bad=skip_bad, inputs=today)
    for problem in built.problems:
        print(f"skipped {problem}", file=sys.stderr)
    for line in built.unpublished:
        print(line, file=sys.stderr)
    print(
        f"wrote {layout.reports}/: results.csv ({built.rows} rows), runs.csv, matrix.md, heatmap.svg, "
        "index.html (the page: not committed)",
        flush=True,
    )
    return 0
