from __future__ import annotations

import importlib
import json
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import CATALOGUE, DATA, ROOT

import tfmatrix
from tfmatrix.data import records, tidy
from tfmatrix.matrix import outcome
from tfmatrix.matrix.outcome import FLAKY, Failure, Outcome, bn_updates, classify, decompose, looks


@pytest.mark.parametrize(
    ("variance", "updates"),
    [
        ([0.95099014] * 8, 5),  # the article's experiments 1 and 5
        ([0.90438217] * 8, 10),  # experiment 2: two update ops a step
        ([0.90392077] * 8, 10),  # experiment 6: the same, applied concurrently
        ([1.0] * 8, 0),
        (None, None),
        ([], None),
        ([1.5], None),
        ([0.0], None),
    ],
)
def test_bn_updates_inverts_the_momentum(variance, updates):
    assert bn_updates(variance) == updates


def record(status="ok", error=None, variance=None):
    evidence = {} if variance is None else {"moving_variance": variance}
    return {"status": status, "error": error, "evidence": evidence}


def evidence(**found):
    return {"status": "ok", "error": None, "evidence": found}


@pytest.mark.parametrize(
    ("given", "outcome"),
    [
        (record(variance=[0.95099014]), Outcome.UPDATED),
        (record(variance=[1.0]), Outcome.NOT_UPDATED),
        (
            record(
                "raised",
                {
                    "type": "InvalidArgumentError",
                    "message": "You must feed a value for placeholder tensor 'x'",
                },
            ),
            Outcome.PLACEHOLDER,
        ),
        (
            record("raised", {"type": "Unavailable", "message": "tf.compat.v1.layers.Conv2D"}),
            Outcome.UNAVAILABLE,
        ),
        (record("raised", {"type": "ValueError", "message": "boom"}, [0.95]), Outcome.ERROR),
        (record("crash", {"type": "crash", "message": "killed by signal SIGSEGV"}), Outcome.CRASH),
        (record("timeout", {"type": "timeout", "message": "no result"}), Outcome.TIMEOUT),
        (record("install_failed", {"type": "install_failed", "message": "no wheel"}), Outcome.INSTALL_FAILED),
        (record(), Outcome.ERROR),
        (record(variance=[float("nan"), 0.9]), Outcome.DIVERGED),
        # The committed 2.1 row of experiment 5 / trainable_flag: variance untouched, NaN in the mean.
        (evidence(moving_variance=[1.0] * 8, moving_mean=[0.0] * 4 + [float("nan")] * 4), Outcome.DIVERGED),
        (evidence(moving_variance=[1.0], moving_mean=[0.0], losses=[0.69, float("inf")]), Outcome.DIVERGED),
        (evidence(moving_variance=[1.0], moving_mean=[0.0], losses=[0.69, 0.68]), Outcome.NOT_UPDATED),
    ],
)
def test_classify(given, outcome):
    assert classify(given) is outcome


@pytest.mark.parametrize(
    ("variance", "parts"),
    [
        (0.95099014, (5, 0)),  # the article: 5 updates
        (0.90438217, (10, 0)),  # the article's tf.layers: 10 in order
        (0.90392077, (0, 5)),  # the article's Keras model: 5 raced pairs
        (0.9042899, (8, 1)),  # published mixes
        (0.90419757, (6, 2)),
        (1.0, (0, 0)),
        (0.905, None),  # between 0.99^10 and a raced pair: shown as measured
        (float("nan"), None),
        (None, None),
    ],
)
def test_decompose_finds_updates_in_order_and_raced_pairs(variance, parts):
    assert decompose(variance) == parts


def golden(env, cell):
    return json.loads((DATA / "records" / "venv" / env / f"{cell}.json").read_text())


def test_golden_records_of_the_article_release():
    outcomes = {
        "tf_layers.positive.graph.default": Outcome.UPDATED,
        "keras_shape.positive.graph.default": Outcome.PLACEHOLDER,
        "keras_layer.positive+negative.graph.default": Outcome.PLACEHOLDER,
        "keras_dynamic.positive+negative.graph.default": Outcome.UPDATED,
    }
    assert {cell: classify(golden("tf-1.12", cell)) for cell in outcomes} == outcomes


def test_golden_keras3_record_is_unavailable():
    assert classify(golden("tf-2.16-keras3", "tf_layers.positive.graph.default")) is Outcome.UNAVAILABLE


def test_a_status_that_names_an_outcome_is_that_outcome():
    assert [classify(record(status)) for status in ("crash", "timeout", "install_failed")] == [
        Outcome.CRASH,
        Outcome.TIMEOUT,
        Outcome.INSTALL_FAILED,
    ]


def test_the_table_draws_every_outcome_and_flaky_apart():
    drawn = outcome.looks()
    assert [look.name for look in drawn] == [member.value for member in Outcome] + ["flaky"]
    assert all(look.glyph and look.words and look.meaning for look in drawn)
    for field in ("name", "colour", "background"):
        assert len({getattr(look, field) for look in drawn}) == len(drawn), field
    assert outcome.look("flaky") is FLAKY
    assert outcome.look("not_updated") is Outcome.NOT_UPDATED.look


def test_the_legend_names_the_update_count_k():
    assert Outcome.UPDATED.look.legend == "k updates"
    assert Outcome.UPDATED.look.words.format(k=5) == "5 updates"
    assert Outcome.DIVERGED.look.words.format(k=5) == "NaN"


def test_failures_are_read_from_the_table():
    unexpected = outcome.names(Failure.UNEXPECTED, Failure.INSTALL)
    assert unexpected == ["error", "crash", "timeout", "install_failed"]
    assert outcome.names(Failure.INSTALL) == ["install_failed"]
    assert outcome.names(Failure.KNOWN) == ["placeholder", "unavailable"]


PACKAGE = Path(tfmatrix.__file__).parent
TABLE = Path(outcome.__file__)


def spellings() -> dict[str, re.Pattern[str]]:
    """Every glyph (without its variation selector) and colour of the table, as a pattern to find."""
    found: dict[str, re.Pattern[str]] = {}
    for look in outcome.looks():
        found[look.glyph] = re.compile(re.escape(look.glyph.replace("\ufe0f", "")))
        for colour in filter(None, (look.colour, look.background, look.ink)):
            found[colour] = re.compile(re.escape(colour) + "(?![0-9a-f])", re.IGNORECASE)
    return found


def test_only_the_table_spells_an_outcomes_glyph_or_colour():
    patterns = spellings()
    assert all(pattern.search(TABLE.read_text(encoding="utf-8")) for pattern in patterns.values())
    sources = [path for path in sorted(PACKAGE.rglob("*")) if path.suffix in {".py", ".css", ".js"}]
    assert len(sources) > 10 and TABLE in sources
    spelled = [
        f"{path.relative_to(PACKAGE)}: {text}"
        for path in sources
        if path != TABLE
        for text, pattern in patterns.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert spelled == [], "read these from outcome.py's table instead"


WOBBLED = """\
    WOBBLED = Look(
        "wobbled",
        "🌀",
        "wobbled",
        "the statistics wobbled at random",
        colour="#123456",
        background="#abcdef",
        failure=Failure.UNEXPECTED,
    )
"""
WOBBLED_MEANS = "the statistics wobbled at random"


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch):
    """A copy of the package, imported as `scratch`, whose table has one entry more: WOBBLED."""
    copy = tmp_path / "scratch"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    table = copy / "matrix" / "outcome.py"
    text = table.read_text(encoding="utf-8")
    anchor = "    INSTALL_FAILED = Look(\n"
    assert text.count(anchor) == 1
    table.write_text(text.replace(anchor, WOBBLED + anchor), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield lambda name: importlib.import_module(f"scratch.{name}")
    for name in [name for name in sys.modules if name == "scratch" or name.startswith("scratch.")]:
        del sys.modules[name]


@pytest.fixture
def wobbly(golden_results) -> pd.DataFrame:
    """The golden table with one cell that wobbled."""
    table = tidy.frame(records.load_all(golden_results)[0], CATALOGUE)
    first = table.index[0]
    table.loc[first, ["outcome", "error", "seen"]] = ["wobbled", "wobble detected", '{"wobbled": 1}']
    table.loc[first, "bn_updates"] = pd.NA
    return table


def test_a_new_outcome_is_one_entry_in_the_table(scratch, wobbly):
    assert "wobbled" not in [member.value for member in Outcome]
    assert scratch("matrix.outcome").Outcome("wobbled").look.glyph == "🌀"
    cell = wobbly.loc[wobbly.index[0], "cell"]

    matrix = scratch("report.render").render(wobbly, CATALOGUE).splitlines()
    legend = next(line for line in matrix if "`wobbled`" in line)
    assert [text.strip() for text in legend.split("|")[1:-1]] == ["🌀 wobbled", "`wobbled`", WOBBLED_MEANS]
    every = "\n".join(scratch("report.render").every_release(wobbly, CATALOGUE).values()).splitlines()
    row = next(line for line in every if f'id="row-{cell}"' in line and line.startswith("| default"))
    assert "| 🌀 wobbled [E1](#note-e1)" in row
    assert scratch("report.answer").key("🌀 1.12") == "🌀 wobbled"
    assert "- **Error: wobble detected**: graph (default): 1.12 (tf.keras)" in matrix

    svg = scratch("report.heatmap").render(wobbly, CATALOGUE)
    assert svg.count('fill="#123456"/>') == 1  # its tile, under the cell and its legend entry
    assert svg.count('fill="url(#o-wobbled)"') == 2
    assert ">wobbled</text>" in svg

    page = scratch("report.page").render(wobbly, CATALOGUE)
    assert ".o-wobbled { background: #abcdef; }\n.o-install_failed" in page
    assert f'<li><span class="cell o-wobbled">🌀 wobbled</span> {WOBBLED_MEANS}</li>' in page
    assert '"outcome":"wobbled","text":"🌀 wobbled"' in page


def test_readmes_trouble_table_draws_each_outcome_with_the_legends_glyph():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## When things go wrong", 1)[1]
    drawn = re.findall(r"([^\x00-\x7f]+) `([\w ]+)`", readme.split("\n## ", 1)[0])
    glyphs = {words: shown.glyph for shown in looks() for words in (shown.name, shown.legend)}
    assert drawn and {name: glyph for glyph, name in drawn} == {name: glyphs[name] for _, name in drawn}
