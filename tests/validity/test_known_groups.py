"""Known-groups validity: the method must tell apart mediators that the scholarship judges differently.

A measurement of impartiality that cannot separate a mediator widely judged impartial from one widely judged partial
measures something else (docs/method.md §8, "Known groups"). The expectations below were fixed from the literature
before the cases were scored, and each names where it comes from; the weights were not tuned to meet them. Where the
model disagrees with the scholarship, the disagreement is reported in the case's notes, not hidden here.

Expectations, most impartial first:
1. The Panel of Eminent African Personalities under Kofi Annan in Kenya, 2008 (`annan_kenya`): accepted by both
   sides and widely credited with an even-handed mediation that ended the post-election violence (e.g. G. M.
   Khadiagala, "Forty days and nights of peacemaking in Kenya", Journal of African Elections 7(2), 2008).
   No clear lean toward either side.
2. Russia in Nagorno-Karabakh (`russia_nk`): an interested mediator with a military alliance, a base and a
   mutual-defence treaty with Armenia, while also arming Azerbaijan; judged by Azerbaijan's leaders as partial to
   Armenia (the case's sources: Jamestown Foundation's Monitor, 1999; Reuters via Asbarez, 1997). Tilt toward Armenia.
3. Russia in the Georgian-Abkhaz conflict (`russia_abkhazia`): a mediator and peacekeeper whose forces had sided with
   the Abkhaz in the war of 1992-1993 and which recognised Abkhazia in 2008; judged an interested mediator that put
   its own strategic aims first (D. Danilov, "Russia's role", Accord 7, Conciliation Resources, 1999) and partial by
   Georgia. Tilt toward the Abkhaz side.

So the impartiality headline must fall in that order, with the Kenyan panel at least one verdict band above the
Abkhaz case, and each party tilt must point where the sources point.
"""

from __future__ import annotations

import pytest

from real_cases import real_assessments

MOST_TO_LEAST_IMPARTIAL = ("annan_kenya", "russia_nk", "russia_abkhazia")
TILT_TOWARD = {"annan_kenya": None, "russia_nk": "armenia", "russia_abkhazia": "abkhazia"}


def test_every_real_case_has_a_stated_expectation():
    # A new real case must come with its expectation, stated and sourced above, before it joins the known groups.
    assert set(real_assessments()) == set(MOST_TO_LEAST_IMPARTIAL) == set(TILT_TOWARD)


def test_impartiality_headline_orders_the_cases_as_the_scholarship_does():
    assessments = real_assessments()
    scores = [assessments[case_id].headline.score for case_id in MOST_TO_LEAST_IMPARTIAL]
    assert all(score is not None for score in scores)
    assert scores == sorted(scores, reverse=True), dict(zip(MOST_TO_LEAST_IMPARTIAL, scores))


def test_the_impartial_mediator_is_a_verdict_band_above_the_partial_one():
    assessments = real_assessments()
    rubric = assessments["annan_kenya"].rubric
    bands = [band.label for band in rubric.bands]
    top, bottom = (bands.index(assessments[c].headline.verdict) for c in ("annan_kenya", "russia_abkhazia"))
    assert top > bottom, (assessments["annan_kenya"].headline.verdict, assessments["russia_abkhazia"].headline.verdict)


@pytest.mark.parametrize("case_id", MOST_TO_LEAST_IMPARTIAL)
def test_tilt_points_to_the_party_the_sources_name(case_id):
    assessment = real_assessments()[case_id]
    expected = TILT_TOWARD[case_id]
    leaning = {p.id for p in assessment.parties if p.lean == "toward"}
    if expected is None:
        assert not leaning, {p.id: (p.tilt, p.low, p.high) for p in assessment.parties}
    else:
        assert leaning == {expected}, {p.id: (p.tilt, p.low, p.high) for p in assessment.parties}
