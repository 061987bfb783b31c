"""The scoring laws under hypothesis: bounds, monotonicity, order, narrowing, party symmetry, determinism."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.render import render
from assess.scoring import score
from scoring_builders import criterion_result, item, make_case, make_rubric, party_result

CRITERIA = ("balance", "ties", "consent")
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

bearing_value = st.integers(1, 3).flatmap(lambda s: st.sampled_from((s, -s)))
grades = st.fixed_dictionaries({
    "source": st.sampled_from([f"s_{g}" for g in "abcdef"] + ["unknown_key"]),
    "kind": st.sampled_from(["fact", "official_position", "perception", "allegation", "structural_tie", "analysis"]),
    "credibility": st.integers(1, 6),
})


@st.composite
def evidence_lists(draw, min_size: int = 0, max_size: int = 12):
    size = draw(st.integers(min_size, max_size))
    items = []
    for n in range(size):
        bears_on = draw(st.dictionaries(st.sampled_from(CRITERIA), bearing_value, min_size=1, max_size=3))
        items.append(item(
            f"e{n:02d}", bears_on, **draw(grades),
            date=draw(st.one_of(st.none(), st.integers(1990, 2020).map(str))),
            favours=draw(st.sampled_from([None, None, "north", "south"])),
            tags=draw(st.lists(st.sampled_from(["military_alliance", "ceasefire"]), max_size=2, unique=True)),
        ))
    return items


rubrics = st.builds(
    make_rubric,
    aggregation=st.sampled_from(["arithmetic", "geometric", "minimum"]),
    min_items=st.integers(1, 2),
    min_weight=st.sampled_from([0.0, 0.5, 1.0]),
    prior=st.sampled_from([(1.0, 1.0), (0.5, 0.5), (2.0, 1.0)]),
    red_flags=st.just([{"id": "tie", "label": "Tie", "description": "d",
                        "when": {"kinds": ["structural_tie"], "favours_a_party": True}}]),
)


def _within(low, value, high) -> bool:
    return 0.0 <= low <= value <= high <= 100.0


@FEW
@given(evidence=evidence_lists(), rubric=rubrics)
def test_scores_and_intervals_stay_in_bounds(evidence, rubric):
    result = score(make_case(evidence), rubric, draws=5)
    for c in result.criteria:
        if c.score is None:
            assert c.status == "insufficient" and c.low is None and c.high is None
        else:
            assert _within(c.low, c.score, c.high)
        if c.evidence_score is not None:
            assert _within(c.evidence_low, c.evidence_score, c.evidence_high)
    for f in [*result.fundamentals, result.overall, *result.trajectory]:
        assert (f.score is None) or _within(f.low, f.score, f.high)
    if result.overall.score is not None:
        assert 0.0 <= result.sensitivity.low <= result.sensitivity.high <= 100.0
        assert 0.0 <= result.overall.probability <= 1.0
    for p in result.parties:
        for t in (p, p.conduct, p.perceived, p.structural):
            assert -1.0 <= t.low <= t.low68 <= t.tilt <= t.high68 <= t.high <= 1.0


def _evidence_score(evidence, criterion, rubric):
    return criterion_result(score(make_case(evidence), rubric, draws=0), criterion).evidence_score


@FEW
@given(evidence=evidence_lists(), target=st.sampled_from(CRITERIA), strength=st.integers(1, 3), extra=grades)
def test_an_item_at_the_top_never_lowers_and_one_at_the_bottom_never_raises_a_criterion(evidence, target, strength, extra):
    """In a measurement model an item pulls a criterion towards the level it indicates, so a weakly supporting
    item may lower a criterion that stronger evidence put higher. What must hold: an item indicating the top of
    the scale never lowers it, one indicating the bottom never raises it, and support never scores below
    undermining."""
    rubric = make_rubric(min_items=1, min_weight=0.0)
    before = _evidence_score(evidence, target, rubric)
    top = _evidence_score([*evidence, item("new", {target: 3}, **extra)], target, rubric)
    bottom = _evidence_score([*evidence, item("new", {target: -3}, **extra)], target, rubric)
    supported = _evidence_score([*evidence, item("new", {target: strength}, **extra)], target, rubric)
    undermined = _evidence_score([*evidence, item("new", {target: -strength}, **extra)], target, rubric)
    if before is not None:
        assert top >= before - 0.01  # 0.01: the grid's interpolation
        assert bottom <= before + 0.01
    assert undermined <= supported


def _summary(result):
    """Everything numeric a reader sees, with lists that follow the case's order made order-free."""
    return (
        result.overall,
        [(c.id, c.status, c.score, c.low, c.high, c.evidence_score, sorted(c.evidence)) for c in result.criteria],
        result.fundamentals,
        [(p.id, p.model_copy(update={"evidence": sorted(p.evidence)})) for p in result.parties],
        [(f.id, sorted(f.evidence)) for f in result.flags],
        result.coverage,
        result.sensitivity,
        result.trajectory,
    )


@FEW
@given(evidence=evidence_lists(min_size=1), rubric=rubrics, data=st.data())
def test_the_order_of_evidence_does_not_matter(evidence, rubric, data):
    shuffled = data.draw(st.permutations(evidence))
    assert _summary(score(make_case(shuffled), rubric, draws=10)) == _summary(score(make_case(evidence), rubric, draws=10))


@FEW
@given(evidence=evidence_lists(max_size=6), target=st.sampled_from(CRITERIA), extra=grades, strength=st.integers(1, 3))
def test_more_agreeing_evidence_narrows_the_interval(evidence, target, extra, strength):
    """Items that indicate the level the criterion already has, each from a source of its own, narrow its interval
    (one source's items share error and cannot narrow without end; an item indicating another level moves the
    posterior instead)."""
    rubric = make_rubric(min_items=1, min_weight=0.0)
    base = score(make_case(evidence), rubric, draws=0)
    level = criterion_result(base, target).aggregate_score / 25.0  # the scale is 0-4
    widths = []
    letters = "abcde"
    for k in range(1, 6):
        more = [*evidence, *(item(f"agree{n}", {target: {"level": level, "strength": strength}},
                                  **{**extra, "source": f"s_{letters[n]}"}) for n in range(k))]
        c = criterion_result(score(make_case(more), rubric, draws=0), target)
        widths.append(c.evidence_high - c.evidence_low)
    # 0.5: an added reading shifts the pooled mean a little, and near an end of the scale a posterior moved
    # inwards is less truncated, so one step may widen it by a fraction of a point.
    assert all(later <= earlier + 0.5 for earlier, later in zip(widths, widths[1:])), widths
    assert widths[-1] <= widths[0]


@FEW
@given(evidence=evidence_lists(), rubric=rubrics)
def test_swapping_two_parties_labels_swaps_their_tilts(evidence, rubric):
    swap = {"north": "south", "south": "north", None: None}
    mirrored = [{**e, **({"favours": swap[e.get("favours")]} if e.get("favours") else {})} for e in evidence]
    original = score(make_case(evidence), rubric, draws=0)
    swapped = score(make_case(mirrored), rubric, draws=0)
    for a, b in (("north", "south"), ("south", "north")):
        left, right = party_result(original, a), party_result(swapped, b)
        assert left.model_dump(exclude={"id", "name"}) == right.model_dump(exclude={"id", "name"})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evidence=evidence_lists(), rubric=rubrics, seed=st.integers(0, 2**31))
def test_same_input_and_seed_give_identical_output(evidence, rubric, seed):
    case = make_case(evidence)
    first = render(score(case, rubric, seed=seed, draws=20, generated="2026-01-01"), "json")
    second = render(score(case, rubric, seed=seed, draws=20, generated="2026-01-01"), "json")
    assert first == second


@FEW
@given(evidence=evidence_lists(min_size=1), rubric=rubrics, data=st.data(), by=st.sampled_from(["source", "event"]))
def test_leave_one_source_or_event_out_equals_scoring_without_it(evidence, rubric, data, by):
    result = score(make_case(evidence), rubric, draws=8)
    left = result.sensitivity.leave_one_source_out if by == "source" else result.sensitivity.leave_one_event_out
    if not left:
        return
    entry = data.draw(st.sampled_from(left))
    without = score(make_case([e for e in evidence if e["id"] not in entry.items]), rubric, draws=0)
    assert entry.overall == without.overall.score
    assert ("overall" in entry.changes) == (without.overall.score_band != result.overall.score_band)
    decisive = result.sensitivity.decisive_sources if by == "source" else result.sensitivity.decisive_events
    assert (entry.id in decisive) == ("overall" in entry.changes)


huge_or_tiny = st.sampled_from([0.0, 1e-12, 0.5, 1.0, 100.0])  # the model bounds factors to [0, 100]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    evidence=evidence_lists(),
    factors=st.fixed_dictionaries({
        "strength": st.fixed_dictionaries({1: huge_or_tiny, 2: huge_or_tiny, 3: huge_or_tiny}),
        "reliability": st.fixed_dictionaries({g: huge_or_tiny for g in "ABCDEF"}),
        "credibility": st.fixed_dictionaries({i: huge_or_tiny for i in range(1, 7)}),
        "kinds": st.fixed_dictionaries({k: huge_or_tiny for k in (
            "fact", "official_position", "perception", "allegation", "structural_tie", "analysis")}),
    }),
    prior=st.tuples(st.sampled_from([1e-300, 1e-9, 1.0, 1000.0]), st.sampled_from([1e-9, 1.0, 1000.0])),
    aggregation=st.sampled_from(["arithmetic", "geometric", "minimum"]),
)
def test_extreme_but_valid_rubric_numbers_still_give_results_in_bounds(evidence, factors, prior, aggregation):
    rubric = make_rubric(weighting=factors, prior=prior, aggregation=aggregation, min_weight=0.0)
    result = score(make_case(evidence), rubric, draws=5)
    for c in result.criteria:
        assert c.score is None or _within(c.low, c.score, c.high)
    assert result.overall.score is None or _within(result.overall.low, result.overall.score, result.overall.high)


@pytest.mark.parametrize("bad", [-1.0, float("inf"), float("nan"), 1e30])
def test_rubric_refuses_factors_that_would_reverse_or_swamp_evidence(bad):
    from pydantic import ValidationError

    factors = {
        "strength": {1: 1.0, 2: 2.0, 3: bad},
        "reliability": {g: 1.0 for g in "ABCDEF"},
        "credibility": {i: 1.0 for i in range(1, 7)},
        "kinds": {k: 1.0 for k in ("fact", "official_position", "perception", "allegation", "structural_tie", "analysis")},
    }
    with pytest.raises(ValidationError):
        make_rubric(weighting=factors)


@given(
    mins=st.lists(st.sampled_from([0.0, 20.0, 33.33, 40.0, 60.0, 80.0, 95.5]), min_size=1, max_size=6),
    score_=st.one_of(st.none(), st.floats(min_value=-5.0, max_value=105.0, allow_nan=False)),
)
def test_band_finder_agrees_with_band_index(mins, score_):
    from assess.models.rubric import Band
    from assess.scoring.verdict import band_finder, band_index

    bands = sorted((Band(min=m, label=f"band {i}", description="a band") for i, m in enumerate(mins)), key=lambda b: b.min)
    assert band_finder(bands)(score_) == band_index(bands, score_)
