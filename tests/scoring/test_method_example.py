"""The worked example in docs/method.md Part 1 must stay true of the shipped case and rubric."""

from __future__ import annotations

from pathlib import Path

from assess.pipeline import assess_file

ROOT = Path(__file__).resolve().parents[2]
METHOD = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")


def _criterion(cid: str):
    assessment, _ = assess_file(ROOT / "cases" / "russia_nk.yaml", draws=0)
    return next(c for c in assessment.criteria if c.id == cid)


def test_item_readings_in_the_worked_example_match_the_engine():
    weights = {w.evidence: w for w in _criterion("balance").weights}
    for eid in ("e05", "e06"):
        w = weights[eid]
        assert f"`{eid}`" in METHOD
        assert f"= {w.weight:.3f}" in METHOD, (eid, w.weight)
        assert f"error {w.error_sd:.1f}" in METHOD, (eid, w.error_sd)
        assert f"level {w.level:.2f}" in METHOD, (eid, w.level)


def test_criterion_numbers_in_the_worked_example_match_the_engine():
    balance = _criterion("balance")
    assert f"{balance.events} independent events" in METHOD
    assert f"information {balance.information:.3f}" in METHOD
    assert f"median {balance.evidence_score:.2f}" in METHOD
    assert f"`{balance.evidence_low:.2f}–{balance.evidence_high:.2f}`" in METHOD
    assert f"status `{balance.status}`" in METHOD
