"""The committed report is exactly what the committed data renders to."""

from __future__ import annotations

from conftest import ROOT

from tfmatrix import releases, render, run, tidy

REPORTS = ROOT / "reports"


def test_committed_matrix_is_rendered_from_committed_results():
    data = tidy.read_csv(REPORTS / "results.csv")
    expected = render.render(data)
    assert (REPORTS / "matrix.md").read_text(encoding="utf-8") == expected, (
        "reports/matrix.md is stale: regenerate it with `nox -s report`"
    )


def test_committed_results_cover_every_environment_and_cell():
    data = tidy.read_csv(REPORTS / "results.csv")
    venv = data[data["backend"] == "venv"]
    cells = {cell["id"] for cell in run.list_cells(run.Layout(ROOT))}
    for env in releases.environments():
        assert set(venv.loc[venv["env"] == env.id, "cell"]) == cells, env.id
