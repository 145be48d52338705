"""Release discovery: the package index decides the columns, reports/releases.json backs it up."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest
from conftest import KNOWN, ROOT

from tfmatrix.matrix import discover, releases

LINUX = "manylinux_2_17_x86_64.manylinux2014_x86_64"
FILES = [
    ("tensorflow-1.11.0-cp36-cp36m-manylinux1_x86_64.whl", False),  # older than the matrix
    ("tensorflow-1.12.3-cp27-cp27mu-manylinux1_x86_64.whl", False),
    ("tensorflow-1.12.3-cp36-cp36m-manylinux1_x86_64.whl", False),
    ("tensorflow-1.12.3.tar.gz", False),  # an sdist
    ("tensorflow-2.8.4-cp39-cp39-manylinux2010_x86_64.whl", False),
    ("tensorflow-2.8.4-cp310-cp310-manylinux2010_x86_64.whl", False),  # 3.10 is newer than 3.9
    ("tensorflow-2.16.1-cp312-cp312-" + LINUX + ".whl", False),
    ("tensorflow-2.16.2-cp311-cp311-" + LINUX + ".whl", False),
    ("tensorflow-2.16.2-cp312-cp312-" + LINUX + ".whl", False),
    ("tensorflow-2.16.2-cp313-cp313-macosx_12_0_arm64.whl", False),  # no Linux wheel for 3.13
    ("tensorflow-2.16.2-cp313-cp313-win_amd64.whl", False),
    ("tensorflow-2.16.2-cp313-cp313-manylinux_2_17_aarch64.whl", False),
    ("tensorflow-2.16.3-cp312-cp312-" + LINUX + ".whl", True),  # yanked
    ("tensorflow-2.17.0rc1-cp312-cp312-" + LINUX + ".whl", False),
    ("tensorflow-2.17.0.dev20240101-cp312-cp312-" + LINUX + ".whl", False),
    ("tensorflow-2.18.0-cp312-cp312-macosx_12_0_arm64.whl", False),  # macOS only
    ("tensorflow-2.19.0.tar.gz", False),
]
EXPECTED = [("1.12.3", "3.6", ()), ("2.8.4", "3.10", ("3.9",)), ("2.16.2", "3.12", ("3.11",))]


def pep691() -> str:
    files = [{"filename": name, "url": name, "hashes": {}, "yanked": yanked} for name, yanked in FILES]
    return json.dumps({"meta": {"api-version": "1.1"}, "name": "tensorflow", "files": files})


def pep503() -> str:
    anchors = [f'<a href="../../f/{n}#sha256=0"{" data-yanked" if y else ""}>{n}</a><br/>' for n, y in FILES]
    return "<!DOCTYPE html><html><body><h1>Links for tensorflow</h1>" + "\n".join(anchors) + "</body></html>"


@pytest.mark.parametrize(
    ("content_type", "text"), [(discover.ACCEPT.split(",")[0], pep691()), ("text/html", pep503())]
)
def test_newest_patch_per_minor_on_its_newest_linux_cpython(content_type, text):
    assert discover.newest(discover.filenames(content_type, text)) == EXPECTED


class Index(BaseHTTPRequestHandler):
    """A simple-API index on localhost: JSON when asked for it, unless `html_only`."""

    html_only: ClassVar[bool] = False
    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self):
        Index.seen.append({"path": self.path, **self.headers})
        wants_json = "application/vnd.pypi.simple.v1+json" in self.headers["Accept"] and not self.html_only
        body = (pep691() if wants_json else pep503()).encode()
        self.send_response(200 if self.path == "/simple/tensorflow/" else 404)
        self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json" if wants_json else "text/html")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def index():
    server = HTTPServer(("127.0.0.1", 0), Index)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Index.seen.clear()
    yield f"http://127.0.0.1:{server.server_port}/simple/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("html_only", [False, True])
def test_discover_asks_for_pep691_and_reads_either_answer(index, html_only, monkeypatch):
    monkeypatch.setattr(Index, "html_only", html_only)
    assert discover.discover(index) == EXPECTED
    assert Index.seen[0]["Accept"] == discover.ACCEPT and Index.seen[0]["path"] == "/simple/tensorflow/"


def test_credentials_in_the_index_url_become_basic_auth_and_never_reach_the_file(index, tmp_path):
    url = index.replace("http://", "http://me:s%40cret@")
    assert discover.discover(url) == EXPECTED
    assert Index.seen[0]["Authorization"] == "Basic bWU6c0BjcmV0"  # me:s@cret
    discover.save(tmp_path / "releases.json", url, EXPECTED)
    assert "cret" not in (tmp_path / "releases.json").read_text()


@pytest.fixture
def no_index_variables(monkeypatch):
    for name in discover.INDEX_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_index_url_defaults_to_pips_own(no_index_variables, monkeypatch):
    monkeypatch.setattr(discover, "_pip_config", lambda key: "")
    assert discover.index_url() == "https://pypi.org/simple"


def test_index_url_follows_uv_then_pip_settings(no_index_variables, monkeypatch, tmp_path):
    (tmp_path / "pip.conf").write_text("[global]\nindex-url = https://mirror.example/simple\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(tmp_path / "pip.conf"))
    assert discover.index_url() == "https://mirror.example/simple"
    monkeypatch.setenv("PIP_INDEX_URL", "https://pip.example/simple")
    assert discover.index_url() == "https://pip.example/simple"
    monkeypatch.setenv("UV_DEFAULT_INDEX", "https://uv.example/simple")
    assert discover.index_url() == "https://uv.example/simple"


def real_index() -> list[tuple[str, str, tuple[str, ...]]]:
    """What the package index this machine's installers use lists; the test skips, saying why, where
    it cannot be asked (strict mode, as in CI, makes that a failure)."""
    if os.environ.get(discover.OFFLINE) == "1":
        pytest.skip(f"{discover.OFFLINE}=1 forbids asking the package index")
    try:
        return discover.discover(discover.index_url())
    except discover.IndexUnreachable as exc:
        pytest.skip(f"cannot reach the package index ({exc}): deselect with `-m 'not network'`")


@pytest.mark.network
def test_the_real_index_has_every_known_release():
    found = {version: (python, others) for version, python, others in real_index()}
    assert KNOWN
    for release in KNOWN:
        newest = next(version for version in found if version.startswith(f"{release.minor}."))
        assert found[newest] == (release.python, release.others), release
        assert tuple(map(int, newest.split("."))) >= tuple(map(int, release.version.split(".")))


def test_a_test_not_marked_network_never_reaches_the_real_index(index):
    """conftest fails a test that would ask a package index off this machine (`matrix` without
    `--offline`, say); the index a test serves itself on localhost stays allowed."""
    with pytest.raises(pytest.fail.Exception, match=r"asked the package index https://pypi\.org/simple"):
        discover.discover("https://pypi.org/simple")
    assert discover.discover(index) == EXPECTED


def test_unreachable_index_falls_back_to_the_committed_list(no_index_variables, monkeypatch, capsys):
    monkeypatch.delenv(discover.OFFLINE, raising=False)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")  # a closed port
    known = ROOT / "reports" / discover.KNOWN
    before = (known.read_bytes(), known.stat().st_mtime_ns)
    assert discover.releases(refresh=True, reports=ROOT / "reports") == KNOWN
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("tfmatrix: cannot reach the package index (")
    assert f"using the last known list of {len(KNOWN)} releases from {known}" in error
    assert (known.read_bytes(), known.stat().st_mtime_ns) == before


@pytest.fixture
def new_minor(no_index_variables, monkeypatch):
    """The index as it will look once 2.22 and a 2.11 patch are out."""
    listed = [(r.version, r.python, r.others) for r in KNOWN if r.minor != "2.11"]
    listed = sorted(
        [*listed, ("2.11.2", "3.10", ("3.9",)), ("2.22.0", "3.13", ("3.12",))],
        key=lambda v: [int(n) for n in v[0].split(".")],
    )
    monkeypatch.setattr(discover, "discover", lambda index: listed)
    monkeypatch.setenv("PIP_INDEX_URL", "https://pypi.example/simple")
    monkeypatch.delenv(discover.OFFLINE, raising=False)


def test_a_new_minor_gets_environments_without_pins(new_minor, tmp_path):
    (tmp_path / "reports").mkdir()
    known = discover.releases(refresh=True, reports=tmp_path / "reports")
    envs = {env.id: env for env in releases.environments(known)}
    assert envs["tf-2.22-keras3"].requirements == ["tensorflow==2.22.0"]
    assert envs["tf-2.22-tf_keras"].requirements == ["tensorflow==2.22.0", "tf-keras==2.22.*"]
    assert envs["tf-2.11"].requirements == ["tensorflow==2.11.2", "numpy<2"]  # a new patch keeps its pins
    assert [env.id for env in releases.select(["2.22"], None, "auto", known)] == [
        "tf-2.22-keras3",
        "tf-2.22-tf_keras",
    ]
    with pytest.raises(
        releases.SelectionError, match=r"unknown release '9\.9'; the matrix has 1\.12\.3, .*2\.22\.0"
    ):
        releases.select(["9.9"], None, "auto", known)
    with pytest.raises(releases.SelectionError, match=r"unknown release '2\.22'"):
        releases.select(["2.22"], None, "auto", KNOWN)  # the committed list does not have it yet


def test_asking_the_index_again_replaces_a_corrupt_list(new_minor, tmp_path, capsys):
    """The fix the unreadable list's message names (`nox -s releases`) works, and says so."""
    path = tmp_path / "reports" / "releases.json"
    path.parent.mkdir()
    path.write_text("{", encoding="utf-8")
    known = discover.releases(refresh=True, reports=tmp_path / "reports")
    assert known[-1].version == "2.22.0"
    assert discover.known(tmp_path / "reports") == known
    assert capsys.readouterr().err == (
        f"tfmatrix: the release list {path} cannot be read (Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1)); the package index's list replaces it\n"
    )


def test_discovery_rewrites_the_list_deterministically(new_minor, tmp_path):
    (tmp_path / "reports").mkdir()
    known = discover.releases(refresh=True, reports=tmp_path / "reports")
    text = (tmp_path / "reports" / "releases.json").read_text()
    data = json.loads(text)
    assert text.endswith("}\n") and text == json.dumps(data, indent=2, sort_keys=True) + "\n"
    assert next(iter(data)) == "generated_by" and data["source"] == "https://pypi.example/simple"
    assert discover.load(tmp_path / "reports" / "releases.json") == known
    assert discover.releases(refresh=False, reports=tmp_path / "reports") == known


def test_offline_or_a_root_without_reports_changes_nothing(new_minor, tmp_path, monkeypatch):
    assert discover.releases(refresh=True, reports=tmp_path / "reports")[-1].version == "2.22.0"
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv(discover.OFFLINE, "1")
    assert discover.releases(refresh=True, reports=tmp_path / "reports") == KNOWN


def test_a_release_gone_from_the_index_keeps_its_column():
    known = releases.build([("1.12.3", "3.6", ()), ("2.15.1", "3.11", ("3.10",))])
    assert discover.merged(known, [("2.15.2", "3.11", ("3.10", "3.9")), ("2.22.0", "3.13", ())]) == [
        ("1.12.3", "3.6", ()),
        ("2.15.2", "3.11", ("3.10", "3.9")),
        ("2.22.0", "3.13", ()),
    ]


def test_the_known_list_is_the_folders_own_else_the_checkouts(tmp_path):
    assert discover.known(ROOT / "reports") == KNOWN and KNOWN[0].minor == "1.12"
    assert discover.known(tmp_path / "reports") == KNOWN  # a root with no list of its own
    (tmp_path / "releases.json").write_text('{"releases": [{"version": "2.11.1", "python": "3.10"}]}')
    [release] = discover.known(tmp_path)
    assert (release.version, release.python, release.others) == ("2.11.1", "3.10", ())
    assert release.pins == releases.PINS["2.11"]


@pytest.mark.parametrize("text", ["{", '{"list": []}', '{"releases": [{"version": "2.11.1"}]}'])
def test_an_unreadable_list_names_the_file_and_the_fix(tmp_path, text):
    (tmp_path / "releases.json").write_text(text)
    fix = r"restore it with `git checkout .*releases\.json` or ask the package index for it again with `nox -s releases`"
    with pytest.raises(discover.ReleaseListError, match=fix):
        discover.known(tmp_path)
