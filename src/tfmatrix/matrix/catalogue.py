"""The experiments' catalogue as `experiments/_runner.py --list` declares it: the one source of the
names (experiments, inputs, variants, modes), their order and their words in the reports."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ARTICLE = ""  # the section of the article's experiments: the reports' main tables
# Seconds `_runner.py --list` may take: it imports the experiment scripts but not TensorFlow, a
# second or two; a minute means a script hangs as it is imported.
LIST_TIMEOUT = 60.0


class CatalogueError(Exception):
    """experiments/ does not declare a catalogue the reports can use."""


@dataclass(frozen=True)
class Experiment:
    """One experiment script, as it declares itself."""

    script: str
    title: str
    ids: tuple[tuple[str, str], ...]  # (data case, experiment id), in the order the cases run
    input: str
    label: str
    model: str  # the network around the batch norm, from Catalogue.models
    variants: tuple[str, ...]
    modes: tuple[str, ...]
    section: str
    about: str


@dataclass(frozen=True)
class Catalogue:
    """Every name the experiments declare, in the reports' order, with its words."""

    modes: tuple[tuple[str, str], ...]  # (name, words)
    variants: tuple[tuple[str, str], ...]
    models: tuple[tuple[str, str], ...]
    experiments: tuple[Experiment, ...]
    cells: tuple[dict[str, str], ...]

    @property
    def mode_order(self) -> list[str]:
        return [name for name, _ in self.modes]

    @property
    def variant_order(self) -> list[str]:
        return [name for name, _ in self.variants]

    @property
    def experiment_order(self) -> list[str]:
        return [experiment_id for experiment in self.experiments for _, experiment_id in experiment.ids]

    @property
    def inputs(self) -> dict[str, str]:
        """Each model input's words in the reports (Markdown)."""
        return {experiment.input: experiment.label for experiment in self.experiments}

    def model_of(self, model_input: str) -> str:
        """The network an input's experiments put the batch norm in (a name of `models`); an input
        the catalogue does not declare is a KeyError (records and tables are checked before this)."""
        return {experiment.input: experiment.model for experiment in self.experiments}[model_input]

    @property
    def sections(self) -> list[str]:
        """The reports' sections, the article's first."""
        return list(dict.fromkeys(experiment.section for experiment in self.experiments))

    def section_of(self, experiment_id: str) -> str:
        sections = {x: e.section for e in self.experiments for _, x in e.ids}
        return sections[experiment_id]  # a KeyError, as model_of's, for an id the catalogue lacks

    def about(self, section: str) -> str:
        return " ".join(e.about for e in self.experiments if e.section == section and e.about)

    def in_section(self, section: str) -> list[Experiment]:
        return [experiment for experiment in self.experiments if experiment.section == section]

    def names(self) -> dict[str, list[str]]:
        """The closed vocabularies of the tidy table's columns that the catalogue declares."""
        return {
            "mode": self.mode_order,
            "experiment": self.experiment_order,
            "variant": self.variant_order,
            "input": list(self.inputs),
            "data": list(dict.fromkeys(data for e in self.experiments for data, _ in e.ids)),
            "cell": [cell["id"] for cell in self.cells],
        }


def parse(data: dict[str, Any]) -> Catalogue:
    """The catalogue from the JSON `--list` prints."""
    return Catalogue(
        modes=tuple(map(tuple, data["modes"])),
        variants=tuple(map(tuple, data["variants"])),
        models=tuple(map(tuple, data["models"])),
        experiments=tuple(
            Experiment(
                **{
                    **experiment,
                    "ids": tuple(map(tuple, experiment["ids"])),
                    "variants": tuple(experiment["variants"]),
                    "modes": tuple(experiment["modes"]),
                }
            )
            for experiment in data["experiments"]
        ),
        cells=tuple(data["cells"]),
    )


@functools.lru_cache(maxsize=8)
def _listed(runner: str) -> str:
    try:
        result = subprocess.run(
            [sys.executable, runner, "--list"], capture_output=True, text=True, timeout=LIST_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise CatalogueError(
            f"{runner} --list gave no result in {LIST_TIMEOUT:g} s and was stopped: an experiment script "
            f"hangs as it is imported; run `python {runner} --list` to see which"
        ) from None
    if result.returncode:
        why = result.stderr.strip().splitlines()[-1:] or [f"exit status {result.returncode}"]
        raise CatalogueError(f"{runner} --list failed: {why[0]}")
    return result.stdout


def load(experiments: Path) -> Catalogue:
    """The catalogue of an experiments/ folder (read once per process and folder)."""
    text = _listed(str(experiments / "_runner.py"))
    try:
        return parse(json.loads(text))
    except (ValueError, KeyError, TypeError) as exc:
        raise CatalogueError(f"{experiments / '_runner.py'} --list printed no catalogue ({exc})") from None
