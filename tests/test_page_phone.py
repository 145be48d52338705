"""index.html on a phone (390 × 844 px): nothing wider than the screen, the opened cell clear of the
panel and of the sticky labels, the first table drawn before the others, and a filter that hides
rows rather than building the tables again, in a real headless Chromium."""

from __future__ import annotations

import pytest
from pages import PHONE, SHOWN, settled

# Each element of text outside the tables' scrolling boxes: how far it reaches past its own box and
# past the screen's right edge.
OVERFLOWING = """() => [...document.querySelectorAll("h1, h2, h3, p, summary, .about, legend")]
  .filter((node) => node.getClientRects().length && !node.closest(".scroll, .sr"))
  .filter((node) => node.scrollWidth > node.clientWidth + 1 || node.getBoundingClientRect().right > innerWidth)
  .map((node) => node.textContent.slice(0, 60))"""


def test_no_heading_or_text_reaches_past_a_phones_edge(published, show):
    tab = show(published, viewport=PHONE)
    tab.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert tab.evaluate(OVERFLOWING) == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE[0]


def test_a_flaky_cells_runs_table_fits_its_panel(published, show):
    tab = show(published, viewport=PHONE)
    tab.locator(f"{SHOWN}.o-flaky").first.evaluate("(td) => td.click()")
    panel = tab.locator("#details").evaluate(
        "(p) => { const r = p.getBoundingClientRect(); return r.left + p.clientLeft + p.clientWidth; }"
    )
    runs = tab.locator("#details table.showed thead th").last
    assert runs.text_content() == "runs"
    box = runs.bounding_box()
    assert box["x"] + box["width"] <= panel + 0.5
    assert tab.locator("#details").evaluate("(p) => p.scrollWidth <= p.clientWidth")


# The first cell of each row of the first table lowest on the screen, with the table scrolled so that
# the sticky labels half cover its column: the panel would cover it, and the labels do.
LOW_CELL = """() => {
  const scroll = document.querySelector("main section:not([hidden]) .scroll");
  scroll.scrollLeft = 40;
  const firsts = [...scroll.querySelectorAll("tbody tr:not([hidden])")].map((tr) => tr.querySelector("td.cell"))
    .filter((td) => td && td.getBoundingClientRect().bottom < innerHeight - 20);
  const td = firsts[firsts.length - 1];
  td.id = "low";
  return td.getBoundingClientRect().top;
}"""
CLEAR = """(td) => {
  const box = td.getBoundingClientRect(), panel = document.getElementById("details").getBoundingClientRect();
  const labels = Math.max(...[...td.parentElement.querySelectorAll("th.label")].map((th) => th.getBoundingClientRect().right));
  const centre = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
  return { left: box.left >= labels - 0.5, above: box.bottom <= panel.top + 0.5, hit: centre === td,
    panel: panel.height };
}"""


def test_the_opened_cell_shows_clear_of_the_panel_and_the_sticky_labels(published, show):
    tab = show(published, viewport=PHONE)
    assert tab.evaluate(LOW_CELL) > PHONE[1] / 2  # where the panel comes
    tab.locator("#low").evaluate("(td) => td.click()")
    found = tab.locator("#low").evaluate(CLEAR)
    assert found.pop("panel") <= PHONE[1] / 2
    assert found == {"left": True, "above": True, "hit": True}


# At the first frame after the page's script: how many cells are drawn, and whether it says more come.
FIRST_FRAME = """
window.firstFrame = null;
(function look() {
  requestAnimationFrame(() => {
    const main = document.getElementById("tables");
    const drawn = main && main.querySelectorAll("td.cell").length;
    if (drawn) window.firstFrame = { drawn: drawn, busy: main.getAttribute("aria-busy") };
    else look();
  });
})();
"""


def test_the_first_table_is_painted_before_the_others_are_drawn(published, browser, tmp_path):
    from conftest import CATALOGUE

    from tfmatrix.report import page

    path = tmp_path / "index.html"
    path.write_text(page.render(published, CATALOGUE), encoding="utf-8")
    tab = browser.new_page(viewport={"width": PHONE[0], "height": PHONE[1]})
    tab.add_init_script(FIRST_FRAME)
    tab.goto(path.as_uri())
    settled(tab)
    first = tab.evaluate("window.firstFrame")
    every = tab.locator(SHOWN).count()
    one = tab.locator("main section:not([hidden])").first.locator("td.cell").count()
    tab.close()
    assert first == {"drawn": one, "busy": "true"} and one < every


# A filter unticked then ticked again, and the view switched to every release and back.
UNDONE = {
    "filter": ("input[name=variant] >> nth=0", "input[name=variant] >> nth=0"),
    "view": ("input[name=view][value=every]", "input[name=view][value=collapsed]"),
}


@pytest.mark.parametrize("undone", UNDONE)
def test_a_change_undone_shows_the_tables_it_showed_before(published, show, undone):
    tab = show(published, every=undone == "filter")
    tab.evaluate("window.kept = document.querySelector('main td.cell')")
    for box in UNDONE[undone]:
        tab.locator(box).click()
        settled(tab)
    assert tab.evaluate("window.kept.isConnected && window.kept === document.querySelector('main td.cell')")
