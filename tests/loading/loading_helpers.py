"""Helpers for loading tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

from pathlib import Path

VALID = Path(__file__).resolve().parent.parent / "data" / "valid"
MINIMAL = (VALID / "minimal_case.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing `needle` (so expectations follow the text, not magic numbers)."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not in text"
    return hits[nth - 1]
