"""matrix.md and README.md as GitHub shows them: rendered by cmark-gfm, GitHub's own Markdown engine."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from conftest import ROOT

cmarkgfm = pytest.importorskip("cmarkgfm", reason="no cmarkgfm: pip install cmarkgfm")
from cmarkgfm.cmark import Options  # noqa: E402

PAGES = ["reports/matrix.md", "reports/every-release.md", "README.md"]


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


@pytest.mark.parametrize("name", PAGES)
def test_the_answer_table_is_the_first_table(name):
    outline = parsed(name).outline
    first = outline.index("table")
    assert [entry for entry in outline[:first] if entry.startswith("h2:")][-1] == "h2:What does my code do?"
    assert outline.count("table") > (1 if name == "README.md" else 8)


@pytest.mark.parametrize("name", PAGES[:2])
def test_every_note_code_in_a_cell_resolves_to_its_note(name):
    found = parsed(name)
    codes = set(found.cell_links)
    assert codes and all(code.startswith("note-") for code in codes)
    assert codes <= found.ids
    assert {i for i in found.ids if i.startswith("note-")} == codes  # and no note is left unused
