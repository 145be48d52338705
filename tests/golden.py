"""Update the tests' golden files on purpose: show how each would change, write it only when asked.

    python tests/golden.py            # each golden file's diff against what the code makes of it now
    python tests/golden.py --write    # write them; review `git diff tests/data`, then commit

No test writes a golden file. test_render holds the renderer to tests/data/matrix.md and checks that
file against the golden records by hand-written logic; test_published holds the published rows of
the article to tests/data/article-rows.csv (but for their noisy fields, `history.NOISY`) and checks
that file against what the article printed.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import sys
from pathlib import Path

from tfmatrix.data import history, records, tidy
from tfmatrix.matrix import catalogue
from tfmatrix.report import render

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def matrix(found: catalogue.Catalogue) -> str:
    """matrix.md as the renderer makes it from the golden records."""
    return render.render(tidy.frame(records.load_all(DATA / "records")[0], found), found)


def lines_by_key(path: Path) -> tuple[str, dict[tuple[str, ...], tuple[dict[str, str], str]]]:
    """A table's header line and, by (backend, env, cell), each row's fields and its line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else [""]
    header = next(csv.reader(lines[:1]), [])
    rows = {}
    for line in lines[1:]:  # a line per row: the article's fields hold no newline
        row = dict(zip(header, next(csv.reader([line]))))
        rows[(row.get("backend", ""), row.get("env", ""), row.get("cell", ""))] = (row, line)
    return lines[0], rows


def article_rows(found: catalogue.Catalogue) -> str:
    """The lines of reports/results.csv that reproduce the article (1.12, graph + session, its own
    call); a line the golden file holds already stays as it is where only its noisy fields moved."""
    header, published = lines_by_key(ROOT / "reports" / "results.csv")
    golden = lines_by_key(DATA / "article-rows.csv")[1]

    def article(row: dict[str, str]) -> bool:
        wanted = (row.get("env"), row.get("mode"), row.get("variant")) == ("tf-1.12", "graph", "default")
        return wanted and found.section_of(row["experiment"]) == catalogue.ARTICLE

    def plain(row: dict[str, str]) -> dict[str, str]:
        return {name: text for name, text in row.items() if name not in history.NOISY}

    kept = []
    for key, (row, line) in published.items():
        if article(row):
            old = golden.get(key)
            kept.append(old[1] if old and plain(old[0]) == plain(row) else line)
    return "".join([header, *kept])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the golden files that differ")
    args = parser.parse_args(argv)
    found = catalogue.load(ROOT / "experiments")
    made = {DATA / "matrix.md": matrix(found), DATA / "article-rows.csv": article_rows(found)}
    differ = False
    for path, text in made.items():
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        name = str(path.relative_to(ROOT))
        diff = difflib.unified_diff(old.splitlines(True), text.splitlines(True), name, f"{name} (now)")
        shown = "".join(diff)
        differ = differ or bool(shown)
        sys.stdout.write(shown or f"{name}: unchanged\n")
        if shown and args.write:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {name}")
    return 1 if differ and not args.write else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
