"""Addresses of one row or cell: on the web page (reports/index.html, whose links.js reads and writes
the same fragment), and in the Markdown reports, where github.com shows them rendered."""

from __future__ import annotations

from urllib.parse import quote

PAGE = "index.html"
ROWS = "every-release.md"  # the one Markdown report with every row and every release: rows are anchored there
# The repository's GitHub Pages deployments, which name the live page's address: github.com resolves a
# relative link past blob/<branch>/ to the repository's own pages, so a fork's links name its own site.
DEPLOYMENTS = "deployments/github-pages"


def permalink(mode: str | None = None, cell: str | None = None, env: str | None = None) -> str:
    """The link that opens index.html on one mode's tables, one release's column (env), one row (cell)
    or one cell's panel (cell and env)."""
    parts = [("mode", mode)]
    if cell:
        parts.append(("cell", f"{env}/{cell}") if env else ("row", cell))
    else:
        parts.append(("release", env))
    return f"{PAGE}#" + "&".join(f"{key}={quote(text, safe='/,+')}" for key, text in parts if text)


def anchor(cell: str) -> str:
    """The id of a cell id's row in every-release.md (GitHub keeps it, prefixed, and resolves #row-…)."""
    return f"row-{cell}"


def row(cell: str, to: str = ROWS) -> str:
    """The link to a cell id's row in every-release.md, `to` being the way there from the linking file:
    "every-release.md" from beside it, "reports/every-release.md" from README.md, "" from inside it."""
    return f"{to}#{anchor(cell)}"


def site(depth: int) -> str:
    """The link to the GitHub Pages deployments from a Markdown file `depth` folders below the
    repository's root: up past the file's folders and blob/<branch>/."""
    return "../" * (depth + 2) + DEPLOYMENTS
