"""Evidence reduced to numbers: each item's best known grade, its identity (event, source) and its readings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assess.models.assessment import EvidenceWeight
from assess.models.base import date_bounds
from assess.models.case import Case, Evidence, LevelBearing, Mediator, favoured
from assess.models.rubric import EvidenceWeighting, Measurement

RELIABILITY_ORDER = "ABCDEF"
UNKNOWN_SOURCE_GRADE = "F"  # a bibliography key with no graded source: reliability cannot be judged
UNKNOWN_RELIABILITY, UNKNOWN_CREDIBILITY = "F", 6
CONDUCT, PERCEIVED, STRUCTURAL = "conduct", "perceived", "structural"
_COMPONENT = {"perception": PERCEIVED, "allegation": PERCEIVED, "structural_tie": STRUCTURAL}


@dataclass(frozen=True)
class Bearing:
    """One `bears_on` entry as an observation: the level it indicates (0-100), its sign and strength."""

    criterion: int
    level: float  # the level indicated, on 0-100
    sign: int  # +1 supports (level above 50), -1 undermines (below 50), 0 neither
    strength: int
    base: float  # strength factor x kind factor; the item's weight on this criterion is base x grade
    signed: bool = True  # read through measurement.bearing_levels (False: an explicit level)


@dataclass(frozen=True)
class Item:
    """One evidence item as the engine sees it; its weight on a criterion is `bearing.base * grade`."""

    id: str
    position: int
    start: date | None
    end: date | None
    reliability: str
    credibility: int
    kind: str
    grade: float  # reliability factor x credibility factor, as used in point estimates
    bearings: tuple[Bearing, ...]
    favours: tuple[str, ...]  # party ids (every party for `all`); empty when it favours none
    tags: frozenset[str]
    event: str  # the happening it reports (its own id-less identity when the case names none)
    cluster: str  # the source it was obtained through (the root of any `via:` chain)
    background: bool  # dated wholly outside the mediator's roles: shown, not scored
    source: Evidence

    @property
    def component(self) -> str:
        """Which part of the tilt it belongs to: conduct, perceived (perceptions, allegations) or structural."""
        return _COMPONENT.get(self.kind, CONDUCT)


def reliability_factor(grade: str, weighting: EvidenceWeighting) -> float:
    """The factor of a reliability grade in point estimates (F capped at D's)."""
    factor = weighting.reliability[grade]  # type: ignore[index]
    return min(factor, weighting.reliability["D"]) if grade == UNKNOWN_RELIABILITY else factor


def credibility_factor(grade: int, weighting: EvidenceWeighting) -> float:
    """The factor of a credibility grade in point estimates (6 capped at 4's)."""
    factor = weighting.credibility[grade]
    return min(factor, weighting.credibility[4]) if grade == UNKNOWN_CREDIBILITY else factor


def _chain_grade(source_id: str, grades: dict[str, str], via: dict[str, str]) -> tuple[str, str]:
    """(grade, cluster) of a source read through its `via:` chain: the worst known grade along it, and its root.

    Information is no more reliable than the channel it came through; an unknown (F) link says nothing, so it
    neither lowers nor lifts a known grade. Cycles are refused by loading; a guard stops one anyway.
    """
    known: list[str] = []
    seen = set()
    current = source_id
    while current not in seen:
        seen.add(current)
        grade = grades.get(current, UNKNOWN_SOURCE_GRADE)
        if grade != UNKNOWN_RELIABILITY:
            known.append(grade)
        if current not in via:
            break
        current = via[current]
    return (max(known, key=RELIABILITY_ORDER.index) if known else UNKNOWN_RELIABILITY), current


def best_reliability(item: Evidence, grades: dict[str, str], via: dict[str, str] | None = None) -> tuple[str, str]:
    """(grade, cluster): the best *known* grade among the item's sources (F only when none is known) and the
    source it is clustered with (the first source with that grade)."""
    graded = [_chain_grade(ref.id, grades, via or {}) for ref in item.source]
    known = [g for g in graded if g[0] != UNKNOWN_RELIABILITY]
    if not known:
        return UNKNOWN_RELIABILITY, graded[0][1]
    return min(known, key=lambda g: RELIABILITY_ORDER.index(g[0]))


_SPACE = re.compile(r"\s+")


def event_key(item: Evidence) -> str:
    """The happening an item reports: its `event:`, or else its claim and date (so a verbatim duplicate of an
    item is recognised as the same report, whatever its id)."""
    if item.event:
        return "event:" + item.event
    return "claim:" + _SPACE.sub(" ", item.claim.strip().lower()) + "|" + (item.date or "")


def role_periods(mediator: Mediator) -> list[tuple[date, date]] | None:
    """The periods of the mediator's mediating roles, or None when one is undated (or there are none): no gate."""
    roles = mediator.roles
    if not roles or any(role.period is None and role.mediating for role in roles):
        return None
    periods = [date_bounds(role.period) for role in roles if role.mediating]  # type: ignore[arg-type]
    return periods or None


def outside_roles(start: date | None, end: date | None, periods: list[tuple[date, date]] | None) -> bool:
    """True when an item's dates lie wholly outside every role period (undated items are never outside)."""
    if periods is None or start is None or end is None:
        return False
    return all(end < first or start > last for first, last in periods)


def _reading(value: int | LevelBearing, measurement: Measurement, max_level: int) -> tuple[float, int, int]:
    """(level on 0-100, sign, strength) of one bearing: a signed strength read through `bearing_levels`, or an
    explicit level of the scale."""
    if isinstance(value, LevelBearing):
        level = 100.0 * value.level / max_level
        return level, (level > 50.0) - (level < 50.0), value.strength
    return measurement.bearing_levels[value], 1 if value > 0 else -1, abs(value)


def prepare(case: Case, weighting: EvidenceWeighting, criterion_index: dict[str, int],
            measurement: Measurement | None = None, max_level: int = 4) -> list[Item]:
    """Every evidence item of the case that can bear on a score, graded, in case order.

    Items marked `context: true` (kept for the record) are left out. Bearings on criteria the rubric lacks
    are skipped. Items dated outside the mediator's roles are kept, marked `background`.
    """
    measurement = measurement or Measurement()
    grades = {s.id: s.reliability for s in case.sources}
    via = {s.id: s.via for s in case.sources if s.via}
    parties = tuple(p.id for p in case.conflict.parties)
    periods = role_periods(case.mediator)
    items = []
    for position, ev in enumerate(case.evidence):
        if ev.context:
            continue
        reliability, cluster = best_reliability(ev, grades, via)
        kind_factor = weighting.kinds[ev.kind]
        bearings = []
        for cid, value in ev.bears_on.items():
            if cid not in criterion_index:
                continue
            level, sign, strength = _reading(value, measurement, max_level)
            bearings.append(Bearing(criterion_index[cid], level, sign, strength, weighting.strength[strength] * kind_factor,
                                    not isinstance(value, LevelBearing)))
        start, end = date_bounds(ev.date) if ev.date else (None, None)
        named = favoured(ev)
        favours = parties if "all" in named else tuple(p for p in parties if p in named)
        items.append(
            Item(
                id=ev.id,
                position=position,
                start=start,
                end=end,
                reliability=reliability,
                credibility=ev.credibility,
                kind=ev.kind,
                grade=reliability_factor(reliability, weighting) * credibility_factor(ev.credibility, weighting),
                bearings=tuple(bearings),
                favours=favours,
                tags=frozenset(ev.tags),
                event=event_key(ev),
                cluster="source:" + cluster,
                background=outside_roles(start, end, periods) and not ev.counts_outside_roles,
                source=ev,
            )
        )
    return items


def breakdown(item: Item, bearing: Bearing, criterion_id: str, weighting: EvidenceWeighting,
              measurement: Measurement) -> EvidenceWeight:
    """How one item's reading of one criterion was computed, factor by factor (for reports)."""
    weight = bearing.base * item.grade
    return EvidenceWeight.model_construct(
        evidence=item.id,
        criterion=criterion_id,
        direction="supports" if bearing.sign > 0 else "undermines" if bearing.sign < 0 else "neither",
        strength=bearing.strength,
        strength_factor=weighting.strength[bearing.strength],
        reliability=item.reliability,
        reliability_factor=reliability_factor(item.reliability, weighting),
        credibility=item.credibility,
        credibility_factor=credibility_factor(item.credibility, weighting),
        kind=item.kind,
        kind_factor=weighting.kinds[item.kind],
        weight=round(weight, 4),
        level=round(bearing.level, 2),
        error_sd=round(measurement.error_sd / weight, 2) if weight > 0 else None,
        event=item.source.event,
        cluster=item.cluster.removeprefix("source:"),
    )
