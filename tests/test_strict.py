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


NEEDS_BASE = "tests/test_docker.py::test_containers_are_offline_and_unprivileged"
# An engine that answers, holds no image and reaches no registry.
NO_REGISTRY = """#!/bin/sh
case "$1" in
  info) echo 28.2.2 ;;
  image) echo "Error: No such image: $3" >&2; exit 1 ;;
  pull) echo "Error response from daemon: Get https://registry-1.docker.io/v2/: no such host" >&2; exit 1 ;;
  *) echo "docker $1: not expected here" >&2; exit 99 ;;
esac
"""


@pytest.mark.parametrize(("strict", "code", "closing"), [("0", 0, "1 skipped"), ("1", 1, "1 error")])
def test_a_base_image_no_registry_provides_is_a_skip_naming_the_command(tmp_path, strict, code, closing):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "docker").write_text(NO_REGISTRY, encoding="utf-8")
    (fake / "docker").chmod(0o755)
    variables = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "TFMATRIX_STRICT": strict}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfEs", NEEDS_BASE]
    result = subprocess.run(command, cwd=ROOT, env=variables, capture_output=True, text=True, timeout=120)
    assert (result.returncode, closing in result.stdout.splitlines()[-1]) == (code, True), result.stdout
    assert "the base image python:3.6-slim is not here and `docker pull` failed (" in result.stdout
    assert (
        "no such host); where no registry is reachable, build it with `sudo docker/build-bases.sh 3.6`"
        in (result.stdout)
    )
    assert "docker build" not in result.stdout
