"""A newcomer's first run: the README's quick-start line, on a subset, in a fresh Debian 12
holding only Debian's python3 and the prerequisites the README names (pipx, git)."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CATALOGUE, ROOT

from tfmatrix.matrix import discover
from tfmatrix.run import backends

BASE = "tfmatrix/debian-base:bookworm"
SUBSET = "-- --tf 1.12 2.21"
HOME = "/home/newcomer"
CHECKOUT = f"{HOME}/tfmatrix"
CACHE = ROOT / ".tfmatrix" / "newcomer-cache"  # pip's, pipx's and uv's downloads, kept between runs
TIMEOUT = 1800  # a first run downloads TensorFlow 2.21 and runs all its cells, in both Keras flavours
NEWCOMER = "1000:1000"  # docker/newcomer.Dockerfile's user
OLD, NEW = ("tf-1.12",), ("tf-2.21-keras3", "tf-2.21-tf_keras")
LOCAL_PATH = re.compile(r".{0,60}/(?:home|root|tmp)/.{0,60}")  # with some context, for the failure


def missing() -> str | None:
    """Why the newcomer cannot run here, with the command that fixes it, or None."""
    problem = backends.docker_engine()
    if problem:
        return f"{problem}; docker/start-engine.sh (root) installs and starts one"
    if subprocess.run(["docker", "image", "inspect", BASE], capture_output=True).returncode:
        return f"no base image {BASE}: build it with docker/build-bases.sh (root, debootstrap)"
    return None


MISSING = missing()
needs_newcomer = pytest.mark.skipif(MISSING is not None, reason=f"no newcomer container: {MISSING}")


def quick_start_line(readme: str) -> str:
    """The first command of the first ```sh block under `## Quick start`, its comment removed."""
    section = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    first = next(line for line in block.splitlines() if line.strip())
    return re.sub(r"\s+#.*$", "", first).strip()


def output(*args: str, **kwargs) -> str:
    """Run a command; its output, or a failure naming why."""
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stderr[-2000:]}"
    return result.stdout.strip()


def copy_checkout(target: Path) -> None:
    """The working tree as it is: tracked and new files, ignored ones left out."""
    listed = output("git", "ls-files", "-c", "-o", "-z", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.exists() or source.is_symlink():  # a tracked file deleted in the working tree is gone
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)


def hand_over(image: str, *folders: Path) -> None:
    """Make the folders the newcomer's, whoever runs the tests (the engine runs as root)."""
    mounts = [arg for i, folder in enumerate(folders) for arg in ("-v", f"{folder}:/own/{i}")]
    output("docker", "run", "--rm", "--user", "0", *mounts, image, "chown", "-R", NEWCOMER, "/own")


def index_variables() -> dict[str, str]:
    """The package index the host's pip and uv use, for pip, pipx and uv in the container."""
    url = discover.index_url()
    return {"PIP_INDEX_URL": url, "UV_DEFAULT_INDEX": url}


def quick_start(image: str, checkout: Path, log: Path) -> int:
    """Run the README's line plus the subset as the newcomer in the checkout; its exit status."""
    command = f"{quick_start_line((checkout / 'README.md').read_text(encoding='utf-8'))} {SUBSET}"
    variables = index_variables()
    name = f"tfmatrix-newcomer-{os.getpid()}"
    run = [
        "docker", "run", "--rm", "--name", name, "--network", "host",
        "-v", f"{checkout}:{CHECKOUT}", "-w", CHECKOUT, "-v", f"{CACHE}:{HOME}/.cache",
        *[arg for variable in variables for arg in ("-e", variable)],  # values from env: none in argv
        image, "bash", "-lc", command,
    ]  # fmt: skip
    with log.open("w", encoding="utf-8") as out:
        out.write(f"$ {command}\n")
        out.flush()
        try:
            return subprocess.run(
                run, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **variables}, timeout=TIMEOUT
            ).returncode
        except subprocess.TimeoutExpired:
            subprocess.run(["docker", "kill", name], capture_output=True)
            pytest.fail(f"the quick start ran over {TIMEOUT} s; its output is in {log}")


def lines_of(results: Path, envs: tuple[str, ...]) -> list[str]:
    """The lines of results.csv whose env column is one of envs, exactly as written."""
    lines = results.read_bytes().decode("utf-8").split("\n")
    column = next(csv.reader(lines[:1])).index("env")
    return [line for line in lines[1:] if line and next(csv.reader([line]))[column] in envs]


@dataclass(frozen=True)
class Run:
    status: int
    output: str
    checkout: Path
    published: list[str]  # the tf-1.12 lines of results.csv before the run
    published_new: list[str]  # and the 2.21 lines

    def tail(self) -> str:
        return "\n".join(self.output.splitlines()[-40:])


@pytest.fixture(scope="module")
def image() -> str:
    return output(str(ROOT / "docker" / "build-newcomer.sh"), BASE)


@pytest.fixture(scope="module")
def newcomer(image, tmp_path_factory):
    checkout = tmp_path_factory.mktemp("newcomer") / "tfmatrix"
    copy_checkout(checkout)
    CACHE.mkdir(parents=True, exist_ok=True)
    hand_over(image, checkout, CACHE)
    published = lines_of(checkout / "reports" / "results.csv", OLD)
    published_new = lines_of(checkout / "reports" / "results.csv", NEW)
    log = checkout.parent / "quick-start.log"
    status = quick_start(image, checkout, log)
    yield Run(status, log.read_text(encoding="utf-8", errors="replace"), checkout, published, published_new)
    # The environments are gigabytes, and the newcomer's: remove them as the newcomer.
    output("docker", "run", "--rm", "-v", f"{checkout}:/c", image, "rm", "-rf", "/c/.tfmatrix", "/c/.nox")


def test_quick_start_line_is_in_the_readme():
    assert quick_start_line((ROOT / "README.md").read_text(encoding="utf-8")).endswith("nox -s matrix")


@needs_newcomer
@pytest.mark.tensorflow
def test_newcomer_has_only_the_readmes_prerequisites(image):
    def found(*names: str) -> list[str]:
        probe = f"command -v {' '.join(names)} || true"  # prints the path of each one found
        return output("docker", "run", "--rm", image, "bash", "-lc", probe).split()

    assert found("python3", "pipx", "git") == ["/usr/bin/python3", "/usr/bin/pipx", "/usr/bin/git"]
    assert found("pip", "pip3", "pyenv", "uv", "nox", "docker", "dockerd") == []
    assert output("docker", "run", "--rm", image, "python3", "--version").startswith("Python 3.11.")


@needs_newcomer
@pytest.mark.tensorflow
def test_quick_start_fails_for_the_release_it_cannot_run(newcomer):
    assert newcomer.status != 0, newcomer.tail()
    assert any("tf-1.12" in line and "pyenv install 3.6" in line for line in newcomer.output.splitlines()), (
        newcomer.tail()
    )


@needs_newcomer
@pytest.mark.tensorflow
def test_quick_start_keeps_the_published_rows_it_cannot_run(newcomer):
    assert newcomer.published, "reports/results.csv has no tf-1.12 row to keep"
    assert lines_of(newcomer.checkout / "reports" / "results.csv", OLD) == newcomer.published, newcomer.tail()


@needs_newcomer
@pytest.mark.tensorflow
def test_quick_start_runs_the_newest_release_on_debians_python_and_publishes_none_of_it(newcomer):
    found = [
        json.loads(path.read_text(encoding="utf-8"))
        for env in NEW
        for path in (newcomer.checkout / "results" / "venv" / env).glob("*.json")
    ]
    assert len(found) == len(NEW) * len(CATALOGUE.cells), newcomer.tail()
    assert {record["requested"]["python"] for record in found} == {"3.11"}, newcomer.tail()
    assert all(record["observed"]["python"].startswith("3.11.") for record in found), newcomer.tail()
    assert all(record["status"] in ("ok", "raised") for record in found), newcomer.tail()
    for env in NEW:
        assert f"{env} ran on Python 3.11, not 3.13, the Python it is published on" in newcomer.output
    # 3.13 is what this machine lacks: the published rows of 2.21 stay as they were
    assert newcomer.published_new, "reports/results.csv has no 2.21 row to keep"
    assert lines_of(newcomer.checkout / "reports" / "results.csv", NEW) == newcomer.published_new


@needs_newcomer
@pytest.mark.tensorflow
def test_quick_start_writes_no_path_of_the_container(newcomer):
    reports = newcomer.checkout / "reports"
    leaks = {
        str(path.relative_to(reports)): match.group(0)
        for path in sorted(reports.rglob("*"))
        if path.is_file()
        for match in [LOCAL_PATH.search(path.read_text(encoding="utf-8", errors="replace"))]
        if match
    }
    assert not leaks, leaks
