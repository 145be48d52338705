"""Addresses on the web page (reports/index.html) that open one mode, release, row or cell, from any
report; the page's links.js reads and writes the same fragment."""

from __future__ import annotations

from urllib.parse import quote

PAGE = "index.html"


def permalink(mode: str | None = None, cell: str | None = None, env: str | None = None) -> str:
    """The link that opens index.html on one mode's tables, one release's column (env), one row (cell)
    or one cell's panel (cell and env)."""
    parts = [("mode", mode)]
    if cell:
        parts.append(("cell", f"{env}/{cell}") if env else ("row", cell))
    else:
        parts.append(("release", env))
    return f"{PAGE}#" + "&".join(f"{key}={quote(text, safe='/,+')}" for key, text in parts if text)


def row(cell: str) -> str:
    """The row of a cell id (script.data.mode.variant): one row of one mode's table."""
    return permalink(cell=cell)
