from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tfmatrix import interpreters

VERSION = "{}.{}".format(*sys.version_info[:2])


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


def test_missing_interpreter_says_what_to_install(fake_pyenv):
    with pytest.raises(interpreters.InterpreterNotFound) as info:
        interpreters.find("3.2")
    message = str(info.value)
    assert "pyenv install 3.2" in message and "uv python install 3.2" in message and "docker" in message


def test_path_comes_first(tmp_path, fake_pyenv, monkeypatch):
    on_path = tmp_path / "bin"
    on_path.mkdir()
    (on_path / f"python{VERSION}").symlink_to(sys.executable)
    monkeypatch.setenv("PATH", str(on_path))
    assert interpreters.find(VERSION) == Path(on_path / f"python{VERSION}")
