from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tfmatrix.run import interpreters

VERSION = "{}.{}".format(*sys.version_info[:2])
UV = shutil.which("uv")  # before any test empties PATH


@pytest.fixture
def fake_pyenv(tmp_path, monkeypatch):
    """A pyenv root whose only install links to the interpreter running the tests."""
    root = tmp_path / "pyenv"
    for patch in ("1", "12"):
        bin_dir = root / "versions" / f"{VERSION}.{patch}" / "bin"
        bin_dir.mkdir(parents=True)
        (bin_dir / f"python{VERSION}").symlink_to(sys.executable)
    monkeypatch.setenv("PYENV_ROOT", str(root))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    return root


def test_finds_the_newest_pyenv_patch(fake_pyenv):
    expected = fake_pyenv / "versions" / f"{VERSION}.12" / "bin" / f"python{VERSION}"
    assert interpreters.find(VERSION) == expected


def test_a_wrong_version_is_not_accepted(fake_pyenv):
    impostor = fake_pyenv / "versions" / "3.99.0" / "bin"
    impostor.mkdir(parents=True)
    (impostor / "python3.99").symlink_to(sys.executable)
    with pytest.raises(interpreters.InterpreterNotFound):
        interpreters.find("3.99")


@pytest.fixture
def with_uv(tmp_path, fake_pyenv, monkeypatch):
    """uv on an otherwise empty PATH, with no managed Pythons and downloads from a closed port."""
    if UV is None:
        pytest.skip("uv is not installed: `nox -s tests` installs it")
    bin_dir = tmp_path / "uv-bin"
    bin_dir.mkdir()
    (bin_dir / "uv").symlink_to(UV)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("UV_PYTHON_INSTALL_DIR", str(tmp_path / "uv-pythons"))
    monkeypatch.setenv("UV_PYTHON_INSTALL_MIRROR", "http://127.0.0.1:9")  # nothing listens there


def test_the_published_python_comes_first(with_uv):
    assert interpreters.choose((VERSION, "3.99")) == interpreters.Choice(VERSION)


def test_another_python_the_release_has_wheels_for_is_used_and_said(with_uv):
    choice = interpreters.choose(("3.99", VERSION))
    assert choice == interpreters.Choice(VERSION, f"Python 3.99 not found; using {VERSION}")


@pytest.mark.parametrize("version", ["3.6", "3.7"])
def test_pythons_uv_cannot_download_suggest_pyenv_and_never_uv(with_uv, version):
    assert not interpreters.uv_offers(version)
    with pytest.raises(interpreters.InterpreterNotFound) as info:
        interpreters.choose((version,))
    assert info.value.command == f"pyenv install {interpreters.PYENV_ONLY[version]}"
    assert "uv has no download" in str(info.value)


def test_a_failed_uv_download_is_reported_with_the_command_that_would_fetch_it(with_uv):
    assert interpreters.uv_offers("3.12")
    with pytest.raises(interpreters.InterpreterNotFound) as info:
        interpreters.choose(("3.12", "3.10"))
    assert "no Python 3.12 or 3.10 on this machine; uv could not download 3.12" in str(info.value)
    assert info.value.command == "uv python install 3.12"


def test_without_uv_a_missing_python_suggests_pyenv(fake_pyenv):
    with pytest.raises(interpreters.InterpreterNotFound) as info:
        interpreters.find("3.2")
    assert "Python 3.2 not found" in str(info.value) and info.value.command == "pyenv install 3.2"


def test_path_comes_first(tmp_path, fake_pyenv, monkeypatch):
    on_path = tmp_path / "bin"
    on_path.mkdir()
    (on_path / f"python{VERSION}").symlink_to(sys.executable)
    monkeypatch.setenv("PATH", str(on_path))
    assert interpreters.find(VERSION) == Path(on_path / f"python{VERSION}")
