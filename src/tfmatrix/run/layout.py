"""The shapes of a run: where a checkout keeps things, how to run, what one environment gave."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..matrix import catalogue
from ..matrix.catalogue import Catalogue
from ..matrix.releases import Environment, SelectionError
from .trouble import NotRun


@dataclass(frozen=True)
class Layout:
    """Where a checkout keeps experiments, records, reports and environments."""

    root: Path
    env_root: Path | None = None  # where environments live, when not in the checkout

    @property
    def experiments(self) -> Path:
        return self.root / "experiments"

    @property
    def results(self) -> Path:
        return self.root / "results"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def envs(self) -> Path:
        return self.env_root or self.root / ".tfmatrix" / "envs"

    def require_checkout(self) -> None:
        """SelectionError unless the root is a tfmatrix checkout."""
        script = self.experiments / "_runner.py"
        if not script.exists():
            raise SelectionError(f"{script} not found: run tfmatrix in its checkout, or pass --root")

    def catalogue(self) -> Catalogue:
        """What the checkout's experiments declare (no TensorFlow needed)."""
        self.require_checkout()
        return catalogue.load(self.experiments)


@dataclass(frozen=True)
class Options:
    isolation: str = "fork"
    timeout: float = 300.0
    jobs: int = os.cpu_count() or 1
    force: bool = False


@dataclass
class EnvResult:
    env: Environment
    cells: int = 0
    reused: bool = False
    reused_cells: int = 0
    reused_started: dict[str, float | None] = field(default_factory=dict)  # cell -> its record's start
    failed: str | None = None  # a fact of the release: its cells are recorded as install_failed
    not_run: NotRun | None = None  # trouble of this machine: nothing recorded
