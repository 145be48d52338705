"""matrix.md's "Docker and venv": the comparison is data (data/agreement), its lines the report's."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CATALOGUE

from tfmatrix.data import agreement, records, tidy
from tfmatrix.report import docker_venv


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


def test_without_docker_runs_the_section_says_how_to_get_them(table):
    assert agreement.compared(table) == []
    assert docker_venv.lines(table) == ["No environment was run in Docker yet (`nox -s docker`)."]


def test_each_docker_environment_is_compared_with_its_venv_twin(table):
    docker = table[table["env"] == "tf-1.12"].assign(backend="docker")
    docker.loc[docker.index[0], "outcome"] = "crash"
    cell = docker.loc[docker.index[0], "cell"]
    found = agreement.compared(pd.concat([table, docker], ignore_index=True))
    assert found == [agreement.Compared("tf-1.12", 8, 8, ((cell, "updated 5", "crash 5"),))]
    assert docker_venv.line(found[0]) == (
        f"- `tf-1.12`: 8 cells in both backends, **1 disagree**: `{cell}` (5 updates in venv, crash in docker)"
    )


def test_a_docker_environment_alone_or_in_agreement_says_so():
    alone = agreement.Compared("tf-2.0", 3, 0, ())
    agreeing = agreement.Compared("tf-2.1", 3, 3, ())
    assert docker_venv.line(alone) == "- `tf-2.0`: 3 docker cells, no venv run to compare with"
    assert docker_venv.line(agreeing) == "- `tf-2.1`: 3 cells in both backends, all agree"
