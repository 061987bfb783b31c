"""Worked examples: every expected number is computed by hand here, from the formulas in docs/method.md Part 1."""

from __future__ import annotations

import math

import pytest

from assess.models import rubric as rubric_model
from assess.scoring import AGGREGATIONS, score
from assess.scoring.beta import beta_cdf, beta_ppf, interval
from assess.scoring.verdict import likelihood
from scoring_builders import criterion_result, item, make_case, make_rubric, party_result


def test_the_aggregation_registry_is_the_list_the_rubric_model_accepts():
    assert tuple(AGGREGATIONS) == rubric_model.AGGREGATIONS


# ---- the Beta distribution against closed forms -------------------------------------------------------------


def test_beta_uniform_and_power_closed_forms():
    # Beta(1,1) is uniform: the central 90% interval is [0.05, 0.95].
    assert interval(1, 1) == pytest.approx((0.05, 0.95), abs=1e-9)
    # Beta(a,1) has CDF x^a, so its p-quantile is p^(1/a).
    for a in (0.5, 2.0, 7.3):
        assert beta_cdf(0.3, a, 1) == pytest.approx(0.3**a, rel=1e-9)
        assert beta_ppf(0.05, a, 1) == pytest.approx(0.05 ** (1 / a), rel=1e-7)
    # Beta(4,2) has CDF 5x^4 - 4x^5.
    assert beta_cdf(0.6, 4, 2) == pytest.approx(5 * 0.6**4 - 4 * 0.6**5, rel=1e-9)
    # Beta(1/2,1/2) is the arcsine law: CDF (2/pi) asin(sqrt(x)), so the p-quantile is sin(pi p / 2)^2.
    for p in (0.05, 0.5, 0.95):
        assert beta_ppf(p, 0.5, 0.5) == pytest.approx(math.sin(math.pi * p / 2) ** 2, rel=1e-9)
    # Large a and b (thousands of items): the quantile lands where the CDF says it should.
    low, high = interval(3000.5, 1200.25)
    assert beta_cdf(low, 3000.5, 1200.25) == pytest.approx(0.05, abs=1e-9)
    assert beta_cdf(high, 3000.5, 1200.25) == pytest.approx(0.95, abs=1e-9)


# ---- evidence weight ------------------------------------------------------------------------------------------


def test_evidence_weight_is_the_product_of_the_four_factors():
    # strength 2 -> 2.0, source graded B -> 0.8, credibility 2 -> 0.75, perception -> 0.5: 2.0*0.8*0.75*0.5 = 0.6
    case = make_case([item("e1", {"balance": 2}, source="s_b", credibility=2, kind="perception")])
    result = score(case, make_rubric(), draws=0)
    (w,) = criterion_result(result, "balance").weights
    assert (w.strength_factor, w.reliability, w.reliability_factor, w.credibility_factor, w.kind_factor) == (
        2.0, "B", 0.8, 0.75, 0.5
    )
    assert w.weight == pytest.approx(0.6)
    assert criterion_result(result, "balance").support_weight == pytest.approx(0.6)


def test_the_best_source_counts_and_an_ungraded_bibliography_key_counts_as_F():
    # Cited [D, B]: the best factor is B's 0.8. A key not among the case's sources is graded F: 0.5.
    case = make_case([
        item("e1", {"balance": 1}, source=["s_d", "s_b"]),
        item("e2", {"balance": 1}, source=["smith2020"]),
    ])
    weights = criterion_result(score(case, make_rubric(), draws=0), "balance").weights
    assert [(w.reliability, w.weight) for w in weights] == [("B", 0.8), ("F", 0.5)]


# ---- criterion score and interval -----------------------------------------------------------------------------


def _three_criteria_case():
    return make_case([
        item("e1", {"balance": 3}),  # fact, A, 1: weight 3 for
        item("e2", {"balance": -1}),  # weight 1 against
        item("e3", {"ties": -3}, kind="structural_tie", favours="north", tags=["military_alliance"]),  # 3 against
        item("e4", {"consent": 1}, source="s_b"),  # 1 * 0.8 = 0.8 for
    ])


def test_criterion_score_is_the_beta_posterior_mean_with_its_central_90_interval():
    # balance: a = 1 + 3 = 4, b = 1 + 1 = 2 -> 100 * 4/6 = 66.67; Beta(4,2) has CDF 5x^4 - 4x^5.
    result = score(_three_criteria_case(), make_rubric(), draws=0)
    balance = criterion_result(result, "balance")
    assert balance.status == "scored"
    assert balance.score == 66.67
    assert balance.level == 3 and balance.level_label == "L3"  # 66.67 / 25 = 2.67 -> nearest level 3
    cdf = lambda x: 5 * x**4 - 4 * x**5  # noqa: E731
    assert cdf(balance.low / 100) == pytest.approx(0.05, abs=5e-4)
    assert cdf(balance.high / 100) == pytest.approx(0.95, abs=5e-4)
    # ties: a = 1, b = 1 + 3 = 4 -> 20.0; consent: a = 1.8, b = 1 -> 1.8/2.8 = 64.29
    assert criterion_result(result, "ties").score == 20.0
    assert criterion_result(result, "consent").score == 64.29


def test_too_little_evidence_is_insufficient_not_a_number():
    # min_items 2: balance has two items, consent only one -> consent gets no number and drops out.
    rubric = make_rubric(min_items=2)
    result = score(_three_criteria_case(), rubric, draws=0)
    consent = criterion_result(result, "consent")
    assert (consent.status, consent.score, consent.low, consent.high) == ("insufficient", None, None, None)
    # Overall = impartiality alone = (66.67 + 20) / 2 ... but ties has one item too: only balance is left.
    assert criterion_result(result, "ties").status == "insufficient"
    assert result.overall.score == 66.67
    assert (result.coverage.scored, result.coverage.insufficient) == (1, 2)
    # balance carries 3/4 (fundamental) * 1/2 (criterion) of the weight.
    assert result.coverage.weight_covered == 0.375
    # min_weight: a total weight of 0.8 is below 1.0.
    lone = score(_three_criteria_case(), make_rubric(min_weight=1.0), draws=0)
    assert criterion_result(lone, "consent").status == "insufficient"


# ---- aggregation --------------------------------------------------------------------------------------------


def test_arithmetic_aggregation_and_its_delta_method_interval():
    result = score(_three_criteria_case(), make_rubric(), draws=0)
    # impartiality = (2/3 + 1/5) / 2 = 0.43333; overall = (3 * 0.43333 + 1 * 0.642857) / 4 = 0.485714
    impartiality = 0.5 * (4 / 6) + 0.5 * (1 / 5)
    overall = (3 * impartiality + 1 * (1.8 / 2.8)) / 4
    assert result.fundamentals[0].score == round(100 * impartiality, 2) == 43.33
    assert result.overall.score == round(100 * overall, 2) == 48.57
    assert result.overall.verdict == "Mixed"  # bands 0 Fails, 40 Mixed, 70 Meets
    # Variances of Beta(a,b) = ab / ((a+b)^2 (a+b+1)); slopes of the overall: 3/4*1/2, 3/4*1/2, 1/4.
    var = lambda a, b: a * b / ((a + b) ** 2 * (a + b + 1))  # noqa: E731
    total = (3 / 8) ** 2 * (var(4, 2) + var(1, 4)) + (1 / 4) ** 2 * var(1.8, 1)
    k = overall * (1 - overall) / total - 1  # a Beta with this mean and variance: a = m k, b = (1 - m) k
    a, b = overall * k, (1 - overall) * k
    assert beta_cdf(result.overall.low / 100, a, b) == pytest.approx(0.05, abs=1e-3)
    assert beta_cdf(result.overall.high / 100, a, b) == pytest.approx(0.95, abs=1e-3)


def test_geometric_and_minimum_aggregation():
    bal, ties, consent = 4 / 6, 1 / 5, 1.8 / 2.8
    geometric = score(_three_criteria_case(), make_rubric(aggregation="geometric"), draws=0)
    impartiality = math.sqrt(bal * ties)
    expected = impartiality ** (3 / 4) * consent ** (1 / 4)
    assert geometric.fundamentals[0].score == round(100 * impartiality, 2)
    assert geometric.overall.score == round(100 * expected, 2)
    minimum = score(_three_criteria_case(), make_rubric(aggregation="minimum"), draws=0)
    assert minimum.overall.score == 20.0  # the structural-ties criterion
    assert minimum.overall.verdict == "Fails"


def test_single_criterion_overall_equals_the_criterion_and_band_probability_is_exact():
    # One criterion: the delta method returns the criterion's own Beta(4,2).
    rubric = make_rubric(fundamentals=[("f", 1.0, [("balance", 1.0)])])
    result = score(make_case([item("e1", {"balance": 3}), item("e2", {"balance": -1})]), rubric, draws=0)
    balance = criterion_result(result, "balance")
    assert (result.overall.score, result.overall.low, result.overall.high) == (balance.score, balance.low, balance.high)
    # P(0.40 <= X < 0.70) = (5*.7^4 - 4*.7^5) - (5*.4^4 - 4*.4^5) = 0.52822 - 0.08704 = 0.44118
    assert result.overall.probability == pytest.approx(0.441, abs=1e-3)
    assert result.overall.likelihood == "about as likely as not"


def test_likelihood_wording_follows_the_ipcc_scale():
    words = [likelihood(p) for p in (0.995, 0.95, 0.7, 0.5, 0.2, 0.05, 0.001)]
    assert words == ["virtually certain", "very likely", "likely", "about as likely as not", "unlikely",
                     "very unlikely", "exceptionally unlikely"]


# ---- ratings ---------------------------------------------------------------------------------------------


def test_a_rating_overrides_but_the_evidence_score_is_kept_and_disagreement_is_flagged():
    case = make_case(
        _three_criteria_case().model_dump()["evidence"],
        ratings=[{"criterion": "balance", "level": 3, "rationale": "Largely balanced."},
                 {"criterion": "ties", "level": 4, "rationale": "No ties, I say."}],
    )
    result = score(case, make_rubric(), draws=0)
    balance = criterion_result(result, "balance")
    # level 3 of 0-4 -> 75; the evidence still says 66.67 with an interval that holds 75.
    assert (balance.status, balance.score, balance.evidence_score) == ("rated", 75.0, 66.67)
    assert balance.rating.rationale == "Largely balanced." and not balance.rating_outside_interval
    # ties: evidence Beta(1,4) has 95% quantile 1 - 0.05^(1/4) = 0.527 < 1.0 -> the rating of 100 is flagged.
    ties = criterion_result(result, "ties")
    assert ties.evidence_high == round(100 * (1 - 0.05 ** (1 / 4)), 2) == 52.71
    assert ties.score == 100.0 and ties.rating_outside_interval


def test_several_assessors_use_the_lower_median_and_show_the_spread():
    case = make_case(
        [item("e1", {"balance": 1})],
        assessors=[{"name": "X", "id": "x"}, {"name": "Y", "id": "y"}, {"name": "Z", "id": "z"}],
        ratings=[{"criterion": "balance", "level": lvl, "rationale": "r", "assessor": who}
                 for who, lvl in (("x", 1), ("y", 3), ("z", 4))],
    )
    balance = criterion_result(score(case, make_rubric(), draws=0), "balance")
    assert (balance.score, balance.low, balance.high) == (75.0, 25.0, 100.0)  # median of 1, 3, 4 is 3
    assert [r.assessor for r in balance.ratings] == ["x", "y", "z"] and balance.rating.assessor == "y"


# ---- party tilt -------------------------------------------------------------------------------------------


def test_tilt_is_share_of_favour_minus_the_others_with_one_pseudo_item_each():
    case = make_case([
        item("e1", {"balance": -3}, kind="structural_tie", favours="north"),  # favour weight 3
        item("e2", {"balance": -1}, favours="south"),  # favour weight 1
    ])
    result = score(case, make_rubric(), draws=0)
    # shares (3+1)/6 and (1+1)/6; two parties: tilt = 2 * share - 1 = +1/3 and -1/3.
    assert party_result(result, "north").tilt == pytest.approx(1 / 3, abs=1e-3)
    assert party_result(result, "south").tilt == pytest.approx(-1 / 3, abs=1e-3)
    # balance = 1 - (|4/6 - 1/2| + |2/6 - 1/2|) / 2 / (1 - 1/2) = 2/3
    assert result.balance_index == pytest.approx(2 / 3, abs=1e-3)
    # Structural ties apart: north (3+1)/5 -> +0.6; conduct only: north (0+1)/3 -> -1/3.
    assert party_result(result, "north").structural_tilt == pytest.approx(0.6)
    assert party_result(result, "north").conduct_tilt == pytest.approx(-1 / 3, abs=1e-3)


def test_tilt_with_three_parties():
    case = make_case([item("e1", {"balance": -3}, favours="a")], parties=[("a", "A"), ("b", "B"), ("c", "C")])
    result = score(case, make_rubric(), draws=0)
    # shares 4/6, 1/6, 1/6; tilt = (3 * share - 1) / 2 -> +0.5, -0.25, -0.25
    assert [p.tilt for p in result.parties] == [0.5, -0.25, -0.25]


# ---- red flags ---------------------------------------------------------------------------------------------


def test_red_flags_need_every_condition_of_their_rule():
    rules = [
        {"id": "alliance", "label": "Alliance", "description": "d",
         "when": {"kinds": ["structural_tie"], "tags_any": ["military_alliance"], "favours_a_party": True}},
        {"id": "strong_imbalance", "label": "Imbalance", "description": "d", "severity": "warning",
         "when": {"criteria": ["balance"], "direction": "undermines", "min_strength": 2, "min_credibility": 2}},
    ]
    case = make_case([
        item("e1", {"ties": -3}, kind="structural_tie", favours="north", tags=["military_alliance"]),
        item("e2", {"ties": -3}, kind="structural_tie", favours="north"),  # no tag
        item("e3", {"balance": -1}),  # too weak
        item("e4", {"balance": -2}, credibility=3),  # too doubtful
        item("e5", {"balance": -2}, credibility=2),
    ])
    flags = score(case, make_rubric(red_flags=rules), draws=0).flags
    assert [(f.id, f.evidence, f.parties, f.severity) for f in flags] == [
        ("alliance", ["e1"], ["north"], "serious"), ("strong_imbalance", ["e5"], [], "warning"),
    ]


# ---- time ------------------------------------------------------------------------------------------------


def test_as_of_keeps_evidence_starting_by_then_and_leaves_out_undated_items():
    from datetime import date

    case = make_case([
        item("e1", {"balance": 3}, date="1994"),
        item("e2", {"balance": -3}, date="1999/2005"),  # starts 1999-01-01
        item("e3", {"balance": -3}, date="2001-03"),
        item("e4", {"balance": -3}),  # undated
    ])
    full = score(case, make_rubric(), draws=0)
    sliced = score(case, make_rubric(), as_of=date(2000, 1, 1), draws=0)
    assert criterion_result(full, "balance").evidence == ["e1", "e2", "e3", "e4"]
    assert criterion_result(sliced, "balance").evidence == ["e1", "e2"]
    assert criterion_result(sliced, "balance").score == 50.0  # a = 1 + 3, b = 1 + 3
    assert sliced.as_of == "2000-01-01"
    # Trajectory: the end of each year evidence starts in; the last point of the slice is as_of itself.
    assert [(p.as_of, p.evidence_count) for p in full.trajectory] == [
        ("1994-12-31", 1), ("1999-12-31", 2), ("2001-12-31", 3)]
    assert full.trajectory[0].score == 80.0  # a = 4, b = 1
    assert [p.as_of for p in sliced.trajectory] == ["1994-12-31", "1999-12-31", "2000-01-01"]
    assert sliced.trajectory[-1].score == sliced.overall.score


# ---- sensitivity ----------------------------------------------------------------------------------------


def test_leave_one_out_names_the_items_the_verdict_hinges_on():
    rubric = make_rubric(fundamentals=[("f", 1.0, [("balance", 1.0)])], bands=[(0, "Fails"), (50, "Meets")])
    case = make_case([item("e1", {"balance": 1}), item("e2", {"balance": 1}), item("e3", {"balance": -2})])
    result = score(case, rubric, draws=50)
    # all: a = 3, b = 3 -> 50 Meets; without e1 or e2: a = 2, b = 3 -> 40 Fails; without e3: a = 3, b = 1 -> 75.
    assert result.overall.score == 50.0 and result.overall.verdict == "Meets"
    assert result.sensitivity.leave_one_out == {"e1": 40.0, "e2": 40.0, "e3": 75.0}
    assert result.sensitivity.decisive_evidence == ["e1", "e2"]
    # On the knife's edge the verdict cannot be stable under jittered grades.
    assert result.sensitivity.verdict_share < 0.9 and not result.sensitivity.verdict_stable
    assert (result.sensitivity.seed, result.sensitivity.draws) == (12345, 50)


def test_nothing_scored_gives_no_number_and_says_so():
    result = score(make_case([]), make_rubric(), draws=20)
    assert (result.overall.score, result.overall.verdict) == (None, "Insufficient evidence")
    assert result.coverage.insufficient == 3 and result.coverage.weight_covered == 0.0
    assert result.sensitivity.decisive_evidence == [] and result.sensitivity.verdict_stable
    assert result.balance_index == 1.0 and all(p.tilt == 0.0 for p in result.parties)


def test_the_verdict_follows_the_score_as_shown():
    # Weights 1 and 6 over two criteria both rated 3 of 4 (75): in floating point the mean is 74.99999999999999,
    # shown as 75.0, and a reader must see the verdict of the band that starts at 75.
    rubric = make_rubric(fundamentals=[("f", 1.0, [("balance", 1.0), ("ties", 6.0)])], bands=[(0, "Low"), (75, "High")])
    case = make_case([], ratings=[{"criterion": c, "level": 3, "rationale": "r"} for c in ("balance", "ties")])
    result = score(case, rubric, draws=0)
    assert (result.overall.score, result.overall.verdict) == (75.0, "High")


def test_context_items_are_kept_for_the_record_but_not_scored():
    scored = [item("e1", {"balance": -2}, favours="north")]
    context = {**item("e2", {}, favours="south", tags=["military_alliance"]), "context": True}
    rules = [{"id": "tag", "label": "Tag", "description": "d", "when": {"tags_any": ["military_alliance"]}}]
    with_context = score(make_case([*scored, context]), make_rubric(red_flags=rules), draws=5)
    without = score(make_case(scored), make_rubric(red_flags=rules), draws=5)
    assert with_context.parties == without.parties and with_context.flags == without.flags == []
    assert with_context.overall == without.overall
    assert with_context.coverage.evidence_total == 2 and with_context.coverage.evidence_used == 1
