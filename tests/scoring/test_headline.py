"""The headline fundamental, the non-compensation caps, ICD 203 words and analytic confidence (docs/method.md §4a-4c)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assess.models.rubric import ConfidenceRules, Rubric
from assess.scoring import score
from assess.scoring.confidence import ConfidenceInputs, analytic_confidence
from assess.scoring.verdict import ICD203_SCALE, likelihood
from conftest import RUSSIA, run_cli
from scoring_builders import evidence_item, graded_sources, make_case_with, make_rubric

FIVE_BANDS = [(0, "Fails"), (20, "Falls short"), (40, "Mixed"), (60, "Largely meets"), (80, "Meets")]
BAND_IDS = ["fails", "short", "mixed", "largely", "meets"]


def rubric_with(**fields: Any) -> Rubric:
    """The test rubric (impartiality weight 1: balance, ties; consent weight 9) with five banded ids and `fields`."""
    base = make_rubric(
        fundamentals=[("impartiality", 1.0, [("balance", 1.0), ("ties", 1.0)]), ("consent", 9.0, [("consent", 1.0)])],
        bands=FIVE_BANDS,
        red_flags=[{"id": "alliance", "label": "Alliance with a party", "description": "d", "severity": "serious",
                    "when": {"tags_any": ["military_alliance"]}}],
    ).model_dump()
    for band, band_id in zip(base["bands"], BAND_IDS):
        band["id"] = band_id
    return Rubric.model_validate({**base, **fields})


def lopsided_case(alliance: bool = False):
    """Impartiality far below the middle, consent far above: overall four bands above impartiality by score."""
    evidence = [evidence_item(f"b{i}", {"balance": -3, "ties": -3}, source=f"x{i}") for i in range(4)]
    evidence += [evidence_item(f"c{i}", {"consent": 3}, source=f"x{i}") for i in range(4)]
    if alliance:
        evidence.append(evidence_item("t1", {"ties": -1}, source="x0", kind="structural_tie", tags=["military_alliance"]))
    return make_case_with(evidence, sources=graded_sources("x", "A", 4))


# ---- ICD 203 words -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("probability", "words"), [
    (0.0, "almost no chance"), (0.03, "almost no chance"), (0.0499, "almost no chance"),
    (0.05, "very unlikely"), (0.1999, "very unlikely"),
    (0.20, "unlikely"), (0.4499, "unlikely"),
    (0.45, "roughly even chance"), (0.5, "roughly even chance"), (0.55, "roughly even chance"),
    (0.5501, "likely"), (0.80, "likely"),
    (0.8001, "very likely"), (0.95, "very likely"),
    (0.9501, "almost certain"), (1.0, "almost certain"),
])
def test_icd203_words_and_their_boundaries(probability, words):
    """A boundary belongs to the phrase nearer even chance: a stronger phrase needs a probability beyond it."""
    assert likelihood(probability) == words


def test_the_icd203_scale_is_complete_and_contiguous():
    assert [w for _, _, w in ICD203_SCALE] == ["almost no chance", "very unlikely", "unlikely", "roughly even chance",
                                               "likely", "very likely", "almost certain"]
    assert all(a[1] == b[0] for a, b in zip(ICD203_SCALE, ICD203_SCALE[1:]))
    assert ICD203_SCALE[0][0] == 0.0 and ICD203_SCALE[-1][1] == 1.0


# ---- analytic confidence ----------------------------------------------------------------------------------------


STRONG = dict(coverage=1.0, sources=6, events=12, top_source_share=0.2, top_source="s1", agreement=1.0, stability=0.99)


@pytest.mark.parametrize(("change", "level"), [
    ({}, "high"),
    ({"coverage": 0.8}, "high"), ({"coverage": 0.79}, "moderate"), ({"coverage": 0.5}, "moderate"),
    ({"coverage": 0.49}, "low"),
    ({"sources": 4}, "high"), ({"sources": 3}, "moderate"), ({"sources": 1}, "low"),
    ({"events": 8}, "high"), ({"events": 7}, "moderate"), ({"events": 3}, "low"),
    ({"top_source_share": 0.4}, "high"), ({"top_source_share": 0.41}, "moderate"),
    ({"top_source_share": 0.6}, "moderate"), ({"top_source_share": 0.61}, "low"),
    ({"agreement": 0.79}, "moderate"), ({"agreement": 0.59}, "low"), ({"agreement": None}, "high"),
    ({"stability": 0.9}, "high"), ({"stability": 0.89}, "moderate"), ({"stability": 0.66}, "low"),
])
def test_confidence_thresholds(change, level):
    """With the shipped thresholds, one input below a level's threshold is enough to lower the confidence."""
    confidence = analytic_confidence(ConfidenceInputs(**{**STRONG, **change}), ConfidenceRules())
    assert confidence.level == level


def test_confidence_reasons_name_the_inputs_that_hold_it_and_their_thresholds():
    inputs = ConfidenceInputs(**{**STRONG, "coverage": 0.6, "top_source_share": 0.7})
    confidence = analytic_confidence(inputs, ConfidenceRules())
    assert confidence.level == "low"
    assert confidence.reasons == ["70% of its evidence weight rests on one source, 's1' (moderate needs at most 60%)"]
    allows = {f.name: f.allows for f in confidence.factors}
    assert allows == {"coverage": "moderate", "sources": "high", "events": "high", "top_source_share": "low",
                      "agreement": "high", "stability": "high"}


def test_rubric_thresholds_change_the_confidence():
    inputs = ConfidenceInputs(**{**STRONG, "sources": 3})
    stricter = ConfidenceRules.model_validate({"moderate": {**ConfidenceRules().moderate.model_dump(), "min_sources": 4},
                                               "high": {**ConfidenceRules().high.model_dump(), "min_sources": 5}})
    assert analytic_confidence(inputs, ConfidenceRules()).level == "moderate"
    assert analytic_confidence(inputs, stricter).level == "low"


# ---- the headline in the result ----------------------------------------------------------------------------------


def test_without_a_headline_the_result_has_none_and_no_cap():
    result = score(lopsided_case(), rubric_with())
    assert result.headline is None
    assert result.overall.verdict == "Meets" and not result.overall.capped


def test_the_headline_has_its_own_verdict_likelihood_and_confidence():
    result = score(lopsided_case(), rubric_with(headline="impartiality"), draws=0)
    h = result.headline
    assert h.fundamental == "impartiality" and h.verdict == "Fails" and h.score < 20
    assert h.likelihood == likelihood(h.probability) and h.likelihood_scale == "ICD 203"
    assert h.statement.startswith(f"Impartiality: Fails (score {h.score:.0f} of 100, 90% interval ")
    assert h.confidence.level in ("low", "moderate", "high") and h.confidence.reasons
    assert h.confidence_statement.startswith(h.confidence.level.capitalize() + " confidence")


def test_overall_two_or_more_bands_above_the_headline_is_capped_with_its_reason():
    rubric = rubric_with(headline="impartiality", non_compensation={"max_bands_above_headline": 1})
    result = score(lopsided_case(), rubric, draws=0)
    o = result.overall
    assert result.headline.verdict == "Fails" and o.score >= 80  # uncapped, the score says "Meets"
    assert o.score_band == "Meets" and o.verdict == "Falls short" and o.capped
    assert o.verdict_description == "Falls short."
    assert len(o.cap_reasons) == 1
    assert "Impartiality is 'Fails'" in o.cap_reasons[0] and "at most 1 band above it" in o.cap_reasons[0]
    assert "at most 'Falls short'" in o.cap_reasons[0]
    assert o.probability is not None and o.likelihood == likelihood(o.probability)  # of the score's band


def test_no_cap_within_the_allowed_distance():
    rubric = rubric_with(headline="impartiality", non_compensation={"max_bands_above_headline": 4})
    o = score(lopsided_case(), rubric, draws=0).overall
    assert o.verdict == o.score_band == "Meets" and not o.capped and o.cap_reasons == []


def test_a_serious_red_flag_caps_the_verdict():
    rubric = rubric_with(non_compensation={"red_flag_cap": "mixed"})
    result = score(lopsided_case(alliance=True), rubric, draws=0)
    assert [f.severity for f in result.flags] == ["serious"]
    o = result.overall
    assert o.score_band == "Meets" and o.verdict == "Mixed" and o.capped
    assert o.cap_reasons == ["A serious red flag is raised ('Alliance with a party' (t1)), and the rubric allows "
                             "the overall verdict at most 'Mixed' while one is."]
    assert score(lopsided_case(alliance=False), rubric, draws=0).overall.verdict == "Meets"


def test_both_caps_bind_and_the_lower_wins():
    rubric = rubric_with(headline="impartiality",
                         non_compensation={"max_bands_above_headline": 2, "red_flag_cap": "short"})
    o = score(lopsided_case(alliance=True), rubric, draws=0).overall
    assert o.verdict == "Falls short" and len(o.cap_reasons) == 2


def test_a_warning_flag_does_not_cap():
    base = rubric_with(non_compensation={"red_flag_cap": "mixed"}).model_dump()
    base["red_flags"][0]["severity"] = "warning"
    o = score(lopsided_case(alliance=True), Rubric.model_validate(base), draws=0).overall
    assert o.verdict == "Meets" and not o.capped


def test_most_weight_on_one_source_or_one_side_is_warned_about():
    evidence = [evidence_item(f"b{i}", {"balance": -2}, source="x0") for i in range(3)]
    evidence += [evidence_item("b9", {"balance": -1}, source="x1"), evidence_item("t", {"ties": -1}, source="x2")]
    sources = graded_sources("x", "A", 3)
    rubric = rubric_with(headline="impartiality")
    plain = score(make_case_with(evidence, sources=sources), rubric, draws=0).headline
    assert len(plain.warnings) == 1 and "rests on one source, 'x0'" in plain.warnings[0]
    sources[1]["aligned_with"] = "north"
    sources[0]["aligned_with"] = "north"
    aligned = score(make_case_with(evidence, sources=sources), rubric, draws=0).headline
    assert any("rests on sources aligned with North" in w for w in aligned.warnings)
    spread = [evidence_item(f"b{i}", {"balance": -2}, source=f"x{i}") for i in range(3)]
    assert score(make_case_with(spread, sources=graded_sources("x", "A", 3)), rubric, draws=0).headline.warnings == []


def test_an_item_citing_both_sides_counts_for_neither():
    sources = graded_sources("x", "A", 2)
    sources[0]["aligned_with"], sources[1]["aligned_with"] = "north", "south"
    evidence = [evidence_item(f"b{i}", {"balance": -2}, source=["x0", "x1"]) for i in range(3)]
    warnings = score(make_case_with(evidence, sources=sources), rubric_with(headline="impartiality"), draws=0).headline.warnings
    assert not any("aligned" in w for w in warnings)


def test_assessor_agreement_enters_the_confidence():
    ratings = [{"criterion": "balance", "level": 0, "rationale": "r", "assessor": "a"},
               {"criterion": "balance", "level": 4, "rationale": "r", "assessor": "b"}]
    assessors = [{"name": "A", "id": "a"}, {"name": "B", "id": "b"}]
    case = make_case_with([evidence_item("b0", {"balance": -2})], ratings=ratings, assessors=assessors)
    factor = next(f for f in score(case, rubric_with(headline="impartiality"), draws=0).headline.confidence.factors
                  if f.name == "agreement")
    assert factor.value == 0.0 and factor.allows == "low"


# ---- the shipped case ---------------------------------------------------------------------------------------------


def test_russia_json_leads_with_the_impartiality_headline():
    done = run_cli("score", str(RUSSIA), "--format", "json", "--draws", "20")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    keys = list(data)
    assert keys.index("headline") == keys.index("overall") - 1
    h = data["headline"]
    assert h["fundamental"] == "impartiality" and h["verdict"] == "Mixed record"
    assert h["likelihood"] == likelihood(h["probability"]) and h["likelihood_scale"] == "ICD 203"
    assert h["confidence"]["level"] in ("low", "moderate", "high") and h["confidence"]["reasons"]
    assert {f["name"] for f in h["confidence"]["factors"]} == {
        "coverage", "sources", "events", "top_source_share", "agreement", "stability"}
    assert h["low"] < h["low68"] < h["score"] < h["high68"] < h["high"]
    o = data["overall"]
    bands = [b["label"] for b in sorted(data["rubric"]["bands"], key=lambda b: b["min"])]
    assert bands.index(o["verdict"]) <= bands.index(h["verdict"]) + 1  # the non-compensation rule holds
    assert o["capped"] is (o["verdict"] != o["score_band"])


@pytest.mark.parametrize(("probability", "shown"), [(0.803, "80.3%"), (0.8, "80%"), (0.795, "79.5%"), (0.62, "62%"),
                                                    (0.951, "95.1%"), (0.5, "50%")])
def test_percentages_never_round_onto_an_icd203_boundary(probability, shown):
    """'very likely (80%)' would contradict the scale (80% is likely); the decimal shows which side it is on."""
    from assess.scoring.verdict import probability_percent

    assert probability_percent(probability) == shown


def test_the_method_docs_quote_the_russia_headline_as_the_engine_writes_it():
    """docs/method.md §4a quotes the Russia case's lead and confidence sentences; this keeps them true."""
    import re

    from conftest import ROOT
    from assess.pipeline import assess_file

    text = re.sub(r"\s+", " ", (ROOT / "docs" / "method.md").read_text(encoding="utf-8"))
    headline = assess_file(RUSSIA)[0].headline  # the default run: probability from the joint analysis
    assert f'*"{headline.statement}"*' in text
    assert f'*"{headline.confidence_statement}"*' in text
