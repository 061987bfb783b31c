"""Sensitivity: seeded Monte Carlo over weights and evidence grades, and leave-one-evidence-out."""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from assess.models.rubric import EvidenceWeighting
from assess.scoring.composite import Frame, compose
from assess.scoring.evidence import RELIABILITY_ORDER, Item, Tally

DEFAULT_SEED = 12345
DEFAULT_DRAWS = 200
WEIGHT_JITTER = 0.25  # each criterion and fundamental weight is drawn uniformly within +-25%
GRADE_SHIFT_CHANCE = 0.25  # each item's reliability, and separately its credibility, moves one step this often
STABLE_SHARE = 0.9  # the verdict is "stable" when at least this share of draws keeps it

Verdict = Callable[[float | None], int | None]


@dataclass(frozen=True)
class MonteCarlo:
    low: float | None
    high: float | None
    share: float


def _shift(grade: str | int, order: tuple, rng: random.Random) -> str | int:
    """One step better or worse along `order`; grades outside it ('cannot be judged') stay."""
    if grade not in order:
        return grade
    step = order.index(grade) + (1 if rng.random() < 0.5 else -1)
    return order[min(max(step, 0), len(order) - 1)]


_RELIABILITY_STEPS = tuple(RELIABILITY_ORDER[:-1])  # A-E; F means "cannot be judged"
_CREDIBILITY_STEPS = (1, 2, 3, 4, 5)  # 6 means "cannot be judged"


def _overall(frame: Frame, tally: Tally, cw=None, fw=None) -> float | None:
    means, _ = frame.estimates(tally)
    return compose(frame, means, None, cw, fw).overall


def monte_carlo(
    frame: Frame, items: list[Item], base: Tally, weighting: EvidenceWeighting, verdict: Verdict,
    seed: int, draws: int,
) -> MonteCarlo:
    """Overall score under `draws` perturbed weightings: its 5th-95th percentile and the share keeping the verdict."""
    rng = random.Random(seed)
    target = verdict(_overall(frame, base))
    scored = [item for item in items if item.bearings]
    scores: list[float] = []
    kept = 0
    for _ in range(draws):
        cw = [w * rng.uniform(1 - WEIGHT_JITTER, 1 + WEIGHT_JITTER) for w in frame.criterion_weights]
        fw = [w * rng.uniform(1 - WEIGHT_JITTER, 1 + WEIGHT_JITTER) for w in frame.fundamental_weights]
        tally = base.copy()
        for item in scored:
            reliability, credibility = item.reliability, item.credibility
            if rng.random() < GRADE_SHIFT_CHANCE:
                reliability = _shift(reliability, _RELIABILITY_STEPS, rng)
            if rng.random() < GRADE_SHIFT_CHANCE:
                credibility = _shift(credibility, _CREDIBILITY_STEPS, rng)
            if (reliability, credibility) != (item.reliability, item.credibility):
                grade = weighting.reliability[reliability] * weighting.credibility[credibility]
                tally.reweigh(item, grade - item.grade)
        overall = _overall(frame, tally, cw, fw)
        kept += verdict(overall) == target
        if overall is not None:
            scores.append(overall)
    if not scores:
        return MonteCarlo(None, None, kept / draws)
    if len(scores) == 1:
        return MonteCarlo(scores[0], scores[0], kept / draws)
    cuts = statistics.quantiles(scores, n=20, method="inclusive")
    return MonteCarlo(cuts[0], cuts[-1], kept / draws)


def leave_one_out(frame: Frame, items: list[Item], base: Tally) -> dict[str, float | None]:
    """The overall score without each item that bears on a criterion (per-criterion sums: linear in the items)."""
    means, _ = frame.estimates(base)
    results: dict[str, float | None] = {}
    for item in items:
        if not item.bearings:
            continue
        touched = sorted({b.criterion for b in item.bearings})
        saved = [(base.support[c], base.undermine[c], base.count[c]) for c in touched]
        base.add(item, times=-1)
        trial = means[:]
        for c in touched:
            trial[c] = frame.estimate(base, c)[1]
        results[item.id] = compose(frame, trial).overall
        # Restore the exact sums rather than adding back, so no rounding drift builds up over thousands of items.
        for c, (s, u, n) in zip(touched, saved):
            base.support[c], base.undermine[c], base.count[c] = s, u, n
    return results
