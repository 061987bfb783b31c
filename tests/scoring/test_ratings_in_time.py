"""A rating stands in an as-of slice only when all the evidence it cites had started by then."""

from __future__ import annotations

from datetime import date

from assess.scoring import score
from scoring_builders import criterion_result, item, make_case, make_rubric


def _case():
    evidence = [
        item("early", {"balance": 2}, date="1994"),
        item("late", {"balance": -3}, date="2010"),
    ]
    ratings = [{"criterion": "balance", "level": 0, "rationale": "The 2010 record outweighs 1994.",
                "evidence": ["early", "late"]}]
    return make_case(evidence, ratings=ratings)


def test_rating_counts_in_the_full_case_and_after_its_evidence():
    rubric = make_rubric(min_weight=0.0)
    assert criterion_result(score(_case(), rubric, draws=0), "balance").status == "rated"
    later = score(_case(), rubric, as_of=date(2011, 1, 1), draws=0)
    assert criterion_result(later, "balance").status == "rated"
    # The rating (level 0) is pooled with the evidence: the score sits below the evidence alone.
    rated = criterion_result(later, "balance")
    assert rated.score < rated.evidence_score


def test_rating_resting_on_later_evidence_is_left_out_of_an_earlier_slice():
    rubric = make_rubric(min_weight=0.0)
    earlier = score(_case(), rubric, as_of=date(2000, 1, 1), draws=0)
    balance = criterion_result(earlier, "balance")
    assert balance.status == "scored"  # from the 1994 item alone, not the 2010-based rating
    assert balance.rating is None
    assert balance.score is not None and balance.score > 50


def test_trajectory_points_apply_a_rating_only_once_its_evidence_had_started():
    result = score(_case(), make_rubric(min_weight=0.0), draws=0)
    by_year = {point.as_of[:4]: point for point in result.trajectory}
    # 1994: only the early, supporting item; the 2010-based rating (level 0) must not drag the point down.
    assert by_year["1994"].score is not None and by_year["1994"].score > 50
    assert by_year["2010"].score is not None and by_year["2010"].score < by_year["1994"].score
