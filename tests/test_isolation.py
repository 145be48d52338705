"""A child forked after the import sees what a fresh interpreter sees, field for field."""

from __future__ import annotations

import pytest
from conftest import CATALOGUE, ROOT, TF1, TF_KERAS, coin_tosses, environment

from tfmatrix.data import records, tidy
from tfmatrix.matrix.outcome import bn_updates, classify
from tfmatrix.run import runner as run
from tfmatrix.run.environment import run_env
from tfmatrix.run.progress import Progress

pytestmark = pytest.mark.tensorflow
MODES_AND_VARIANTS = {("graph", "default"), ("eager", "training_arg"), ("function", "plain_call")}
# Float evidence is compared through what the matrix reports (outcome, update count): the two
# update ops of a shared Keras model race in graph mode, so the moving mean differs run to run.
FLOATS = ("losses", "moving_mean", "moving_variance")
TIMING = {"seconds", "started"}


def observed(tmp_path, env_id, isolation):
    root = tmp_path / isolation
    root.mkdir()
    (root / "experiments").symlink_to(ROOT / "experiments")
    layout = run.Layout(root, env_root=ROOT / ".tfmatrix" / "envs")
    cells = [cell for cell in run.list_cells(layout) if (cell["mode"], cell["variant"]) in MODES_AND_VARIANTS]
    env = environment(env_id)
    progress = Progress(total=len(cells))
    result = run_env(env, cells, layout, run.Options(isolation=isolation), progress)
    assert (result.failed, result.not_run) == (None, None)
    found = records.load_all(layout.results)[0]
    return {record["cell"]["id"]: {k: v for k, v in record.items() if k not in TIMING} for record in found}


@pytest.mark.parametrize("env_id", [TF1, TF_KERAS])
def test_forked_cells_equal_fresh_interpreters(tmp_path, env_id):
    forked, fresh = observed(tmp_path, env_id, "fork"), observed(tmp_path, env_id, "fresh")
    assert len(forked) == len([c for c in CATALOGUE.cells if (c["mode"], c["variant"]) in MODES_AND_VARIANTS])
    skip = coin_tosses(
        {cell: classify(record).value for cell, record in forked.items()},
        {cell: classify(record).value for cell, record in fresh.items()},
    )
    for cell, record in forked.items():
        if cell not in skip:
            assert comparable(record) == comparable(fresh[cell]), cell


def comparable(record):
    """The record less timings and the frames of a traceback, its floats as the matrix reads them.

    In graph mode on both data cases one shared batch norm gets two update ops per step, which
    the session may run at once: how many updates survive the race differs from run to run, in
    either isolation, so there only the outcome is compared."""
    error = record["error"]
    if error:  # TF 2 messages embed the Python stack of the op's creation
        error = (error["type"], tidy.headline(error["message"]))
    evidence = {name: value for name, value in record["evidence"].items() if name not in FLOATS}
    probes = dict(evidence.get("probes") or {})
    if "inference_kernel" in probes:  # unwritten outputs hold whatever memory held: compare that they were
        probes["inference_kernel"] = probes["inference_kernel"].partition(":")[0]
        evidence["probes"] = probes
    raced = record["cell"]["mode"] == "graph" and record["cell"]["data"] == "positive+negative"
    return {
        **record,
        "error": error,
        "evidence": evidence,
        "outcome": classify(record),
        "bn_updates": None if raced else bn_updates(record["evidence"].get("moving_variance")),
    }
