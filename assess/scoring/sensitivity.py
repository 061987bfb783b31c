"""Sensitivity: seeded Monte Carlo over weights and evidence grades, and leave-one-evidence-out."""

from __future__ import annotations

import bisect
import math
import random
import statistics
from collections.abc import Callable, Iterable, Iterator
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


# One draw: the criterion and fundamental weight factors, and (item, grade-variant index) for every re-graded item.
Draw = tuple[tuple[float, ...], tuple[float, ...], tuple[tuple[int, int], ...]]
# Plans are kept for up to this many item-draws (about 1.5 MB: 200 draws for 200 items); a bigger case gets a
# plan of its own size, not kept. Either way the same choices: a kept plan for more items has them as a prefix.
_PLAN_CACHE_MAX = 40_000
_plans: dict[tuple[int, int, int, int], tuple[int, list[Draw]]] = {}


def _make_plan(seed: int, draws: int, items: int, criteria: int, fundamentals: int) -> Iterator[Draw]:
    """Every random choice of a Monte Carlo run, for cases of up to `items` scored items, draw by draw.

    Draw d has two generators of its own, seeded from (seed, d): the first gives a uniform factor in 1 +-
    WEIGHT_JITTER for every criterion weight, then every fundamental weight, then the items picked
    (GRADE_SHIFT_CHANCE each, by the geometric skips of `_picks`) for a reliability step, each with a fair coin
    for better or worse; the second likewise picks items for a credibility step. So the choices for items
    0..n-1 are the same whatever `items` is, and never depend on a case's content: all cases share them (common
    random numbers: differences between cases' ranges come from the cases, not from chance).
    """
    low_factor, span = 1 - WEIGHT_JITTER, (1 + WEIGHT_JITTER) - (1 - WEIGHT_JITTER)  # as random.uniform computes
    for d in range(draws):
        first, second = random.Random(f"{seed}:{d}:weights,reliability"), random.Random(f"{seed}:{d}:credibility")
        cf = tuple(low_factor + span * first.random() for _ in range(criteria))
        ff = tuple(low_factor + span * first.random() for _ in range(fundamentals))
        steps: dict[int, int] = {}  # item -> index into its 3 x 3 grade variants (row: reliability); 4 is "unchanged"
        for i in _picks(first, items):  # reliability one step better or worse (a coin after each pick)
            steps[i] = 1 if first.random() < 0.5 else 7
        for i in _picks(second, items):  # credibility likewise
            steps[i] = steps.get(i, 4) + (-1 if second.random() < 0.5 else 1)
        yield cf, ff, tuple(sorted(steps.items()))


def _draw_plan(seed: int, draws: int, items: int, criteria: int, fundamentals: int) -> tuple[int, Iterable[Draw]]:
    """(items covered, plan): a kept plan when one covers `items`, so a batch makes its random choices once;
    a big case's plan is made draw by draw as it is used (all its draws at once would take tens of MB)."""
    if items * draws > _PLAN_CACHE_MAX:
        return items, _make_plan(seed, draws, items, criteria, fundamentals)
    key = (seed, draws, criteria, fundamentals)
    kept = _plans.get(key)
    if kept is None or kept[0] < items:
        # Room for somewhat bigger cases too, so a batch of mixed sizes rarely makes a second plan.
        covered = min(max(items, 2 * kept[0] if kept else 64), _PLAN_CACHE_MAX // max(draws, 1))
        kept = (covered, list(_make_plan(seed, draws, covered, criteria, fundamentals)))
        if len(_plans) >= 4:
            _plans.pop(next(iter(_plans)))
        _plans[key] = kept
    return kept


def monte_carlo(
    frame: Frame, items: list[Item], base: Tally, weighting: EvidenceWeighting, verdict: Verdict,
    seed: int, draws: int,
) -> MonteCarlo:
    """Overall score under `draws` perturbed weightings: its 5th-95th percentile and the share keeping the verdict.

    The random choices come from `_draw_plan` (see `_make_plan`). The loop is written out flat (no Tally objects or generators)
    because batch runs it 200 times per case.
    """
    target = verdict(_overall(frame, base))
    # Sorted by id so that the draws, like everything else, do not depend on the order of the case file.
    scored = sorted((item for item in items if item.bearings), key=lambda item: item.id)
    # Per item: the change of its grade factor for each of its 9 variants, and where that change lands.
    changes = [[variant - item.grade for variant in _grade_variants(item, weighting)] for item in scored]
    lands = [[(b.criterion, b.sign > 0, b.base) for b in item.bearings] for item in scored]
    criterion_weights, fundamental_weights = frame.criterion_weights, frame.fundamental_weights
    rating, count = frame.rating, base.count
    prior_support, prior_undermine = frame.prior_support, frame.prior_undermine
    min_items, min_weight = frame.min_items, frame.min_weight - 1e-12
    sizes = range(frame.size)
    arithmetic = frame.value is AGGREGATIONS["arithmetic"].value
    members = [[c for c in sizes if frame.fundamental_of[c] == f] for f in range(len(fundamental_weights))]
    scores: list[float] = []
    kept = 0
    n = len(scored)
    covered, plan = _draw_plan(seed, draws, n, len(criterion_weights), len(fundamental_weights))
    for cf, ff, steps in plan:
        cw = [w * f for w, f in zip(criterion_weights, cf)]
        fw = [w * f for w, f in zip(fundamental_weights, ff)]
        if covered > n:  # a plan made for bigger cases: this case's choices are its first ones
            steps = steps[: bisect.bisect_left(steps, (n,))]
        support, undermine = base.support[:], base.undermine[:]
        for i, step in steps:
            change = changes[i][step]
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
