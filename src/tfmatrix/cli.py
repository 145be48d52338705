"""Command line: `python -m tfmatrix matrix|report|proposal|envs|cells|bench`."""

from __future__ import annotations

import argparse
import errno
import math
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .data import reported
from .data.records import RecordError
from .matrix import cells, discover, inputs, releases
from .matrix.catalogue import CatalogueError
from .report.committed import GitError
from .run import backends, lock
from .run.bench_rerun import BenchError
from .run.runner import EnvResult, Layout, Options, list_cells, run_all

MACHINE_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)  # this machine's trouble, said without a traceback
LOCK = ".tfmatrix/run.lock"  # one matrix or report at a time per checkout


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="tfmatrix", description=__doc__)
    main.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout (default: current folder)")
    commands = main.add_subparsers(dest="command", required=True)
    matrix = commands.add_parser("matrix", help="build environments, run their cells, write reports/")
    many = {"nargs": "+", "action": "extend"}  # `--tf 1.12 --tf 1.15` asks for both
    matrix.add_argument("--tf", **many, metavar="RELEASE", help="only these releases, e.g. 1.15 2.16")
    matrix.add_argument("--keras", **many, metavar="FLAVOUR", help="only these: tf.keras, keras3, tf_keras")
    matrix.add_argument("--cell", **many, help="only these cells, e.g. tf_layers.positive.graph.default")
    matrix.add_argument("--mode", **many, help="only these modes: graph, eager, function")
    matrix.add_argument("--experiment", **many, help="only these experiments: 1, 2, 3, 4, 3L, 4L, 5, 6")
    matrix.add_argument("--variant", **many, help="only these variants, e.g. default fit")
    matrix.add_argument(
        "--isolation",
        choices=("fork", "fresh"),
        default="fork",
        help="fork: import TensorFlow once per environment (default); fresh: one interpreter per cell",
    )
    matrix.add_argument(
        "--backend",
        default="auto",
        help="auto (default: a venv where an interpreter can be had, else Docker), venv or docker",
    )
    matrix.add_argument(
        "--timeout", type=seconds, default=300.0, help="seconds a cell may take (default 300)"
    )
    matrix.add_argument(
        "--jobs", type=count, default=Options().jobs, help="environments at once (default: cores)"
    )
    matrix.add_argument("--force", action="store_true", help="re-run cells whose inputs did not change")
    matrix.add_argument("--no-report", action="store_true", help="leave reports/ alone")
    matrix.add_argument(
        "--offline",
        action="store_true",
        help="use the last known releases, reports/releases.json, without asking the package index "
        "(also TFMATRIX_OFFLINE=1)",
    )
    rep = commands.add_parser("report", help="re-render reports/ from the records and reports/results.csv")
    rep.add_argument("--skip-bad", action="store_true", help="skip unreadable records instead of stopping")
    commands.add_parser(
        "page", help="build reports/index.html, the web page, from reports/results.csv (it is not committed)"
    )
    pull = commands.add_parser(
        "proposal",
        help="after `report`: the weekly pull request's title.txt and body.md, against HEAD's reports/",
    )
    pull.add_argument("--planned", type=Path, required=True, help="the plan job's matrix, a JSON file")
    pull.add_argument("--run-url", required=True, help="the address of the run the records come from")
    pull.add_argument("--out", type=Path, required=True, help="the folder to write title.txt and body.md to")
    pull.add_argument(
        "--before", type=Path, help="the reports/ to compare with (default: the commit checked out's)"
    )
    pull.add_argument(
        "--checks",
        type=Path,
        help="the output of `nox -s published` on the proposed reports: the body says how it ended",
    )
    envs = commands.add_parser("envs", help="list the environments of the matrix")
    envs.add_argument(
        "--refresh", action="store_true", help="ask the package index first, updating reports/releases.json"
    )
    commands.add_parser("cells", help="list the cells every environment runs")
    timing = commands.add_parser(
        "bench", help="measure the matrix's cost; write reports/bench.md and bench.json"
    )
    timing.add_argument("--tf", **many, metavar="RELEASE", help="only these releases (default: all)")
    timing.add_argument("--keras", **many, metavar="FLAVOUR", help="only these Keras flavours")
    timing.add_argument(
        "--jobs", type=count, default=Options().jobs, help="environments at once (default: cores)"
    )
    timing.add_argument(
        "--timeout", type=seconds, default=300.0, help="seconds a cell may take (default 300)"
    )
    timing.add_argument(
        "--sample", type=count, default=8, help="cells per environment timed in fresh interpreters"
    )
    timing.add_argument(
        "--cold", action="store_true", help="also build and run from empty caches (slow, big)"
    )
    timing.add_argument(
        "--rerun-only",
        action="store_true",
        help="measure only the re-runs (nothing changed; one experiment added) on a copy of this "
        "checkout's results/, keeping the other figures of reports/bench.json",
    )
    return main


def seconds(text: str) -> float:
    """A time limit: a number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def count(text: str) -> int:
    """A whole number of at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


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


def cmd_page(args: argparse.Namespace, layout: Layout) -> int:
    from .report import report  # pandas, as the report

    print(f"wrote {report.build_page(layout.reports, layout.catalogue())}")
    return 0


def cmd_proposal(args: argparse.Namespace, layout: Layout) -> int:
    from .report import proposal  # pandas, as the report

    plan = proposal.planned(args.planned)
    with tempfile.TemporaryDirectory() as scratch:
        before = args.before or proposal.committed(layout.root, Path(scratch))
        checks = proposal.read_checks(args.checks) if args.checks else None
        found = proposal.gather(
            before, layout.reports, layout.results, plan, args.run_url, layout.catalogue(), checks
        )
    proposal.write(found, args.out)
    print(proposal.title(found))
    return 0


def cmd_envs(args: argparse.Namespace, layout: Layout) -> int:
    known = discover.releases(refresh=args.refresh, reports=layout.reports)
    for env in releases.environments(known):
        print(
            f"{env.id:<20} tensorflow=={env.release.version:<8} python {env.release.python:<5} "
            f"{' '.join(env.requirements[1:])}"
        )
    return 0


def cmd_bench(args: argparse.Namespace, layout: Layout) -> int:
    from .report import bench_md
    from .run import bench, bench_rerun  # pandas, as the report

    known = discover.releases(refresh=False, reports=layout.reports)
    envs = releases.select(args.tf, args.keras, "venv", known)
    whole = [env.id for env in envs] == [env.id for env in releases.environments(known)]
    options = Options("fork", args.timeout, args.jobs)
    selection = [*(["--tf", *args.tf] if args.tf else []), *(["--keras", *args.keras] if args.keras else [])]
    if args.rerun_only:
        previous = bench_rerun.previous(layout.reports)
        figures = bench_rerun.measure_rerun(envs, layout, options, selection, previous)
    else:
        figures = bench.measure(envs, layout, options, args.sample, args.cold, selection, whole)
    bench_md.write(figures, layout.reports)
    print(bench_md.markdown(figures))
    return 0


def cmd_cells(args: argparse.Namespace, layout: Layout) -> int:
    for cell in list_cells(layout):
        print(f"{cell['id']:<48} experiment {cell['experiment']:<3} {cell['mode']:<9} {cell['variant']}")
    return 0


COMMANDS = {
    "matrix": cmd_matrix,
    "report": cmd_report,
    "page": cmd_page,
    "proposal": cmd_proposal,
    "envs": cmd_envs,
    "cells": cmd_cells,
    "bench": cmd_bench,
}


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a kill stops the run as Ctrl-C does: workers stopped, records kept


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)
    layout = Layout(args.root.resolve())
    try:
        return COMMANDS[args.command](args, layout)
    except (
        releases.SelectionError,
        discover.ReleaseListError,
        RecordError,
        CatalogueError,
        lock.Busy,
        BenchError,
        GitError,
    ) as exc:
        print(f"tfmatrix: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        if exc.errno not in MACHINE_ERRORS:
            raise
        print(f"tfmatrix: {exc}: free the space (or the folder) and run again", file=sys.stderr)
        return 1
