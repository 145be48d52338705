"""Version strings of TensorFlow releases: their minor release and their numeric order."""

from __future__ import annotations


def minor(version: str) -> str:
    """'2.16.2' -> '2.16'."""
    return ".".join(version.split(".")[:2])


def version_key(version: str) -> tuple[int, ...]:
    """Versions in numeric order: 2.9 before 2.10."""
    return tuple(int(part) for part in version.split(".")[:3])
