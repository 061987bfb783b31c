"""Known-groups validity: the method must tell apart mediators that the scholarship judges differently.

A measurement of impartiality that cannot separate a mediator widely judged impartial from one widely judged partial
measures something else (docs/method.md §8, "Known groups"). The expectations below were fixed from the literature
before the cases were scored, and each names where it comes from; the weights were not tuned to meet them. Where the
model disagrees with the scholarship, the disagreement is reported in the case's notes, not hidden here.

Expectations, most impartial first, each with where it comes from (the cases' own sources are stored under
`cases/sources/`):
1. The African Union's Panel of Eminent African Personalities under Kofi Annan in Kenya, 2008 (`annan_kenya`):
   accepted by both sides and widely credited with the National Accord of 28 February 2008 that ended the
   post-election violence (G. M. Khadiagala, "Forty days and nights of peacemaking in Kenya", Journal of African
   Elections 7(2), 2008; the Panel's statements on ReliefWeb; the BBC and the Guardian, February 2008). Expected:
   the highest impartiality of the three, and no clear lean toward either side.
2. Russia in Nagorno-Karabakh (`russia_nk`): an interested mediator allied to Armenia (the Collective Security
   Treaty and the CSTO, the Gyumri base, the 1997 mutual-assistance treaty) and judged partial to Armenia by
   Azerbaijan's leaders (Reuters through Asbarez, 1997; the Jamestown Foundation's Monitor, 1999), while selling
   most of Azerbaijan's arms (SIPRI, as the press reported it). Expected: between the other two, tilted toward
   Armenia.
3. Russia in the Georgian-Abkhaz conflict (`russia_abkhazia`), 1992-2008: mediator, facilitator and CIS peacekeeper
   whose forces had sided with the Abkhaz in the war of 1992-1993 and which recognised Abkhazia in August 2008;
   D. Danilov, "Russia's role" (Accord, Conciliation Resources, https://c-r.org/accord/georgia%E2%80%93abkhazia/russias-role)
   assesses Russia's role "arguing that it has balanced its own strategic objectives against the goals of
   mediation", and Georgia asked again and again for the Russian peacekeepers to be replaced. Expected: the lowest
   impartiality, tilted toward the Abkhaz side.

So the impartiality headline must fall in that order, the Kenyan panel at least one verdict band above the Abkhaz
case, and each party tilt must point where the sources point.

**Where the model disagrees** (also said in `cases/russia_nk.yaml`'s notes): over 1990-2023 the Russia-Karabakh case
gives Armenia a tilt of about +0.08 with a 90% interval from about -0.24 to +0.39, "no clear lean", not the lean
toward Armenia the sources name for the 1990s. Its structural ties still lean toward Armenia (about +0.24) but, with
the arms trade and treaties with Azerbaijan recorded, no longer clearly; and its conduct in 2020-2023 (the
peacekeepers and the Lachin corridor, the CSTO's refusal in 2022) leans toward Azerbaijan. The two cancel. The test
below keeps that expectation and marks it as a known, strict failure rather than re-weighting the tilt to pass.
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


DISAGREES = pytest.mark.xfail(
    strict=True,
    reason="model and scholarship disagree: the whole 1990-2023 record gives no clear lean (see the module docstring)",
)


@pytest.mark.parametrize(
    "case_id",
    [case_id if case_id != "russia_nk" else pytest.param(case_id, marks=DISAGREES) for case_id in MOST_TO_LEAST_IMPARTIAL],
)
def test_tilt_points_to_the_party_the_sources_name(case_id):
    assessment = real_assessments()[case_id]
    expected = TILT_TOWARD[case_id]
    leaning = {p.id for p in assessment.parties if p.lean == "toward"}
    if expected is None:
        assert not leaning, {p.id: (p.tilt, p.low, p.high) for p in assessment.parties}
    else:
        assert leaning == {expected}, {p.id: (p.tilt, p.low, p.high) for p in assessment.parties}
