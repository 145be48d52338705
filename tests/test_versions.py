"""Version helpers: a ground-floor module of their own, apart from the release table."""

from __future__ import annotations

import ast
import json

import pytest
from conftest import DATA, ROOT, bindings

from tfmatrix.data import csv_rows, records
from tfmatrix.matrix import discover, releases, versions
from tfmatrix.matrix.versions import minor, version_key

PACKAGE = ROOT / "src" / "tfmatrix"
HELPERS = {"minor", "version_key"}
RELEASES = ("releases", "matrix.releases", "tfmatrix.matrix.releases")  # from matrix/, another stage, outside


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("2.16.2", True),
        ("1.15", True),
        ("2", True),
        ("2.16.0rc1", False),  # a pre-release
        ("2.16.2.post1", False),
        ("2..1", False),
        (" 2.16", False),
        ("２.１６", False),  # digits, but not ASCII ones
        ("", False),
        (2.16, False),
        (None, False),
    ],
)
def test_a_valid_version_is_numbers_joined_by_dots(text, valid):
    assert versions.valid(text) is valid


@pytest.mark.parametrize("text", ["2.16.2", "1.15", "2.16.0rc1", "2.16.2.post1", "2..1", "２.１６"])
def test_every_reader_of_a_version_agrees_on_it(text, tmp_path):
    """A record's, a results.csv row's, a --tf choice's and a wheel's version: one definition."""
    record = json.loads(
        (DATA / "records" / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json").read_text()
    )
    record["requested"]["tensorflow"] = text
    path = tmp_path / "results.csv"
    path.write_text(f"backend,env,cell,tensorflow\nvenv,tf-1.12,x,{text}\n", encoding="utf-8")
    wheel = f"tensorflow-{text}-cp37-cp37m-manylinux2010_x86_64.whl"
    try:
        releases.select([text], None, "venv", discover.known(ROOT / "reports"))
        chosen = True
    except releases.SelectionError as exc:
        chosen = "malformed" not in str(exc)
    assert {
        "record": records.shape_problem(record) is None,
        "results.csv": csv_rows.read(path, ["tensorflow"], {})[2] == [],
        "--tf": chosen,
        "wheel": discover.WHEEL.fullmatch(wheel) is not None,
    } == dict.fromkeys(["record", "results.csv", "--tf", "wheel"], versions.valid(text))


def test_minor_drops_the_patch():
    assert [minor("2.16.2"), minor("1.15"), minor("2.0.0rc1")] == ["2.16", "1.15", "2.0"]


def test_versions_sort_numerically():
    assert sorted(["2.10.1", "2.9.3", "1.15.5", "2.16"], key=version_key) == [
        "1.15.5",
        "2.9.3",
        "2.10.1",
        "2.16",
    ]


def test_releases_keeps_no_copy_of_the_helpers():
    """releases.py takes them from versions.py, and binds them no other way (no def, no `minor = ...`)."""
    found = bindings(PACKAGE / "matrix" / "releases.py", HELPERS)
    assert found == {"minor": ["from .versions"], "version_key": ["from .versions"]}


def test_the_binding_check_sees_a_copy(tmp_path):
    (tmp_path / "releases.py").write_text(
        "from .versions import minor\ndef version_key(text):\n    pass\nminor = str.strip\n"
    )
    assert bindings(tmp_path / "releases.py", HELPERS) == {
        "minor": ["from .versions", "="],
        "version_key": ["def"],
    }


def taken_from_releases(path) -> set[str]:
    """The helpers a file takes from releases: `from .releases import minor` or `releases.minor`."""
    taken = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module in RELEASES:
            taken |= {alias.name for alias in node.names} & HELPERS
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "releases"
        ):
            taken |= {node.attr} & HELPERS
    return taken


SOURCES = sorted([*PACKAGE.rglob("*.py"), ROOT / "noxfile.py", *(ROOT / ".github" / "scripts").glob("*.py")])


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_version_helpers_come_from_versions_not_releases(path):
    assert taken_from_releases(path) == set(), (
        f"{path.name}: take minor and version_key from tfmatrix.matrix.versions"
    )


def test_the_check_sees_both_spellings(tmp_path):
    (tmp_path / "a.py").write_text("from .releases import Keras, minor\n")
    (tmp_path / "b.py").write_text("from . import releases\nreleases.version_key('2.9')\n")
    assert [taken_from_releases(tmp_path / name) for name in ("a.py", "b.py")] == [{"minor"}, {"version_key"}]
