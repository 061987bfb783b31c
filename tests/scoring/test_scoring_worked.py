"""Worked examples: every expected number is computed by hand here, from the formulas in docs/method.md Part 1."""

from __future__ import annotations

import math

import pytest

from assess.models import rubric as rubric_model
from assess.scoring import AGGREGATIONS, score
from assess.scoring.verdict import likelihood
from scoring_builders import criterion_result, item, make_case, make_rubric, party_result


def test_the_aggregation_registry_is_the_list_the_rubric_model_accepts():
    assert tuple(AGGREGATIONS) == rubric_model.AGGREGATIONS


# ---- evidence weight ------------------------------------------------------------------------------------------


def test_evidence_weight_is_the_product_of_the_four_factors():
    # strength 2 -> 1.4, source graded B -> 0.8, credibility 2 -> 0.75, perception -> 0.5: 1.4*0.8*0.75*0.5 = 0.42
    case = make_case([item("e1", {"balance": 2}, source="s_b", credibility=2, kind="perception")])
    result = score(case, make_rubric(), draws=0)
    (w,) = criterion_result(result, "balance").weights
    assert (w.strength_factor, w.reliability, w.reliability_factor, w.credibility_factor, w.kind_factor) == (
        1.4, "B", 0.8, 0.75, 0.5
    )
    assert w.weight == pytest.approx(0.42)
    assert criterion_result(result, "balance").support_weight == pytest.approx(0.42)


# ---- criterion score and interval -----------------------------------------------------------------------------


def _three_criteria_case():
    return make_case([
        item("e1", {"balance": 3}),  # fact, A, 1: weight 3 for
        item("e2", {"balance": -1}),  # weight 1 against
        item("e3", {"ties": -3}, kind="structural_tie", favours="north", tags=["military_alliance"]),  # 3 against
        item("e4", {"consent": 1}, source="s_b"),  # 1 * 0.8 = 0.8 for
    ])


# ---- aggregation --------------------------------------------------------------------------------------------


def test_likelihood_wording_follows_the_icd203_scale():
    words = [likelihood(p) for p in (0.995, 0.9, 0.7, 0.5, 0.3, 0.1, 0.001)]
    assert words == ["almost certain", "very likely", "likely", "roughly even chance", "unlikely",
                     "very unlikely", "almost no chance"]


# ---- ratings ---------------------------------------------------------------------------------------------


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


# ---- sensitivity ----------------------------------------------------------------------------------------


def test_nothing_scored_gives_no_number_and_says_so():
    result = score(make_case([]), make_rubric(), draws=20)
    assert (result.overall.score, result.overall.verdict) == (None, "Insufficient evidence")
    assert result.coverage.insufficient == 3 and result.coverage.weight_covered == 0.0
    assert result.sensitivity.decisive_evidence == [] and result.sensitivity.verdict_stable
    assert result.balance_index == 1.0 and all(p.tilt == 0.0 for p in result.parties)


def test_context_items_are_kept_for_the_record_but_not_scored():
    scored = [item("e1", {"balance": -2}, favours="north")]
    context = {**item("e2", {}, favours="south", tags=["military_alliance"]), "context": True}
    rules = [{"id": "tag", "label": "Tag", "description": "d", "when": {"tags_any": ["military_alliance"]}}]
    with_context = score(make_case([*scored, context]), make_rubric(red_flags=rules), draws=5)
    without = score(make_case(scored), make_rubric(red_flags=rules), draws=5)
    assert with_context.parties == without.parties and with_context.flags == without.flags == []
    assert with_context.overall == without.overall
    assert with_context.coverage.evidence_total == 2 and with_context.coverage.evidence_used == 1
