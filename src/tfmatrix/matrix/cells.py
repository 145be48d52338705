"""Choose cells by id, mode, experiment or variant; names the experiments do not define are refused."""

from __future__ import annotations

from typing import Any

from .releases import SelectionError

FIELDS = (("cell", "id"), ("mode", "mode"), ("experiment", "experiment"), ("variant", "variant"))


def choose(cells: list[dict[str, Any]], **wanted: list[str] | None) -> list[dict[str, Any]]:
    """The cells matching every given filter (`cell=[...]`, `mode=[...]`, ...)."""
    chosen = cells
    for option, key in FIELDS:
        names = wanted.get(option)
        if not names:
            continue
        valid = list(dict.fromkeys(cell[key] for cell in cells))
        unknown = [name for name in names if name not in valid]
        if unknown:
            shown = (
                "; see `python -m tfmatrix cells`"
                if option == "cell"
                else f"; choose from {', '.join(valid)}"
            )
            raise SelectionError(f"unknown {option} {unknown[0]!r}{shown}")
        chosen = [cell for cell in chosen if cell[key] in names]
    if not chosen:
        raise SelectionError("the selection matches no cell")
    return chosen
