from __future__ import annotations

import pandas as pd
import pytest
from conftest import CATALOGUE

from tfmatrix.data import records, tidy
from tfmatrix.report import behaviours, render
from tfmatrix.report.causes import CAUSES

RELEASES = ["1.12", "1.13", "1.14", "1.15", "2.0"]


@pytest.mark.parametrize(
    ("hits", "ranges"),
    [
        ({"1.12", "1.13", "1.14"}, "1.12–1.14"),
        ({"1.12", "1.14", "1.15"}, "1.12, 1.14–1.15"),
        ({"2.0"}, "2.0"),
        (set(), ""),
        (set(RELEASES), "1.12–2.0"),
    ],
)
def test_collapse_into_ranges(hits, ranges):
    assert behaviours.collapse(RELEASES, hits) == ranges


@pytest.fixture
def table(golden_results):
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


def lines(table):
    found = behaviours.section(table, CATALOGUE, render.escape)
    return {line.split("**")[1]: line for line in found if line.startswith("- **")}


def test_placeholder_failure_is_located(table):
    assert lines(table)["Placeholder failure"].endswith("graph (default): 1.12 (tf.keras)")


def test_keras3_losses_are_located(table):
    found = lines(table)
    assert found["tf.layers unavailable"].endswith("graph (default): 2.16 (keras3)")
    assert found["`set_learning_phase` unavailable"].endswith("graph (default): 2.16 (keras3)")


def test_behaviour_not_observed_is_not_listed(table):
    assert "Statistics not updated" not in lines(table)


def test_unexpected_errors_are_listed_each(table):
    broken = table.copy()
    broken.loc[0, ["outcome", "error"]] = ["crash", "crash: killed by signal SIGSEGV"]
    assert lines(broken)["Error: crash: killed by signal SIGSEGV"].endswith(
        "graph (default): 1.12 (tf.keras)"
    )


def test_ranges_follow_each_flavour_and_variant():
    data = pd.DataFrame(
        {
            "tensorflow": ["2.15.1", "2.16.2", "2.17.1", "2.16.2"],
            "keras": ["tf.keras", "tf_keras", "tf_keras", "keras3"],
            "mode": ["graph"] * 4,
            "variant": ["default"] * 4,
        }
    )
    mask = pd.Series([True, True, True, False])
    assert behaviours.where(data, mask, CATALOGUE) == "graph (default): 2.15 (tf.keras), 2.16–2.17 (tf_keras)"


def test_every_behaviour_found_says_why_or_that_its_cause_is_not_established(table):
    found = behaviours.section(table, CATALOGUE, render.escape)
    heads = [n for n, line in enumerate(found) if line.startswith("- **")]
    assert heads and all(found[n + 1].startswith("  - Why: ") for n in heads)
    assert behaviours.BEHAVIOURS
    for behaviour in behaviours.BEHAVIOURS:
        cause = behaviour.cause
        assert cause == behaviours.UNKNOWN or "](https://github.com/" in cause, behaviour.title


def test_every_cause_belongs_to_a_behaviour():
    assert CAUSES and set(CAUSES) <= {behaviour.title for behaviour in behaviours.BEHAVIOURS}


def test_a_section_of_two_networks_names_each_networks_ranges(table):
    """Experiment 5's rows again as the frozen conv net (7, updated) and the frozen `Dense` net (7D, kept)."""
    five = table[(table["experiment"] == "5") & (table["env"] == "tf-1.12")]
    conv = five.assign(input="frozen", experiment="7", outcome="updated", seen="")
    dense = five.assign(input="dense_frozen", experiment="7D", outcome="not_updated", bn_updates=0, seen="")
    frozen = lines(tidy.order(pd.concat([conv, dense], ignore_index=True), CATALOGUE))
    assert frozen["Frozen batch norm updated"].endswith(": conv net: graph (default): 1.12 (tf.keras)")
    assert frozen["Frozen batch norm kept its statistics"].endswith(
        ": `Dense` net: graph (default): 1.12 (tf.keras)"
    )


def test_a_section_of_one_network_does_not_name_it(table):
    assert "conv net" not in "\n".join(behaviours.section(table, CATALOGUE, render.escape))


def test_a_flaky_cell_is_located_by_every_value_its_runs_showed(table):
    """NaN in one run and not updated in the last: the cell is where NaN statistics appear."""
    assert "NaN statistics" not in lines(table)
    flaky = table.copy()
    flaky.loc[0, "seen"] = '{"diverged": 1, "not_updated": 1}'
    assert lines(flaky)["NaN statistics"].endswith("graph (default): 1.12 (tf.keras)")
