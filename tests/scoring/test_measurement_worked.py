"""Worked examples of the measurement model (docs/method.md §1-§5): every expected number from closed forms here.

The test rubric's factors are round (scoring_builders.WEIGHTING); its measurement block is the default: error_sd
20, event correlation 0.9, source correlation 0.5, rating sd 12.5; the prior is flat (Beta(1, 1)).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pytest

from assess.scoring import score
from scoring_builders import criterion_result, item, make_case, make_rubric

STANDARD = NormalDist()


def truncated_normal_median(mean: float, sd: float, low: float = 0.0, high: float = 100.0) -> float:
    """Median of N(mean, sd²) truncated to [low, high]: the flat-prior posterior of one pooled observation."""
    a, b = STANDARD.cdf((low - mean) / sd), STANDARD.cdf((high - mean) / sd)
    return mean + sd * STANDARD.inv_cdf((a + b) / 2.0)


def _balance(evidence, **rubric):
    return criterion_result(score(make_case(evidence), make_rubric(min_items=1, min_weight=0.0, **rubric), draws=0), "balance")


def test_one_reading_is_a_truncated_normal_around_the_level_it_indicates():
    # A1 fact, +3: level 100, weight 3 x 1 x 1 x 1 = 3, error 20 / 3 points.
    balance = _balance([item("e1", {"balance": 3})])
    assert balance.score == pytest.approx(truncated_normal_median(100.0, 20.0 / 3.0), abs=0.1)  # 95.50
    assert balance.information == pytest.approx(9.0)  # precision (3/20)² in reference items (1/20²)
    # -1 from a C source (0.6) with credibility 3 (0.5): level 33.33, weight 0.3, error 66.7: barely informative.
    weak = _balance([item("e1", {"balance": -1}, source="s_c", credibility=3)])
    assert weak.evidence_score == pytest.approx(truncated_normal_median(100 / 3, 20 / 0.3), abs=0.15)


def test_an_explicit_level_is_read_as_that_level_of_the_scale():
    # level 1 of 0-4 is 25; strength 2 by default: weight 1.4, error 20 / 1.4.
    balance = _balance([item("e1", {"balance": {"level": 1}})])
    assert balance.score == pytest.approx(truncated_normal_median(25.0, 20.0 / 1.4), abs=0.1)


@pytest.mark.parametrize(
    ("sources", "events", "precision_factor"),
    [
        (["s_a", "s_a2"], ["x", "y"], 2.0),  # two sources: independent, precisions add
        (["s_a", "s_a"], ["x", "y"], 2.0 / 1.5),  # one source, two events: Kish 2 / (1 + 0.5)
        (["s_a", "s_a"], ["x", "x"], 1.0),  # one source's two items on one event: one report, its best item
    ],
)
def test_pooling_by_event_and_source_uses_the_design_effect(sources, events, precision_factor):
    data = make_case([item(f"e{i}", {"balance": 1}, source=s) for i, s in enumerate(sources)]).model_dump()
    data["sources"].append({**next(x for x in data["sources"] if x["id"] == "s_a"), "id": "s_a2"})  # A as well
    for e, event in zip(data["evidence"], events):
        e["event"] = event
    case = type(make_case([])).model_validate(data)
    balance = criterion_result(score(case, make_rubric(min_items=1, min_weight=0.0), draws=0), "balance")
    # Each reading: level 66.67, weight 1 (precision 1/400 = one reference item).
    assert balance.information == pytest.approx(precision_factor, abs=1e-3)
    sd = 20.0 / precision_factor**0.5
    assert balance.score == pytest.approx(truncated_normal_median(200 / 3, sd), abs=0.1)


def test_the_best_known_grade_counts_and_cannot_be_judged_counts_as_D():
    weights = {e.evidence: e.reliability for e in _balance([
        item("bd", {"balance": 1}, source=["s_d", "s_b"]),  # best of D and B: B
        item("fe", {"balance": 1}, source=["s_f", "s_e"]),  # F is unknown, so E (not F's higher factor)
        item("f", {"balance": 1}, source=["s_f"]),  # only F known: F, counted as D (0.4 < 0.5)
    ]).weights}
    assert weights == {"bd": "B", "fe": "E", "f": "F"}
    only_f = _balance([item("f", {"balance": 3}, source="s_f")])
    only_d = _balance([item("d", {"balance": 3}, source="s_d")])
    assert only_f.information == pytest.approx(only_d.information) == pytest.approx((3 * 0.4) ** 2)
    six = _balance([item("c6", {"balance": 3}, credibility=6)])
    four = _balance([item("c4", {"balance": 3}, credibility=4)])
    assert six.information <= four.information


def test_too_little_evidence_is_insufficient_but_stays_in_the_aggregate_near_the_prior():
    rubric = make_rubric(min_items=2, min_weight=1.0)
    result = score(make_case([item("e1", {"balance": -1}, source="s_c", credibility=3)]), rubric, draws=0)
    balance = criterion_result(result, "balance")
    assert balance.status == "insufficient" and balance.score is None and balance.low is None
    assert balance.aggregate_score == pytest.approx(balance.evidence_score)
    consent = criterion_result(result, "consent")  # no evidence at all: the flat prior, median 50, 90% 5-95
    assert consent.aggregate_score == pytest.approx(50.0, abs=0.01)
    assert (consent.aggregate_low, consent.aggregate_high) == pytest.approx((5.0, 95.0), abs=0.3)
    assert result.overall.score is None  # nothing has a number of its own: no verdict
    assert all(f.provisional is False or f.score is not None for f in result.fundamentals)


def test_a_rating_is_one_more_observation_with_its_own_error():
    rating = {"criterion": "balance", "level": 3, "rationale": "Largely balanced."}
    medium = criterion_result(score(make_case([], ratings=[rating]), make_rubric(), draws=0), "balance")
    assert medium.status == "rated"
    assert medium.score == pytest.approx(truncated_normal_median(75.0, 12.5), abs=0.1)
    assert medium.high - medium.low > 30  # one rating never gives an interval of zero width
    high = criterion_result(score(make_case([], ratings=[{**rating, "confidence": "high"}]), make_rubric(), draws=0), "balance")
    assert high.score == pytest.approx(truncated_normal_median(75.0, 6.25), abs=0.1)
    assert high.high - high.low < medium.high - medium.low


def test_several_assessors_are_pooled_not_reduced_to_the_lower_median():
    case = make_case(
        [], assessors=[{"name": "X", "id": "x"}, {"name": "Y", "id": "y"}],
        ratings=[{"criterion": "balance", "level": lvl, "rationale": "r", "assessor": who}
                 for who, lvl in (("x", 1), ("y", 3))],
    )
    balance = criterion_result(score(case, make_rubric(), draws=0), "balance")
    # Two independent readings, 25 and 75 with error 12.5 each: mean 50, error 12.5 / sqrt(2).
    assert balance.score == pytest.approx(50.0, abs=0.05)
    assert (balance.low68, balance.high68) == pytest.approx((50 - 12.5 / 2**0.5, 50 + 12.5 / 2**0.5), abs=0.2)


def test_a_rating_far_from_strong_evidence_is_flagged_and_one_near_it_is_not():
    evidence = [item(f"e{i}", {"balance": 3}, source=s) for i, s in enumerate(("s_a", "s_b"))]
    for e, event in zip(evidence, ("x", "y")):
        e["event"] = event
    far = criterion_result(score(make_case(evidence, ratings=[
        {"criterion": "balance", "level": 0, "rationale": "r"}]), make_rubric(), draws=0), "balance")
    near = criterion_result(score(make_case(evidence, ratings=[
        {"criterion": "balance", "level": 4, "rationale": "r"}]), make_rubric(), draws=0), "balance")
    assert far.rating_outside_interval and not near.rating_outside_interval


def test_not_applicable_leaves_the_aggregate_and_says_why():
    data = make_case([item("e1", {"balance": 3}), item("e2", {"ties": -3}, source="s_b")]).model_dump()
    data["not_applicable"] = [{"criterion": "ties", "reason": "The mediator has no ties to speak of."}]
    case = type(make_case([])).model_validate(data)
    result = score(case, make_rubric(min_items=1, min_weight=0.0), draws=0)
    ties = criterion_result(result, "ties")
    assert ties.status == "not_applicable" and ties.score is None and ties.not_applicable_reason.startswith("The mediator")
    impartiality = next(f for f in result.fundamentals if f.id == "impartiality")
    # Only balance is left in impartiality: the fundamental is the criterion (up to the draws' resolution).
    assert impartiality.score == pytest.approx(criterion_result(result, "balance").score, abs=0.3)
    assert result.coverage.not_applicable == 1


def test_sensitivity_draws_are_keyed_by_stable_ids_not_position():
    """An extra item (and its source) changes none of the other sources' or criteria's random numbers."""
    from assess.models.rubric import Rubric
    from assess.scoring import uncertainty as unc
    from assess.scoring.composite import Frame
    from assess.scoring.evidence import prepare

    rubric: Rubric = make_rubric()
    index = {c.id: i for i, c in enumerate(rubric.criteria())}
    few_case = make_case([item("b", {"balance": 1}, source="s_c")])
    more_case = make_case([item("a", {"balance": -1}, source="s_b"), item("b", {"balance": 1}, source="s_c")])
    few, more = (prepare(c, rubric.weighting, index) for c in (few_case, more_case))
    design_few = unc.groups(Frame.build(few_case, rubric), rubric, few)
    design_more = unc.groups(Frame.build(more_case, rubric), rubric, more)
    rows_few, rows_more = unc.saltelli_rows(design_few, 7, 64), unc.saltelli_rows(design_more, 7, 64)
    def column(design, rows, key):
        group = next(g for g in design if key in g.keys)
        return group.id, rows[group.id][:2 * n, group.keys.index(key)]

    n = 64
    # The A and B rows of s_c's grade stream are the same with or without the other source.
    (id_few, few_c), (id_more, more_c) = column(design_few, rows_few, "source:s_c"), column(design_more, rows_more, "source:s_c")
    assert id_few == id_more and (few_c == more_c).all()
    posteriors = next(g for g in design_few if g.id == "posteriors").keys.index("balance")
    assert (rows_few["posteriors"][:2 * n, posteriors] == rows_more["posteriors"][:2 * n, posteriors]).all()


def test_unknown_grades_are_drawn_across_the_known_ones():
    """F and 6 ("cannot be judged") are drawn across A-E and 1-5 in the joint analysis, one draw per source for
    F and per item for 6; a known grade moves at most one step."""
    from assess.scoring import uncertainty as unc
    from assess.scoring.composite import Frame
    from assess.scoring.evidence import prepare

    rubric = make_rubric()
    index = {c.id: i for i, c in enumerate(rubric.criteria())}
    case = make_case([item("u", {"balance": 1}, source="s_f", credibility=6), item("k", {"balance": 1}, source="s_b")])
    items = prepare(case, rubric.weighting, index)
    design = unc.groups(Frame.build(case, rubric), rubric, items)
    assert next(g for g in design if g.id == "unknown_grades").keys == ("cred:u", "rel:source:s_f")
    rows = unc.saltelli_rows(design, 7, 256)
    model = unc.Model(Frame.build(case, rubric), rubric, [], {i.id: i for i in items})
    grades = unc._grades(model, rows, {g.id: g for g in design}, 512)
    assert len(set(np.round(grades["u"], 6))) > 9  # 5 reliabilities x 5 credibilities
    known = set(np.round(grades["k"], 6))
    assert len(known) <= 3  # B, one step up (A) or down (C), credibility fixed


def test_the_fast_layered_weights_equal_the_definition():
    """`weights` (running counts, linear in the layers) gives what building every layer's set and asking
    `shares` gives (`layered_weights`), on random structures, with and without leading draw dimensions."""
    from assess.scoring.measurement import _weights_block
    from assess.scoring import measurement as mm

    rng = np.random.default_rng(20261201)
    for _ in range(150):
        n = int(rng.integers(1, 40))
        obs = [mm.Observation(f"o{i:02d}", float(rng.choice([0, 25, 50, 75, 100])), float(rng.choice([10, 20, 20, 40])),
                              f"e{rng.integers(0, 4)}", f"s{rng.integers(0, 3)}") for i in range(n)]
        readings = mm.Readings.of(obs)
        precision = readings.precision * rng.uniform(0.5, 1.5, (2, 3, len(readings.ids)))
        flat = precision.reshape(-1, len(readings.ids))
        assert np.allclose(_weights_block(readings, 0.9, 0.5, flat), mm.layered_weights(readings, 0.9, 0.5, flat))
        assert np.allclose(mm.weights(readings, 0.9, 0.5, precision), mm.layered_weights(readings, 0.9, 0.5, precision))
        assert np.allclose(mm.weights(readings, 0.6, 0.2), mm.layered_weights(readings, 0.6, 0.2))
