"""Version strings of TensorFlow releases: what a valid one is, its minor release and its numeric order."""

from __future__ import annotations

import re

# A final release's version: numbers joined by dots ('2.16.2'); a pre-, post- or dev release has letters.
VERSION = r"[0-9]+(?:\.[0-9]+)*"
_VERSION = re.compile(VERSION)


def valid(text: object) -> bool:
    """Whether a value is a final release's version: '2.16.2', '1.15' (not '2.16.0rc1', not 2.16)."""
    return isinstance(text, str) and _VERSION.fullmatch(text) is not None


def minor(version: str) -> str:
    """'2.16.2' -> '2.16'."""
    return ".".join(version.split(".")[:2])


def version_key(version: str) -> tuple[int, ...]:
    """Versions in numeric order: 2.9 before 2.10."""
    return tuple(int(part) for part in version.split(".")[:3])
