"""matrix.md and README.md as GitHub shows them: rendered by cmark-gfm, GitHub's own Markdown engine."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

import pytest
from conftest import ROOT

cmarkgfm = pytest.importorskip("cmarkgfm", reason="no cmarkgfm: pip install cmarkgfm")
from cmarkgfm.cmark import Options  # noqa: E402

MODE_FILES = [f"reports/every-release-{mode}.md" for mode in ("graph", "graph_no_eager", "eager", "function")]
PAGES = ["reports/matrix.md", "reports/every-release.md", *MODE_FILES, "README.md"]
ANSWERED = ["reports/matrix.md", "reports/every-release.md", "README.md"]  # the pages that open on the answer


class Parsed(HTMLParser):
    """The order of headings and tables, the links inside table cells, and every id."""

    def __init__(self) -> None:
        super().__init__()
        self.outline: list[str] = []  # "h2:What does my code do?", "table", ...
        self.cell_links: list[str] = []
        self.ids: set[str] = set()
        self.heading, self.cells = "", 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("h1", "h2", "h3"):
            self.heading = tag
            self.outline.append(f"{tag}:")
        elif tag == "table":
            self.outline.append("table")
        elif tag == "td":
            self.cells += 1
        elif tag == "a" and self.cells and attrs.get("href", "").startswith("#"):
            self.cell_links.append(attrs["href"][1:])

    def handle_endtag(self, tag):
        if tag == "td":
            self.cells -= 1
        if tag == self.heading:
            self.heading = ""

    def handle_data(self, data):
        if self.heading:
            self.outline[-1] += data


def parsed(name: str) -> Parsed:
    # GitHub renders raw HTML, then sanitises it; `id` survives, prefixed, and its links follow it.
    text = (ROOT / name).read_text(encoding="utf-8")
    found = Parsed()
    found.feed(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))
    return found


@pytest.mark.parametrize("name", ANSWERED)
def test_the_answer_table_is_the_first_table(name):
    outline = parsed(name).outline
    first = outline.index("table")
    assert [entry for entry in outline[:first] if entry.startswith("h2:")][-1] == "h2:What does my code do?"
    assert outline.count("table") > (8 if name == "reports/matrix.md" else 1)


# tests/data/matrix.md: the renderer's golden file, held to the same structure by GitHub's engine
@pytest.mark.parametrize("name", ["reports/matrix.md", *MODE_FILES, "tests/data/matrix.md"])
def test_every_note_code_in_a_cell_resolves_to_its_note(name):
    found = parsed(name)
    codes = {link for link in found.cell_links if link.startswith("note-")}
    assert codes and set(found.cell_links) - codes <= {link for link in found.ids if link.startswith("row-")}
    assert codes <= found.ids
    if name.endswith("/matrix.md"):  # a mode's file lists every note, numbered as matrix.md numbers them
        assert {i for i in found.ids if i.startswith("note-")} == codes  # and no note is left unused


# GitHub's layout of a rendered file, near enough to measure: a 1012 px column (narrower on a phone),
# tables that scroll sideways on their own, cells padded 6 px 13 px.
GITHUB_CSS = """
body { margin: 0; font: 16px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
article { max-width: 1012px; margin: 0 auto; padding: 32px; box-sizing: border-box; }
table { display: block; max-width: 100%; overflow: auto; border-collapse: collapse; }
th, td { padding: 6px 13px; border: 1px solid #d1d9e0; }
code { font-size: 85%; }
@media (max-width: 767px) { article { padding: 16px; } }
"""


# The repository's front page shows README.md beside its sidebar: a narrower column, 830 px of content.
FRONT_PAGE = 830


def github_page(name: str, tmp_path, content: int = 948) -> str:
    """The file as GitHub lays it out, in a column of `content` px (1012 px less its padding)."""
    text = (ROOT / name).read_text(encoding="utf-8")
    body = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    path = tmp_path / (name.replace("/", "-") + f"-{content}.html")
    column = f"article {{ max-width: {content + 64}px; }}"
    path.write_text(
        f"<!DOCTYPE html><meta charset=utf-8><style>{GITHUB_CSS}{column}</style><article>{body}</article>"
    )
    return path.as_uri()


def first_mode_table_head(tab) -> dict:
    """Where the first release column of the first mode's table sits, and the column it sits in."""
    return tab.evaluate(
        """() => {
        const table = [...document.querySelectorAll("table")][1];
        const th = [...table.querySelectorAll("thead th")].find((cell) => /^\\d+\\.\\d+/.test(cell.textContent));
        return {right: th.getBoundingClientRect().right, column: document.querySelector("article").getBoundingClientRect().right};
        }"""
    )


# How many screens down the answer's row ends, measured in this layout. On a phone the text wraps
# narrower, so matrix.md's longer introduction pushes its answer to the second screen.
SCREENS = {
    ("README.md", 1400): 1,
    ("reports/matrix.md", 1400): 1,
    ("README.md", 390): 1,
    ("reports/matrix.md", 390): 2,
}


@pytest.mark.parametrize("name", ["reports/matrix.md", "README.md"])
@pytest.mark.parametrize("viewport", [(1400, 900), (390, 844)], ids=["1400", "390"])
def test_the_answer_is_on_the_first_screens_as_github_shows_it(browser, tmp_path, capsys, name, viewport):
    """Wide, a mode's answer is on the first screen. On a phone GitHub's tables scroll sideways on
    their own: the table fits the screen's width, its label column shows whole and the first mode's
    answer starts on the screen, the others a swipe of the table away, never of the page."""
    width, height = viewport
    tab = browser.new_page(viewport={"width": width, "height": height})
    tab.goto(github_page(name, tmp_path))
    table = tab.locator("table").first
    label, first, answer = (table.locator("tbody td").nth(n).bounding_box() for n in range(3))
    assert answer["y"] + answer["height"] <= SCREENS[name, width] * height
    if width == 1400:
        assert answer["x"] + answer["width"] <= width
    else:
        box = table.bounding_box()
        shown = box["x"] + table.evaluate("(table) => table.clientWidth")  # the table's visible right edge
        assert box["x"] + box["width"] <= width
        assert label["x"] + label["width"] <= shown and first["x"] < shown
    if name.endswith("matrix.md"):
        found = first_mode_table_head(tab)
        assert found["right"] <= found["column"]  # the release columns start within the first screen's width
    shot = tmp_path / f"{name.replace('/', '-')}-{width}.png"
    tab.screenshot(path=str(shot))
    shutil.copyfile(shot, f"/tmp/tfmatrix-{name.replace('/', '-')}-{width}.png")
    with capsys.disabled():
        print(f"\nscreenshot of {name} at {width} px: {shot}")
    tab.close()


def mode_tables(tab) -> list[dict]:
    """Each mode table's label columns (the width before its first release column), where that
    release column ends, and where the table's visible box ends."""
    return tab.evaluate(
        """() => [...document.querySelectorAll("table")].flatMap((table) => {
        const heads = [...table.querySelectorAll("thead th")];
        const release = heads.find((cell) => /^\\d+\\.\\d+/.test(cell.textContent));
        if (heads[0].textContent !== "variant" || !release) return [];
        const box = table.getBoundingClientRect(), head = release.getBoundingClientRect();
        return [{labels: head.left - box.left, right: head.right, visible: box.left + table.clientWidth}];
        })"""
    )


def test_every_release_keeps_the_label_columns_of_matrix_and_shows_a_release_on_the_first_screen(
    browser, tmp_path
):
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    found = {}
    modes = [f"reports/every-release-{mode}.md" for mode in ("graph", "graph_no_eager", "eager", "function")]
    for name in ("reports/matrix.md", *modes):
        tab.goto(github_page(name, tmp_path))
        found[name] = mode_tables(tab)
    tab.close()
    matrix = found["reports/matrix.md"]
    every = [table for name in modes for table in found[name]]  # each section's table in each mode's file
    assert len(every) == len(matrix) >= 4
    assert max(round(table["labels"]) for table in every) <= max(round(table["labels"]) for table in matrix)
    assert [table for table in every if table["right"] > table["visible"]] == []  # the first release shows


def test_readme_answer_table_fits_the_front_page_without_scrolling_sideways(browser, tmp_path):
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    tab.goto(github_page("README.md", tmp_path, FRONT_PAGE))
    width = tab.evaluate("() => document.querySelector('table').scrollWidth")  # the answer table's
    tab.close()
    assert width <= FRONT_PAGE
