"""Addresses of one row or cell: on the web page (reports/index.html, whose links.js reads and writes
the same fragment), and in the Markdown reports, where github.com shows them rendered."""

from __future__ import annotations

from urllib.parse import quote

PAGE = "index.html"
ROWS = (
    "every-release.md"  # every release, one column each: the answer, the behaviours and an index of the rows
)
# Its tables, one file per mode so that no file's diff outgrows what a pull request shows when a
# release adds a column to every table: a cell's row is anchored in its mode's file.
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
    """The id of a cell id's row (GitHub keeps it, prefixed, and resolves #row-…)."""
    return f"row-{cell}"


def rows_file(mode: str) -> str:
    """The every-release file of one mode's tables."""
    return f"every-release-{mode}.md"


def mode_of(cell: str) -> str:
    """A cell id's mode: `<script>.<data>.<mode>.<variant>`."""
    return cell.rsplit(".", 2)[1]


def row(cell: str, folder: str = "") -> str:
    """The link to a cell id's row in its mode's every-release file, `folder` being the way to
    reports/ from the linking file: "" from beside it, "reports/" from README.md."""
    return f"{folder}{rows_file(mode_of(cell))}#{anchor(cell)}"


def report(name: str, reports_url: str = "") -> str:
    """The link from index.html to a report beside it: under reports_url, reports/ on github.com
    (the Pages workflow names it from the run: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/
    reports/), where github.com renders it; else the file itself."""
    return f"{reports_url.rstrip('/')}/{name}" if reports_url else name


def site(depth: int) -> str:
    """The link to the GitHub Pages deployments from a Markdown file `depth` folders below the
    repository's root: up past the file's folders and blob/<branch>/."""
    return "../" * (depth + 2) + DEPLOYMENTS
