"""Command line: `python -m tfmatrix matrix|report|envs`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import backends, releases, report
from .records import RecordError
from .run import Layout, Options, run_all


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="tfmatrix", description=__doc__)
    main.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout (default: current folder)")
    commands = main.add_subparsers(dest="command", required=True)
    matrix = commands.add_parser("matrix", help="build environments, run their cells, write reports/")
    matrix.add_argument("--tf", nargs="+", metavar="RELEASE", help="only these releases, e.g. 1.15 2.16")
    matrix.add_argument(
        "--keras", nargs="+", metavar="FLAVOUR", help="only these: tf.keras, keras3, tf_keras"
    )
    matrix.add_argument(
        "--isolation",
        choices=("fork", "fresh"),
        default="fork",
        help="fork: import TensorFlow once per environment (default); fresh: one interpreter per cell",
    )
    matrix.add_argument("--backend", default="venv", help="venv (default) or docker (see docker/README.md)")
    matrix.add_argument("--timeout", type=float, default=300.0, help="seconds a cell may take (default 300)")
    matrix.add_argument(
        "--jobs", type=int, default=Options().jobs, help="environments at once (default: cores)"
    )
    matrix.add_argument("--force", action="store_true", help="re-run cells whose inputs did not change")
    matrix.add_argument("--no-report", action="store_true", help="leave reports/ alone")
    rep = commands.add_parser("report", help="re-render reports/ from the records and reports/results.csv")
    rep.add_argument("--skip-bad", action="store_true", help="skip unreadable records instead of stopping")
    commands.add_parser("envs", help="list the environments of the matrix")
    return main


def cmd_matrix(args: argparse.Namespace, layout: Layout) -> int:
    envs = releases.select(args.tf, args.keras, args.backend)
    if args.backend == "docker" and (problem := backends.docker_engine()):
        print(f"tfmatrix: {problem}", file=sys.stderr)
        return 2
    started = time.time()
    results = run_all(envs, layout, Options(args.isolation, args.timeout, args.jobs, args.force))
    failed = [result for result in results if result.failed]
    cells = sum(result.cells for result in results)
    reused = sum(result.reused_cells for result in results)
    print(
        f"\n{cells} cells ({cells - reused} run, {reused} reused) in {len(results)} environments, "
        f"{time.time() - started:.0f} s"
    )
    for result in failed:
        print(f"environment {result.env.id} failed to build:\n  {result.failed}", file=sys.stderr)
    if not args.no_report:
        cmd_report(argparse.Namespace(skip_bad=False), layout)
    return 1 if failed else 0


def cmd_report(args: argparse.Namespace, layout: Layout) -> int:
    rows, problems = report.build(layout.results, layout.reports, skip_bad=args.skip_bad)
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    print(f"wrote {layout.reports / 'results.csv'} ({rows} rows) and {layout.reports / 'matrix.md'}")
    return 0


def cmd_envs(args: argparse.Namespace, layout: Layout) -> int:
    for env in releases.environments():
        print(
            f"{env.id:<20} tensorflow=={env.release.version:<8} python {env.release.python:<5} "
            f"{' '.join(env.requirements[1:])}"
        )
    return 0


COMMANDS = {"matrix": cmd_matrix, "report": cmd_report, "envs": cmd_envs}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    layout = Layout(args.root.resolve())
    try:
        return COMMANDS[args.command](args, layout)
    except (releases.SelectionError, RecordError) as exc:
        print(f"tfmatrix: {exc}", file=sys.stderr)
        return 2
