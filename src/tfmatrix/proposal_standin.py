"""TEMP stand-in for `python -m tfmatrix proposal` (branch det), dropped when that lands.

    python -m tfmatrix.proposal_standin --planned PLAN_JSON --run-url URL --out DIR

writes DIR/title.txt and DIR/body.md from the working tree against HEAD.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
from pathlib import Path


def committed(path: str) -> str:
    result = subprocess.run(["git", "show", f"HEAD:{path}"], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


def outcomes(text: str) -> dict[tuple[str, str, str], str]:
    return {(r["backend"], r["env"], r["cell"]): r["outcome"] for r in csv.DictReader(io.StringIO(text))}


def versions(text: str) -> set[str]:
    return {r["version"] for r in json.loads(text)["releases"]} if text else set()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--planned", type=Path, required=True)
    parser.add_argument("--run-url", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    planned = [entry["env"] for entry in json.loads(args.planned.read_text())["include"]]
    added = sorted(
        versions(Path("reports/releases.json").read_text()) - versions(committed("reports/releases.json"))
    )
    before, after = (
        outcomes(committed("reports/results.csv")),
        outcomes(Path("reports/results.csv").read_text()),
    )
    moved = sorted(key for key in after if key in before and before[key] != after[key])
    new = sorted(key for key in after if key not in before)
    missing = [env for env in planned if not Path("results/venv", env).is_dir()]
    words = [f"TensorFlow {', '.join(added)} added"] if added else []
    words += [f"{len(moved)} cells moved"] if moved else []
    title = "reports: " + ("; ".join(words) if words else "nothing moved") + " (weekly matrix run)"
    body = [f"`nox -s report` over the records of [this run]({args.run_url}).", ""]
    body += [f"- Releases added: {', '.join(added) or 'none'}", f"- Cells moved: {len(moved)}"]
    body += [
        f"  - `{env}` `{cell}` ({backend}): {before[key]} → {after[key]}"
        for key in moved
        for backend, env, cell in [key]
    ]
    body += [f"- New cells: {len(new)}", f"- Environments without records: {', '.join(missing) or 'none'}"]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "title.txt").write_text(title + "\n", encoding="utf-8")
    (args.out / "body.md").write_text("\n".join(body) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
