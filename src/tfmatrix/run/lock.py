"""One run at a time per checkout: a lock file next to results/, held for the whole run."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(RuntimeError):
    """Another tfmatrix run holds the checkout's lock."""


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold the lock at path, or raise Busy naming the process that holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise Busy(
                f"{holder} is running in this checkout ({path} is locked): wait for it to finish, "
                "or use another --root"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"tfmatrix (pid {os.getpid()}, since {time.strftime('%H:%M:%S')})\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
