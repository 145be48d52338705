"""The matrix's columns: one per environment, or a range of adjacent releases whose cells all agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .versions import minor, version_key

FLAVOUR_ORDER = ("tf.keras", "tf_keras", "keras3")


@dataclass(frozen=True)
class Column:
    """Adjacent environments of one Keras flavour shown as one column."""

    keras: str
    envs: tuple[str, ...]
    minors: tuple[str, ...]

    @property
    def span(self) -> str:
        return self.minors[0] if len(self.minors) == 1 else f"{self.minors[0]}–{self.minors[-1]}"


def ordered(envs: Mapping[str, tuple[str, str]]) -> list[str]:
    """Environment ids (env -> (tensorflow, keras)): the Keras 2 line first, then Keras 3."""

    def key(env: str) -> tuple:
        tensorflow, keras = envs[env]
        return (FLAVOUR_ORDER.index(keras), version_key(tensorflow))

    return sorted(envs, key=key)


def group(
    envs: Mapping[str, tuple[str, str]], cells: Mapping[str, Mapping], collapse: bool = True
) -> list[Column]:
    """Columns over the ordered environments; with collapse, neighbours with identical cells merge."""
    result: list[Column] = []
    for env in ordered(envs):
        tensorflow, keras = envs[env]
        last = result[-1] if result else None
        if collapse and last and last.keras == keras and cells[last.envs[0]] == cells[env]:
            result[-1] = Column(keras, (*last.envs, env), (*last.minors, minor(tensorflow)))
        else:
            result.append(Column(keras, (env,), (minor(tensorflow),)))
    return result
