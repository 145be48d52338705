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
from tfmatrix.matrix.discover import known
from tfmatrix.matrix.releases import environments

REPORTS = Path(__file__).resolve().parents[2] / "reports"  # the committed release list, read offline


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
        env = listed[session["call_spec"]["release"], session["call_spec"]["keras"]]
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
    found = entries(json.load(sys.stdin))
    if not found:
        print("env-matrix: nox listed no env(...) session", file=sys.stderr)
        return 1
    print(json.dumps({"include": found}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
