"""The committed report is exactly what the committed data renders to."""

from __future__ import annotations

import pytest
from conftest import CATALOGUE, KNOWN, ROOT

from tfmatrix import releases, report, results_csv, run

REPORTS = ROOT / "reports"


RENDERED = report.rendered(results_csv.read_csv(REPORTS / "results.csv", CATALOGUE), REPORTS, CATALOGUE)


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_committed_report_is_rendered_from_committed_results(name):
    expected = RENDERED[name]
    assert (REPORTS / name).read_text(encoding="utf-8") == expected, (
        f"reports/{name} is stale: regenerate it with `nox -s report`"
    )


def test_committed_results_cover_every_environment_and_cell():
    data = results_csv.read_csv(REPORTS / "results.csv", CATALOGUE)
    venv = data[data["backend"] == "venv"]
    cells = {cell["id"] for cell in run.list_cells(run.Layout(ROOT))}
    for env in releases.environments(KNOWN):
        assert set(venv.loc[venv["env"] == env.id, "cell"]) == cells, env.id
