"""The env job's Actions matrix, from the `env(...)` sessions that nox lists.

    nox --list --json -s env | python .github/scripts/env-matrix.py

prints {"include": [...]}, one entry per session: the session, its environment,
the CPython that environment needs (reports/releases.json) and the name of
the artifact its records are uploaded as. Runs on the Python that runs nox.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from tfmatrix.matrix.discover import KNOWN, ReleaseListError, known
from tfmatrix.matrix.releases import environments

REPORTS = Path(__file__).resolve().parents[2] / "reports"  # the committed release list, read offline


class Unlisted(Exception):
    """A session nox lists that the release list has no environment for; the message says which."""


def artifact(env: str) -> str:
    """An artifact name: nothing but letters, digits, dots, dashes and underscores."""
    return "results-" + re.sub(r"[^A-Za-z0-9._-]+", "-", env).strip("-")


def entries(sessions: list[dict]) -> list[dict[str, str]]:
    """One matrix entry per `env(...)` session, in nox's order."""
    listed = {(env.release.minor, env.keras.value): env for env in environments(known(REPORTS))}
    found = []
    for session in sessions:
        if session["name"] != "env":
            continue
        spec = session.get("call_spec") or {}
        env = listed.get((spec.get("release"), spec.get("keras")))
        if env is None:
            raise Unlisted(
                f"nox lists {session['session']}, which {REPORTS / KNOWN} has no environment for: "
                "pipe `nox --list --json -s env` into this script in the same checkout"
            )
        found.append(
            {
                "session": session["session"],
                "env": env.id,
                "python": env.release.python,
                "artifact": artifact(env.id),
            }
        )
    return found


def main() -> int:
    try:
        sessions = json.load(sys.stdin)
    except ValueError as exc:
        print(
            f"env-matrix: nox printed no list of sessions ({exc}): run `nox --list -s env`", file=sys.stderr
        )
        return 1
    try:
        found = entries(sessions)
    except (ReleaseListError, Unlisted) as exc:
        print(f"env-matrix: {exc}", file=sys.stderr)
        return 1
    if not found:
        print("env-matrix: nox listed no env(...) session", file=sys.stderr)
        return 1
    print(json.dumps({"include": found}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
