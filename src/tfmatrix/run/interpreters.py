"""Find the CPython a release runs on: on PATH, in pyenv, through uv, or downloaded by uv."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# The last patch of each Python uv has no download of; pyenv still builds them.
PYENV_ONLY = {"3.6": "3.6.15", "3.7": "3.7.17"}
# Seconds `uv python install` may take: a CPython build is some 30 MB, minutes on a slow link.
DOWNLOAD_TIMEOUT = 600.0
# Seconds uv's other questions (`python find`, `python list`) may take: answered offline, in a second.
UV_TIMEOUT = 60.0
# Seconds an interpreter has to print its version: a bare start, well under a second.
PROBE_TIMEOUT = 30.0


class InterpreterNotFound(RuntimeError):
    """No interpreter the release runs on is here or can be fetched; `command` would provide one."""

    def __init__(self, message: str, command: str) -> None:
        super().__init__(message)
        self.command = command


@dataclass(frozen=True)
class Choice:
    """The X.Y an environment runs on, and how it was had when that is worth saying."""

    version: str
    note: str = ""


def choose(pythons: tuple[str, ...]) -> Choice:
    """The first of `pythons` (preferred first) that is here, else one uv downloads."""
    for version in pythons:
        if present(version):
            note = "" if version == pythons[0] else f"Python {pythons[0]} not found; using {version}"
            return Choice(version, note)
    reason = f"no Python {' or '.join(pythons)} on this machine"
    offered = next((version for version in pythons if uv_offers(version)), None)
    if offered is None:
        raise InterpreterNotFound(f"{reason}, and uv has no download of any", install_command(pythons[0]))
    problem = uv_install(offered)  # one try: where one download fails, the others would too
    if problem is not None:
        raise InterpreterNotFound(
            f"{reason}; uv could not download {offered}: {problem}", install_command(offered)
        )
    return Choice(offered, f"Python {pythons[0]} not found; uv downloaded {offered}")


def install_command(version: str) -> str:
    """A command that provides Python X.Y on a typical machine: uv where it can, else pyenv."""
    if version in PYENV_ONLY:
        return f"pyenv install {PYENV_ONLY[version]}"
    return f"uv python install {version}" if uv_offers(version) else f"pyenv install {version}"


def present(version: str) -> bool:
    return located(version) is not None


def located(version: str) -> Path | None:
    """The first working python<version> of the places it may be, or None."""
    return next((path for path in candidates(version) if reports_version(path, version)), None)


def find(version: str) -> Path:
    """The path of a working python<version>, or InterpreterNotFound saying what to install."""
    path = located(version)
    if path is not None:
        return path
    raise InterpreterNotFound(
        f"Python {version} not found (looked for python{version} on PATH, in pyenv and through uv)",
        install_command(version),
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
    result = uv("python", "find", version)
    path = result.stdout.strip() if result else ""
    return Path(path) if result and result.returncode == 0 and path else None


def uv_offers(version: str) -> bool:
    """Whether uv has a managed CPython X.Y download for this platform (asked offline)."""
    result = uv("python", "list", "--only-downloads", "--output-format", "json", f"cpython@{version}")
    if not result or result.returncode != 0:
        return False
    try:
        return bool(json.loads(result.stdout))
    except ValueError:
        return False


def uv_install(version: str) -> str | None:
    """Download CPython X.Y with uv; None when it worked, else uv's last words."""
    result = uv("python", "install", version, timeout=DOWNLOAD_TIMEOUT)
    if result and result.returncode == 0:
        return None
    silent = [f"uv could not be run, or gave no result in {DOWNLOAD_TIMEOUT:g} s"]
    words = (result.stderr or result.stdout).strip().splitlines() if result else silent
    return " | ".join(line.strip() for line in words[-3:])


def uv(*args: str, timeout: float = UV_TIMEOUT) -> subprocess.CompletedProcess | None:
    """Run uv, or None where there is no uv or it hangs."""
    program = shutil.which("uv")
    if program is None:
        return None
    try:
        return subprocess.run([program, *args], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None


def reports_version(python: Path, version: str) -> bool:
    """Whether the interpreter runs and is the wanted X.Y (pyenv shims may not)."""
    probe = "import sys; print('%d.%d' % sys.version_info[:2])"
    try:
        result = subprocess.run(
            [str(python), "-c", probe], capture_output=True, text=True, timeout=PROBE_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and result.stdout.strip() == version
