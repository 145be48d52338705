"""matrix.md's reference tables: every environment's requested and observed versions, and the pins."""

from __future__ import annotations

import pandas as pd

from ..matrix.releases import PINS

# The package tf.keras was, in the reports' words: inside tensorflow it is tf.keras itself.
KERAS_PACKAGES = {"tensorflow": "tf.keras"}


def environments(data: pd.DataFrame) -> str:
    """Requested and observed versions of every environment, with its pins."""
    pinned = {pin.requirement for pins in PINS.values() for pin in pins}
    lines = [
        {
            "environment": f"`{row.env}` ({row.backend})",
            "requested": f"tensorflow {row.tensorflow}, Python {row.python}, {row.keras}",
            "observed": observed(row),
            "extra pins": ", ".join(f"`{req}`" for req in row.requirements.split()[1:] if req in pinned)
            or "none",
        }
        for row in data.drop_duplicates(["backend", "env"]).itertuples()
    ]
    return pd.DataFrame(lines).to_markdown(index=False)


def observed(row) -> str:
    if not row.observed_tensorflow:
        return "not imported"
    return (
        f"tensorflow {row.observed_tensorflow}, {keras(row.keras_package, row.observed_keras)}, "
        f"numpy {row.observed_numpy}, Python {row.observed_python}"
    )


def keras(package: str, version: str) -> str:
    """'keras 2.1.6-tf (tf.keras)': the Keras version, and the package that is `tf.keras`."""
    return f"keras {version} ({KERAS_PACKAGES.get(package, package)})"


def pins(data: pd.DataFrame) -> str:
    """Every pin the matrix's releases need, and the failure it prevents."""
    used = set(" ".join(data["requirements"]).split())
    table: dict = {}
    for minor, pins in PINS.items():
        for pin in pins:
            table.setdefault(pin, []).append(minor)
    lines = [
        {"pin": f"`{pin.requirement}`", "releases": ", ".join(minors), "why": pin.why}
        for pin, minors in table.items()
        if pin.requirement in used
    ]
    return pd.DataFrame(lines).to_markdown(index=False) if lines else "No release needs a pin."
