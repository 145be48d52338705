from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def golden_results(tmp_path: Path) -> Path:
    """A results/ folder holding real records of tf-1.12 and tf-2.16-keras3."""
    target = tmp_path / "results"
    shutil.copytree(DATA / "records", target)
    return target
