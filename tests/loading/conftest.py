"""Helpers for loading tests: a work folder with the test rubric, and case text built from the minimal case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

VALID = Path(__file__).resolve().parent.parent / "data" / "valid"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder holding the test rubric, where cases naming `mini_rubric.yaml` find it."""
    shutil.copy(VALID / "mini_rubric.yaml", tmp_path / "mini_rubric.yaml")
    return tmp_path


@pytest.fixture
def write(work: Path):
    def _write(text: str | bytes, name: str = "case.yaml") -> Path:
        path = work / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write
