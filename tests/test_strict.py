"""A test skipped for what the machine lacks says so; under TFMATRIX_STRICT=1 (CI) it fails instead."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

NEEDS_UV = "tests/test_interpreters.py::test_the_published_python_comes_first"


@pytest.mark.parametrize(("strict", "code", "closing"), [("0", 0, "1 skipped"), ("1", 1, "1 error")])
def test_a_skip_for_a_missing_tool_fails_in_strict_mode(tmp_path, strict, code, closing):
    bare = tmp_path / "bin"  # the test's Python, and no uv
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    variables = {**os.environ, "PATH": str(bare), "TFMATRIX_STRICT": strict}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfs", NEEDS_UV]
    result = subprocess.run(command, cwd=ROOT, env=variables, capture_output=True, text=True, timeout=120)
    assert (result.returncode, closing in result.stdout.splitlines()[-1]) == (code, True), result.stdout
    assert "uv is not installed: `nox -s tests` installs it" in result.stdout
