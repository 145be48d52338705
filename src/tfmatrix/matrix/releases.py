"""The environments of the matrix: one per TensorFlow minor release, each with
the Python it runs on and the pins it needs that TensorFlow never declared.

The releases themselves come from the package index (discover.py), kept in
reports/releases.json; whoever needs them loads them there and passes them in.
The pins are the one source of truth for the venv and docker backends and for
the pins section of the report. Pins are upper bounds found by installing each
release and reading what broke without them (the `why` of each pin).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .versions import minor, valid, version_key


class Keras(str, enum.Enum):
    """Which Keras `tf.keras` resolves to in an environment."""

    BUNDLED = "tf.keras"
    KERAS3 = "keras3"
    TF_KERAS = "tf_keras"


@dataclass(frozen=True)
class Pin:
    requirement: str
    why: str


@dataclass(frozen=True)
class Release:
    """A TensorFlow patch, the Python it is published for (its newest wheel) and the others it has wheels for."""

    version: str
    python: str
    pins: tuple[Pin, ...] = ()
    others: tuple[str, ...] = ()  # other CPython X.Y with a wheel, newest first

    @property
    def pythons(self) -> tuple[str, ...]:
        """Every Python the release can run on, in order of preference: the published one first."""
        return (self.python, *self.others)

    @property
    def minor(self) -> str:
        return minor(self.version)

    @property
    def keras3_default(self) -> bool:
        return version_key(self.minor) >= (2, 16)


NUMPY_1_17 = Pin(
    "numpy<1.17",
    "numpy 1.17+ floods every import with `FutureWarning: Passing (type, 1) or '1type' as a synonym "
    "of type is deprecated`",
)
PROTOBUF_3 = Pin(
    "protobuf<4",
    "protobuf 4+ breaks the import: `TypeError: Descriptors cannot be created directly`",
)
GAST_0_2 = Pin(
    "gast==0.2.2",
    "newer gast breaks AutoGraph: `module 'gast' has no attribute 'Str'`, "
    "`Entity ... could not be transformed`",
)
NUMPY_1 = Pin(
    "numpy<2",
    "numpy 2 breaks the import: `AttributeError: _ARRAY_API not found`, "
    "then `ImportError: numpy.core._multiarray_umath failed to import`",
)

# Pins by minor release: a new patch keeps its minor's pins, a new minor starts with none.
PINS: dict[str, tuple[Pin, ...]] = {
    "1.12": (NUMPY_1_17,),
    "1.13": (PROTOBUF_3, NUMPY_1_17, GAST_0_2),
    "1.14": (PROTOBUF_3, NUMPY_1_17, GAST_0_2),
    "1.15": (PROTOBUF_3,),
    "2.0": (PROTOBUF_3,),
    "2.1": (PROTOBUF_3,),
    "2.2": (PROTOBUF_3,),
    "2.3": (PROTOBUF_3,),
    "2.4": (PROTOBUF_3,),
    "2.5": (PROTOBUF_3,),
    "2.7": (NUMPY_1,),
    "2.8": (NUMPY_1,),
    "2.9": (NUMPY_1,),
    "2.10": (NUMPY_1,),
    "2.11": (NUMPY_1,),
}


def build(listed: Iterable[tuple[str, ...]]) -> tuple[Release, ...]:
    """Releases from (version, python[, other pythons]) entries, each with the pins of its minor."""
    bare = [
        Release(version, python, others=tuple(rest[0]) if rest else ()) for version, python, *rest in listed
    ]
    return tuple(replace(release, pins=PINS.get(release.minor, ())) for release in bare)


@dataclass(frozen=True)
class Environment:
    """One isolated environment: a release under one Keras flavour."""

    release: Release
    keras: Keras
    backend: str = "venv"  # "auto" until backends.resolve decides between venv and docker
    extra: tuple[str, ...] = field(default=())
    interpreter: str | None = None  # the X.Y it runs on, when not the release's published Python

    @property
    def python(self) -> str:
        return self.interpreter or self.release.python

    @property
    def label(self) -> str:
        return label(self.id, self.backend)

    @property
    def id(self) -> str:
        suffix = "" if self.keras is Keras.BUNDLED else f"-{self.keras.value}"
        return f"tf-{self.release.minor}{suffix}"

    @property
    def requirements(self) -> list[str]:
        pins = [pin.requirement for pin in self.release.pins]
        if self.keras is Keras.TF_KERAS:
            pins.append(f"tf-keras=={self.release.minor}.*")
        return [f"tensorflow=={self.release.version}", *pins, *self.extra]

    @property
    def variables(self) -> dict[str, str]:
        return {"TF_USE_LEGACY_KERAS": "1"} if self.keras is Keras.TF_KERAS else {}

    def requested(self) -> dict[str, object]:
        """What this environment is built to hold, as recorded in every record."""
        substitute = {"published_python": self.release.python} if self.interpreter else {}
        return {
            "env": self.id,
            "tensorflow": self.release.version,
            "python": self.python,
            "keras": self.keras.value,
            "backend": self.backend,
            "requirements": self.requirements,
            "variables": self.variables,
            **substitute,  # ran on another Python than the published one: kept, never published
        }

    def digest(self) -> str:
        text = json.dumps(self.requested(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def label(env_id: str, backend: str) -> str:
    """An environment as the run and the changes name it: its id, `@docker` where it is not a venv
    ('auto': a venv, unless it turns out to need Docker)."""
    return env_id if backend in ("venv", "auto") else f"{env_id}@{backend}"


def environments(releases: tuple[Release, ...], backend: str = "venv") -> list[Environment]:
    """Every environment: bundled Keras up to 2.15, Keras 3 and tf_keras from 2.16."""
    envs = []
    for release in releases:
        flavours = (Keras.KERAS3, Keras.TF_KERAS) if release.keras3_default else (Keras.BUNDLED,)
        envs += [Environment(release, keras, backend) for keras in flavours]
    return envs


class SelectionError(ValueError):
    """A --tf or --keras choice that names nothing in the matrix."""


BACKENDS = ("auto", "venv", "docker")


def select(
    tf: list[str] | None, keras: list[str] | None, backend: str, releases: tuple[Release, ...]
) -> list[Environment]:
    """The environments of `releases` matching the requested releases and Keras flavours."""
    if backend not in BACKENDS:
        raise SelectionError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
    chosen = environments(releases, backend=backend)
    if tf:
        wanted = {_release_minor(text, releases) for text in tf}
        chosen = [env for env in chosen if env.release.minor in wanted]
    if keras:
        flavours = {_keras(text) for text in keras}
        kept = [env for env in chosen if env.keras in flavours]
        for release in dict.fromkeys(env.release.minor for env in chosen):
            if tf and not any(env.release.minor == release for env in kept):
                has = ", ".join(env.keras.value for env in chosen if env.release.minor == release)
                raise SelectionError(
                    f"release {release} has no {' or '.join(k.value for k in Keras if k in flavours)} environment "
                    f"(its Keras is {has}): drop --keras or choose another release"
                )
        chosen = kept
    if not chosen:
        raise SelectionError("the selection matches no environment")
    return chosen


def _release_minor(text: str, releases: tuple[Release, ...]) -> str:
    known = {release.minor: release for release in releases}
    if not valid(text) or text.count(".") not in (1, 2):  # MAJOR.MINOR[.PATCH]
        raise SelectionError(f"malformed release {text!r}: expected MAJOR.MINOR such as 1.15 or 2.16.2")
    wanted = minor(text)
    release = known.get(wanted)
    if release is None or (text.count(".") == 2 and text != release.version):
        listed = ", ".join(r.version for r in releases)
        raise SelectionError(f"unknown release {text!r}; the matrix has {listed}")
    return wanted


def _keras(text: str) -> Keras:
    try:
        return Keras(text)
    except ValueError:
        valid = ", ".join(k.value for k in Keras)
        raise SelectionError(f"unknown Keras flavour {text!r}; choose from {valid}") from None
