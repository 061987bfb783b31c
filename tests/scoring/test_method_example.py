"""The worked example in docs/method.md Part 1 must stay true of the shipped case and rubric."""

from __future__ import annotations

from pathlib import Path

from assess.pipeline import assess_file

ROOT = Path(__file__).resolve().parents[2]
METHOD = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")


def _balance():
    assessment, _ = assess_file(ROOT / "cases" / "russia_nk.yaml", draws=0)
    return next(c for c in assessment.criteria if c.id == "balance")


def test_item_weights_in_the_worked_example_match_the_engine():
    weights = {w.evidence: w for w in _balance().weights}
    assert round(weights["e05"].weight, 3) == 0.455
    assert round(weights["e06"].weight, 3) == 0.294
    assert "= 0.455 against \"balance\"" in METHOD and "= 0.294" in METHOD


def test_criterion_numbers_in_the_worked_example_match_the_engine():
    balance = _balance()
    assert (balance.support_weight, balance.undermine_weight) == (0.84, 1.3335)
    assert (balance.score, balance.low, balance.high) == (44.09, 10.24, 81.44)
    assert "0.840 for and 1.3335 against" in METHOD and "`10.24–81.44`" in METHOD and "44.09" in METHOD
