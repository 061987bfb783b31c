"""Sensitivity: seeded Monte Carlo over weights and evidence grades, and leave-one-evidence-out."""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assess.models.rubric import EvidenceWeighting
from assess.scoring.aggregation import AGGREGATIONS
from assess.scoring.composite import Frame, overall_value
from assess.scoring.evidence import RELIABILITY_ORDER, Item, Tally

DEFAULT_SEED = 12345
DEFAULT_DRAWS = 200
WEIGHT_JITTER = 0.25  # each criterion and fundamental weight is drawn uniformly within +-25%
GRADE_SHIFT_CHANCE = 0.25  # each item's reliability, and separately its credibility, moves one step this often
STABLE_SHARE = 0.9  # the verdict is "stable" when at least this share of draws keeps it

_RELIABILITY_STEPS = tuple(RELIABILITY_ORDER[:-1])  # A-E; F means "cannot be judged"
_CREDIBILITY_STEPS = (1, 2, 3, 4, 5)  # 6 means "cannot be judged"

Verdict = Callable[[float | None], int | None]


@dataclass(frozen=True)
class MonteCarlo:
    low: float | None
    high: float | None
    share: float


def _step(grade: str | int, order: tuple, direction: int) -> str | int:
    """One step better (-1) or worse (+1) along `order`; grades outside it ('cannot be judged') stay."""
    if direction == 0 or grade not in order:
        return grade
    return order[min(max(order.index(grade) + direction, 0), len(order) - 1)]


def _grade_variants(item: Item, weighting: EvidenceWeighting) -> list[float]:
    """The item's grade factor for each (reliability step, credibility step) in {-1, 0, +1}^2, row-major."""
    return [
        weighting.reliability[_step(item.reliability, _RELIABILITY_STEPS, r)]  # type: ignore[index]
        * weighting.credibility[_step(item.credibility, _CREDIBILITY_STEPS, c)]  # type: ignore[index]
        for r in (-1, 0, 1)
        for c in (-1, 0, 1)
    ]


def _picks(rng: random.Random, n: int, chance: float = GRADE_SHIFT_CHANCE) -> Iterator[int]:
    """Indices below n, each picked with probability `chance`, by geometric skips (cost ~ chance * n, not n)."""
    log_miss = math.log(1.0 - chance)
    i = -1
    while True:
        i += 1 + int(math.log(1.0 - rng.random()) / log_miss)
        if i >= n:
            return
        yield i


def _overall(frame: Frame, tally: Tally, cw=None, fw=None) -> float | None:
    return overall_value(frame, [frame.estimate(tally, c)[1] for c in range(frame.size)], cw, fw)


def _weighted_means(
    members: list[list[int]], means: list[float | None], cw: list[float], fw: list[float]
) -> float | None:
    """overall_value for the arithmetic mean with plain running sums (no fsum, no lists): a draw's score may
    differ from overall_value's in the last bit, which a percentile of perturbed scores cannot notice."""
    top = top_weight = 0.0
    for f, crits in enumerate(members):
        if fw[f] <= 0.0:
            continue
        total = weight = 0.0
        for c in crits:
            mean = means[c]
            if mean is not None and cw[c] > 0.0:
                total += cw[c] * mean
                weight += cw[c]
        if weight > 0.0:
            top += fw[f] * (total / weight)
            top_weight += fw[f]
    if not top_weight:
        return None
    return min(max(top / top_weight, 0.0), 1.0)


def monte_carlo(
    frame: Frame, items: list[Item], base: Tally, weighting: EvidenceWeighting, verdict: Verdict,
    seed: int, draws: int,
) -> MonteCarlo:
    """Overall score under `draws` perturbed weightings: its 5th-95th percentile and the share keeping the verdict.

    Each draw, in this order from one seeded generator: every criterion weight, then every fundamental weight,
    times a uniform factor in 1 +- WEIGHT_JITTER; then items picked (GRADE_SHIFT_CHANCE each, by `_picks`) for a
    reliability step, each with a fair coin for better or worse; then likewise for a credibility step. The loop
    is written out flat (no Tally objects or generators) because batch runs it 200 times per case.
    """
    rng = random.Random(seed)
    uniform01 = rng.random
    target = verdict(_overall(frame, base))
    # Sorted by id so that the draws, like everything else, do not depend on the order of the case file.
    scored = sorted((item for item in items if item.bearings), key=lambda item: item.id)
    n = len(scored)
    # Per item: the change of its grade factor for each of its 9 variants, and where that change lands.
    changes = [[variant - item.grade for variant in _grade_variants(item, weighting)] for item in scored]
    lands = [[(b.criterion, b.sign > 0, b.base) for b in item.bearings] for item in scored]
    low_factor, span = 1 - WEIGHT_JITTER, (1 + WEIGHT_JITTER) - (1 - WEIGHT_JITTER)  # as random.uniform computes
    log_miss = math.log(1.0 - GRADE_SHIFT_CHANCE)
    criterion_weights, fundamental_weights = frame.criterion_weights, frame.fundamental_weights
    rating, count = frame.rating, base.count
    prior_support, prior_undermine = frame.prior_support, frame.prior_undermine
    min_items, min_weight = frame.min_items, frame.min_weight - 1e-12
    sizes = range(frame.size)
    arithmetic = frame.value is AGGREGATIONS["arithmetic"].value
    members = [[c for c in sizes if frame.fundamental_of[c] == f] for f in range(len(fundamental_weights))]
    scores: list[float] = []
    kept = 0
    for _ in range(draws):
        cw = [w * (low_factor + span * uniform01()) for w in criterion_weights]
        fw = [w * (low_factor + span * uniform01()) for w in fundamental_weights]
        steps: dict[int, int] = {}  # item -> index into its grade variants; 4 is "unchanged"
        i = -1
        while True:  # reliability one step better or worse (the picks of `_picks`, inlined)
            i += 1 + int(math.log(1.0 - uniform01()) / log_miss)
            if i >= n:
                break
            steps[i] = 1 if uniform01() < 0.5 else 7
        i = -1
        while True:  # credibility likewise
            i += 1 + int(math.log(1.0 - uniform01()) / log_miss)
            if i >= n:
                break
            steps[i] = steps.get(i, 4) + (-1 if uniform01() < 0.5 else 1)
        support, undermine = base.support[:], base.undermine[:]
        for i in sorted(steps):
            change = changes[i][steps[i]]
            if change:
                for c, supports, weight in lands[i]:
                    if supports:
                        support[c] += weight * change
                    else:
                        undermine[c] += weight * change
        means: list[float | None] = []
        for c in sizes:  # Frame.estimate's mean, inlined
            if rating[c] is not None:
                means.append(rating[c])
                continue
            s, u = support[c], undermine[c]
            if count[c] >= min_items and s + u >= min_weight:
                a = prior_support + (s if s > 0.0 else 0.0)
                means.append(a / (a + prior_undermine + (u if u > 0.0 else 0.0)))
            else:
                means.append(None)
        overall = _weighted_means(members, means, cw, fw) if arithmetic else overall_value(frame, means, cw, fw)
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
    for item in sorted(items, key=lambda item: item.id):
        if not item.bearings:
            continue
        touched = sorted({b.criterion for b in item.bearings})
        saved = [(base.support[c], base.undermine[c], base.count[c]) for c in touched]
        base.add(item, times=-1)
        trial = means[:]
        for c in touched:
            trial[c] = frame.estimate(base, c)[1]
        results[item.id] = overall_value(frame, trial)
        # Restore the exact sums rather than adding back, so no rounding drift builds up over thousands of items.
        for c, (s, u, n) in zip(touched, saved):
            base.support[c], base.undermine[c], base.count[c] = s, u, n
    return results
