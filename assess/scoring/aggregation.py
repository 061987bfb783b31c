"""Aggregation methods (a registry): combine scores on 0-1 with weights, and say how the result moves with each."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

# values (0-1) and positive weights in, (combined value, partial derivative per value) out.
Combine = Callable[[list[float], list[float]], tuple[float, list[float]]]
# The same value without the partials: the fast path of sensitivity draws (same arithmetic, same floats).
Value = Callable[[list[float], list[float]], float]

_FLOOR = 1e-6  # the geometric mean of a zero is zero; its slope there is taken at this floor


@dataclass(frozen=True)
class Aggregation:
    """One way to combine scores; `partials` feed the delta-method interval (docs/method.md)."""

    name: str
    description: str
    combine: Combine
    value: Value


def _arithmetic(values: list[float], weights: list[float]) -> tuple[float, list[float]]:
    total = math.fsum(weights)
    shares = [w / total for w in weights]
    return math.fsum(s * v for s, v in zip(shares, values)), shares


def _arithmetic_value(values: list[float], weights: list[float]) -> float:
    total = math.fsum(weights)
    return math.fsum(w / total * v for w, v in zip(weights, values))


def _geometric_value(values: list[float], weights: list[float]) -> float:
    if any(v <= 0.0 for v in values):
        return 0.0
    total = math.fsum(weights)
    return math.exp(math.fsum(w / total * math.log(v) for w, v in zip(weights, values)))


def _minimum_value(values: list[float], weights: list[float]) -> float:
    return min(values)


def _geometric(values: list[float], weights: list[float]) -> tuple[float, list[float]]:
    total = math.fsum(weights)
    shares = [w / total for w in weights]
    if any(v <= 0.0 for v in values):
        return 0.0, [0.0] * len(values)
    value = math.exp(math.fsum(s * math.log(v) for s, v in zip(shares, values)))
    return value, [s * value / max(v, _FLOOR) for s, v in zip(shares, values)]


def _minimum(values: list[float], weights: list[float]) -> tuple[float, list[float]]:
    lowest = min(range(len(values)), key=lambda i: (values[i], i))
    return values[lowest], [1.0 if i == lowest else 0.0 for i in range(len(values))]


AGGREGATIONS: dict[str, Aggregation] = {
    a.name: a
    for a in (
        Aggregation("arithmetic", "weighted arithmetic mean: a strength may make up for a weakness",
                    _arithmetic, _arithmetic_value),
        Aggregation("geometric", "weighted geometric mean: a weakness costs more than a strength gains",
                    _geometric, _geometric_value),
        Aggregation("minimum", "the lowest score: nothing makes up for a failed standard (weights ignored)",
                    _minimum, _minimum_value),
    )
}

