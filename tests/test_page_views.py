"""index.html's views: the first screen at every width, links that reopen a view, the keyboard and
what a screen reader meets, in a real headless Chromium."""

from __future__ import annotations

import shutil

import pytest
from conftest import CATALOGUE, ROOT
from pages import PHONE, SHOWN, WIDE, inside, only, settled

from tfmatrix.data import agreement
from tfmatrix.report import page

CELL, ENV = "keras_shape.positive+negative.graph.fit", "tf-1.13"


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_the_first_screen_shows_cells_and_the_panel_fits(published, show, viewport, tmp_path, capsys):
    tab = show(published, viewport=viewport)
    first = tab.locator(SHOWN).first
    assert inside(first.bounding_box(), viewport)
    shots = [tmp_path / f"page-{viewport[0]}.png", tmp_path / f"page-{viewport[0]}-panel.png"]
    tab.screenshot(path=str(shots[0]))
    first.click()
    assert inside(tab.locator("#details").bounding_box(), viewport)
    tab.screenshot(path=str(shots[1]))
    for shot in shots:
        shutil.copyfile(shot, f"/tmp/tfmatrix-{shot.name}")
    with capsys.disabled():
        print(
            f"\nscreenshots at {viewport[0]} px: {', '.join(map(str, shots))} (and /tmp/tfmatrix-page-*.png)"
        )


def test_permalinks_are_the_fragments_the_page_reads():
    assert page.permalink(cell=CELL, env=ENV) == f"index.html#cell={ENV}/{CELL}"
    assert page.permalink(cell=CELL) == f"index.html#row={CELL}"
    assert page.permalink(env="tf-2.16-tf_keras") == "index.html#release=tf-2.16-tf_keras"
    assert page.permalink(mode="eager", cell=CELL) == f"index.html#mode=eager&row={CELL}"


def fragment(link: str) -> str:
    return link.removeprefix("index.html")


def test_a_cells_permalink_opens_its_panel(some, show):
    tab = show(some, viewport=PHONE, fragment=fragment(page.permalink(cell=CELL, env=ENV)))
    selected = tab.locator(f"{SHOWN}.selected")
    assert selected.get_attribute("data-cell") == CELL
    assert ENV in selected.get_attribute("data-envs").split()
    details = tab.locator("#details")
    assert details.is_visible() and inside(details.bounding_box(), PHONE)
    assert f"{ENV} (venv)" in details.text_content()


def test_a_rows_permalink_marks_it_in_sight(some, show):
    tab = show(some, fragment=fragment(page.permalink(cell=CELL)))
    row = tab.locator("main tr.target")
    assert row.count() == 1 and row.get_attribute("id") == f"row-{CELL}"
    assert inside(row.locator("th").first.bounding_box(), (1400, 900))
    assert not tab.locator("#details").is_visible()


def test_a_releases_permalink_shows_its_column_only(some, show):
    tab = show(some, fragment=fragment(page.permalink(env="tf-2.16-tf_keras")))
    assert tab.locator("#release").input_value() == "tf-2.16-tf_keras"
    envs = set(tab.locator(SHOWN).evaluate_all("cells => cells.map((td) => td.dataset.envs)"))
    assert envs == {"tf-2.16-tf_keras"}


def test_the_address_keeps_the_filters_and_the_open_cell(some, show):
    tab = show(some, fragment="#mode=graph&variant=fit,default&view=every")
    table = agreement.primary(some)
    shown = table[table["mode"].eq("graph") & table["variant"].isin(["fit", "default"])]
    assert tab.locator(SHOWN).count() == len(shown)
    assert tab.locator("input[name=view][value=every]").is_checked()
    tab.locator(f'{SHOWN}[data-envs="{ENV}"][data-cell="{CELL}"]').click()
    assert tab.url.endswith(f"#mode=graph&variant=default,fit&view=every&cell={ENV}/{CELL}")
    only(tab, "keras", "tf.keras")
    assert tab.url.endswith(f"#mode=graph&keras=tf.keras&variant=default,fit&view=every&cell={ENV}/{CELL}")
    tab.fill("#q", "3L")
    tab.wait_for_function("location.hash.includes('q=3L')")
    settled(tab)
    assert "cell=" not in tab.url  # the open cell's row no longer shows: its panel closed
    assert not tab.locator("#details").is_visible()
    reopened = show(some, fragment="#" + tab.url.split("#")[1])
    assert reopened.locator(SHOWN).count() == tab.locator(SHOWN).count() > 0
    assert reopened.locator("#q").input_value() == "3L"


def test_the_panels_links_reopen_the_same_view(some, show):
    tab = show(some)
    tab.locator(f'{SHOWN}[data-envs~="{ENV}"][data-cell="{CELL}"]').click()
    link = tab.locator("#details a.permalink", has_text="#cell=").first
    assert link.get_attribute("href") == fragment(page.permalink(cell=CELL, env=link_env(tab)))
    assert tab.url.endswith(link.get_attribute("href"))


def link_env(tab) -> str:
    return tab.locator(f"{SHOWN}.selected").get_attribute("data-envs").split()[0]


def test_the_keyboard_reaches_the_table_opens_a_cell_and_closes_it(some, show):
    tab = show(some)
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to the table"
    tab.keyboard.press("Enter")
    assert tab.evaluate("!!document.activeElement.closest('main table')")
    cell = tab.locator(SHOWN).nth(3)
    cell.focus()
    tab.keyboard.press("Enter")
    assert tab.locator("#details").is_visible()
    assert tab.evaluate("!!document.activeElement.closest('#details')")
    tab.keyboard.press("Escape")
    assert not tab.locator("#details").is_visible()
    assert cell.evaluate("(td) => td === document.activeElement")


def test_every_table_says_what_its_headers_head(some, show):
    tab = show(some)
    assert tab.locator("table").count() == tab.locator("table > caption").count() > 1
    assert tab.locator("thead th:not([scope=col])").count() == 0
    assert tab.locator("tbody th:not([scope=row])").count() == 0


@pytest.mark.network  # npm installs axe-core where it is not on the machine yet
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(some, show, axe, scheme):
    tab = show(some, viewport=PHONE, fragment=fragment(page.permalink(cell=CELL, env=ENV)), scheme=scheme)
    tab.click("summary:text('Legend')")
    tab.add_script_tag(path=str(axe))
    found = tab.evaluate("axe.run().then((result) => result.violations)")
    serious = [
        (v["id"], v["impact"], len(v["nodes"])) for v in found if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_a_link_to_one_release_of_a_merged_column_singles_it_out(some, show):
    tab = show(some)
    merged = tab.locator(SHOWN).evaluate_all(
        "cells => cells.filter((td) => td.dataset.envs.includes(' ')).map((td) => [td.dataset.envs, td.dataset.cell])"
    )
    envs, cell = merged[0]
    named = envs.split()[1]  # not the column's first release
    tab.evaluate(f"location.hash = 'cell={named}/{cell}'")
    tab.wait_for_selector("#details section.named")
    first = tab.locator("#details section.evidence").first
    assert "named" in first.get_attribute("class").split()
    assert first.locator("h3").text_content().startswith(f"{named} (")
    assert tab.locator("#details section.named").count() == 1


def test_a_link_whose_filters_hide_its_cell_says_so_and_shows_it(some, show):
    tab = show(some, fragment=f"#mode=eager&cell={ENV}/{CELL}")  # a graph cell
    notice = tab.locator("p.notice")
    assert notice.is_visible() and CELL in notice.text_content() and "graph" in notice.text_content()
    notice.locator("button").click()
    selected = tab.locator(f"{SHOWN}.selected")
    selected.wait_for()
    assert selected.get_attribute("data-cell") == CELL and tab.locator("#details").is_visible()
    assert not notice.is_visible()


def test_the_page_links_matrix_md_where_github_renders_it(some):
    reports = "https://github.example/owner/repo/blob/0123abc/reports/"
    assert f'href="{reports}matrix.md"' in page.render(some, CATALOGUE, reports)
    assert 'href="matrix.md"' in page.render(some, CATALOGUE)  # built here: the file beside the page
    assert page.permalinks.report("matrix.md", reports) == reports + "matrix.md"
    assert page.permalinks.report("matrix.md") == "matrix.md"
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert '--reports-url "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/reports/"' in workflow


def luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted([luminance(one), luminance(two)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The unavailable glyph (U+2796) is drawn by the emoji font in its own dark grey (Noto Color Emoji's
# #424242), never in the text's colour.
DASH_GLYPH = "rgb(66, 66, 66)"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_unavailable_glyph_stands_out_of_its_cell(some, show, scheme):
    tab = show(some, scheme=scheme)
    background, ink = tab.locator("span.cell.o-unavailable").evaluate(
        "(span) => [getComputedStyle(span).backgroundColor, getComputedStyle(span).color]"
    )
    if background.startswith("color("):  # color-mix() as Chromium reports it: color(srgb r g b)
        background = "rgb(" + ",".join(str(round(float(x) * 255)) for x in background[11:-1].split()) + ")"
    assert contrast(background, DASH_GLYPH) >= 3
    assert contrast(background, ink) >= 4.5
