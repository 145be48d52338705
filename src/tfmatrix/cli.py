"""Command line: `python -m tfmatrix <command>`, a function each (`matrix` and `report` in cli_matrix.py),
its options parsed by cli_parser.py; expected failures said in one line and a non-zero exit."""

from __future__ import annotations

import argparse
import errno
import signal
import sys
import tempfile
import threading
from pathlib import Path

from . import cli_parser
from .cli_matrix import cmd_matrix, cmd_report
from .data.records import RecordError
from .matrix import discover, releases
from .matrix.catalogue import CatalogueError
from .report.committed import GitError
from .run import lock
from .run.bench_rerun import BenchError
from .run.runner import Layout, Options, list_cells

MACHINE_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)  # this machine's trouble, said without a traceback


def cmd_page(args: argparse.Namespace, layout: Layout) -> int:
    from .report import report  # pandas, as the report

    print(f"wrote {report.build_page(layout.reports, layout.catalogue(), args.reports_url)}")
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


def cmd_digits(args: argparse.Namespace, layout: Layout) -> int:
    from .data import digits  # pandas, as the report

    figures = digits.compare(args.first, args.second, layout.catalogue())
    digits.write(figures, layout.reports / "digits.json")
    for field in digits.FIELDS:
        print(f"{field}: every value reproduced to {digits.reproduced(figures, field)} significant digits")
    print(f"wrote {layout.reports / 'digits.json'} ({figures['cells']} cells in both runs)")
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
    "digits": cmd_digits,
}


def interrupt(signum: int, frame: object) -> None:
    """A kill stops the run as Ctrl-C does: workers stopped, records kept. A second kill while it
    stops is ignored, so it cannot cut short the keeping of the records the workers wrote."""
    signal.signal(signum, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = cli_parser.parser(cli_parser.vocabulary(argv)).parse_args(argv)
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
