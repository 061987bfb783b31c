"""Laws of the measurement model (docs/method.md §2): what pooling reports, events and sources must and must not do.

Each test states one law an auditor can check by hand. Scores are compared on `aggregate_score` (the posterior
median that enters the aggregate, defined for every applicable criterion), on the criterion's fundamental and on
the overall score. Results are rounded to 0.01 at creation, so "never raises" allows one rounding step (TOL).
Every run uses `draws=0` (no sensitivity analysis); fundamentals and overall still come from the posterior draws,
which are common random numbers keyed by criterion id, so two runs are compared draw by draw.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assess.loading import load_rubric
from assess.render import render
from assess.scoring import score
from scoring_builders import (
    criterion_result, evidence_item, graded_sources, item, make_case, make_case_with, make_rubric,
)

TOL = 0.01 + 1e-9  # one rounding step of the results
CRITERIA = ("balance", "ties", "consent")
RUBRIC = make_rubric()  # impartiality (3): balance 1, ties 1; consent (1): consent 1; flat prior; min_weight 0
KINDS = ("fact", "official_position", "perception", "allegation", "structural_tie", "analysis")
GRADED = ("s_a", "s_b", "s_c", "s_d", "s_e", "s_f")
SIGNED = (-3, -2, -1, 1, 2, 3)
LAW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

signed = st.sampled_from(SIGNED)
explicit = st.builds(lambda level, strength: {"level": level, "strength": strength},
                     st.sampled_from([0, 1, 2, 2.5, 3, 4]), st.integers(1, 3))
bearing = st.one_of(signed, explicit)
rubrics = st.builds(make_rubric, aggregation=st.sampled_from(["arithmetic", "geometric", "minimum"]))


@st.composite
def evidence_lists(draw, min_size: int = 0, max_size: int = 8, prefix: str = "e",
                   sources: tuple[str, ...] = GRADED, criteria: tuple[str, ...] = CRITERIA):
    """Items with random bearings (signed or explicit levels), grades, kinds, shared events and co-cited sources."""
    items = []
    for n in range(draw(st.integers(min_size, max_size))):
        bears_on = draw(st.dictionaries(st.sampled_from(criteria), bearing, min_size=1, max_size=len(criteria)))
        source: Any = draw(st.sampled_from(sources))
        if draw(st.integers(0, 5)) == 0:
            source = [source, draw(st.sampled_from(sources))]
        items.append(evidence_item(
            f"{prefix}{n:02d}", bears_on, source=source, kind=draw(st.sampled_from(KINDS)),
            credibility=draw(st.integers(1, 6)), event=draw(st.sampled_from([None, None, None, "talks", "summit"])),
            date=draw(st.sampled_from([None, "1995", "2004-05"])),
        ))
    return items


def run(evidence, rubric=RUBRIC, **case):
    return score(make_case_with(evidence, **case) if case else make_case(evidence), rubric, draws=0)


def fundamental_of(result, cid: str):
    return next(f for f in result.fundamentals if cid in f.criteria)


def triple(result, cid: str) -> tuple[float, float, float | None]:
    """(criterion aggregate_score, its fundamental's score, the overall score)."""
    return criterion_result(result, cid).aggregate_score, fundamental_of(result, cid).score, result.overall.score


def assert_not_raised(before, after, what: str) -> None:
    for name, b, a in zip(("criterion", "fundamental", "overall"), before, after):
        if b is not None and a is not None:
            assert a <= b + TOL, f"{what}: {name} rose from {b} to {a} (criterion, fundamental, overall: {before} -> {after})"


def replace_bearing(evidence, index: int, cid: str, value) -> list[dict[str, Any]]:
    changed = [dict(e) for e in evidence]
    changed[index] = {**evidence[index], "bears_on": {**evidence[index]["bears_on"], cid: value}}
    return changed


def indicated(value) -> float:
    """The level (0-100) a bearing indicates under the default measurement block and the 0-4 scale."""
    levels = {3: 100.0, 2: 250.0 / 3.0, 1: 200.0 / 3.0, -1: 100.0 / 3.0, -2: 50.0 / 3.0, -3: 0.0}
    return levels[value] if isinstance(value, int) else 25.0 * value["level"]


# ------------------------------------------------------------------ 1. duplication invariance


def copies(evidence, k: int) -> list[dict[str, Any]]:
    """Every item k times: the original plus k-1 copies with the same content and ids `<id>_dup`, `<id>_dup2`, ..."""
    dups = [{**e, "id": f"{e['id']}_dup{'' if j == 1 else j}"} for j in range(1, k) for e in evidence]
    return [*evidence, *dups]


def largest_move(a, b) -> float:
    return max(abs(x.aggregate_score - y.aggregate_score) for x, y in zip(a.criteria, b.criteria))


@LAW
@given(evidence=evidence_lists(min_size=1))
def test_duplicating_every_item_moves_no_criterion_by_a_point(evidence):
    """A copy of an item is a second report of the same event from the same source, not new evidence."""
    assert largest_move(run(evidence), run(copies(evidence, 2))) < 1.0


@FEW
@given(evidence=evidence_lists(min_size=1, max_size=5))
def test_ten_copies_stay_within_the_design_effect_bound(evidence):
    """Ten copies of every item move no criterion by 1.3 points or more.

    Domain: the bound is not 1 point. m reports of one event are worth m / (1 + (m - 1) rho) reports, which tends
    to 1 / rho (1.11 with the default event_correlation 0.9); a single item at a scale end with an error of about
    45 points gains most from that, about 1.14 points at m = 10 and 1.27 as m grows without bound.
    """
    assert largest_move(run(evidence), run(copies(evidence, 10))) < 1.3


def test_ten_copies_of_a_weak_item_move_its_criterion_by_less_than_a_point():
    # weight 3 (strength) x 0.6 (C) x 0.25 (credibility 4) x 1 (fact) = 0.45: error 44 points, the worst case.
    evidence = [item("e1", {"balance": -3}, source="s_c", credibility=4)]
    one, ten = run(evidence), run(copies(evidence, 10))
    assert largest_move(one, ten) < 1.0, (criterion_result(one, "balance").aggregate_score,
                                          criterion_result(ten, "balance").aggregate_score)


# ------------------------------------------------------------------ 2. independent facts reach the top


@pytest.mark.parametrize("rubric_id", ["builder", "un_guidance"])
@pytest.mark.parametrize("reading", [{"level": 4}, {"level": 4, "strength": 1}, {"level": 4, "strength": 3}, 3])
def test_three_independent_a1_facts_at_the_top_level_score_at_least_85(rubric_id, reading):
    rubric, cid = (RUBRIC, "balance") if rubric_id == "builder" else (load_rubric("un_guidance"), "equal_treatment")
    sources = graded_sources("top", "A", 3)
    evidence = [evidence_item(f"e{i}", {cid: reading}, source=f"top{i}", kind="fact", credibility=1,
                              claim=f"Independent fact number {i}.", event=f"event{i}") for i in range(3)]
    result = run(evidence, rubric, sources=sources)
    c = criterion_result(result, cid)
    assert c.status == "scored" and c.score >= 85.0, (c.score, c.low, c.high)


# ------------------------------------------------------------------ 3. ten minor lapses vs one serious lapse


@LAW
@given(
    kind=st.sampled_from(KINDS), grade=st.sampled_from("ABCDEF"), credibility=st.integers(1, 6),
    ten_sources=st.booleans(), serious_with_first=st.booleans(), target=st.sampled_from(CRITERIA),
    other=evidence_lists(max_size=5, prefix="o", sources=(*GRADED, "y0")),
)
def test_ten_minor_lapses_never_score_below_one_serious_lapse(kind, grade, credibility, ten_sources,
                                                              serious_with_first, target, other):
    """Ten `-1` items (ten events, from one source or ten) never put a criterion below one `-3` item of the same
    kind and grades, with or without other evidence on it. Like for like: the lapses' sources tell nothing else,
    and the serious lapse comes from the first minor lapse's source or from a source of its own. (A source that
    already tells other evidence shares error with it, which discounts any new item of its: ten independent minor
    lapses can then rightly outweigh one serious lapse from a source already heard: a different comparison.)"""
    sources = [*graded_sources("x", grade, 10), *graded_sources("y", grade, 1), *graded_sources("z", grade, 1)]
    grades = {"kind": kind, "credibility": credibility}
    lapses = [evidence_item(f"lapse{i}", {target: -1}, source=f"x{i if ten_sources else 0}",
                            claim=f"Minor lapse number {i}.", **grades) for i in range(10)]
    serious = [evidence_item("serious", {target: -3}, source="x0" if serious_with_first else "z0",
                             claim="One serious lapse.", **grades)]
    minor_score = criterion_result(run([*other, *lapses], sources=sources), target).aggregate_score
    serious_score = criterion_result(run([*other, *serious], sources=sources), target).aggregate_score
    assert minor_score >= serious_score - TOL, (minor_score, serious_score)


# ------------------------------------------------------------------ 4. splitting an item


def split(evidence, index: int) -> list[dict[str, Any]]:
    """Item `index` as three items with its source, grades and bearings, reporting the same event."""
    original = evidence[index]
    event = original.get("event") or f"{original['id']}_event"
    parts = [{**original, "id": f"{original['id']}_{n}", "claim": f"{original['claim']} (part {n})", "event": event}
             for n in (1, 2, 3)]
    return [*evidence[:index], *parts, *evidence[index + 1:]]


def assert_split_changes_little(evidence, index: int, points: float) -> None:
    whole, parts = run(evidence), run(split(evidence, index))
    for cid in evidence[index]["bears_on"]:
        a, b = criterion_result(whole, cid), criterion_result(parts, cid)
        assert abs(a.score - b.score) < points, (cid, a.score, b.score)
        width_a, width_b = a.high - a.low, b.high - b.low
        assert abs(width_b - width_a) < 0.1 * width_a, (cid, (a.low, a.high), (b.low, b.high))


# Found by hypothesis under the old pooling (reports of one event pooled by their raw precisions), kept as an
# example: two reports of one event at opposite ends of the scale; splitting the first into three moved the
# criterion from 50.00 to 25.00. A source's items on one event that indicate the same level are one statement now,
# so the split changes nothing.
_SPLIT_EXAMPLE = ([evidence_item("e1", {"balance": -3}, event="talks"),
                   evidence_item("e2", {"balance": 3}, event="talks")], 0)


@LAW
@given(case=st.builds(lambda evidence, n: (evidence, n % len(evidence)), evidence_lists(min_size=1), st.integers(0, 99)))
@example(case=_SPLIT_EXAMPLE)
def test_splitting_an_item_into_three_reports_of_its_event_changes_little(case):
    """Splitting an item into three with its event, source, grades and bearing changes its criteria's scores by
    less than 1 point and their 90% intervals' widths by less than 10% (issue law; in this model it changes
    nothing: the three are one statement of one report)."""
    assert_split_changes_little(*case, points=1.0)


def test_splitting_one_of_two_opposite_items_moves_the_score_by_less_than_a_point():
    evidence = [item("lapse", {"balance": -3}, source="s_b"), item("good", {"balance": 3}, source="s_b")]
    a, b = criterion_result(run(evidence), "balance"), criterion_result(run(split(evidence, 0)), "balance")
    assert abs(a.score - b.score) < 1.0, (a.score, b.score)


# ------------------------------------------------------------------ 5. monotonicity


@st.composite
def lowered_cases(draw):
    """(evidence, index, criterion, lower bearing at the same strength): an item's indicated level lowered while
    its weight stays (an explicit level lowered, or a signed bearing read as a lower level of its strength)."""
    evidence = draw(evidence_lists(min_size=1))
    index = draw(st.integers(0, len(evidence) - 1))
    cid = draw(st.sampled_from(sorted(evidence[index]["bears_on"])))
    value = evidence[index]["bears_on"][cid]
    strength = abs(value) if isinstance(value, int) else value["strength"]
    lower_levels = [lv for lv in (0, 0.5, 1, 2, 2.5, 3, 3.5) if 25.0 * lv < indicated(value) - 1e-9]
    choices = [{"level": lv, "strength": strength} for lv in lower_levels]
    if isinstance(value, int) and value > 0:
        choices.append(-value)  # +s -> -s: the same strength, a lower level
    if not choices:
        choices = [value]  # already at the bottom: nothing to lower, the law holds trivially
    return evidence, index, cid, draw(st.sampled_from(choices))


@LAW
@given(case=lowered_cases(), rubric=rubrics)
def test_lowering_an_items_level_at_its_strength_never_raises_anything(case, rubric):
    """Domain: the item keeps its weight (same strength). Then the pooled mean falls and its precision stays, so
    the criterion's posterior falls stochastically, and with it every draw of its fundamental and the overall."""
    evidence, index, cid, lower = case
    before = triple(run(evidence, rubric), cid)
    after = triple(run(replace_bearing(evidence, index, cid, lower), rubric), cid)
    assert_not_raised(before, after, f"{evidence[index]['bears_on'][cid]} -> {lower}")


@pytest.mark.parametrize("other, step", [(3, (2, 1)), (-3, (-1, -2))], ids=["+2->+1 beside +3", "-1->-2 beside -3"])
def test_replacing_a_signed_bearing_by_a_lower_one_never_raises_the_criterion(other, step):
    high, low = step
    rest = item("rest", {"balance": other}, source="s_a")
    before = triple(run([rest, item("moved", {"balance": high}, source="s_b")]), "balance")
    after = triple(run([rest, item("moved", {"balance": low}, source="s_b")]), "balance")
    assert_not_raised(before, after, f"{high} -> {low}")


def test_lowering_a_signed_bearing_never_raises_through_the_other_reports_of_its_event():
    """-1 -> -3 lowers the item's level and gives it more weight; the other reports of its event must not gain
    weight from that (engine: the event's design effect uses its best report's precision)."""
    rest = [item("low", {"balance": {"level": 0, "strength": 3}}, source="s_a")]
    reports = [evidence_item(f"r{i}", {"balance": {"level": 4, "strength": 1}}, source="s_b", event="meeting")
               for i in range(3)]
    before = triple(run([*rest, *reports, evidence_item("moved", {"balance": -1}, source="s_c", event="meeting")]),
                    "balance")
    after = triple(run([*rest, *reports, evidence_item("moved", {"balance": -3}, source="s_c", event="meeting")]),
                   "balance")
    assert_not_raised(before, after, "-1 -> -3")


# ------------------------------------------------------------------ 6. omission never flatters


# Counterexamples hypothesis found against the old pooling (minimised by hand), kept as examples: three weak reports
# of one event at level 4, a strong item at level 0 elsewhere, and a strong undermining report added to the same
# event (or, second, to the same source as three weak events at level 4). The old design effect took the best
# report's precision as the scale of the shared error, so the precise new report lifted the weight of the three
# old ones; now adding a reading never raises another's share (measurement.shares).
_WEAK_TOP = {"balance": {"level": 4, "strength": 1}}
_EVENT_EXAMPLE = (
    [item("a", {"balance": {"level": 0, "strength": 3}}, source="s_a"),
     *(evidence_item(f"r{i}", _WEAK_TOP, source="s_b", event="meeting") for i in range(3))],
    "balance", evidence_item("new", {"balance": {"level": 0, "strength": 3}}, source="s_c", event="meeting"),
)
_SOURCE_EXAMPLE = (
    [item("a", {"balance": {"level": 0, "strength": 3}}, source="s_a"),
     *(item(f"r{i}", _WEAK_TOP, source="s_b") for i in range(3))],
    "balance", item("new", {"balance": {"level": 0, "strength": 2}}, source="s_b"),
)


@st.composite
def undermined_cases(draw, fresh: bool):
    """(evidence, criterion, new undermining item) where no current item on the criterion indicates a lower level
    than the new one; `fresh`: the new item is the only report of a new event from a source cited nowhere else."""
    evidence = draw(evidence_lists())
    cid = draw(st.sampled_from(CRITERIA))
    value = draw(st.sampled_from([-1, -2, -3, {"level": 0, "strength": 1}, {"level": 1, "strength": 2},
                                  {"level": 1.5, "strength": 3}]))
    floor = indicated(value)
    evidence = [e for e in evidence if cid not in e["bears_on"] or indicated(e["bears_on"][cid]) >= floor]
    grades = {"kind": draw(st.sampled_from(KINDS)), "credibility": draw(st.integers(1, 6))}
    if fresh:
        new = evidence_item("new", {cid: value}, source="y0", claim="A new undermining item.", **grades)
    else:
        new = evidence_item("new", {cid: value}, source=draw(st.sampled_from(GRADED)),
                            event=draw(st.sampled_from([None, "talks", "summit"])), **grades)
    return evidence, cid, new


@LAW
@given(case=undermined_cases(fresh=False))
@example(case=_EVENT_EXAMPLE)
@example(case=_SOURCE_EXAMPLE)
def test_adding_an_undermining_item_never_raises_anything(case):
    """Adding an item below the scale's middle, to a criterion whose evidence all indicates levels at or above
    it, never raises the criterion, its fundamental or the overall score (the examples broke the old pooling,
    where a group's precision followed its most precise member)."""
    evidence, cid, new = case
    before, after = triple(run(evidence), cid), triple(run([*evidence, new]), cid)
    assert_not_raised(before, after, f"adding {new['bears_on']} from {new['source']} (event {new.get('event')})")


@LAW
@given(case=undermined_cases(fresh=True), aggregation=st.just("arithmetic"))
def test_adding_an_independent_undermining_item_never_raises_anything(case, aggregation):
    """Domain: the new item is the only report of its event, its source is cited by no other item (so it is an
    independent source at the top of the pooling), and the rubric aggregates by arithmetic or geometric mean (for
    `minimum`, see the xfail below)."""
    evidence, cid, new = case
    rubric = make_rubric(aggregation=aggregation)
    sources = graded_sources("y", "C", 1)
    before = triple(run(evidence, rubric, sources=sources), cid)
    after = triple(run([*evidence, new], rubric, sources=sources), cid)
    assert_not_raised(before, after, f"adding {new['bears_on']}")


@pytest.mark.xfail(strict=True, reason=(
    "known limitation (docs/method.md §2): under `aggregation: minimum` an unevidenced criterion's flat prior puts draws "
    "near 0 into the minimum; one C-graded fact at level 1.5 (strength 3) narrows balance to 37.5 and lifts the "
    "impartiality fundamental and the overall score (numbers in the assertion)"))
def test_under_minimum_aggregation_an_undermining_item_never_raises_the_fundamental():
    rubric = make_rubric(aggregation="minimum")
    evidence = [item("c1", {"consent": 2}, source="s_b")]
    new = item("new", {"balance": {"level": 1.5, "strength": 3}}, source="s_c")
    assert_not_raised(triple(run(evidence, rubric), "balance"), triple(run([*evidence, new], rubric), "balance"),
                      "one fact at level 1.5 under minimum")


TRANSPARENCY_RUBRIC = make_rubric(fundamentals=[
    ("impartiality", 3.0, [("balance", 1.0), ("ties", 1.0), ("transparency", 1.0)]),
    ("consent", 1.0, [("consent", 1.0)]),
])


@pytest.mark.parametrize("rubric_id", ["builder", "un_guidance"])
def test_one_weak_allegation_against_an_unevidenced_criterion_raises_nothing(rubric_id):
    """The auditor's experiment: `transparency` has no evidence; one weak allegation against it (credibility 4,
    strength 1) must not raise its fundamental or the overall."""
    if rubric_id == "builder":
        rubric, others = TRANSPARENCY_RUBRIC, [
            item("b1", {"balance": 2}, source="s_b"), item("t1", {"ties": -2}, source="s_a"),
            item("c1", {"consent": 1}, source="s_c", kind="official_position"),
        ]
    else:
        rubric = load_rubric("un_guidance")
        others = [item(f"b{i}", {cid: v}, source=s) for i, (cid, v, s) in enumerate([
            ("equal_treatment", 2, "s_b"), ("structural_ties", -3, "s_a"), ("interest", -2, "s_c"),
            ("acceptability", 1, "s_b"), ("ceasefire", 2, "s_a")])]
    allegation = item("alleged", {"transparency": -1}, source="s_c", kind="allegation", credibility=4)
    before, after = run(others, rubric), run([*others, allegation], rubric)
    assert criterion_result(before, "transparency").events == 0
    assert_not_raised(triple(before, "transparency"), triple(after, "transparency"), "one weak allegation")


# ------------------------------------------------------------------ 7. missing evidence


def test_a_criterion_without_evidence_sits_at_the_prior():
    result = run([item("e1", {"balance": 2})], TRANSPARENCY_RUBRIC)
    c = criterion_result(result, "transparency")
    assert c.status == "insufficient" and c.score is None and c.low is None and c.high is None
    assert c.aggregate_score == pytest.approx(50.0, abs=0.05)
    assert c.aggregate_low == pytest.approx(5.0, abs=2.0) and c.aggregate_high == pytest.approx(95.0, abs=2.0)
    assert c.information == 0 and c.events == 0


@pytest.mark.parametrize("evidenced, weights, provisional", [
    (("balance",), (1, 1, 1), True),  # 1/3 of the weight
    (("balance", "ties"), (1, 1, 1), False),  # 2/3: exactly the threshold, not below it
    (("balance", "ties"), (1, 1, 1.01), True),  # just under 2/3
    (("transparency",), (1, 1, 4), False),  # 4/6
    (("balance", "ties", "transparency"), (1, 1, 1), False),
])
def test_a_fundamental_with_less_than_two_thirds_of_its_weight_evidenced_is_provisional(evidenced, weights, provisional):
    rubric = make_rubric(min_weight=0.5, fundamentals=[
        ("impartiality", 3.0, list(zip(("balance", "ties", "transparency"), weights))),
        ("consent", 1.0, [("consent", 1.0)]),
    ])
    evidence = [item(f"e_{cid}", {cid: 3}) for cid in (*evidenced, "consent")]
    f = fundamental_of(run(evidence, rubric), "balance")
    assert f.provisional is provisional, f.evidenced_share
    assert f.score is not None


def test_an_evidenced_but_thin_criterion_counts_as_unevidenced_for_provisional():
    """A criterion below `min_weight` is `insufficient`: it stays in the aggregate but not in the evidenced share."""
    rubric = make_rubric(min_weight=0.5)  # an E-graded allegation of credibility 5 has weight 0.005
    evidence = [item("e1", {"balance": 1}, source="s_e", kind="allegation", credibility=5), item("e2", {"consent": 2})]
    result = run(evidence, rubric)
    assert criterion_result(result, "balance").status == "insufficient"
    assert criterion_result(result, "ties").status == "insufficient"
    assert fundamental_of(result, "balance").provisional


# ------------------------------------------------------------------ 8. not applicable


@LAW
@given(evidence=evidence_lists(criteria=("balance", "ties", "transparency", "consent")),
       dropped=st.sampled_from(["balance", "ties", "transparency"]), aggregation=st.sampled_from(["arithmetic", "geometric", "minimum"]))
def test_a_not_applicable_criterion_leaves_its_fundamental_as_if_absent(evidence, dropped, aggregation):
    full = make_rubric(aggregation=aggregation, fundamentals=[
        ("impartiality", 3.0, [("balance", 1.0), ("ties", 2.0), ("transparency", 1.0)]),
        ("consent", 1.0, [("consent", 1.0)]),
    ])
    without = make_rubric(aggregation=aggregation, fundamentals=[
        ("impartiality", 3.0, [(c, w) for c, w in (("balance", 1.0), ("ties", 2.0), ("transparency", 1.0)) if c != dropped]),
        ("consent", 1.0, [("consent", 1.0)]),
    ])
    marked = run(evidence, full, not_applicable=[{"criterion": dropped, "reason": "Does not apply here."}])
    absent = run(evidence, without)
    c = criterion_result(marked, dropped)
    assert c.status == "not_applicable" and c.score is None and c.aggregate_score is None
    assert c.not_applicable_reason == "Does not apply here."
    for f_marked, f_absent in zip(marked.fundamentals, absent.fundamentals):
        assert abs(f_marked.score - f_absent.score) <= 0.5, (f_marked.id, f_marked.score, f_absent.score)
    if absent.overall.score is not None:
        assert abs(marked.overall.score - absent.overall.score) <= 0.5
    kept = {r.id: r.aggregate_score for r in absent.criteria}
    assert {r.id: r.aggregate_score for r in marked.criteria if r.id != dropped} == kept


# ------------------------------------------------------------------ 9. grades


@st.composite
def single_items(draw, criteria=CRITERIA):
    return {"bears_on": {draw(st.sampled_from(criteria)): draw(bearing)}, "kind": draw(st.sampled_from(KINDS)),
            "credibility": draw(st.integers(1, 6)), "event": draw(st.sampled_from([None, "talks"]))}


def _criteria_numbers(result):
    return [(c.id, c.status, c.aggregate_score, c.score, c.low, c.high, c.information, c.events) for c in result.criteria]


@LAW
@given(content=single_items(), other=evidence_lists(max_size=5, prefix="o"), unknown=st.sampled_from(["s_f", "no_such_source"]),
       f_first=st.booleans())
def test_co_citing_an_f_graded_source_changes_nothing(content, other, unknown, f_first):
    """An item's reliability is the best known grade among its sources: adding a source that cannot be judged (F,
    or a key with no graded source) beside an E-graded one gives the scores of the E source alone."""
    alone = evidence_item("cited", source="s_e", **content)
    both = evidence_item("cited", source=[unknown, "s_e"] if f_first else ["s_e", unknown], **content)
    a, b = run([*other, alone]), run([*other, both])
    assert _criteria_numbers(a) == _criteria_numbers(b)
    assert [f.score for f in a.fundamentals] == [f.score for f in b.fundamentals]
    assert a.overall.score == b.overall.score


factor = st.sampled_from([0.01, 0.1, 0.25, 0.4, 0.5, 0.55, 0.8, 1.0, 2.0])


def _weighting(reliability_d, reliability_f, credibility_4, credibility_6):
    from scoring_builders import WEIGHTING

    return {**WEIGHTING,
            "reliability": {**WEIGHTING["reliability"], "D": reliability_d, "F": reliability_f},
            "credibility": {**WEIGHTING["credibility"], 4: credibility_4, 6: credibility_6}}


@LAW
@given(content=single_items(), factors=st.tuples(factor, factor, factor, factor),
       other=evidence_lists(max_size=4, prefix="o", sources=("s_a", "s_b")))
def test_cannot_be_judged_never_outweighs_the_worst_useful_grade(content, factors, other):
    """An F-graded item never counts more than a D-graded one, and credibility 6 never more than 4, whatever factors
    the rubric gives them: less or equal information, and no farther from the prior (alone) than the graded item."""
    rubric = make_rubric(weighting=_weighting(*factors))
    cid = next(iter(content["bears_on"]))
    for known, unknown in ((dict(source="s_d"), dict(source="s_f")),
                           (dict(source="s_c", credibility=4), dict(source="s_c", credibility=6))):
        pair = []
        for grades in (known, unknown):
            fields = {**content, **grades}
            lone = criterion_result(run([evidence_item("x", **fields)], rubric), cid)
            among = criterion_result(run([*other, evidence_item("x", **fields)], rubric), cid)
            pair.append((lone, among))
        (known_lone, known_among), (unknown_lone, unknown_among) = pair
        assert unknown_lone.information <= known_lone.information + 1e-3
        assert abs(unknown_lone.aggregate_score - 50.0) <= abs(known_lone.aggregate_score - 50.0) + TOL
        assert unknown_among.information <= known_among.information + 1e-3


# ------------------------------------------------------------------ 10. ratings


ASSESSORS = [{"name": "Ann", "id": "ann"}, {"name": "Bob", "id": "bob"}]


def rating(level: int, assessor: str = "ann", confidence: str = "medium", cid: str = "balance") -> dict[str, Any]:
    return {"criterion": cid, "level": level, "rationale": "Because.", "assessor": assessor, "confidence": confidence}


@LAW
@given(level=st.integers(0, 4), confidence=st.sampled_from(["low", "medium", "high"]),
       evidence=evidence_lists(max_size=6))
def test_one_rating_never_gives_an_interval_of_zero_width(level, confidence, evidence):
    result = run(evidence, ratings=[rating(level, confidence=confidence)], assessors=ASSESSORS)
    c = criterion_result(result, "balance")
    assert c.status == "rated"
    assert c.high - c.low > 1.0, (c.low, c.score, c.high)


@LAW
@given(levels=st.sampled_from([(1, 3), (0, 2), (2, 4), (0, 4), (1, 4)]),
       confidences=st.tuples(*[st.sampled_from(["low", "medium", "high"])] * 2))
def test_two_assessors_pool_between_their_ratings(levels, confidences):
    """Two assessors are two independent readers: their pooled score lies strictly between each one's own score
    (not at the lower one, not at either), by more than a point on each side."""
    ann = rating(levels[0], "ann", confidences[0])
    bob = rating(levels[1], "bob", confidences[1])
    alone_ann = criterion_result(run([], ratings=[ann], assessors=ASSESSORS), "balance").score
    alone_bob = criterion_result(run([], ratings=[bob], assessors=ASSESSORS), "balance").score
    pooled = criterion_result(run([], ratings=[ann, bob], assessors=ASSESSORS), "balance")
    assert alone_ann + 1.0 < pooled.score < alone_bob - 1.0, (alone_ann, pooled.score, alone_bob)
    assert len(pooled.ratings) == 2


def test_levels_one_and_three_pool_to_the_middle():
    ann, bob = rating(1, "ann"), rating(3, "bob")
    pooled = criterion_result(run([], ratings=[ann, bob], assessors=ASSESSORS), "balance")
    assert pooled.score == pytest.approx(50.0, abs=0.1)


def test_a_rating_is_flagged_only_when_it_contradicts_strong_evidence():
    strong = [evidence_item(f"e{i}", {"balance": {"level": 4, "strength": 3}}, source=f"top{i}", event=f"ev{i}")
              for i in range(3)]
    sources = graded_sources("top", "A", 3)
    agrees = criterion_result(run(strong, ratings=[rating(4)], sources=sources, assessors=ASSESSORS), "balance")
    contradicts = criterion_result(run(strong, ratings=[rating(0)], sources=sources, assessors=ASSESSORS), "balance")
    assert agrees.rating_outside_interval is False
    assert contradicts.rating_outside_interval is True


# ------------------------------------------------------------------ 11. roles


ROLES = [{"role": "Union centre", "period": "1988/1991", "mediating": False},
         {"role": "Co-chair", "period": "1994/2010"}]


@pytest.mark.parametrize("date", ["1992", "2015-03", "1990", "1989/1991"])
def test_an_item_outside_every_mediating_role_is_background(date):
    base = [item("e1", {"balance": 2}, date="2000"), item("e2", {"consent": -1}, source="s_b"),
            item("e3", {"balance": -1}, source="s_c", date="1993/1995")]  # overlaps a role: counts
    outside = evidence_item("old", {"balance": -3, "consent": 3}, source="s_a", date=date)
    without = run(base, roles=ROLES)
    with_ = run([*base, outside], roles=ROLES)
    assert with_.background == ["old"] and without.background == []
    assert _criteria_numbers(with_) == _criteria_numbers(without)
    assert [f.score for f in with_.fundamentals] == [f.score for f in without.fundamentals]
    assert with_.overall.score == without.overall.score
    counted = run([*base, {**outside, "counts_outside_roles": True}], roles=ROLES)
    assert counted.background == []
    assert criterion_result(counted, "balance").aggregate_score < criterion_result(without, "balance").aggregate_score
    assert criterion_result(counted, "consent").aggregate_score > criterion_result(without, "consent").aggregate_score


def test_undated_items_and_items_in_a_role_are_never_background():
    evidence = [item("undated", {"balance": 2}), item("inside", {"balance": 1}, date="2000-06-01"),
                item("edge", {"ties": -1}, date="1991/1994")]
    assert run(evidence, roles=ROLES).background == []


# ------------------------------------------------------------------ 12. determinism


@FEW
@given(evidence=evidence_lists(min_size=1), seed=st.integers(0, 2**31), rubric=rubrics)
def test_same_inputs_give_identical_json(evidence, seed, rubric):
    case = make_case(evidence)
    first = render(score(case, rubric, seed=seed, draws=0, generated="2026-01-01"), "json")
    second = render(score(case, rubric, seed=seed, draws=0, generated="2026-01-01"), "json")
    assert first == second
    json.loads(first)


@LAW
@given(evidence=evidence_lists(min_size=2), data=st.data(), rubric=rubrics)
def test_the_order_of_evidence_changes_no_score(evidence, data, rubric):
    shuffled = data.draw(st.permutations(evidence))
    a, b = run(evidence, rubric), run(shuffled, rubric)
    assert _criteria_numbers(a) == _criteria_numbers(b)
    assert [(f.score, f.low, f.high, f.provisional) for f in a.fundamentals] == [
        (f.score, f.low, f.high, f.provisional) for f in b.fundamentals]
    assert (a.overall.score, a.overall.low, a.overall.high, a.overall.verdict) == (
        b.overall.score, b.overall.low, b.overall.high, b.overall.verdict)


