"""The running workers, kept so an interrupted run can stop them all."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from typing import Any


class Workers:
    """The running workers, so an interrupted run can stop them all (and their cells)."""

    def __init__(self) -> None:
        self.running: set[subprocess.Popen] = set()
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def start(self, command: list[str], **kwargs: Any) -> subprocess.Popen:
        with self.lock:
            if self.stopping.is_set():
                raise Interrupted
            process = subprocess.Popen(command, start_new_session=True, **kwargs)
            self.running.add(process)
            return process

    def done(self, process: subprocess.Popen) -> None:
        with self.lock:
            self.running.discard(process)

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
            for process in self.running:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)  # the worker and the cell it forked


class Interrupted(Exception):
    """The run is being stopped: no new worker starts, no unfinished cell is recorded."""


WORKERS = Workers()
