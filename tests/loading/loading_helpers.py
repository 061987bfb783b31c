"""Helpers for loading tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

VALID = Path(__file__).resolve().parent.parent / "data" / "valid"
MINIMAL = (VALID / "minimal_case.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing `needle` (so expectations follow the text, not magic numbers)."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not in text"
    return hits[nth - 1]


# Fixtures live here, not in a tests/loading/conftest.py: without packages, a second `conftest` module would shadow
# tests/conftest.py for any test that imports from it. Test modules import these by name.
@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder holding the test rubric, where cases naming `mini_rubric.yaml` find it."""
    shutil.copy(VALID / "mini_rubric.yaml", tmp_path / "mini_rubric.yaml")
    return tmp_path


@pytest.fixture
def write(work: Path):
    """`write(text, name="case.yaml")` writes a file into `work` and returns its path."""

    def _write(text: str | bytes, name: str = "case.yaml") -> Path:
        path = work / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write
