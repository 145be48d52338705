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
    docker.loc[docker.index[0], ["outcome", "seen"]] = ["crash", '{"crash 5": 1}']
    cell = docker.loc[docker.index[0], "cell"]
    found = agreement.compared(pd.concat([table, docker], ignore_index=True))
    assert found == [agreement.Compared("tf-1.12", 8, 8, ((cell, '{"updated 5": 1}', '{"crash 5": 1}'),))]
    assert docker_venv.line(found[0]) == (
        f"- `tf-1.12`: 8 cells in both backends, **1 disagree**: `{cell}` (5 updates in venv, crash in docker)"
    )


def test_a_docker_environment_alone_or_in_agreement_says_so():
    alone = agreement.Compared("tf-2.0", 3, 0, ())
    agreeing = agreement.Compared("tf-2.1", 3, 3, ())
    assert docker_venv.line(alone) == "- `tf-2.0`: 3 docker cells, no venv run to compare with"
    assert docker_venv.line(agreeing) == "- `tf-2.1`: 3 cells in both backends, all agree"


def test_a_flaky_cell_agrees_with_a_twin_that_showed_one_of_its_values(table):
    """Its venv runs showed 4 and 5 raced pairs: docker's 5 agrees, docker's 3 does not, and the
    line names both of venv's values, not its last run's alone."""
    cell = table.loc[table.index[0], "cell"]
    venv = table.copy()
    venv.loc[venv.index[0], "seen"] = '{"updated 10 raced 4": 1, "updated 10 raced 5": 1}'
    docker = table[table["env"] == "tf-1.12"].assign(backend="docker")
    docker.loc[docker.index[0], "seen"] = '{"updated 10 raced 5": 1}'
    assert agreement.compared(pd.concat([venv, docker], ignore_index=True))[0].differ == ()
    docker.loc[docker.index[0], "seen"] = '{"updated 10 raced 3": 1}'
    found = agreement.compared(pd.concat([venv, docker], ignore_index=True))[0]
    assert docker_venv.line(found) == (
        f"- `tf-1.12`: 8 cells in both backends, **1 disagree**: `{cell}` "
        "(10 updates: 4 raced pairs or 5 raced pairs in venv, 10 updates, 3 raced pairs in docker)"
    )
