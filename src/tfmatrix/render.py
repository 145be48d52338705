"""The tidy table to reports/matrix.md: a pure function of the data."""

from __future__ import annotations

import re

import pandas as pd

from .releases import RELEASES
from .tidy import EXPERIMENT_ORDER

COMMAND = "nox -s matrix"
MODE_TITLES = {"graph": "Graph + session (TF1 API; `tf.compat.v1` on 2.x)"}
GLYPHS = {
    "updated": ("✅", "statistics updated k times (k inferred from the moving variance, 0.99^k)"),
    "not_updated": ("⚠️", "trained, but the moving statistics never changed"),
    "placeholder": (
        "❌",
        'the update ops need a placeholder of the model\'s own: "You must feed a value for placeholder tensor"',
    ),
    "unavailable": ("➖", "an API the experiment needs does not exist in this release"),
    "error": ("❌", "another exception; the footnote has its type and message"),
    "crash": ("💥", "the interpreter died (signal or exit without a record)"),
    "timeout": ("⏱️", "killed after the per-cell time limit"),
    "install_failed": ("🚫", "the environment could not be built; the footnote has the installer's message"),
}
WORDS = {
    "not_updated": "not updated",
    "placeholder": "feed placeholder",
    "unavailable": "unavailable",
    "error": "error",
    "crash": "crash",
    "timeout": "timeout",
    "install_failed": "install failed",
}
INPUTS = {
    "tf.layers": "`tf.layers`",
    "shape": "Keras, `input_shape=`",
    "layer": "Keras, `InputLayer`",
    "dynamic": "Keras, no input shape",
}
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def escape(text: str) -> str:
    """Text from a record, inert in Markdown and in the HTML it may become."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MD_SPECIAL.sub(r"\\\1", text)


def column_label(env: str, tensorflow: str, keras: str) -> str:
    minor = ".".join(tensorflow.split(".")[:2])
    return minor if keras == "tf.keras" else f"{minor}<br>{keras}"


class Footnotes:
    """Numbered notes, one per distinct message, in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def ref(self, message: str) -> str:
        number = self.numbers.setdefault(message, len(self.numbers) + 1)
        return f"[^{number}]"

    def render(self) -> list[str]:
        return [f"[^{n}]: {escape(message)}" for message, n in self.numbers.items()]


def cell_text(row: pd.Series, notes: Footnotes) -> str:
    glyph = GLYPHS[row["outcome"]][0]
    if row["outcome"] == "updated":
        return f"{glyph} {row['bn_updates']} updates"
    text = f"{glyph} {WORDS[row['outcome']]}"
    return text + notes.ref(row["error"]) if row["error"] else text


def mode_table(rows: pd.DataFrame, notes: Footnotes) -> str:
    """Experiments as rows, environments as columns, for one mode and variant."""
    columns = list(
        dict.fromkeys(
            column_label(*key) for key in rows[["env", "tensorflow", "keras"]].itertuples(index=False)
        )
    )
    table = {}
    for _, row in rows.iterrows():
        key = (row["experiment"], row["input"], row["data"])
        table.setdefault(key, {})[column_label(row["env"], row["tensorflow"], row["keras"])] = cell_text(
            row, notes
        )
    lines = []
    for (experiment, model_input, data), cells in sorted(
        table.items(), key=lambda item: EXPERIMENT_ORDER.index(item[0][0])
    ):
        lines.append(
            {
                "exp": experiment,
                "model input": INPUTS[model_input],
                "data": data,
                **{column: cells.get(column, "") for column in columns},
            }
        )
    return pd.DataFrame(lines).to_markdown(index=False, disable_numparse=True)


def legend() -> str:
    lines = [
        {"cell": f"{glyph} {WORDS.get(outcome, 'k updates')}", "outcome": f"`{outcome}`", "meaning": meaning}
        for outcome, (glyph, meaning) in GLYPHS.items()
    ]
    return pd.DataFrame(lines).to_markdown(index=False)


def environments(data: pd.DataFrame) -> str:
    """Requested and observed versions of every environment, with its pins."""
    why = {pin.requirement: pin.why for release in RELEASES for pin in release.pins}
    envs = data.drop_duplicates(["backend", "env"])
    lines = [
        {
            "environment": f"`{row['env']}` ({row['backend']})",
            "requested": f"tensorflow {row['tensorflow']}, Python {row['python']}, {row['keras']}",
            "observed": observed(row),
            "extra pins": ", ".join(f"`{req}`" for req in row["requirements"].split()[1:] if req in why)
            or "none",
        }
        for _, row in envs.iterrows()
    ]
    return pd.DataFrame(lines).to_markdown(index=False)


def observed(row: pd.Series) -> str:
    if not row["observed_tensorflow"]:
        return "not imported"
    return (
        f"tensorflow {row['observed_tensorflow']}, keras {row['observed_keras']}, "
        f"numpy {row['observed_numpy']}, Python {row['observed_python']}"
    )


def pins(data: pd.DataFrame) -> str:
    """Every pin the matrix's releases need, and the failure it prevents."""
    used = set(" ".join(data["requirements"]).split())
    lines = [
        {"pin": f"`{pin.requirement}`", "releases": ", ".join(releases), "why": pin.why}
        for pin, releases in pin_releases().items()
        if pin.requirement in used
    ]
    return pd.DataFrame(lines).to_markdown(index=False)


def pin_releases() -> dict:
    table: dict = {}
    for release in RELEASES:
        for pin in release.pins:
            table.setdefault(pin, []).append(release.minor)
    return table


def header(data: pd.DataFrame) -> list[str]:
    when = data["started"].max()[:10]
    platforms = ", ".join(sorted(set(data["platform"]) - {""})) or "unknown"
    return [
        f"<!-- Generated by `{COMMAND}` (re-render with `nox -s report`); do not edit. -->",
        "# tfmatrix: do batch-norm statistics update, release by release?",
        "",
        f"Generated by `{COMMAND}` from {len(data)} cells recorded up to {when} on {platforms}, "
        f"{data['env'].nunique()} environments. Each cell is one record in `reports/results.csv`.",
    ]


def render(data: pd.DataFrame) -> str:
    """The whole matrix.md for the tidy table."""
    notes = Footnotes()
    parts = header(data) + ["", "## Legend", "", legend()]
    for mode, rows in data.groupby("mode", sort=False):
        for variant, subset in rows.groupby("variant", sort=False):
            parts += [
                "",
                f"## {MODE_TITLES.get(mode, mode)}, variant `{variant}`",
                "",
                mode_table(subset, notes),
            ]
    parts += ["", "## Environments", "", environments(data), "", "## Pins", "", pins(data)]
    parts += ["", "## Notes", ""] + notes.render()
    return "\n".join(parts) + "\n"
