"""The reports/ files of the commit checked out, read with git: what a proposal compares with."""

from __future__ import annotations

import subprocess
from pathlib import Path

# Seconds one git command may take: a read of the local repository, instant; a minute is a
# repository that is locked or on a disk that hangs.
GIT_TIMEOUT = 60.0
INSTEAD = "or pass --before, the reports/ folder to compare with"


class GitError(Exception):
    """git is missing, hangs or finds no commit; the message says what to do instead."""


def copied(root: Path, names: tuple[str, ...], into: Path) -> Path:
    """The files of reports/ named, as the commit checked out in `root` holds them, copied into
    `into`; a file the commit does not have (a first run) is left out."""
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head.returncode:
        said = head.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no HEAD"]
        raise GitError(
            f"{root}: no commit checked out to compare reports/ with ({said[0]}): check one out, {INSTEAD}"
        )
    for name in names:
        shown = git(root, "show", f"HEAD:reports/{name}")
        if shown.returncode == 0:
            (into / name).write_bytes(shown.stdout)
    return into


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    """A git command in `root`, or GitError where there is no git or it hangs."""
    command = ["git", "-C", str(root), *args]
    try:
        return subprocess.run(command, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitError(f"git is not installed: install it (Debian: apt-get install git), {INSTEAD}") from None
    except subprocess.TimeoutExpired:
        raise GitError(
            f"`git {' '.join(args)}` gave no result in {GIT_TIMEOUT:g} s and was stopped: free the "
            f"repository (a lock, a disk that hangs), {INSTEAD}"
        ) from None
