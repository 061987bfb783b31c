"""The Monte Carlo's random choices: one plan per seed and rubric shape, shared by every case (common random numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.pipeline import assess_file
from assess.scoring import sensitivity

CASES = Path(__file__).resolve().parents[2] / "cases"


def test_choices_for_fewer_items_are_a_prefix():
    small = list(sensitivity._make_plan(7, 50, 30, 17, 8))
    big = list(sensitivity._make_plan(7, 50, 90, 17, 8))
    for (cf_s, ff_s, steps_s), (cf_b, ff_b, steps_b) in zip(small, big):
        assert (cf_s, ff_s) == (cf_b, ff_b)
        assert steps_s == tuple((i, step) for i, step in steps_b if i < 30)


def test_choices_follow_the_documented_chances():
    plan = list(sensitivity._make_plan(12345, 400, 200, 17, 8))
    factors = [f for cf, ff, _ in plan for f in (*cf, *ff)]
    assert all(0.75 <= f <= 1.25 for f in factors)
    assert abs(sum(factors) / len(factors) - 1.0) < 0.01
    # Each item changes reliability with chance 1/4 and credibility with chance 1/4: re-graded 7/16 of the time.
    regraded = sum(len(steps) for _, _, steps in plan) / (400 * 200)
    assert abs(regraded - 7 / 16) < 0.01
    assert all(step != 4 and 0 <= step <= 8 for _, _, steps in plan for _, step in steps)


@pytest.fixture
def empty_plan_cache(monkeypatch):
    monkeypatch.setattr(sensitivity, "_plans", {})


def test_result_does_not_depend_on_what_was_scored_before(empty_plan_cache, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(sensitivity, "_PLAN_CACHE_MAX", 0)  # a plan of exactly the case's size, not kept
        alone, _ = assess_file(CASES / "teaching_fictional.yaml")
    sensitivity._draw_plan(alone.sensitivity.seed, alone.sensitivity.draws, 190, 17, 8)  # kept: for 190 items
    after, _ = assess_file(CASES / "teaching_fictional.yaml")
    assert after.sensitivity == alone.sensitivity


def test_big_cases_get_a_plan_of_their_own_size(empty_plan_cache):
    covered, plan = sensitivity._draw_plan(1, 200, 5000, 17, 8)
    assert covered == 5000 and len(list(plan)) == 200
    assert sensitivity._plans == {}  # not kept: 5,000 items x 200 draws
    covered, _ = sensitivity._draw_plan(1, 200, 40, 17, 8)
    assert covered >= 40 and len(sensitivity._plans) == 1
