"""The joint uncertainty and sensitivity analysis (docs/method.md §7): what a sceptical reader would check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from assess.loading import open_case
from assess.render import render
from assess.scoring import score
from scoring_builders import item, make_case, make_rubric

ROOT = Path(__file__).resolve().parents[2]
RUSSIA = ROOT / "cases" / "russia_nk.yaml"


@pytest.fixture(scope="module")
def russia():
    loaded = open_case(RUSSIA)
    return loaded, score(loaded.case, loaded.rubric)


def _overall(assessment):
    return assessment.sensitivity.distributions[0]


def test_the_default_analysis_has_the_draws_errors_shares_indices_and_leave_outs(russia):
    _, a = russia
    s = a.sensitivity
    assert s.draws >= 1000 and s.evaluations == s.draws // 2 * (2 + len(s.assumptions))
    declared = {x.id for x in s.assumptions}
    assert {"posteriors", "criterion_weights", "fundamental_weights", "aggregation", "kind_factors",
            "strength_mapping", "source_grades", "missing_data", "prior", "sufficiency"} <= declared
    headline = next(d for d in s.distributions if d.target == a.headline.fundamental)
    for d in (_overall(a), headline):
        assert d.median_mc_error is not None and 0 < d.median_mc_error < 2
        assert d.band_mc_error is not None and d.band_mc_error < 0.02
        assert abs(sum(d.bands.values()) - 1) < 0.01
        assert {x.assumption for x in d.sobol} == declared
        for x in d.sobol:
            assert x.total is not None and x.total_low <= x.total <= x.total_high
            assert x.first_order_low <= x.first_order <= x.first_order_high
        assert d.most_sensitive_to.startswith(d.title) and "total-effect index" in d.most_sensitive_to
    # Leave-one-source-out covers every source the scored items were obtained through, and the essay among them.
    assert "essay" in {x.id for x in s.leave_one_source_out}
    assert s.leave_one_event_out and all(x.items for x in s.leave_one_event_out)


def test_the_headline_and_overall_likelihoods_are_the_joint_shares(russia):
    _, a = russia
    by = {d.target: d for d in a.sensitivity.distributions}
    assert a.overall.probability == by["overall"].bands[a.overall.score_band]
    assert a.headline.probability == by[a.headline.fundamental].bands[a.headline.verdict]


def test_grading_the_essay_e_moves_the_verdict_shares_and_the_report_shows_it(russia, tmp_path):
    loaded, a = russia
    data = yaml.safe_load(RUSSIA.read_text(encoding="utf-8"))
    essay = next(s for s in data["sources"] if s["id"] == "essay")
    assert essay["reliability"] == "C"
    essay["reliability"] = "E"
    shutil.copytree(RUSSIA.parent / "sources", tmp_path / "sources")  # the stored texts the case points to
    copy = tmp_path / "russia_essay_e.yaml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    graded_e = open_case(copy)
    b = score(graded_e.case, graded_e.rubric)
    target = a.headline.fundamental
    before = next(d for d in a.sensitivity.distributions if d.target == target)
    after = next(d for d in b.sensitivity.distributions if d.target == target)
    moved = max(abs(before.bands[k] - after.bands[k]) for k in before.bands)
    # Both runs use the same keyed random numbers, so the difference is not Monte Carlo noise. About 3 points
    # under rubric 2.0 (4 under 1.0): its two impartiality criteria without evidence dilute the essay's share.
    assert moved >= 0.02, (before.bands, after.bands)
    # The broadened case no longer rests on the essay: its weight is under the share (OWN_GRADE_SHARE) that would make
    # its grade an assumption of its own, so it varies with the other sources' grades, and the headline moves by
    # less than a point when it is graded E.
    assert not any(x.assumption == "source_grades:essay" for x in after.sobol)
    pooled = next(x for x in after.sobol if x.assumption == "source_grades")
    assert pooled.total > 0
    assert abs(a.headline.score - b.headline.score) < 1.0
    report = render(b, "md")
    assert pooled.label in report
    row = next(line for line in report.splitlines() if line.startswith(f"| {after.title} |") and line.count("%") >= 3)
    for label, share in after.bands.items():
        assert f"{round(share * 100)}%" in row, label  # the band shares table of the Sensitivity section


def test_a_sole_varying_assumption_takes_the_whole_variance():
    """Sobol indices of a model with one varying assumption: S1 = ST = 1 for it (up to the estimator's noise)."""
    only_weights = {"posteriors": False, "criterion_weights": 0.5, "fundamental_weights": 0.0, "aggregation": {"arithmetic": 1.0},
                    "kind_factors": 0.0, "strength_mapping": (1.0, 1.0), "source_grades": 0.0, "unknown_grades": False,
                    "missing_data": {"posterior": 1.0}, "priors": [], "sufficiency": None}
    rubric = make_rubric(min_items=1, uncertainty=only_weights)
    case = make_case([item("e1", {"balance": 3}), item("e2", {"ties": -3}, kind="structural_tie")])
    s = score(case, rubric, draws=1024).sensitivity
    assert [x.id for x in s.assumptions] == ["criterion_weights"]
    (index,) = next(d for d in s.distributions if d.target == "impartiality").sobol
    assert index.first_order == pytest.approx(1.0, abs=0.1) and index.total == pytest.approx(1.0, abs=0.1)


def test_an_extra_negligible_item_barely_moves_the_distribution():
    """Random numbers are keyed by ids: a near-weightless item from a new source changes no other draw, so the
    distribution hardly moves (with positional numbers every draw would be reshuffled)."""
    base = [item("e1", {"balance": 2}), item("e2", {"balance": -1}, source="s_b"), item("e3", {"consent": 1})]
    extra = item("zz", {"consent": 1}, source="s_f", credibility=5, kind="analysis")
    rubric = make_rubric(min_items=1)
    a = score(make_case(base), rubric, draws=256).sensitivity.distributions[0]
    b = score(make_case([*base, extra]), rubric, draws=256).sensitivity.distributions[0]
    assert abs(a.median - b.median) < 1.0 and abs(a.low - b.low) < 1.5 and abs(a.high - b.high) < 1.5


def test_same_seed_same_analysis_other_seed_other_draws(russia):
    loaded, a = russia
    again = score(loaded.case, loaded.rubric)
    assert json.dumps(again.sensitivity.model_dump(mode="json")) == json.dumps(a.sensitivity.model_dump(mode="json"))
    other = score(loaded.case, loaded.rubric, seed=7, draws=256).sensitivity
    assert other.seed == 7 and other.distributions[0].median != _overall(a).median


def test_draws_zero_skips_it_and_likelihood_falls_back_to_the_posterior_draws():
    case = make_case([item("e1", {"balance": 3}), item("e2", {"consent": 1})])
    a = score(case, make_rubric(min_items=1), draws=0)
    assert a.sensitivity is None and a.overall.probability is not None


def test_each_leave_out_is_the_case_scored_without_those_items(russia):
    """Leave-outs re-score only the criteria the left-out items bear on; the result must be what scoring the case
    without those items gives, for sources and events alike."""
    loaded, a = russia
    s = a.sensitivity
    chosen = [*s.leave_one_source_out[:3], *s.leave_one_event_out[:3]]
    assert any(x.id == "essay" for x in s.leave_one_source_out)
    chosen.append(next(x for x in s.leave_one_source_out if x.id == "essay"))
    for left in chosen:
        gone = set(left.items)
        case = loaded.case.model_copy(update={"evidence": [e for e in loaded.case.evidence if e.id not in gone]})
        without = score(case, loaded.rubric, draws=0)
        assert left.overall == without.overall.score, left.id
        assert left.fundamentals == {f.id: f.score for f in without.fundamentals}, left.id
