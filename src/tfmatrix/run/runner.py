"""Drive the environments: build each, run its cells, keep every outcome as a record.

The entry points; the rooms they use are layout (the shapes), progress, pool (the workers),
environment (one environment), cells (its worker) and events (its records)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..matrix import inputs
from ..matrix.releases import Environment
from .environment import run_env
from .layout import EnvResult, Layout, Options
from .pool import WORKERS
from .progress import Progress

__all__ = ["EnvResult", "Layout", "Options", "list_cells", "run_all"]


def list_cells(layout: Layout) -> list[dict[str, Any]]:
    """Every cell the experiments declare, in the catalogue's order."""
    return list(layout.catalogue().cells)


def run_all(
    envs: list[Environment], layout: Layout, options: Options, cells: list[dict[str, Any]] | None = None
) -> list[EnvResult]:
    """Run the cells (default: all) of every environment, up to options.jobs at once."""
    cells = cells if cells is not None else list_cells(layout)
    progress = Progress(total=len(cells) * len(envs))
    known = inputs.read(layout.experiments, sorted({cell["script"] for cell in cells}))
    WORKERS.stopping.clear()
    pool = ThreadPoolExecutor(max_workers=max(1, options.jobs))
    try:
        return list(pool.map(lambda env: run_env(env, cells, layout, options, progress, known), envs))
    except BaseException:  # Ctrl-C, or a kill turned into one: stop every worker, keep every record
        WORKERS.stop()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
