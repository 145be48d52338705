"""Which TensorFlow releases the package index has: per minor release from 1.12, its
newest patch, on the newest CPython that patch has a manylinux x86_64 wheel for.

The answer is kept in reports/releases.json, the list the matrix falls back to when
the index cannot be reached (and the one `known` reads, without network).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import ssl
import subprocess
import sys
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from .releases import Release, build
from .versions import VERSION, minor, version_key

PROJECT = "tensorflow"
ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
# Seconds the package index (or `pip config`) has to answer: one page of a few hundred kilobytes;
# past that the last known list serves.
TIMEOUT = 30.0
OLDEST = (1, 12)
INDEX_VARIABLES = ("UV_DEFAULT_INDEX", "UV_INDEX_URL", "PIP_INDEX_URL")
CERT_VARIABLES = ("SSL_CERT_FILE", "PIP_CERT", "REQUESTS_CA_BUNDLE")
OFFLINE = "TFMATRIX_OFFLINE"  # =1: never ask the index, as `tfmatrix matrix --offline`
GENERATED_BY = "nox -s matrix (release discovery)"
# Final releases only (versions.VERSION): a pre-, post- or dev release has letters after the digits.
WHEEL = re.compile(
    rf"tensorflow-(?P<version>{VERSION})-cp(?P<python>\d)(?P<minor>\d+)-[^-]+-(?P<platform>[^-]+)\.whl"
)

OLDEST_PYTHON = (3, 6)  # the experiments' oldest
REPORTS = Path(__file__).resolve().parents[3] / "reports"  # the checkout this package runs from
KNOWN = "releases.json"  # the last list discovered from the package index
Listed = list[
    tuple[str, str, tuple[str, ...]]
]  # (version, python, others), e.g. ("2.16.2", "3.12", ("3.11",))


class IndexUnreachable(Exception):
    """The package index gave no usable list of TensorFlow releases."""


class ReleaseListError(ValueError):
    """reports/releases.json is missing or unreadable."""


def index_url() -> str:
    """The simple-API index the user's installers use: uv's or pip's settings, else pip's default."""
    for name in INDEX_VARIABLES:
        if os.environ.get(name):
            return os.environ[name]
    configured = _pip_config("global.index-url")
    if configured:
        return configured
    try:
        from pip._internal.models.index import PyPI
    except ImportError:
        raise IndexUnreachable(f"no index configured ({', '.join(INDEX_VARIABLES)}) and no pip") from None
    return PyPI.simple_url


def _pip_config(key: str) -> str:
    """A setting of pip's configuration, or "" when unset or pip cannot tell."""
    command = [sys.executable, "-m", "pip", "config", "get", key]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def fetch(index: str, timeout: float = TIMEOUT) -> tuple[str, str]:
    """The project page of TensorFlow on the index: (content type, text)."""
    parts = urllib.parse.urlsplit(index.rstrip("/") + f"/{PROJECT}/")
    headers = {"Accept": ACCEPT}
    if parts.username:  # urllib refuses credentials inside the URL
        token = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(token.encode()).decode()
        parts = parts._replace(netloc=parts.netloc.rpartition("@")[2])
    request = urllib.request.Request(urllib.parse.urlunsplit(parts), headers=headers)
    with urllib.request.urlopen(request, timeout=timeout, context=_ssl_context()) as response:
        return response.headers.get("Content-Type", ""), response.read().decode("utf-8")


def _ssl_context() -> ssl.SSLContext:
    cafile = next((os.environ[name] for name in CERT_VARIABLES if os.environ.get(name)), None)
    return ssl.create_default_context(cafile=cafile)


def filenames(content_type: str, text: str) -> list[str]:
    """The files a project page lists, yanked ones left out (PEP 691 JSON or PEP 503 HTML)."""
    if "json" in content_type:
        return [file["filename"] for file in json.loads(text)["files"] if not file.get("yanked")]
    anchors = _Anchors()
    anchors.feed(text)
    return anchors.files


class _Anchors(HTMLParser):
    """The text of every `<a>` without `data-yanked`."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.current = None if "data-yanked" in dict(attrs) else []

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.current is not None:
            self.files.append("".join(self.current).strip())
        self.current = None


def newest(files: list[str]) -> Listed:
    """Per minor release from 1.12, its newest final patch, that patch's newest CPython and its others."""
    wheels: dict[tuple[int, ...], set[tuple[int, int]]] = {}
    for name in files:
        wheel = WHEEL.fullmatch(name)
        if not wheel or "manylinux" not in wheel["platform"] or not wheel["platform"].endswith("x86_64"):
            continue
        version = tuple(int(part) for part in wheel["version"].split("."))
        python = (int(wheel["python"]), int(wheel["minor"]))
        if version[:2] >= OLDEST and python >= OLDEST_PYTHON:
            wheels.setdefault(version, set()).add(python)
    best: dict[tuple[int, ...], tuple[int, ...]] = {}
    for version in wheels:
        best[version[:2]] = max(best.get(version[:2], version), version)
    listed = []
    for version in sorted(best.values()):
        python, *others = sorted(wheels[version], reverse=True)
        listed.append((_dotted(version), _dotted(python), tuple(map(_dotted, others))))
    return listed


def _dotted(numbers: tuple[int, ...]) -> str:
    return ".".join(map(str, numbers))


def discover(index: str) -> Listed:
    """The releases of the matrix according to the index; IndexUnreachable on any failure."""
    try:
        listed = newest(filenames(*fetch(index)))
    except (OSError, http.client.HTTPException, ValueError, KeyError, TypeError) as exc:
        raise IndexUnreachable(f"{redact(index)}: {exc}") from exc
    if not listed:
        raise IndexUnreachable(f"{redact(index)} lists no manylinux x86_64 wheel of {PROJECT} 1.12+")
    return listed


def redact(url: str) -> str:
    """The URL without credentials, fit for a message or a committed file."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def save(path: Path, source: str, listed: Listed) -> None:
    """Write the list deterministically; a file that would not change is left alone."""
    data = {
        "generated_by": GENERATED_BY,
        "releases": [
            {"others": list(others), "python": python, "version": version}
            for version, python, others in listed
        ],
        "source": redact(source),
    }
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def load(path: Path) -> tuple[Release, ...]:
    """The releases listed in a reports/releases.json (no network)."""
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))["releases"]
        return build((entry["version"], entry["python"], entry.get("others", [])) for entry in listed)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReleaseListError(
            f"cannot read the release list {path} ({exc}): restore it with `git checkout {path}` "
            "or ask the package index for it again with `nox -s releases`"
        ) from exc


def known(reports: Path) -> tuple[Release, ...]:
    """The last known releases: those of `reports`, else of this package's checkout (no network)."""
    return load(_known_path(reports))


def _known_path(reports: Path) -> Path:
    path = reports / KNOWN
    return path if path.exists() else REPORTS / KNOWN


def releases(refresh: bool, reports: Path) -> tuple[Release, ...]:
    """The releases of the matrix: from the index when refresh (saved into reports/ on success),
    else (or with TFMATRIX_OFFLINE=1, or when the index cannot be reached) the last known list."""
    if not refresh or os.environ.get(OFFLINE) == "1":
        return known(reports)
    try:
        index = index_url()
        listed = discover(index)
    except IndexUnreachable as exc:
        fallback = known(reports)
        print(
            f"tfmatrix: cannot reach the package index ({exc}); "
            f"using the last known list of {len(fallback)} releases from {_known_path(reports)}",
            file=sys.stderr,
        )
        return fallback
    listed = merged(_last_known(reports), listed)
    if reports.is_dir():  # a root with no reports/ is no checkout: leave it untouched
        save(reports / KNOWN, index, listed)
    return build(listed)


def _last_known(reports: Path) -> tuple[Release, ...]:
    """The last known releases to merge the index's answer into; none where the list cannot be read,
    so asking the index again is the fix for a damaged one."""
    try:
        return known(reports)
    except ReleaseListError as exc:
        print(
            f"tfmatrix: the release list {_known_path(reports)} cannot be read ({exc.__cause__}); "
            "the package index's list replaces it",
            file=sys.stderr,
        )
        return ()


def merged(known: tuple[Release, ...], found: Listed) -> Listed:
    """The index's newest patch of each minor; a known minor the index no longer lists stays,
    so the matrix shows it failing to install rather than silently dropping its column."""
    entries = {release.minor: (release.version, release.python, release.others) for release in known}
    entries.update({minor(entry[0]): entry for entry in found})
    return sorted(entries.values(), key=lambda entry: version_key(entry[0]))
