"""Worked examples: every expected number is computed by hand here, from the formulas in docs/method.md Part 1."""

from __future__ import annotations

import math

import numpy as np
import pytest

from assess.models import rubric as rubric_model
from assess.scoring import AGGREGATIONS, score
from assess.scoring.verdict import likelihood
from scoring_builders import (
    criterion_result, evidence_item, graded_sources, item, make_case, make_case_with, make_rubric, party_result,
)


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


def test_tilt_is_the_beta_marginal_of_the_favour_shares():
    case = make_case([item("e1", {"balance": -3}, kind="structural_tie", favours="north")])  # favour weight 3
    north, south = score(case, make_rubric(), draws=0).parties
    # North's share ~ Beta(3 + 1, 0 + 1), whose quantiles are q ** (1/4); tilt = 2 * share - 1.
    assert north.tilt == pytest.approx(2 * 0.5 ** 0.25 - 1, abs=1e-3)  # +0.682
    assert (north.low, north.high) == pytest.approx((2 * 0.05 ** 0.25 - 1, 2 * 0.95 ** 0.25 - 1), abs=1e-3)
    assert (north.low68, north.high68) == pytest.approx((2 * 0.16 ** 0.25 - 1, 2 * 0.84 ** 0.25 - 1), abs=1e-3)
    # One strong tie is not yet a clear lean: 6% of Beta(4, 1) lies below one half, so the 90% interval spans 0.
    assert north.low < 0 and north.lean == "none" and south.lean == "none"
    assert (south.tilt, south.low, south.high) == (-north.tilt, -north.high, -north.low)
    assert north.structural.tilt == north.tilt and north.conduct.tilt == 0.0 and north.favour_weight == 3.0
    # A second, independent tie (its own source and event) makes the lean clear: Beta(7, 1).
    case = make_case([item("e1", {"balance": -3}, kind="structural_tie", favours="north"),
                      item("e2", {"ties": -3}, kind="structural_tie", favours="north", source="s_b")])  # 3 x 0.8
    north = party_result(score(case, make_rubric(), draws=0), "north")
    assert north.low == pytest.approx(2 * 0.05 ** (1 / 6.4) - 1, abs=1e-3) and north.lean == "toward"


def test_tilt_with_three_parties_matches_a_dirichlet_sample():
    case = make_case([item("e1", {"balance": -3}, favours="a"), item("e2", {"balance": -1}, favours="b", source="s_b")],
                     parties=[("a", "A"), ("b", "B"), ("c", "C")])
    a, b, c = score(case, make_rubric(), draws=0).parties
    # Shares ~ Dirichlet(3 + 1, 0.8 + 1, 0 + 1); tilt = (3 * share - 1) / 2. A seeded sample checks the exact marginals.
    shares = np.random.default_rng(7).dirichlet([4.0, 1.8, 1.0], size=400_000)
    tilts = (3 * shares - 1) / 2
    for party, column in ((a, 0), (b, 1), (c, 2)):
        expected = np.quantile(tilts[:, column], [0.05, 0.16, 0.5, 0.84, 0.95])
        assert [party.low, party.low68, party.tilt, party.high68, party.high] == pytest.approx(expected, abs=3e-3)
    assert a.tilt > 0 > b.tilt > c.tilt


def test_many_items_from_one_source_count_as_a_cluster():
    one_source = [item(f"e{i}", {"balance": -1}, favours="north", source="s_a") for i in range(10)]
    ten_sources = [item(f"e{i}", {"balance": -1}, favours="north", source=f"s{i}") for i in range(10)]
    sources = graded_sources("s", "A", 10)
    clustered = party_result(score(make_case(one_source), make_rubric(), draws=0), "north")
    independent = party_result(score(make_case_with(ten_sources, sources=sources), make_rubric(), draws=0), "north")
    # Ten events of weight 1 from one source: 10 x 1 / (1 x (1 - 0.5) + 0.5 x 10) = 1.818 reference items (Kish).
    assert clustered.favour_weight == pytest.approx(10 / 5.5, abs=1e-3)
    assert independent.favour_weight == 10.0
    assert independent.high - independent.low < clustered.high - clustered.low


def test_opposite_complaints_about_one_event_offset():
    both_sides = [
        evidence_item("p1", {"balance": -3}, kind="perception", favours="north", held_by="south", event="talks"),  # 1.5
        evidence_item("p2", {"balance": -3}, kind="allegation", favours="south", held_by="north", event="talks",
                      source="s_b"),  # 3 x 0.8 x 0.25 = 0.6
    ]
    north, south = score(make_case_with(both_sides), make_rubric(), draws=0).parties
    # Within the event only the margin counts: north 1.5 - 0.6 = 0.9, south nothing.
    assert (north.perceived.weight, south.perceived.weight) == (0.9, 0.0)
    assert north.perceived.tilt == pytest.approx(2 * 0.5 ** (1 / 1.9) - 1, abs=1e-3)
    # The same complaints about two different events are two things, and do not offset.
    apart = [both_sides[0], {**both_sides[1], "event": "summit"}]
    north, south = score(make_case_with(apart), make_rubric(), draws=0).parties
    assert (north.perceived.weight, south.perceived.weight) == (1.5, 0.6)


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
    assert result.sensitivity.decisive_sources == [] and result.sensitivity.distributions == []
    assert result.sensitivity.verdict_stable
    assert all((p.tilt, p.lean, p.favour_weight) == (0.0, "none", 0.0) for p in result.parties)


def test_context_items_are_kept_for_the_record_but_not_scored():
    scored = [item("e1", {"balance": -2}, favours="north")]
    context = {**item("e2", {}, favours="south", tags=["military_alliance"]), "context": True}
    rules = [{"id": "tag", "label": "Tag", "description": "d", "when": {"tags_any": ["military_alliance"]}}]
    with_context = score(make_case([*scored, context]), make_rubric(red_flags=rules), draws=5)
    without = score(make_case(scored), make_rubric(red_flags=rules), draws=5)
    assert with_context.parties == without.parties and with_context.flags == without.flags == []
    assert with_context.overall == without.overall
    assert with_context.coverage.evidence_total == 2 and with_context.coverage.evidence_used == 1
