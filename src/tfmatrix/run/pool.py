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


# Seconds a worker has to exit once it closed its output: it has no cell left to run.
EXIT_TIMEOUT = 60.0
# Seconds between SIGTERM and SIGKILL: `docker run` passes SIGTERM on to its container to stop it.
KILL_GRACE = 10.0


class Watchdog:
    """Stops a worker (and the cell it forked) that prints nothing for `limit` seconds: it limits
    each cell itself, so silence past that means it hangs. `expired` says whether it was stopped."""

    def __init__(self, process: subprocess.Popen, limit: float) -> None:
        self.process, self.limit = process, limit
        self.expired = False
        self.fed, self.stopped = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def feed(self) -> None:
        """The worker said something: its silence counts from now."""
        self.fed.set()

    def stop(self) -> None:
        self.stopped.set()
        self.fed.set()
        self.thread.join()

    def _watch(self) -> None:
        while self.fed.wait(self.limit):
            if self.stopped.is_set():
                return
            self.fed.clear()
        self.expired = True
        end(self.process)


def end(process: subprocess.Popen) -> int | None:
    """Stop a worker's process group: SIGTERM, then SIGKILL; its exit status, or None where even
    SIGKILL left it running (a process stuck in the kernel, which nothing here can end)."""
    for stop in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, stop)
        with contextlib.suppress(subprocess.TimeoutExpired):
            return process.wait(timeout=KILL_GRACE)
    return None


def finish(process: subprocess.Popen) -> int | None:
    """The exit status of a worker that closed its output, stopping it where it does not exit."""
    try:
        return process.wait(timeout=EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        return end(process)


WORKERS = Workers()
