"""What a cell's record depends on besides its environment: the experiments/ files its script loads.

A cell runs its own script through the runner, so its inputs are those two and every
experiments/ module either imports, followed transitively and found statically (an import
inside a function counts too). Editing or adding one experiment changes only its own cells'
digest; editing a shared helper changes the digest of every script that loads it.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUNNER = "_runner"  # every cell goes through it, and through what it imports (harness, catalogue, records)
DYNAMIC = {"__import__", "import_module"}  # calls that import a module named by a constant string


def imported(source: str) -> set[str]:
    """Top-level names of the modules a script imports anywhere in it; none if it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()  # the cell records the error; its digest still follows the file's bytes
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and _called(node.func) in DYNAMIC and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value.split(".")[0])
    return found


def _called(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def loaded(experiments: Path, script: str, parsed: dict[str, set[str]] | None = None) -> list[str]:
    """The experiments/ modules a cell of `script` loads: the script, the runner and their imports
    (`parsed`: each module's imports, filled as modules are read, shared between scripts)."""
    parsed = {} if parsed is None else parsed
    sources = {path.stem: path for path in experiments.glob("*.py")}
    found, todo = set(), [script, RUNNER]
    while todo:
        name = todo.pop()
        if name in found or name not in sources:
            continue  # the standard library, numpy, TensorFlow: the environment's, not the inputs'
        found.add(name)
        if name not in parsed:
            parsed[name] = imported(sources[name].read_text(encoding="utf-8", errors="replace"))
        todo.extend(parsed[name])
    return sorted(found)


def digest(experiments: Path, names: list[str]) -> str:
    """16 hex digits over the named modules' file names and bytes, in file-name order."""
    hashed = hashlib.sha256()
    for path in sorted(experiments / f"{name}.py" for name in names):
        hashed.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()[:16]


def legacy_digest(experiments: Path) -> str:
    """The digest records carried before it was per script: every experiments/*.py at once."""
    return digest(experiments, [path.stem for path in experiments.glob("*.py")])


@dataclass(frozen=True)
class Inputs:
    """Each script's inputs digest, and the folder's legacy digest (for records made before)."""

    digests: dict[str, str]
    legacy: str

    def of(self, script: str) -> str:
        return self.digests[script]

    def unchanged(self, recorded: str, script: str) -> bool:
        """Whether a record (or published row) of `script` with these inputs is of the current code.

        The one place that reads legacy digests: one equal to the whole folder's digest today
        was made by byte-identical code, so it counts as unchanged and its history goes on.
        """
        return bool(recorded) and recorded in (self.digests.get(script), self.legacy)

    def current(self, recorded: str, script: str) -> str:
        """The digest a record or published row stands for today: its script's own where unchanged."""
        return (
            self.digests[script] if script in self.digests and self.unchanged(recorded, script) else recorded
        )

    def migrated(self, table: Any) -> Any:
        """A tidy table whose legacy digests of today's code are each row's script's own digest.

        Done while the folder is still the one the legacy digest was taken of, so the rows keep
        their history once an experiment is added (which changes the legacy digest)."""
        if table.empty:
            return table
        scripts = [cell.split(".")[0] for cell in table["cell"]]
        return table.assign(inputs=[self.current(i, s) for i, s in zip(table["inputs"], scripts)])


def read(experiments: Path, scripts: list[str]) -> Inputs:
    """The inputs of these scripts' cells as the folder holds them now."""
    parsed: dict[str, set[str]] = {}
    digests = {script: digest(experiments, loaded(experiments, script, parsed)) for script in scripts}
    return Inputs(digests, legacy_digest(experiments))
