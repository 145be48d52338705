"""Find the CPython X.Y a release needs: on PATH, in pyenv, or through uv."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path


class InterpreterNotFound(RuntimeError):
    """No interpreter of the wanted version on this machine."""


def find(version: str) -> Path:
    """The path of a working python<version>, or InterpreterNotFound saying what to install."""
    for candidate in candidates(version):
        if reports_version(candidate, version):
            return candidate
    raise InterpreterNotFound(
        f"Python {version} not found (looked for python{version} on PATH, in "
        f"{pyenv_root() / 'versions'} and through `uv python find`). Install it with "
        f"`pyenv install {version}` or `uv python install {version}`, "
        "or run this release with the docker backend."
    )


def candidates(version: str) -> list[Path]:
    """Places a python<version> may be, in order of preference."""
    found = []
    on_path = shutil.which(f"python{version}")
    if on_path:
        found.append(Path(on_path))
    found += pyenv_candidates(version)
    uv = uv_find(version)
    if uv:
        found.append(uv)
    return found


def pyenv_root() -> Path:
    return Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")


def pyenv_candidates(version: str) -> list[Path]:
    """pyenv's installs of version, newest patch first."""
    pattern = re.compile(rf"{re.escape(version)}\.(\d+)")
    installs = []
    for folder in (pyenv_root() / "versions").glob(f"{version}.*"):
        match = pattern.fullmatch(folder.name)
        if match:
            installs.append((int(match.group(1)), folder / "bin" / f"python{version}"))
    return [path for _, path in sorted(installs, reverse=True) if path.exists()]


def uv_find(version: str) -> Path | None:
    uv = shutil.which("uv")
    if not uv:
        return None
    result = subprocess.run([uv, "python", "find", version], capture_output=True, text=True)
    path = result.stdout.strip()
    return Path(path) if result.returncode == 0 and path else None


def reports_version(python: Path, version: str) -> bool:
    """Whether the interpreter runs and is the wanted X.Y (pyenv shims may not)."""
    probe = "import sys; print('%d.%d' % sys.version_info[:2])"
    try:
        result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and result.stdout.strip() == version
