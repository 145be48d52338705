"""The figures README states from the data, each written between two markers by the report pass
(`<!-- figure:NAME -->…<!-- /figure -->`), so whatever a run publishes, README says it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pandas as pd

from ..data import agreement, history
from ..matrix.catalogue import ARTICLE, Catalogue
from ..matrix.versions import minor, version_key
from .looks import FLAKY, looks

MARKER = re.compile(r"<!-- figure:([a-z-]+) -->(.*?)<!-- /figure -->", re.DOTALL)


def _n(number: int) -> str:
    return f"{number:,}"


def _ranges(releases: list[str]) -> str:
    """'1.12, 1.15, 2.0 and 2.1'."""
    found = sorted(set(releases), key=version_key)
    return found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"


def counts(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    article = shown[shown["experiment"].map(catalogue.section_of) == ARTICLE]
    switched = article[article["mode"] == "graph_no_eager"]
    dense = shown[shown["experiment"].isin(["5D", "6D"])]
    frozen = shown[shown["experiment"].isin(["7", "7D"])]
    return (
        f"{shown['tensorflow'].map(minor).nunique()} releases, {shown['env'].nunique()} environments, "
        f"{_n(len(shown))} cells a run: {_n(len(article))} of the article's experiments, {_n(len(switched))} of "
        f"them under the second compat switch, {_n(len(dense))} of the `Dense` net's 5D and 6D, and "
        f"{_n(len(frozen))} of experiments 7 and 7D"
    )


def _order(shown: pd.DataFrame, mode: str, wanted: str) -> str:
    """In how many of experiment 2's article-call cells every run showed `wanted`."""
    rows = shown[(shown["experiment"] == "2") & (shown["mode"] == mode) & (shown["keras"] != "keras3")]
    rows = rows[rows["variant"].isin(["default", "training_arg"]) & (rows["outcome"] != "unavailable")]
    every = sum(set(history.values(seen)) == {wanted} for seen in rows["seen"])
    return f"every run of {_n(every)} of {_n(len(rows))} cells"


def in_order(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    return _order(shown, "graph", "updated 10")


def all_raced(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    return _order(shown, "graph_no_eager", "updated 10 raced 5")


def _kernel(shown: pd.DataFrame, before: bool) -> int:
    probes = [json.loads(text or "{}").get("inference_kernel") for text in shown["probes"]]
    early = [version_key(release) < (2, 2) for release in shown["tensorflow"]]
    return sum(probe is not None and was == before for probe, was in zip(probes, early))


def dense_early(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    dense = shown[shown["input"].map(catalogue.model_of) == "dense"]
    return _n(sum(version_key(release) < (2, 2) for release in dense["tensorflow"]))


def _flaky(shown: pd.DataFrame) -> pd.DataFrame:
    found = shown.loc[[history.flaky(seen) for seen in shown["seen"]]]
    outcomes = [history.outcomes(seen) for seen in found["seen"]]
    return found.assign(_outcomes=pd.Series(outcomes, index=found.index, dtype=object))


def agree(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    return f"{_n(len(shown) - len(_flaky(shown)))} of {_n(len(shown))} cells"


def flaky(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    return _n(len(_flaky(shown)))


def raced(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    found = _flaky(shown)
    only = found.loc[[outcomes == {"updated"} for outcomes in found["_outcomes"]]]
    dense = int((only["input"].map(catalogue.model_of) == "dense").sum())
    return f"{_n(len(only))} whose update ops raced differently from run to run ({_n(dense)} of them the `Dense` net's"


def nan(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    found = _flaky(shown)
    nan = found.loc[["diverged" in outcomes for outcomes in found["_outcomes"]]]
    releases = _ranges(list(nan["tensorflow"].map(minor))) if len(nan) else "no release"
    return f"{_n(len(nan))} of the cells whose statistics end NaN in some runs and not in others ({releases}"


def docker(shown: pd.DataFrame, catalogue: Catalogue, data: pd.DataFrame) -> str:
    found = agreement.compared(data)
    both = sum(one.both for one in found)
    differ = [env for one in found for env in [one.env] * len(one.differ)]
    text = f"in {_n(both - len(differ))} of the {_n(both)} cells run in both"
    if differ:
        where = _ranges([minor(releases_of(data, env)) for env in differ])
        text += f"; {_n(len(differ))}, on {where}, showed in docker a value no venv run showed"
    return text


def releases_of(data: pd.DataFrame, env: str) -> str:
    """The TensorFlow release an environment ran."""
    return data.loc[data["env"] == env, "tensorflow"].iloc[0]


def env_cells(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    """The cells of one environment (each runs the same): the most any environment ran."""
    return _n(int(shown.groupby("env").size().max()))


def caption(shown: pd.DataFrame, catalogue: Catalogue) -> str:
    """The picture's colours and marks, each drawn in it: 'Green: statistics updated k times;
    orange (/): trained, ...'."""
    drawn = {
        FLAKY.name if history.flaky(seen) else outcome
        for seen, outcome in zip(shown["seen"], shown["outcome"])
    }
    parts = [
        f"{look.hue}{f' ({look.mark})' if look.mark else ''}: {look.meaning.split(' (')[0].split(':')[0].replace(' k times', '')}"
        for look in looks()
        if look.name in drawn
    ]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


FIGURES: dict[str, Callable[..., str]] = {
    "counts": counts,
    "in-order": in_order,
    "all-raced": all_raced,
    "dense-early": dense_early,
    "agree": agree,
    "flaky": flaky,
    "raced": raced,
    "nan": nan,
    "caption": caption,
    "env-cells": env_cells,
}


def values(data: pd.DataFrame, catalogue: Catalogue) -> dict[str, str]:
    """Each figure's text, by name, from the published table."""
    shown = agreement.primary(data)
    found = {name: figure(shown, catalogue) for name, figure in FIGURES.items()}
    every = {"unwritten": _n(_kernel(data, True)), "passthrough": _n(_kernel(data, False))}  # both backends
    return {**found, **every, "docker": docker(shown, catalogue, data)}


def filled(text: str, data: pd.DataFrame, catalogue: Catalogue) -> str:
    """The text with every figure between its markers written from the data; an unknown name is
    left as it is (a test names it)."""
    if not MARKER.search(text):
        return text
    found = values(data, catalogue)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"<!-- figure:{name} -->{found[name]}<!-- /figure -->" if name in found else match.group(0)

    return MARKER.sub(fill, text)
