"""reports/ is replaced whole or not at all."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from tfmatrix.report import report


def test_a_full_disk_leaves_every_report_as_it_was(tmp_path, monkeypatch):
    for name in ("results.csv", "matrix.md", "index.html"):
        (tmp_path / name).write_text(f"published {name}\n")
    write_text = Path.write_text

    def fills_up(path, text, **kwargs):
        if path.name == ".index.html.new":
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_text(path, text, **kwargs)

    monkeypatch.setattr(Path, "write_text", fills_up)
    with pytest.raises(OSError, match="No space left"):
        report.write_all(tmp_path, {"results.csv": "new\n", "matrix.md": "new\n", "index.html": "new\n"})
    monkeypatch.undo()
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == {
        name: f"published {name}\n" for name in ("results.csv", "matrix.md", "index.html")
    }
    report.write_all(tmp_path, {"results.csv": "new\n", "matrix.md": "new\n", "index.html": "new\n"})
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == dict.fromkeys(
        ("results.csv", "matrix.md", "index.html"), "new\n"
    )
