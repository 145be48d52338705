"""Paths of the machine that ran a cell (home, temp folders, pyenv, the checkout) kept out of reports/.

Error messages carry them (tracebacks, installer output); a published table must
read the same whoever ran it, so each is replaced by a neutral name.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

PATH = re.compile(r"(?<![\w.~<>-])/[^\s'\"`|,;:()\[\]{}<>]*")
INSTALLED = re.compile(r".*?/(site|dist)-packages(?=/|$)")
PYENV = re.compile(r".*?/\.pyenv(/versions/[^/]+)?(?=/|$)")
HOME = re.compile(r"^(/(home|Users)/[^/]+|/root)(?=/|$)")


def roots() -> list[tuple[str, str]]:
    """This machine's own places, longest first, with the names that replace them."""
    places = {
        str(Path(__file__).resolve().parents[3]): "<checkout>",
        os.getcwd(): "<checkout>",
        tempfile.gettempdir(): "<tmp>",
        "/tmp": "<tmp>",
        "/var/tmp": "<tmp>",
        os.environ.get("PYENV_ROOT", ""): "<pyenv>",
        str(Path.home()): "~",
    }
    return sorted(((path, name) for path, name in places.items() if len(path) > 1), key=lambda p: -len(p[0]))


def scrub(text: str) -> str:
    """The text with every machine-local path replaced by a neutral name."""
    return PATH.sub(lambda match: neutral(match.group(0)), text) if "/" in text else text


def neutral(path: str) -> str:
    path = INSTALLED.sub(r"<\1-packages>", path, count=1)
    path = PYENV.sub("<pyenv>", path, count=1)
    if path.startswith("<"):
        return path
    for root, name in roots():
        if path == root or path.startswith(root + "/"):
            return name + path[len(root) :]
    return HOME.sub("~", path, count=1)
