"""Evidence reduced to numbers: each item's grade factors and its signed bearings, and per-criterion tallies."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from assess.models.assessment import EvidenceWeight
from assess.models.base import date_bounds
from assess.models.case import Case, Evidence
from assess.models.rubric import EvidenceWeighting

RELIABILITY_ORDER = "ABCDEF"
UNKNOWN_SOURCE_GRADE = "F"  # a bibliography key with no graded source: reliability cannot be judged


@dataclass(frozen=True)
class Bearing:
    """One `bears_on` entry: criterion index, +1 supports / -1 undermines, strength, strength x kind factor."""

    criterion: int
    sign: int
    strength: int
    base: float


@dataclass(frozen=True)
class Item:
    """One evidence item as the engine sees it; its weight on a criterion is `bearing.base * grade`."""

    id: str
    position: int
    start: date | None
    reliability: str
    credibility: int
    kind: str
    grade: float  # reliability factor x credibility factor
    bearings: tuple[Bearing, ...]
    favours: str | None
    tags: frozenset[str]
    source: Evidence


def best_reliability(item: Evidence, grades: dict[str, str], weighting: EvidenceWeighting) -> str:
    """The grade with the highest factor among the sources the item cites (unknown keys count as F)."""
    cited = [grades.get(ref.id, UNKNOWN_SOURCE_GRADE) for ref in item.source]
    return max(cited, key=lambda g: (weighting.reliability[g], -RELIABILITY_ORDER.index(g)))


def prepare(case: Case, weighting: EvidenceWeighting, criterion_index: dict[str, int]) -> list[Item]:
    """Every scored evidence item of the case, graded, in case order.

    Items marked `context: true` (kept for the record) are left out: they count towards no criterion, tilt or
    flag. Bearings on criteria the rubric lacks are skipped.
    """
    grades = {s.id: s.reliability for s in case.sources}
    items = []
    for position, ev in enumerate(case.evidence):
        if ev.context:
            continue
        reliability = best_reliability(ev, grades, weighting)
        kind_factor = weighting.kinds[ev.kind]
        bearings = tuple(
            Bearing(criterion_index[cid], 1 if value > 0 else -1, abs(value), weighting.strength[abs(value)] * kind_factor)
            for cid, value in ev.bears_on.items()
            if cid in criterion_index
        )
        items.append(
            Item(
                id=ev.id,
                position=position,
                start=date_bounds(ev.date)[0] if ev.date else None,
                reliability=reliability,
                credibility=ev.credibility,
                kind=ev.kind,
                grade=weighting.reliability[reliability] * weighting.credibility[ev.credibility],
                bearings=bearings,
                favours=ev.favours,
                tags=frozenset(ev.tags),
                source=ev,
            )
        )
    return items


def breakdown(item: Item, bearing: Bearing, criterion_id: str, weighting: EvidenceWeighting) -> EvidenceWeight:
    """How one item's weight on one criterion was computed, factor by factor (for reports)."""
    return EvidenceWeight.model_construct(
        evidence=item.id,
        criterion=criterion_id,
        direction="supports" if bearing.sign > 0 else "undermines",
        strength=bearing.strength,
        strength_factor=weighting.strength[bearing.strength],
        reliability=item.reliability,
        reliability_factor=weighting.reliability[item.reliability],
        credibility=item.credibility,
        credibility_factor=weighting.credibility[item.credibility],
        kind=item.kind,
        kind_factor=weighting.kinds[item.kind],
        weight=round(bearing.base * item.grade, 4),
    )


class Tally:
    """Per-criterion sums of supporting weight, undermining weight and item counts; cheap to add or remove."""

    __slots__ = ("support", "undermine", "count")

    def __init__(self, size: int):
        self.support = [0.0] * size
        self.undermine = [0.0] * size
        self.count = [0] * size

    @classmethod
    def of(cls, items: list[Item], size: int) -> Tally:
        """The exact tally of these items: fsum is correctly rounded, so the order of evidence cannot matter."""
        support: list[list[float]] = [[] for _ in range(size)]
        undermine: list[list[float]] = [[] for _ in range(size)]
        tally = cls(size)
        for item in items:
            for b in item.bearings:
                (support if b.sign > 0 else undermine)[b.criterion].append(b.base * item.grade)
                tally.count[b.criterion] += 1
        tally.support = [math.fsum(v) for v in support]
        tally.undermine = [math.fsum(v) for v in undermine]
        return tally

    def add(self, item: Item, grade: float | None = None, times: int = 1) -> None:
        """Add the item (times=1) or take it away (times=-1), optionally with another grade factor."""
        factor = (item.grade if grade is None else grade) * times
        for b in item.bearings:
            if b.sign > 0:
                self.support[b.criterion] += b.base * factor
            else:
                self.undermine[b.criterion] += b.base * factor
            self.count[b.criterion] += times

    def reweigh(self, item: Item, grade_change: float) -> None:
        """Change the item's grade factor by `grade_change` without changing item counts (sensitivity draws)."""
        for b in item.bearings:
            if b.sign > 0:
                self.support[b.criterion] += b.base * grade_change
            else:
                self.undermine[b.criterion] += b.base * grade_change

    def copy(self) -> Tally:
        other = Tally(0)
        other.support, other.undermine, other.count = self.support[:], self.undermine[:], self.count[:]
        return other
