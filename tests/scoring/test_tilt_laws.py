"""Laws of the party tilt (docs/method.md §6): symmetry, duplicates, monotonicity, `all`, narrowing, offsetting.

Each test states one law an auditor can check by hand. Tilts are rounded to 0.001 when the result is made, so
"never lowers" allows one rounding step (TOL). Every run uses `draws=0`: the tilt does not depend on the
sensitivity analysis.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.loading import load_case, load_rubric
from assess.scoring import score
from conftest import RUSSIA
from scoring_builders import evidence_item, graded_sources, make_case_with, make_rubric

TOL = 0.001 + 1e-9
RUBRIC = make_rubric()
PARTIES = ("north", "south")
KINDS = ("fact", "official_position", "perception", "allegation", "structural_tie", "analysis")
SOURCES = ("s_a", "s_b", "s_c", "s_d", "s_f")
LAW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAVOURS = st.sampled_from([None, "north", "north", "south", "south", "all", ["north", "south"]])


@st.composite
def favour_items(draw, min_size: int = 0, max_size: int = 8, prefix: str = "e") -> list[dict[str, Any]]:
    """Items of every kind with random favours, holders, shared events and sources (so offsets and clusters occur)."""
    items = []
    for n in range(draw(st.integers(min_size, max_size))):
        items.append(evidence_item(
            f"{prefix}{n:02d}", {draw(st.sampled_from(["balance", "ties"])): draw(st.sampled_from([-3, -2, -1, 1, 2]))},
            kind=draw(st.sampled_from(KINDS)), source=draw(st.sampled_from(SOURCES)),
            credibility=draw(st.integers(1, 6)), favours=draw(FAVOURS),
            held_by=draw(st.sampled_from([None, "north", "south"])),
            event=draw(st.sampled_from([None, None, "talks", "summit"])),
        ))
    return items


def tilts(evidence, parties=None, sources=None):
    case = make_case_with(evidence, sources=sources)
    if parties:
        data = case.model_dump(mode="json", exclude_none=True)
        data["conflict"]["parties"] = [{"id": pid, "name": name} for pid, name in parties]
        case = type(case).model_validate(data)
    return score(case, RUBRIC, draws=0).parties


def numbers(party) -> dict[str, Any]:
    """Everything numeric about a party's tilt (its evidence list and names left out)."""
    return party.model_dump(exclude={"id", "name", "evidence"})


SWAP = {"north": "south", "south": "north"}


def mirrored(evidence):
    def swap(value):
        return [SWAP.get(v, v) for v in value] if isinstance(value, list) else SWAP.get(value, value)
    return [{**e, **{k: swap(e[k]) for k in ("favours", "held_by") if k in e}} for e in evidence]


@LAW
@given(evidence=favour_items())
def test_swapping_the_parties_swaps_their_tilts_exactly(evidence):
    """The tilt has no random numbers and treats every party alike: mirror the evidence, mirror the result."""
    north, south = tilts(evidence)
    north_m, south_m = tilts(mirrored(evidence))
    assert numbers(north) == numbers(south_m) and numbers(south) == numbers(north_m)


@LAW
@given(evidence=favour_items())
def test_two_parties_tilts_are_mirror_images(evidence):
    """With two parties one's share is the other's complement: tilts, intervals and leans mirror (sum to zero)."""
    north, south = tilts(evidence)
    for a, b in ((north, south), *((getattr(north, c), getattr(south, c)) for c in ("conduct", "perceived", "structural"))):
        assert a.tilt == pytest.approx(-b.tilt, abs=2 * TOL)
        assert (a.low, a.high) == pytest.approx((-b.high, -b.low), abs=2 * TOL)
        assert {a.lean, b.lean} in ({"none"}, {"toward", "against"})


def copies(evidence):
    return [*evidence, *({**e, "id": e["id"] + "_dup"} for e in evidence)]


@LAW
@given(evidence=favour_items(min_size=1))
def test_recording_every_item_twice_changes_no_tilt(evidence):
    """A copy is a second telling of the same report (same source, same event): tilts and intervals stay."""
    assert [numbers(p) for p in tilts(evidence)] == [numbers(p) for p in tilts(copies(evidence))]


@LAW
@given(evidence=favour_items(), extra=favour_items(min_size=1, max_size=1, prefix="new"), party=st.sampled_from(PARTIES))
def test_an_item_favouring_a_party_never_lowers_its_tilt(evidence, extra, party):
    """Whatever its kind, source, event or holder, one more item favouring X never lowers X's tilt median (nor,
    with two parties, raises the other's); an opposite perception of the same event may only offset."""
    added = [*evidence, {**extra[0], "favours": party}]
    before = {p.id: p for p in tilts(evidence)}
    after = {p.id: p for p in tilts(added)}
    other = SWAP[party]
    assert after[party].tilt >= before[party].tilt - TOL
    assert after[other].tilt <= before[other].tilt + TOL
    component = {"perception": "perceived", "allegation": "perceived", "structural_tie": "structural"}.get(
        extra[0]["kind"], "conduct")
    assert getattr(after[party], component).tilt >= getattr(before[party], component).tilt - TOL


@LAW
@given(evidence=favour_items(), extra=favour_items(min_size=1, max_size=1, prefix="new"))
def test_an_item_favouring_all_parties_leans_to_none(evidence, extra):
    """Alone, an item favouring `all` gives every party tilt 0 and no clear lean; added to other evidence it never
    moves a tilt away from 0."""
    alone = tilts([{**extra[0], "favours": "all"}])
    assert all((p.tilt, p.lean) == (0.0, "none") for p in alone)
    before = tilts(evidence)
    after = tilts([*evidence, {**extra[0], "favours": "all"}])
    for b, a in zip(before, after):
        assert abs(a.tilt) <= abs(b.tilt) + TOL


@LAW
@given(evidence=favour_items(), extra=favour_items(min_size=1, max_size=1, prefix="new"))
def test_an_item_favouring_no_party_changes_no_tilt(evidence, extra):
    """Only `favours` feeds the tilt: an item without it leaves every party's numbers as they were (no random
    numbers to reshuffle, nothing keyed by position)."""
    neutral = {**extra[0]}
    neutral.pop("favours", None)
    assert [numbers(p) for p in tilts(evidence)] == [numbers(p) for p in tilts([*evidence, neutral])]


@LAW
@given(evidence=favour_items())
def test_three_parties_tilts_stay_ordered_and_in_bounds(evidence):
    """Adding a party with no evidence of its own: every interval holds its median within -1..+1, and the new
    party, favoured by nothing but `all` items, never ranks above a party with evidence of its own favour."""
    parties = tilts(evidence, parties=[("north", "North"), ("south", "South"), ("west", "West")])
    for p in parties:
        for t in (p, p.conduct, p.perceived, p.structural):
            assert -1.0 <= t.low <= t.low68 <= t.tilt <= t.high68 <= t.high <= 1.0
    west = parties[2]
    assert all(west.tilt <= p.tilt + TOL for p in parties[:2])


PLAN = st.lists(st.tuples(st.sampled_from(PARTIES), st.sampled_from(("fact", "structural_tie", "official_position")),
                          st.integers(1, 3)), min_size=1, max_size=4)


def independent_replicas(plan, k: int) -> list[dict[str, Any]]:
    """The plan's items told k times over, each time by a source and of an event of its own."""
    return [evidence_item(f"r{r}i{n}", {"balance": -strength}, kind=kind, favours=party, source=f"rep{r}",
                          claim=f"Replica {r} of item {n}.", event=f"ev{r}_{n}")
            for r in range(k) for n, (party, kind, strength) in enumerate(plan)]


@LAW
@given(plan=PLAN)
def test_more_independent_evidence_of_the_same_kind_narrows_the_interval(plan):
    """The same mix of evidence from 1, 2, 4 independent sources (new events each time): every party's 90%
    interval narrows (the shares' concentration grows) and the lean, once clear, stays."""
    sources = graded_sources("rep", "B", 4)
    widths, leans = [], []
    for k in (1, 2, 4):
        north = tilts(independent_replicas(plan, k), sources=sources)[0]
        widths.append(north.high - north.low)
        leans.append(north.lean)
    assert widths[0] >= widths[1] - TOL and widths[1] >= widths[2] - TOL, widths
    assert all(later == earlier for earlier, later in zip(leans, leans[1:]) if earlier != "none"), leans


@LAW
@given(strength=st.integers(1, 3), kind=st.sampled_from(["perception", "allegation"]))
def test_equal_complaints_from_both_sides_about_one_event_cancel(strength, kind):
    """Each side alleging, about one event, that the mediator favours the other, with equal weight: the perceived
    tilt is 0 with the interval of no evidence at all, not a narrower one as if two things had been learnt."""
    pair = [evidence_item("p1", {"balance": -strength}, kind=kind, favours="north", held_by="south", event="talks"),
            evidence_item("p2", {"balance": -strength}, kind=kind, favours="south", held_by="north", event="talks",
                          source="other0")]
    both = tilts(pair, sources=graded_sources("other", "A", 1))
    assert [numbers(p.perceived) for p in both] == [numbers(p.perceived) for p in tilts([])]
    assert all(p.perceived.lean == "none" for p in both)


def test_dropping_one_favours_never_flips_a_clear_lean_in_the_russia_case():
    """The defect this model answers: a point tilt's sign flipped when one `favours` was dropped. A clear lean may
    weaken to "no clear lean" when an item goes, never turn into the opposite lean."""
    case = load_case(RUSSIA)
    rubric = load_rubric(case.meta.rubric)
    full = score(case, rubric, draws=0).parties
    data = case.model_dump(mode="json", exclude_none=True)
    opposite = {"toward": "against", "against": "toward"}
    for index, item in enumerate(data["evidence"]):
        if "favours" not in item:
            continue
        evidence = [*data["evidence"][:index], {k: v for k, v in item.items() if k != "favours"}, *data["evidence"][index + 1:]]
        dropped = score(type(case).model_validate({**data, "evidence": evidence}), rubric, draws=0).parties
        for before, after in zip(full, dropped):
            for component in ("conduct", "perceived", "structural"):
                b, a = getattr(before, component), getattr(after, component)
                assert a.lean != opposite.get(b.lean), (item["id"], before.id, component, b, a)
            assert after.lean != opposite.get(before.lean), (item["id"], before.id)
