"""Measurement: evidence items and ratings as noisy observations of a criterion's latent level (docs/method.md §2).

A criterion's level is a number on 0-100 (level L of a scale 0..M is 100*L/M). Every reading of it (an evidence
item's bearing, an assessor's rating) is an observation of that level with a normal error. Observations are
pooled in a nested hierarchy, reports of one event first, then the events of one source, then independent
sources, each step with a design effect that stops correlated observations from counting as independent ones.
The pooled observation meets the rubric's prior on a grid, which gives the posterior: its median is the score,
its central 68% and 90% intervals the uncertainty.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

CELLS = 400
EDGES = np.linspace(0.0, 100.0, CELLS + 1)
MIDS = (EDGES[:-1] + EDGES[1:]) / 2.0
_ZERO = np.zeros(1)


@dataclass(frozen=True)
class Observation:
    """One reading of a criterion: the level it indicates (0-100), its error (sd), and what it shares error with."""

    id: str
    level: float
    sd: float
    event: str
    source: str


@dataclass(frozen=True)
class Readings:
    """A criterion's observations in pooling order: one source's reports of one event together (a *report*),
    reports grouped by event, events grouped by source.

    `report_starts` indexes the first observation of each report, `event_starts` the first report of each event,
    `source_starts` the first event of each source. The grouping is fixed when the readings are made; perturbed
    precisions (sensitivity draws) reuse it.
    """

    ids: tuple[str, ...]
    levels: np.ndarray
    precision: np.ndarray
    report_starts: np.ndarray
    event_starts: np.ndarray
    source_starts: np.ndarray

    @property
    def events(self) -> int:
        return len(self.event_starts)

    @classmethod
    def of(cls, observations: Sequence[Observation]) -> Readings:
        """Order observations for pooling. An event reported by several sources belongs to the source of its most
        precise report (ties: the first by id), so that each event sits in exactly one source (a nested model)."""
        by_event: dict[str, dict[str, list[Observation]]] = {}
        best: dict[str, Observation] = {}
        for obs in sorted(observations, key=lambda o: o.id):
            if obs.sd > 0 and np.isfinite(obs.sd):
                by_event.setdefault(obs.event, {}).setdefault(obs.source, []).append(obs)
                if obs.event not in best or (obs.sd, obs.id) < (best[obs.event].sd, best[obs.event].id):
                    best[obs.event] = obs
        owner = {event: best[event].source for event in by_event}
        order = sorted(by_event, key=lambda e: (owner[e], e))
        ids, levels, sds, report_starts, event_starts, source_starts = [], [], [], [], [], []
        last_source = None
        for e, event in enumerate(order):
            if owner[event] != last_source:
                source_starts.append(e)
                last_source = owner[event]
            event_starts.append(len(report_starts))
            for source in sorted(by_event[event]):
                report_starts.append(len(ids))
                for obs in by_event[event][source]:
                    ids.append(obs.id)
                    levels.append(obs.level)
                    sds.append(obs.sd)
        sd = np.asarray(sds, dtype=float)
        index = lambda v: np.asarray(v, dtype=np.intp)  # noqa: E731
        return cls(tuple(ids), np.asarray(levels, dtype=float), 1.0 / (sd * sd) if len(sd) else sd,
                   index(report_starts), index(event_starts), index(source_starts))


def design_effect_pool(total: np.ndarray, best: np.ndarray, correlation: float) -> np.ndarray:
    """Precision of a group whose observations share error (docs/method.md §2).

    A group with summed precision `total` and best single precision `best` is worth
    total * best / (best * (1 - rho) + rho * total): the exact precision of its precision-weighted mean when the
    group shares an error of variance rho / best (rho times its best report's error) and each observation keeps
    the rest of its own. For m equal observations this is Kish's design effect m / (1 + (m - 1) rho); it never
    falls when an observation is added, and never exceeds best / rho.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = total * best / (best * (1.0 - correlation) + correlation * total)
    return np.where(total > 0, pooled, 0.0)


def pool(readings: Readings, event_correlation: float, source_correlation: float,
         precision: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(mean, precision) of all the readings as one observation; `precision` may carry leading draw dimensions.

    Every step is a precision-weighted mean with positive weights, so the pooled mean rises with every
    observation's level (monotonicity), and no step can turn two reports of one thing into two things.
    """
    p = readings.precision if precision is None else precision
    if not len(readings.ids):
        shape = p.shape[:-1]
        return np.full(shape, 50.0), np.zeros(shape)
    # One source's items on one event are one report told in several sentences: they share all their error
    # (correlation 1: the report is as precise as its most precise item, however many items it is split into).
    report_q, report_mean = _group(p, readings.levels, readings.report_starts, 1.0)
    event_q, event_mean = _group(report_q, report_mean, readings.event_starts, event_correlation)
    source_q, source_mean = _group(event_q, event_mean, readings.source_starts, source_correlation)
    total = source_q.sum(axis=-1)
    mean = _ratio((source_q * source_mean).sum(axis=-1), total)
    return np.where(total > 0, mean, 50.0), total


def _group(precision: np.ndarray, levels: np.ndarray, starts: np.ndarray,
           correlation: float) -> tuple[np.ndarray, np.ndarray]:
    """(precision, mean) of each group starting at `starts`: its precision-weighted mean and its pooled precision."""
    total = np.add.reduceat(precision, starts, axis=-1)
    mean = _ratio(np.add.reduceat(precision * levels, starts, axis=-1), total)
    return design_effect_pool(total, np.maximum.reduceat(precision, starts, axis=-1), correlation), mean


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0 (a group whose observations were all left out carries no weight)."""
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)


def log_prior(supports: float, undermines: float) -> np.ndarray:
    """The rubric's prior, Beta(supports, undermines) over level/100, as log density at the grid's cells."""
    x = MIDS / 100.0
    return (supports - 1.0) * np.log(x) + (undermines - 1.0) * np.log1p(-x)


def posterior_cdf(prior: np.ndarray, mean: np.ndarray | float, precision: np.ndarray | float) -> np.ndarray:
    """The posterior's cumulative distribution at the grid's edges (last axis), for every mean/precision given.

    Posterior ∝ prior × exp(-precision (level - mean)² / 2) on 0-100: the pooled observation's normal
    likelihood, truncated to the scale by the grid.
    """
    mean = np.asarray(mean, dtype=float)[..., None]
    precision = np.asarray(precision, dtype=float)[..., None]
    log_density = prior - 0.5 * precision * (MIDS - mean) ** 2
    log_density = log_density - log_density.max(axis=-1, keepdims=True)
    cdf = np.cumsum(np.exp(log_density), axis=-1)
    cdf /= cdf[..., -1:]
    zeros = np.zeros(cdf.shape[:-1] + (1,))
    return np.concatenate([zeros, cdf], axis=-1)


def quantile(cdf: np.ndarray, q: np.ndarray | float) -> np.ndarray:
    """Quantiles of grid posteriors (one row per posterior), by linear interpolation of the cumulative."""
    cdf2 = np.atleast_2d(cdf)
    q = np.asarray(q, dtype=float)
    out = np.empty((cdf2.shape[0],) + q.shape)
    for row in range(cdf2.shape[0]):
        out[row] = np.interp(q, cdf2[row], EDGES)
    return out.reshape(cdf.shape[:-1] + q.shape)


def medians(cdf: np.ndarray) -> np.ndarray:
    """Posterior medians of grid posteriors along the last axis, vectorised (sensitivity draws)."""
    idx = np.clip((cdf < 0.5).sum(axis=-1), 1, CELLS)
    low = np.take_along_axis(cdf, (idx - 1)[..., None], axis=-1)[..., 0]
    high = np.take_along_axis(cdf, idx[..., None], axis=-1)[..., 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(high > low, (0.5 - low) / (high - low), 0.5)
    return EDGES[idx - 1] + frac * (EDGES[1] - EDGES[0])


@dataclass(frozen=True)
class Estimate:
    """A criterion's posterior, summarised (0-100), with its cumulative for drawing."""

    median: float
    mean: float
    sd: float
    low: float  # 5th percentile
    high: float  # 95th percentile
    low68: float  # 16th percentile
    high68: float  # 84th percentile
    information: float  # the pooled precision in reference items (one item of weight 1)
    cdf: np.ndarray


_QUANTILES = np.array([0.05, 0.16, 0.5, 0.84, 0.95])


def estimate(prior: np.ndarray, mean: float, precision: float, reference_sd: float) -> Estimate:
    """Summarise the posterior of one criterion from its pooled observation (precision 0: the prior alone)."""
    cdf = posterior_cdf(prior, mean, precision)
    q05, q16, q50, q84, q95 = (float(v) for v in quantile(cdf, _QUANTILES))
    mass = np.diff(cdf)
    post_mean = float(mass @ MIDS)
    sd = float(np.sqrt(max(mass @ (MIDS - post_mean) ** 2, 0.0)))
    return Estimate(q50, post_mean, sd, q05, q95, q16, q84, float(precision) * reference_sd**2, cdf)


def uniforms(seed: int, key: str, n: int) -> np.ndarray:
    """n uniform numbers for one stable key (a criterion id, an item id): adding or removing another item or
    criterion never changes them (random numbers keyed by identity, not position)."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little")).random(n)
