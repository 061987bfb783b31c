"""Golden files: the Russia case's HTML, Markdown and JSON reports, byte for byte (`pytest --regen-golden` rewrites)."""

from __future__ import annotations

import difflib

import pytest
from render_helpers import GOLDEN, russia_report

SUFFIX = {"html": "html", "md": "md", "json": "json"}


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_report_matches_golden(fmt, regen_golden):
    actual = russia_report(fmt)
    golden = GOLDEN / f"russia_nk.{SUFFIX[fmt]}"
    if regen_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="")
        return
    if not golden.exists():
        pytest.fail(f"{golden} is missing: run `python -m pytest tests/render --regen-golden` and review the diff")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "actual", n=1))
        pytest.fail(f"{fmt} report differs from {golden.name} (if intended, rerun with --regen-golden):\n{diff[:4000]}")
