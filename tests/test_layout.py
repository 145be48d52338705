"""The layout is the architecture: one sub-package per stage, and imports that run one way."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "tfmatrix"
# Each stage and the stages it may import: report -> data -> matrix, run -> data -> matrix.
MAY_IMPORT = {
    "matrix": {"matrix"},
    "data": {"data", "matrix"},
    "run": {"run", "data", "matrix"},
    "report": {"report", "data", "matrix"},
}
TOP = {"__init__.py", "__main__.py", "cli.py", "cli_matrix.py", "cli_parser.py"}  # the command line, on top
PRESENTS = "report"  # the one stage that decides how things look: glyphs, colours, markup


def imported(path: Path, package: Path) -> list[tuple[int, str]]:
    """Every tfmatrix module a file imports, as (line, dotted name below tfmatrix), lazy imports included."""
    here = path.relative_to(package).parent.parts  # the file's package, below tfmatrix
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[: len(here) - node.level + 1] if node.level > 1 else here
            stem = (*base, *(node.module or "").split(".")) if node.module else base
            found += [(node.lineno, ".".join(filter(None, (*stem, alias.name)))) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tfmatrix":
            stem = node.module.split(".")[1:]
            found += [(node.lineno, ".".join((*stem, alias.name))) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name.partition(".")[2])
                for alias in node.names
                if alias.name.startswith("tfmatrix.")
            ]
    return found


def exists(name: str, package: Path) -> bool:
    """Whether a dotted name below tfmatrix is a module, a package, or a name a module defines."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        path = package.joinpath(*parts[:cut])
        if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
            return cut == len(parts) or parts[cut] in defined(path, parts[cut:])
    return False


def defined(path: Path, rest: list[str]) -> set[str]:
    """The top-level names of a module (a package's `__init__.py`), for `from module import name`."""
    source = path.with_suffix(".py") if path.with_suffix(".py").is_file() else path / "__init__.py"
    names = set()
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {
                name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)
            }
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names if len(rest) == 1 else set()


def wrong_way(path: Path, package: Path = PACKAGE) -> list[str]:
    """The imports of one module that go against the stages, or name nothing that exists."""
    parts = path.relative_to(package).parts
    if len(parts) == 1:
        if path.name in TOP:
            return [
                f"line {line}: {name} does not exist"
                for line, name in imported(path, package)
                if not exists(name, package)
            ]
        return [
            f"{path.name} sits at the top: move it into the sub-package of its stage ({', '.join(MAY_IMPORT)})"
        ]
    stage = parts[0]
    if stage not in MAY_IMPORT:
        return [f"{stage}/ is no stage of the layout ({', '.join(MAY_IMPORT)})"]
    problems = []
    for line, name in imported(path, package):
        if not exists(name, package):
            problems.append(f"line {line}: {name} does not exist")
        elif name.split(".")[0] not in MAY_IMPORT[stage]:
            problems.append(
                f"line {line}: {stage} imports {name}; {stage} may import only {sorted(MAY_IMPORT[stage])}"
            )
    return problems


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_every_import_runs_one_way(path):
    assert wrong_way(path) == []


@pytest.mark.parametrize("stage", sorted(MAY_IMPORT))
def test_every_stage_says_what_it_owns_and_may_import(stage):
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "import" in doc, f"{stage}/__init__.py: a docstring saying what it owns and may import"


def test_the_stages_are_the_sub_packages():
    folders = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert folders == set(MAY_IMPORT)
    stages = [path.relative_to(PACKAGE).parts[0] for path in SOURCES if path.name != "__init__.py"]
    assert all(stages.count(stage) > 1 for stage in MAY_IMPORT)  # a room each, not a name on a door


def test_the_check_sees_each_spelling(tmp_path):
    package = tmp_path / "tfmatrix"
    for stage in ("matrix", "data", "report"):
        (package / stage).mkdir(parents=True)
        (package / stage / "__init__.py").write_text('"""A stage."""\n')
    (package / "matrix" / "outcome.py").write_text("LOOKS = 1\n")
    (package / "data" / "tidy.py").write_text("from ..matrix.outcome import LOOKS\n")
    (package / "report" / "render.py").write_text("X = 1\n")
    (package / "matrix" / "bad.py").write_text(
        "from ..data import tidy\nfrom ..data.tidy import LOOKS\ndef f():\n    from tfmatrix.report import render\n"
    )
    (package / "data" / "gone.py").write_text(
        "from .stable import STABLE\nfrom ..matrix.outcome import GONE\n"
    )
    (package / "stray.py").write_text("X = 1\n")
    assert wrong_way(package / "data" / "tidy.py", package) == []
    assert wrong_way(package / "matrix" / "bad.py", package) == [
        "line 1: matrix imports data.tidy; matrix may import only ['matrix']",
        "line 2: matrix imports data.tidy.LOOKS; matrix may import only ['matrix']",
        "line 4: matrix imports report.render; matrix may import only ['matrix']",
    ]
    assert wrong_way(package / "data" / "gone.py", package) == [
        "line 1: data.stable.STABLE does not exist",
        "line 2: matrix.outcome.GONE does not exist",
    ]
    assert wrong_way(package / "stray.py", package) == [
        "stray.py sits at the top: move it into the sub-package of its stage (matrix, data, run, report)"
    ]


# Where text names a file of the package: docs, the Dockerfile, comments and docstrings.
NAMING = ["README.md", "docker/*", "noxfile.py", "experiments/*.py", "src/**/*.py"]
NAMED = re.compile(r"src/tfmatrix/[\w/]+\.py")
# Named by a file whose every byte is in each cell's inputs digest: mending the words re-runs the
# whole matrix, so they wait for the file's next real change.
STALE = {("experiments/_records.py", "src/tfmatrix/_records.py")}


def test_every_file_of_the_package_that_text_names_exists():
    named = {
        (str(path.relative_to(ROOT)), name)
        for pattern in NAMING
        for path in sorted(ROOT.glob(pattern))
        if not path.is_symlink()  # data/_records.py: experiments/_records.py, under another name
        for name in NAMED.findall(path.read_text(encoding="utf-8"))
    }
    assert len(named) > 3
    assert sorted(pair for pair in named - STALE if not (ROOT / pair[1]).is_file()) == []
    assert all(not (ROOT / name).is_file() for _, name in STALE), "mended: drop it from STALE"


# What presentation looks like in a string: markup, Markdown, a glyph, a colour, SVG path data.
ELEMENTS = "a b br code div defs details em g i img li p path pattern rect script span strong style sub sup"
ELEMENTS += " summary svg table td text th title tr ul"
MARKUP = re.compile(rf"<!--|</?(?:{'|'.join(ELEMENTS.split())})\b[^<>]*>", re.IGNORECASE)
MARKDOWN = re.compile(r"^\s*\|.*\|\s*$|\|\s*:?-{2,}|^#{1,6} |\]\(|\*\*\S", re.MULTILINE)
COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
PATH_DATA = re.compile(r"[Mm]\s*[-\d.]+[\s,]*[-\d.]+(?:\s*[AaCcHhLlMmQqVvZz][-\d.\s,]*)+")


def presentation(text: str) -> str:
    """What presentation a string holds: markup, Markdown, a glyph, a colour or SVG path data ('' none)."""
    kinds = {
        "markup": MARKUP.search(text),
        "Markdown": MARKDOWN.search(text),
        "a glyph": any(unicodedata.category(c) == "So" or c == "\ufe0f" for c in text),
        "a colour": COLOUR.fullmatch(text.strip()),
        "SVG path data": PATH_DATA.fullmatch(text.strip()),
    }
    return ", ".join(kind for kind, found in kinds.items() if found)


def strings(tree: ast.AST) -> list[tuple[int, str]]:
    """The module's string literals but its docstrings, an f-string whole (`{}` for each value)."""
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))  # a docstring, when it is a string
        if isinstance(node, ast.JoinedStr):
            skipped |= {id(part) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [part.value if isinstance(part, ast.Constant) else "{}" for part in node.values]
            found.append((node.lineno, "".join(parts)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            found.append((node.lineno, node.value))
    return found


def presented(path: Path, package: Path = PACKAGE) -> list[str]:
    """The strings of a module outside report/ that present something report/ should decide."""
    if path.relative_to(package).parts[0] == PRESENTS:
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"line {line}: {kind}: {text[:60]!r}" for line, text in strings(tree) if (kind := presentation(text))
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_only_report_decides_how_things_look(path):
    assert presented(path) == [], f"move it to {PRESENTS}/ and feed it plain data"


def test_the_presentation_check_sees_each_kind(tmp_path):
    package = tmp_path / "tfmatrix"
    for stage in ("data", "report"):
        (package / stage).mkdir(parents=True)
    (package / "data" / "shown.py").write_text(
        '"""A docstring may say <br>, | a | b |, ✅ and #2e9e44."""\n'
        'LABEL = f"{SPAN}<br>{KERAS}"\n'
        'ROW = f"| `{env}` | {cell} |"\n'
        'RULE = "|:--|:--|"\n'
        'GLYPH = "⚠️"\n'
        'FILL = "#2e9e44"\n'
        'MARK = "M2.5 1.5L6.5 5.5M6.5 1.5L2.5 5.5"\n'
        'LINK = f"[{cell}]({link})"\n'
        'PLAIN = "re-run it with `nox -s matrix -- --tf <release>` at <checkout>: 2.16–2.17 × 2"\n'
        'WHEEL = r"tensorflow-(?P<version>[0-9.]+)-cp"\n'
    )
    (package / "report" / "drawn.py").write_text('GLYPH = "✅"\n')
    assert presented(package / "report" / "drawn.py", package) == []
    assert [line.split(":")[1].strip() for line in presented(package / "data" / "shown.py", package)] == [
        "markup",
        "Markdown",
        "Markdown",
        "a glyph",
        "a colour",
        "SVG path data",
        "Markdown",
    ]
