"""The committed report is exactly what the committed data renders to."""

from __future__ import annotations

import csv
import itertools
import json
import math
import re
from types import SimpleNamespace

import article
import golden
import pytest
from conftest import CATALOGUE, KNOWN, ROOT

from tfmatrix.data import agreement, history, results_csv
from tfmatrix.matrix import releases
from tfmatrix.matrix.catalogue import ARTICLE
from tfmatrix.matrix.versions import minor, version_key
from tfmatrix.report import behaviours, causes, figures, readme, report
from tfmatrix.run import runner as run

pytestmark = pytest.mark.published

REPORTS = ROOT / "reports"
README = (ROOT / "README.md").read_text(encoding="utf-8")
FLAT = " ".join(README.split())  # README's text with its line breaks undone


DATA = results_csv.read_csv(REPORTS / "results.csv", CATALOGUE)
RENDERED = report.rendered(DATA, REPORTS, CATALOGUE)


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_committed_report_is_rendered_from_committed_results(name):
    expected = RENDERED[name]
    assert (REPORTS / name).read_text(encoding="utf-8") == expected, (
        f"reports/{name} is stale: regenerate it with `nox -s report`"
    )


def test_committed_results_cover_every_environment_and_cell():
    data = DATA
    venv = data[data["backend"] == "venv"]
    cells = {cell["id"] for cell in run.list_cells(run.Layout(ROOT))}
    envs = releases.environments(KNOWN)
    assert envs and cells
    for env in envs:
        assert set(venv.loc[venv["env"] == env.id, "cell"]) == cells, env.id


def test_the_articles_own_rows_keep_their_golden_copy():
    """The rows that reproduce the article (1.12, graph + session, its own call, experiments 1 to 6, 3L
    and 4L, in both backends) stay as tests/data/article-rows.csv keeps them, byte for byte in every
    field but the noisy ones (`history.NOISY`: the losses' and moving mean's last digits, which move
    between runs of unchanged code): a change elsewhere, such as another network's experiments,
    re-runs them and must not move them."""

    def rows(path):
        lines = path.read_text(encoding="utf-8").splitlines()  # one line per row: fields hold no newline
        found = {}
        for row in csv.DictReader(lines):
            key = (row["backend"], row["env"], row["cell"])
            found[key] = {name: text for name, text in row.items() if name not in history.NOISY}
        return lines[0], found

    header, golden = rows(ROOT / "tests" / "data" / "article-rows.csv")
    committed_header, committed = rows(REPORTS / "results.csv")
    assert header == committed_header
    assert {key: committed.get(key) for key in golden} == golden


def test_the_articles_golden_rows_say_what_the_article_printed():
    """tests/data/article-rows.csv checked apart from the code that wrote it: 1.12's graph + session
    with the article's own call, each of its experiments once per backend, with the outcome, update
    count and moving variance the article printed (tests/article.py)."""
    text = (ROOT / "tests" / "data" / "article-rows.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert sorted((row["backend"], row["experiment"]) for row in rows) == sorted(
        itertools.product(("docker", "venv"), article.ARTICLE)
    )
    for row in rows:
        assert (row["tensorflow"], row["mode"], row["variant"]) == ("1.12.3", "graph", "default")
        assert (row["outcome"], int(row["bn_updates"])) == article.ARTICLE[row["experiment"]], row["cell"]
        printed = article.ARTICLE_VARIANCE.get(row["experiment"])
        assert printed is None or float(row["moving_variance"]) == pytest.approx(printed, abs=1e-7)


def test_the_golden_files_are_what_tests_golden_py_would_write(capsys):
    """`python tests/golden.py` shows how a golden file would change before `--write` changes it."""
    assert golden.main([]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "tests/data/matrix.md: unchanged",
        "tests/data/article-rows.csv: unchanged",
    ]


def test_readmes_findings_on_experiments_7_and_7d_hold_in_the_committed_data():
    """README: from 1.14 a frozen batch norm keeps its statistics in eager and compiled code on both
    networks; on 1.12 and 1.13 eagerly the conv net's fused kernel updates them (6 times in 1.12's
    `fit`) and the `Dense` net's non-fused path does not; under defun both update; graph mode never."""
    frozen = DATA[DATA["experiment"].isin(["7", "7D"]) & (DATA["backend"] == "venv")]
    early = frozen["tensorflow"].map(minor).isin(["1.12", "1.13"])
    ran = frozen[frozen["outcome"].isin(["updated", "not_updated"])]
    assert set(ran.loc[ran["mode"].str.startswith("graph"), "outcome"]) == {"not_updated"}
    assert set(ran.loc[~ran["mode"].str.startswith("graph") & ~early, "outcome"]) == {"not_updated"}
    eager = ran[(ran["mode"] == "eager") & early]
    assert set(eager.loc[eager["experiment"] == "7", "outcome"]) == {"updated"}
    assert set(eager.loc[eager["experiment"] == "7D", "outcome"]) == {"not_updated"}
    compiled = ran[(ran["mode"] == "function") & early & (ran["variant"] == "training_arg")]
    assert set(compiled["outcome"]) == {"updated"} and set(compiled["experiment"]) == {"7", "7D"}
    fit = eager[(eager["experiment"] == "7") & (eager["variant"] == "fit")].set_index("tensorflow")[
        "bn_updates"
    ]
    assert {minor(release): count for release, count in fit.items()} == {"1.12": 6, "1.13": 5}


def test_readmes_findings_on_keras_training_and_the_eager_modes_hold_on_both_networks():
    """README: Keras' own training in 1.12's graph mode leaves both networks' statistics untouched and
    updates them from 1.13; eager and tf.function (1.14 on) update with `training=True` or the learning
    phase and never with a plain call or `model.trainable = True`, on both networks."""
    shown = agreement.primary(DATA)
    both = shown[shown["experiment"].isin(["5", "5D"]) & (shown["keras"] != "keras3")]
    first = both["tensorflow"].map(minor) == "1.12"
    keras = both[(both["mode"] == "graph") & both["variant"].isin(["fit", "train_on_batch"])]
    assert set(keras.loc[first, "outcome"]) == {"not_updated"}
    assert set(keras.loc[~first, "outcome"]) == {"updated"}
    later = both[both["mode"].isin(["eager", "function"]) & (both["tensorflow"].map(version_key) >= (1, 14))]
    assert set(later.loc[later["variant"].isin(["default", "training_arg"]), "outcome"]) == {"updated"}
    assert set(later.loc[later["variant"].isin(["plain_call", "trainable_flag"]), "outcome"]) == {
        "not_updated"
    }
    assert "untouched, on both networks" in FLAT and "on both networks: `training=True`" in FLAT


def test_readmes_findings_on_defun_hold_in_the_committed_data():
    """README: 1.12 and 1.13 compile with defun; on 1.13 only `training=True` runs, every call that
    leaves batch norm the learning phase fails with GradientTape's NotImplementedError."""
    shown = agreement.primary(DATA)
    compiled = shown[(shown["mode"] == "function") & shown["tensorflow"].map(minor).isin(["1.12", "1.13"])]
    keras = compiled[
        (compiled["input"] != "tf.layers") & ~compiled["variant"].isin(["fit", "train_on_batch"])
    ]
    ran = keras[keras["outcome"] != "unavailable"]
    assert len(ran) and ran["api"].str.contains("tf.contrib.eager.defun", regex=False).all()
    late = ran[ran["tensorflow"].map(minor) == "1.13"]
    failed = late[late["outcome"] == "error"]
    assert set(failed["variant"]) == {"default", "plain_call", "trainable_flag"}
    assert failed["error"].str.startswith("NotImplementedError: tf.GradientTape.gradients()").all()
    assert set(late.loc[late["variant"] == "training_arg", "outcome"]) == {"updated"}
    assert "fails with `NotImplementedError` from `GradientTape`" in FLAT


def test_readmes_finding_that_the_dense_net_never_ends_nan_holds_in_the_committed_data():
    shown = agreement.primary(DATA)
    dense = shown[shown["input"].map(CATALOGUE.model_of) == "dense"]
    early = dense[dense["tensorflow"].map(version_key) < (2, 2)]
    assert len(early), "the committed data holds no `Dense` net cell before 2.2"
    assert not early["seen"].str.contains("diverged").any() and not (early["outcome"] == "diverged").any()
    assert "<!-- figure:dense-early -->" in FLAT


def test_readmes_docker_sentence_holds_in_the_committed_data():
    data = DATA
    pairs = data[data["backend"] == "docker"].merge(
        data[data["backend"] == "venv"], on=["env", "cell"], suffixes=("", "_venv")
    )
    assert len(pairs), "the committed data holds no cell run in both backends"

    def shown(seen: str, row, suffix: str) -> set[str]:
        return set(history.values(seen)) or {
            history.value(
                SimpleNamespace(**{name: getattr(row, f"{name}{suffix}") for name in history.VALUE_FIELDS})
            )
        }

    agree = [
        bool(shown(row.seen, row, "") & shown(row.seen_venv, row, "_venv")) for row in pairs.itertuples()
    ]
    assert f"<!-- figure:docker -->in {sum(agree):,} of the {len(pairs):,} cells run in both" in FLAT
    # README: where a cell's venv runs disagree among themselves, its docker run showed one of their values
    flaky = pairs["seen_venv"].map(history.flaky)
    assert flaky.any(), "the committed data holds no cell flaky in venv and run in docker"
    assert all(one for one, is_flaky in zip(agree, flaky) if is_flaky)


def test_no_published_row_with_a_nan_or_infinity_is_labelled_otherwise():
    """NaN or infinity anywhere in the moving mean, the moving variance or the losses is `diverged`, or
    the cell is flaky with `diverged` among the values its runs showed."""
    data = DATA
    checked = 0
    for row in data.itertuples():
        found = [json.loads(text or "null") or [] for text in (row.moving_mean, row.losses)]
        values = [*found[0], *found[1]]  # the CSV writes a NaN variance as empty, like a missing one
        if any(value is not None and not math.isfinite(value) for value in values):
            assert row.outcome == "diverged" or "diverged" in history.values(row.seen), (row.env, row.cell)
            checked += 1
    assert checked, "the committed data holds no row with a NaN or an infinity to check"


def test_the_compat_switch_is_published_for_every_release():
    data = DATA
    switched = data[(data["mode"] == "graph_no_eager") & (data["backend"] == "venv")]
    switched = switched[switched["experiment"].map(CATALOGUE.section_of) == ARTICLE]
    envs = releases.environments(KNOWN)
    assert envs
    for env in envs:
        rows = switched[switched["env"] == env.id]
        assert len(rows) == 16, env.id  # the article's 8 experiments, its 2 calls
        ran = set(rows["outcome"]) != {"unavailable"}
        assert ran == (env.release.minor.startswith("2.") and env.keras.value != "keras3"), env.id


def test_every_probe_a_cause_names_is_in_the_records_where_the_behaviour_appears():
    data = DATA
    named_somewhere = [
        name for b in behaviours.BEHAVIOURS for name in re.findall(r"[Pp]robe: `(\w+)`", b.cause)
    ]
    assert named_somewhere, "no cause names a probe: nothing to check"
    for behaviour in behaviours.BEHAVIOURS:
        named = re.findall(r"[Pp]robe: `(\w+)`", behaviour.cause)
        hits = data[behaviour.test(data).fillna(False).astype(bool)]
        recorded = set().union(*(json.loads(text or "{}") for text in hits["probes"]))
        assert set(named) <= recorded, behaviour.title


def test_the_inference_kernel_writes_no_statistics_up_to_2_1_and_passes_them_through_from_2_2():
    """The NaN cause's probe, as "NaN statistics" states it: in every Keras graph-mode cell that
    reached it, the fused kernel returned other values than it was given up to 2.1, and exactly
    the given statistics from 2.2."""
    data = DATA
    found = {True: 0, False: 0}
    for row in data.itertuples():
        probe = json.loads(row.probes or "{}").get("inference_kernel")
        if probe is None:
            continue
        before = version_key(row.tensorflow) < (2, 2)
        found[before] += 1
        assert probe.startswith("not written: ") if before else probe == "passthrough", (row.env, row.cell)
    assert found[True] and found[False]


def test_readmes_findings_on_the_compat_switch_hold_in_the_committed_data():
    """tf.layers' two update ops in order under disable_v2_behavior and all five pairs raced under
    disable_eager_execution alone, in most of experiment 2's article-call cells (README's figures
    say how many)."""
    for name, wanted in (("in-order", "every run of"), ("all-raced", "every run of")):
        text = figures.values(DATA, CATALOGUE)[name]
        done, _, total = text.removeprefix(wanted).removesuffix(" cells").partition(" of ")
        assert int(done) > int(total) // 2, text


def test_readmes_answer_table_is_generated_from_the_committed_data():
    assert readme.block(DATA, CATALOGUE) in README, "README.md's answer table is stale: run `nox -s report`"


def test_readmes_list_of_scripts_is_the_catalogues():
    listed = readme.between(README, readme.SCRIPTS_START, readme.SCRIPTS_END, readme.scripts(CATALOGUE))
    assert readme.SCRIPTS_START in README and listed == README, "README's scripts are stale: `nox -s report`"


def test_readmes_figures_are_written_from_the_committed_data():
    """Every figure README states from the data is generated, like the answer: `nox -s report`
    rewrites them, so whatever a run publishes, README says it."""
    found = [match.group(1) for match in figures.MARKER.finditer(README)]
    assert sorted(found) == sorted(figures.values(DATA, CATALOGUE)), (
        "a figure README names is unknown, or missing"
    )
    assert figures.filled(README, DATA, CATALOGUE) == README, (
        "README.md's figures are stale: run `nox -s report`"
    )


def test_readmes_figures_say_what_the_data_says():
    """The generated figures, computed anew here from the rows, independently of figures.py."""
    shown = agreement.primary(DATA)
    flaky = shown[shown["seen"].map(history.flaky)]
    assert (
        f"Runs of unchanged code agree in <!-- figure:agree -->{len(shown) - len(flaky):,} of {len(shown):,} cells"
        in FLAT
    )
    assert f"The other <!-- figure:flaky -->{len(flaky)}<!-- /figure --> are flaky" in FLAT
    frozen = shown[shown["experiment"].isin(["7", "7D"])]
    assert f", and {len(frozen)} of experiments 7 and 7D<!-- /figure -->" in FLAT
    assert f"{shown['env'].nunique()} environments, {len(shown):,} cells a run" in FLAT


@pytest.mark.parametrize("title", list(causes.SPANS))
def test_each_cause_explains_the_releases_where_the_data_shows_its_behaviour(title):
    """The releases a cause declares (causes.SPANS) are where the published rows show the
    behaviour: its first and last, none outside; and the cause's words name its first release."""
    first, last = causes.SPANS[title]
    shown = agreement.primary(DATA)
    newest = max(shown["tensorflow"].map(minor), key=version_key)
    behaviour = next(one for one in behaviours.BEHAVIOURS if one.title == title)
    hits = sorted(
        set(shown.loc[behaviour.test(shown).fillna(False).astype(bool), "tensorflow"].map(minor)),
        key=version_key,
    )
    assert (hits[0], hits[-1]) == (first, last or newest), hits
    assert first in causes.CAUSES[title] or title.endswith("unavailable")  # Keras 3's: '2.16' in its link
