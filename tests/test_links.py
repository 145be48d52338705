"""Every link of README.md and reports/*.md opens something readable on github.com.

github.com shows a Markdown file rendered, and resolves a relative link against the file's own
address, https://github.com/<owner>/<repo>/blob/<branch>/<path>: to a file of the branch (shown
rendered, or as text, but an HTML file as its source), to an anchor (a heading's slug or an explicit
id, kept as user-content-<id>), or, past blob/<branch>/, to a page of the repository itself. The
links are read from the HTML of GitHub's own Markdown engine, cmark-gfm.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from functools import cache
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT

pytestmark = pytest.mark.published  # the links the committed reports and README hold

cmarkgfm = pytest.importorskip("cmarkgfm", reason="no cmarkgfm: pip install cmarkgfm")
from cmarkgfm.cmark import Options  # noqa: E402

PAGES = ["README.md", *sorted(f"reports/{path.name}" for path in (ROOT / "reports").glob("*.md"))]
# Pages of the repository a relative link may open past blob/<branch>/: the GitHub Pages
# deployments name the live page's address, https://<owner>.github.io/<repo>/, of whichever fork; the
# settings a fork's weekly run needs; a workflow's runs, with its "Run workflow" button.
REPOSITORY_PAGES = {"deployments/github-pages", "settings/actions", "settings/pages"}
WORKFLOW_RUNS = "actions/workflows/"
SOURCE_SHOWN = (".html", ".htm")  # github.com shows these files' source, not the page
RENDERED = 500 * 1024  # github.com renders a Markdown file's first 500 KiB: an anchor past them is lost
LINE = re.compile(r"L\d+(-L\d+)?")  # a line anchor of a file github.com shows as code


class Found(HTMLParser):
    """The links a reader clicks (a href, and img src: GitHub links each image to itself) and the
    anchors a fragment can reach: explicit ids and names, and each heading's slug."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.anchors: set[str] = set()
        self.heading: list[str] | None = None
        self.slugs: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.anchors.update(attrs[name] for name in ("id", "name") if attrs.get(name))
        link = attrs.get("href") if tag == "a" else attrs.get("src") if tag == "img" else None
        if link is not None:
            self.links.append(link)
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = []

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            self.anchors.add(self.slug("".join(self.heading)))
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)

    def slug(self, text: str) -> str:
        """GitHub's anchor for a heading: lower case, all but letters, digits, spaces, hyphens and
        underscores dropped, spaces as hyphens; a repeated one numbered -1, -2, ..."""
        slug = "".join(ch for ch in text.strip().lower() if ch.isalnum() or ch in " -_").replace(" ", "-")
        seen = self.slugs.get(slug, 0)
        self.slugs[slug] = seen + 1
        return f"{slug}-{seen}" if seen else slug


@cache
def found(name: str) -> Found:
    text = (ROOT / name).read_text(encoding="utf-8")
    parsed = Found()
    # GitHub renders raw HTML, then sanitises it; an id or name survives, prefixed, and links follow it.
    parsed.feed(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))
    return parsed


# What github.com shows: the files git keeps (and new ones not ignored), never an ignored file built here
# such as reports/index.html.
IN_REPOSITORY = frozenset(
    subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
)  # fmt: skip


def served(source: str, link: str) -> str | None:
    """Why github.com would not open `link` of the file `source` as something readable; None if it would."""
    parts = urlsplit(link)
    if parts.scheme:
        return absolute(parts.scheme, parts.hostname or "")
    fragment = unquote(parts.fragment)
    if not parts.path:
        return None if fragment in found(source).anchors else f"no anchor #{fragment} in {source}"
    path = unquote(parts.path)
    target = posixpath.normpath(
        path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(source), path)
    )
    if target.startswith("../"):
        return repository_page(target)
    return in_branch(target, fragment)


def absolute(scheme: str, host: str) -> str | None:
    if scheme not in ("https", "http", "mailto"):
        return f"a {scheme}: link"
    if host.endswith(".github.io"):
        return "a GitHub Pages address written out, which a fork would keep: link its deployments instead"
    return None


def repository_page(target: str) -> str | None:
    """A link past the branch's root: up two folders, blob/<branch>/, github.com opens a page of the repository."""
    ups = target.count("../")
    rest = target.replace("../", "")
    if ups == 2 and rest.startswith(WORKFLOW_RUNS):
        name = rest.removeprefix(WORKFLOW_RUNS)
        return None if (ROOT / ".github" / "workflows" / name).is_file() else f"no workflow {name}"
    if ups == 2 and rest in REPOSITORY_PAGES:
        return None
    where = ["<owner>", "<repo>", "blob", "<branch>"]
    where = "/".join([*where[: max(len(where) - ups, 0)], rest])
    return f"github.com resolves it to github.com/{where}, not one of {sorted(REPOSITORY_PAGES)}"


def in_branch(target: str, fragment: str) -> str | None:
    """A file or folder of the branch: it must exist, be shown readably, and hold the fragment."""
    path = ROOT / target
    if path.suffix in SOURCE_SHOWN:
        return (
            f"github.com shows {target} as HTML source, not as a page: link a rendered Markdown anchor, "
            "or the GitHub Pages deployments"
        )
    if target not in IN_REPOSITORY and not any(name.startswith(f"{target}/") for name in IN_REPOSITORY):
        return f"no {target} in the repository"
    if not fragment or (path.suffix != ".md" and LINE.fullmatch(fragment)):
        return None
    if path.suffix != ".md":
        return f"#{fragment} on {target}, which github.com does not render"
    if path.stat().st_size > RENDERED:
        return f"{target} is over the {RENDERED // 1024} KiB github.com renders"
    return None if fragment in found(target).anchors else f"no anchor #{fragment} in {target}"


@pytest.mark.parametrize("name", PAGES)
def test_every_link_opens_something_readable_on_github(name):
    problems = [f"{name}: ({link}) {why}" for link in found(name).links if (why := served(name, link))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "link", "problem"),
    [
        ("README.md", "reports/index.html", "github.com shows reports/index.html as HTML source"),
        ("README.md", "reports/index.html#row=tf_layers.positive.graph.default", "as HTML source"),
        ("reports/matrix.md", "index.html", "github.com shows reports/index.html as HTML source"),
        ("README.md", "reports/matrix.md", None),
        ("README.md", "reports/results.csv", None),
        ("README.md", "reports/heatmap.svg", None),
        ("README.md", "#interpreters", None),
        ("README.md", "#nowhere", "no anchor #nowhere in README.md"),
        ("README.md", "reports/every-release-graph.md#row-tf_layers.positive.graph.default", None),
        ("README.md", "reports/every-release.md#row-tf_layers.positive.graph.default", None),
        ("reports/matrix.md", "every-release-graph.md#row-tf_layers.positive+negative.graph.default", None),
        ("reports/matrix.md", "every-release.md#row-nope", "no anchor #row-nope in reports/every-release.md"),
        ("reports/matrix.md", "#what-does-my-code-do", None),
        ("reports/matrix.md", "../README.md#reading-the-reports", None),
        ("reports/matrix.md", "missing.md", "no reports/missing.md in the repository"),
        ("README.md", "../../deployments/github-pages", None),
        ("reports/matrix.md", "../../../deployments/github-pages", None),
        (
            "reports/matrix.md",
            "../../deployments/github-pages",
            "github.com/<owner>/<repo>/blob/deployments/",
        ),
        ("README.md", "../../../elsewhere", "github.com/<owner>/elsewhere, not one of"),
        ("README.md", "../../issues", "github.com/<owner>/<repo>/issues, not one of"),
        ("README.md", "../../actions/workflows/matrix.yml", None),
        ("README.md", "../../actions/workflows/nightly.yml", "no workflow nightly.yml"),
        ("README.md", "https://example.org/x.html", None),
        ("README.md", "https://someone.github.io/tfmatrix/", "a GitHub Pages address written out"),
        ("README.md", "javascript:alert(1)", "a javascript: link"),
    ],
)
def test_a_link_is_mapped_to_what_github_shows(source, link, problem):
    why = served(source, link)
    assert why is None if problem is None else problem in (why or ""), why


def test_an_anchor_past_what_github_renders_is_lost(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "RENDERED", 1024)
    assert served("README.md", "reports/matrix.md#what-does-my-code-do") == (
        "reports/matrix.md is over the 1 KiB github.com renders"
    )
