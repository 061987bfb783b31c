"""Aggregation methods (a registry): combine scores (0-100) with weights, vectorised over draws (docs/method.md §4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# values (..., k) on 0-100 and positive weights broadcastable to them in; the combined value (...) out.
Combine = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Aggregation:
    """One way to combine scores; every one is monotone: no lower input ever gives a higher result."""

    name: str
    description: str
    combine: Combine


def _arithmetic(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    weights = np.broadcast_to(weights, values.shape)
    return (values * weights).sum(axis=-1) / weights.sum(axis=-1)


def _geometric(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    # A zero anywhere makes the geometric mean zero; log of a tiny floor gets there without -inf warnings.
    weights = np.broadcast_to(weights, values.shape)
    logs = np.log(np.maximum(values, 1e-12))
    return np.exp((logs * weights).sum(axis=-1) / weights.sum(axis=-1))


def _minimum(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return values.min(axis=-1)


AGGREGATIONS: dict[str, Aggregation] = {
    a.name: a
    for a in (
        Aggregation("arithmetic", "weighted arithmetic mean: a strength may make up for a weakness", _arithmetic),
        Aggregation("geometric", "weighted geometric mean: a weakness costs more than a strength gains", _geometric),
        Aggregation("minimum", "the lowest score: nothing makes up for a failed standard (weights ignored)", _minimum),
    )
}
