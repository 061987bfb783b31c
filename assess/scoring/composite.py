"""From per-criterion tallies to criterion estimates, fundamental scores and the overall score with its variance."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assess.models.case import Case, Rating
from assess.models.rubric import Rubric
from assess.scoring.aggregation import AGGREGATIONS, Combine, Value
from assess.scoring.evidence import Tally


def _median_low(values: list[float]) -> float:
    """The lower median (an assessor's actual rating, never an average of two): statistics.median_low."""
    return sorted(values)[(len(values) - 1) // 2]


def _pvariance(values: list[float]) -> float:
    """Population variance, correctly rounded sums (statistics.pvariance is exact but ~50x slower, in Fractions)."""
    if len(values) < 2:
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) * (v - mean) for v in values) / len(values)


@dataclass(frozen=True)
class Frame:
    """The rubric and the case's ratings as plain numbers, fixed for one scoring run."""

    criterion_ids: tuple[str, ...]
    fundamental_of: tuple[int, ...]
    criterion_weights: tuple[float, ...]
    fundamental_weights: tuple[float, ...]
    combine: Combine
    value: Value
    prior_support: float
    prior_undermine: float
    min_items: int
    min_weight: float
    rating: tuple[float | None, ...]  # the (lower) median rating on 0-1, None when not rated
    rating_var: tuple[float, ...]  # variance between assessors' ratings (0 for one assessor)

    @classmethod
    def build(cls, case: Case, rubric: Rubric, ratings: Sequence[Rating] | None = None) -> Frame:
        """The frame of `case` against `rubric`, counting `ratings` (default: all the case's ratings)."""
        criteria = rubric.criteria()
        max_level = len(rubric.scale) - 1
        by_criterion: dict[str, list[float]] = {}
        for rating in case.ratings if ratings is None else ratings:
            by_criterion.setdefault(rating.criterion, []).append(rating.level / max_level)
        return cls(
            criterion_ids=tuple(c.id for c in criteria),
            fundamental_of=tuple(i for i, f in enumerate(rubric.fundamentals) for _ in f.criteria),
            criterion_weights=tuple(c.weight for c in criteria),
            fundamental_weights=tuple(f.weight for f in rubric.fundamentals),
            combine=AGGREGATIONS[rubric.aggregation].combine,
            value=AGGREGATIONS[rubric.aggregation].value,
            prior_support=rubric.prior.supports,
            prior_undermine=rubric.prior.undermines,
            min_items=rubric.sufficiency.min_items,
            min_weight=rubric.sufficiency.min_weight,
            rating=tuple(_median_low(by_criterion[c.id]) if c.id in by_criterion else None for c in criteria),
            rating_var=tuple(_pvariance(by_criterion.get(c.id, [0.0])) for c in criteria),
        )

    @property
    def size(self) -> int:
        return len(self.criterion_ids)

    def sufficient(self, tally: Tally, c: int) -> bool:
        """Enough items and enough weight to give criterion `c` a number."""
        return tally.count[c] >= self.min_items and tally.support[c] + tally.undermine[c] >= self.min_weight - 1e-12

    def posterior(self, tally: Tally, c: int) -> tuple[float, float]:
        """Beta(a, b) for criterion `c`: the prior pseudo-weights plus the evidence weight for and against."""
        return self.prior_support + max(tally.support[c], 0.0), self.prior_undermine + max(tally.undermine[c], 0.0)

    def estimate(self, tally: Tally, c: int) -> tuple[str, float | None, float]:
        """(status, mean on 0-1 or None, variance) of criterion `c`."""
        if self.rating[c] is not None:
            return "rated", self.rating[c], self.rating_var[c]
        if not self.sufficient(tally, c):
            return "insufficient", None, 0.0
        a, b = self.posterior(tally, c)
        n = a + b
        return "scored", a / n, a * b / (n * n * (n + 1.0))

    def estimates(self, tally: Tally) -> tuple[list[float | None], list[float]]:
        means: list[float | None] = []
        variances: list[float] = []
        for c in range(self.size):
            _, mean, var = self.estimate(tally, c)
            means.append(mean)
            variances.append(var)
        return means, variances


@dataclass(frozen=True)
class Composite:
    """Fundamental and overall scores (0-1) with delta-method variances."""

    overall: float | None
    overall_var: float
    fundamentals: list[tuple[float | None, float, int]]  # (score, variance, criteria counted)


def compose(
    frame: Frame,
    means: list[float | None],
    variances: list[float] | None = None,
    criterion_weights: list[float] | tuple[float, ...] | None = None,
    fundamental_weights: list[float] | tuple[float, ...] | None = None,
) -> Composite:
    """Aggregate criteria into fundamentals and fundamentals into the overall score.

    Weights are renormalised over what has a number; a fundamental with none is left out. With `variances`,
    the variance of each aggregate is propagated by the delta method: var = sum((d score / d criterion)^2 var).
    """
    cw = criterion_weights or frame.criterion_weights
    fw = fundamental_weights or frame.fundamental_weights
    members: list[list[int]] = [[] for _ in fw]
    for c, mean in enumerate(means):
        if mean is not None and cw[c] > 0:
            members[frame.fundamental_of[c]].append(c)
    fundamentals: list[tuple[float | None, float, int]] = []
    gradients: list[list[tuple[int, float]]] = []
    for crits in members:
        if not crits:
            fundamentals.append((None, 0.0, 0))
            gradients.append([])
            continue
        value, partials = frame.combine([means[c] for c in crits], [cw[c] for c in crits])  # type: ignore[misc]
        grad = list(zip(crits, partials))
        var = sum(p * p * variances[c] for c, p in grad) if variances is not None else 0.0
        fundamentals.append((value, var, len(crits)))
        gradients.append(grad)
    counted = [f for f, (value, _, _) in enumerate(fundamentals) if value is not None and fw[f] > 0]
    if not counted:
        return Composite(None, 0.0, fundamentals)
    overall, partials = frame.combine([fundamentals[f][0] for f in counted], [fw[f] for f in counted])  # type: ignore[misc]
    var = 0.0
    if variances is not None:
        for f, outer in zip(counted, partials):
            var += sum((outer * inner) ** 2 * variances[c] for c, inner in gradients[f])
    return Composite(min(max(overall, 0.0), 1.0), var, fundamentals)


def overall_value(
    frame: Frame,
    means: list[float | None],
    criterion_weights: list[float] | tuple[float, ...] | None = None,
    fundamental_weights: list[float] | tuple[float, ...] | None = None,
) -> float | None:
    """The overall score alone, as `compose` computes it (same floats), for the many sensitivity evaluations."""
    cw = criterion_weights or frame.criterion_weights
    fw = fundamental_weights or frame.fundamental_weights
    values: list[list[float]] = [[] for _ in fw]
    weights: list[list[float]] = [[] for _ in fw]
    for c, mean in enumerate(means):
        if mean is not None and cw[c] > 0:
            f = frame.fundamental_of[c]
            values[f].append(mean)
            weights[f].append(cw[c])
    top_values, top_weights = [], []
    for f, vs in enumerate(values):
        if vs and fw[f] > 0:
            top_values.append(frame.value(vs, weights[f]))
            top_weights.append(fw[f])
    if not top_values:
        return None
    return min(max(frame.value(top_values, top_weights), 0.0), 1.0)


def overall_interval(mean: float, var: float, level: float = 0.9) -> tuple[float, float, tuple[float, float] | None]:
    """Central credible interval (0-1) of a Beta matched to an aggregate's mean and delta-method variance.

    Returns (low, high, (a, b)); (a, b) is None when the variance is nil and the interval is the point itself.
    """
    from assess.scoring import beta

    shape = beta.from_moments(mean, var)
    if shape is None:
        return mean, mean, None
    low, high = beta.interval(*shape, level)
    return min(low, mean), max(high, mean), shape
