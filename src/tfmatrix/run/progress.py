"""What a run says while it runs: one line per finished cell."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TextIO

from ..data import records
from ..matrix.outcome import classify
from ..matrix.releases import Environment


@dataclass
class Progress:
    """One line per finished cell, whole lines only, with an overall count."""

    total: int
    stream: TextIO = sys.stdout
    done: int = 0
    started: float = field(default_factory=time.time)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reused(self, env: Environment, count: int) -> None:
        with self.lock:
            self.done += count
            print(
                f"[{self.done:>5}/{self.total}] {env.label:<18} {count} cells reused: inputs unchanged",
                file=self.stream,
                flush=True,
            )

    def note(self, env: Environment, text: str) -> None:
        with self.lock:
            print(f"{'':>13} {env.label:<18} {text}", file=self.stream, flush=True)

    def cell(self, env: Environment, record: records.Record) -> None:
        with self.lock:
            self.done += 1
            cell = record["cell"]
            print(
                f"[{self.done:>5}/{self.total}] {env.label:<18} {cell['mode']:<8} {cell['variant']:<15} "
                f"{cell['experiment']:<3} {cell['data']:<18} {classify(record).value:<15} "
                f"{record['seconds']:6.2f}s",
                file=self.stream,
                flush=True,
            )
