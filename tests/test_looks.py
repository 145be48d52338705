"""How the reports draw each outcome: one table in report/looks.py, over matrix/outcome.py's names."""

from __future__ import annotations

import importlib
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import CATALOGUE, ROOT

import tfmatrix
from tfmatrix.data import records, tidy
from tfmatrix.matrix.outcome import Outcome
from tfmatrix.report import looks
from tfmatrix.report.looks import FLAKY


def test_the_table_draws_every_outcome_and_flaky_apart():
    drawn = looks.looks()
    assert [look.name for look in drawn] == [member.value for member in Outcome] + ["flaky"]
    assert all(look.glyph and look.words and look.meaning for look in drawn)
    for field in ("name", "colour", "background"):
        assert len({getattr(look, field) for look in drawn}) == len(drawn), field
    assert looks.look("flaky") is FLAKY
    assert looks.look("not_updated").meaning == Outcome.NOT_UPDATED.meaning
    assert [look.name for look in looks.OUTCOMES] == [member.value for member in Outcome]


def test_the_legend_names_the_update_count_k():
    assert looks.look("updated").legend == "k updates"
    assert looks.look("updated").words.format(k=5) == "5 updates"
    assert looks.look("diverged").words.format(k=5) == "NaN"


def test_an_unknown_name_has_no_look():
    with pytest.raises(ValueError, match="wobbled"):
        looks.look("wobbled")


PACKAGE = Path(tfmatrix.__file__).parent
TABLE = Path(looks.__file__)


def spellings() -> dict[str, re.Pattern[str]]:
    """Every glyph (without its variation selector) and colour of the table, as a pattern to find."""
    found: dict[str, re.Pattern[str]] = {}
    for look in looks.looks():
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
    assert spelled == [], "read these from report/looks.py's table instead"


WOBBLED = """\
    WOBBLED = ("wobbled", "the statistics wobbled at random", Failure.UNEXPECTED)
"""
WOBBLED_LOOK = """\
    drawn(Outcome.WOBBLED, "🌀", "wobbled", colour="#123456", background="#abcdef"),
"""
WOBBLED_MEANS = "the statistics wobbled at random"


def added(path: Path, anchor: str, entry: str) -> None:
    """The file with `entry` before its one line that starts with `anchor`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(anchor) == 1, path
    path.write_text(text.replace(anchor, entry + anchor), encoding="utf-8")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch):
    """A copy of the package, imported as `scratch`, with one outcome more: WOBBLED, and its look."""
    copy = tmp_path / "scratch"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    added(copy / "matrix" / "outcome.py", "    INSTALL_FAILED = (", WOBBLED)
    added(copy / "report" / "looks.py", "    drawn(\n        Outcome.INSTALL_FAILED,", WOBBLED_LOOK)
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


def test_a_new_outcome_is_one_entry_in_each_table(scratch, wobbly):
    assert "wobbled" not in [member.value for member in Outcome]
    assert scratch("matrix.outcome").Outcome("wobbled").meaning == WOBBLED_MEANS
    assert scratch("report.looks").look("wobbled").glyph == "🌀"
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


def test_an_outcome_without_a_look_is_refused(scratch):
    table = Path(scratch("report.looks").__file__)
    table.write_text(table.read_text(encoding="utf-8").replace(WOBBLED_LOOK, ""), encoding="utf-8")
    importlib.reload(scratch("report.looks"))
    with pytest.raises(KeyError, match="wobbled"):
        scratch("report.looks").looks()


def test_readmes_trouble_table_draws_each_outcome_with_the_legends_glyph():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## When things go wrong", 1)[1]
    drawn = re.findall(r"([^\x00-\x7f]+) `([\w ]+)`", readme.split("\n## ", 1)[0])
    glyphs = {words: shown.glyph for shown in looks.looks() for words in (shown.name, shown.legend)}
    assert drawn and {name: glyph for glyph, name in drawn} == {name: glyphs[name] for _, name in drawn}
