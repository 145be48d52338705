"""The noxfile: a release list that cannot be read leaves out the env(...) sessions, says so in one
line, and keeps every other session listed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PATH = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # this venv's nox first


def test_a_corrupt_release_list_leaves_out_the_env_sessions_alone(tmp_path):
    shutil.copy(ROOT / "noxfile.py", tmp_path)
    (tmp_path / "src").symlink_to(ROOT / "src")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "releases.json").write_text('{"releases": [', encoding="utf-8")
    result = subprocess.run(
        ["nox", "--list"], cwd=tmp_path, env={**os.environ, "PATH": PATH}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("nox: no env(...) sessions: cannot read the release list reports/releases.json (")
    assert line.endswith(
        "restore it with `git checkout reports/releases.json` "
        "or ask the package index for it again with `nox -s releases`"
    )
    listed = [line.split()[1] for line in result.stdout.splitlines() if line[:2] in ("* ", "- ")]
    assert {"tests", "lint", "releases", "matrix", "report"} <= set(listed)
    assert not any(name.startswith("env(") for name in listed)
