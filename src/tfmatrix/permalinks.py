"""Addresses on the web page (reports/index.html) that open one row or one cell, from any report."""

from __future__ import annotations

PAGE = "index.html"


def row(cell: str) -> str:
    """The row of a cell id (script.data.mode.variant): one row of one mode's table."""
    return f"{PAGE}#row={cell}"


def cell(env: str, cell_id: str) -> str:
    """One cell of one environment, its evidence panel open."""
    return f"{PAGE}#cell={env}/{cell_id}"
