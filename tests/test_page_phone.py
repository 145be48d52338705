"""index.html on a phone (390 × 844 px): the first table drawn before the others, and a filter that
hides rows rather than building the tables again, in a real headless Chromium."""

from __future__ import annotations

from pages import PHONE, SHOWN, settled

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


def test_a_filter_hides_rows_and_keeps_the_tables_it_does_not_change(some, show):
    tab = show(some, every=True)
    tab.evaluate("window.kept = document.querySelector('main td.cell')")
    variant = tab.locator("input[name=variant]").first
    variant.uncheck()
    settled(tab)
    variant.check()
    settled(tab)
    assert tab.evaluate("window.kept.isConnected && window.kept === document.querySelector('main td.cell')")
