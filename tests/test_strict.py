"""A test skipped for what the machine lacks says so; under TFMATRIX_STRICT=1 (CI) it fails instead,
whether it skips as it runs or its module skips while collected. A marker is registered or refused."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

NEEDS_UV = "tests/test_interpreters.py::test_the_published_python_comes_first"
# pytest as `pytest` runs it, in an interpreter where cmarkgfm cannot be imported.
WITHOUT_CMARKGFM = (
    "import sys; sys.modules['cmarkgfm'] = None; import pytest; sys.exit(pytest.main(sys.argv[1:]))"
)
SELECTING = [ROOT / "noxfile.py", ROOT / "README.md", ROOT / "pyproject.toml", ROOT / ".ci" / "run"]


def pytest_run(command: list[str], **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=ROOT, env={**os.environ, **variables}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(("strict", "code", "closing"), [("0", 0, "1 skipped"), ("1", 1, "1 error")])
def test_a_skip_for_a_missing_tool_fails_in_strict_mode(tmp_path, strict, code, closing):
    bare = tmp_path / "bin"  # the test's Python, and no uv
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfs", NEEDS_UV]
    result = pytest_run(command, PATH=str(bare), TFMATRIX_STRICT=strict)
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


@pytest.mark.parametrize(
    ("strict", "code", "told"),
    [
        ("0", pytest.ExitCode.NO_TESTS_COLLECTED, "SKIPPED [1] tests/test_gfm.py:11: no cmarkgfm"),
        ("1", pytest.ExitCode.INTERRUPTED, "skipped, which TFMATRIX_STRICT=1 forbids: no cmarkgfm"),
    ],
    ids=["lenient", "strict"],
)
def test_a_module_that_skips_while_collected_fails_in_strict_mode(strict, code, told):
    """test_gfm.py's module-level `pytest.importorskip` skips every test it holds at once."""
    command = [sys.executable, "-c", WITHOUT_CMARKGFM, "-p", "no:cacheprovider", "-rfs", "tests/test_gfm.py"]
    result = pytest_run(command, TFMATRIX_STRICT=strict)
    assert result.returncode == code, result.stdout + result.stderr
    assert told in result.stdout, result.stdout
    if strict == "1":
        assert "ERROR collecting tests/test_gfm.py" in result.stdout


def test_an_unregistered_marker_is_refused(tmp_path):
    """`--strict-markers`: a misspelt marker is an error, not a test that no `-m` ever selects."""
    (tmp_path / "test_typo.py").write_text("import pytest\n\n@pytest.mark.netwrok\ndef test_x():\n    pass\n")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-c", str(ROOT / "pyproject.toml")]
    result = pytest_run([*command, str(tmp_path / "test_typo.py")])
    assert result.returncode == pytest.ExitCode.INTERRUPTED, result.stdout
    assert "'netwrok' not found in `markers` configuration option" in result.stdout


def selected_markers(text: str) -> set[str]:
    """The marker names of every `pytest -m EXPRESSION` a file runs or tells its reader to run."""
    found = set()
    for line in text.splitlines():
        if "pytest" in line:
            for expression in re.findall(r"-m\"?,?\s+[\"']([^\"']+)[\"']", line):
                found |= set(re.findall(r"\w+", expression)) - {"not", "and", "or"}
    return found


def test_every_marker_a_command_selects_is_registered(pytestconfig):
    """pytest checks the markers a test carries, not those `-m` names: `-m "not tensorflw"` would
    quietly run the real TensorFlow tests."""
    registered = {line.split(":")[0].strip() for line in pytestconfig.getini("markers")}
    tests = [path for path in sorted(ROOT.glob("tests/*.py")) if path.name != Path(__file__).name]
    files = [*SELECTING, *sorted((ROOT / ".github" / "workflows").glob("*.yml")), *tests]
    selected = {path: selected_markers(path.read_text(encoding="utf-8")) for path in files}
    assert set().union(*selected.values()) >= {"tensorflow", "published", "act", "network"}
    unknown = {str(path.relative_to(ROOT)): names - registered for path, names in selected.items()}
    assert {name: names for name, names in unknown.items() if names} == {}


def test_the_check_sees_each_spelling():
    text = 'session.run("pytest", "-m", "published")\npytest -m "not tensorflow and not act"\npython -m "x"\n'
    assert selected_markers(text) == {"published", "tensorflow", "act"}
