"""Fixtures of the page's tests: the tables they draw and a real headless Chromium that opens them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import CATALOGUE, ROOT

from tfmatrix.data import records, results_csv, tidy
from tfmatrix.matrix.discover import OFFLINE
from tfmatrix.report import page

CHROMIUM = Path("/usr/bin/chromium")
# Debian's chromium, never a browser playwright downloads; nothing may reach the network.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The page keeps a table's rows and hides those the filters leave out, and the tables of modes left out.
SHOWN = "main section:not([hidden]) tr:not([hidden]) > td.cell"
HEADS = "main section:not([hidden]) thead th.env"
WIDE, PHONE = (1400, 900), (390, 844)
NODE = ROOT / ".nox" / "node"  # where the axe fixture installs axe-core from npm
AXE_INSTALL = f"npm install --no-save --no-audit --no-fund --prefix {NODE} axe-core@4"


@pytest.fixture
def table(golden_results: Path) -> pd.DataFrame:
    return tidy.frame(records.load_all(golden_results)[0], CATALOGUE)


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    table = results_csv.read_csv(ROOT / "reports" / "results.csv", CATALOGUE)
    if table.empty:
        pytest.skip("no reports/results.csv: run `nox -s matrix`")
    return table


@pytest.fixture
def some(published) -> pd.DataFrame:
    """Every mode and variant of four published environments, docker rows included where run."""
    return published[published["env"].isin(["tf-1.12", "tf-1.13", "tf-2.16-keras3", "tf-2.16-tf_keras"])]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no {CHROMIUM}: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="no playwright: pip install playwright")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def show(browser, tmp_path: Path):
    """Open the page of a table from file://, at a viewport and with a fragment (a permalink's);
    no console or page error may happen on it."""
    opened = []

    def show(
        table: pd.DataFrame,
        every: bool = False,
        viewport: tuple[int, int] = WIDE,
        fragment: str = "",
        scheme: str = "light",
    ):
        path = tmp_path / "index.html"
        path.write_text(page.render(table, CATALOGUE), encoding="utf-8")
        width, height = viewport
        tab = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
        problems: list[str] = []
        tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: problems.append(str(error)))
        opened.append((tab, problems))
        tab.goto(path.as_uri() + fragment)
        settled(tab)
        if every:
            tab.check("input[name=view][value=every]")
            settled(tab)
        return tab

    yield show
    for tab, _ in opened:
        tab.close()
    assert [problem for _, problems in opened for problem in problems] == []


@pytest.fixture(scope="session")
def axe() -> Path:
    """axe-core's axe.min.js: under $TFMATRIX_AXE, else under .nox/node, installed there by npm if need
    be (the network, which the tests that use it are marked for; none under TFMATRIX_OFFLINE=1)."""
    folder = os.environ.get("TFMATRIX_AXE")
    found = sorted(Path(folder).rglob("axe.min.js")) if folder else []
    script = found[0] if found else NODE / "node_modules" / "axe-core" / "axe.min.js"
    why = "no axe-core"
    if not script.exists() and not folder and shutil.which("npm") and os.environ.get(OFFLINE) != "1":
        done = subprocess.run(AXE_INSTALL.split(), capture_output=True, text=True, timeout=300)
        why = f"npm could not install axe-core ({done.stderr.strip()[-300:]})" if done.returncode else why
    if not script.exists():
        pytest.skip(f"{why}: `{AXE_INSTALL}` (or set TFMATRIX_AXE to a folder holding axe.min.js)")
    return script


def settled(tab) -> None:
    """Wait until every table of the view is drawn: the first shows at once, the others after it."""
    tab.wait_for_selector("main:not([aria-busy])", state="attached")


def only(tab, name: str, value: str) -> None:
    """Keep one checkbox of a filter group checked, and wait for the view to be drawn."""
    for box in tab.locator(f"input[name={name}]").all():
        box.set_checked(box.get_attribute("value") == value)
    settled(tab)


def inside(box: dict[str, float], viewport: tuple[int, int]) -> bool:
    """Whether a bounding box lies wholly within the viewport, nothing scrolled."""
    width, height = viewport
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and box["y"] + box["height"] <= height
    )
