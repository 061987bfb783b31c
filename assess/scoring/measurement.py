"""Measurement: evidence items and ratings as noisy observations of a criterion's latent level (docs/method.md §2).

A criterion's level is a number on 0-100 (level L of a scale 0..M is 100*L/M). Every reading of it (an evidence
item's bearing, an assessor's rating) is an observation of that level with a normal error. Observations are
pooled by what they share: one source's items on one event are one report, reports of one event share most of
their error, the events one source tells share some of it; a design effect stops correlated observations from
counting as independent ones.
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
_GRIDS: dict[int, tuple[np.ndarray, np.ndarray]] = {CELLS: (EDGES, MIDS)}


def grid(cells: int) -> tuple[np.ndarray, np.ndarray]:
    """(edges, midpoints) of a grid of `cells` equal cells over 0-100 (the uncertainty analysis uses a coarser
    one than the point estimate: its thousands of posteriors need quantiles to a fraction of a point, not less)."""
    if cells not in _GRIDS:
        edges = np.linspace(0.0, 100.0, cells + 1)
        _GRIDS[cells] = (edges, (edges[:-1] + edges[1:]) / 2.0)
    return _GRIDS[cells]
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
    """A criterion's observations with their structure: each observation's statement (a *report*'s items that
    indicate the same level), report (one source's items on one event), event, and the source that event belongs to.

    The arrays map each observation to its statement, each statement to its report, each report to its event and
    each event to its source (all numbered from 0). The grouping is fixed when the readings are made; perturbed
    precisions (sensitivity draws) reuse it.
    """

    ids: tuple[str, ...]
    levels: np.ndarray
    precision: np.ndarray
    statement_of: np.ndarray  # observation -> statement
    report_of: np.ndarray  # statement -> report
    event_of: np.ndarray  # report -> event
    source_of: np.ndarray  # event -> source

    @property
    def events(self) -> int:
        return len(self.source_of)

    @classmethod
    def of(cls, observations: Sequence[Observation]) -> Readings:
        """Structure observations for pooling. An event reported by several sources belongs to the source of its
        most precise report (ties: the first by id), so that each event sits in exactly one source (a nested model)."""
        by_event: dict[str, dict[str, list[Observation]]] = {}
        best: dict[str, Observation] = {}
        for obs in sorted(observations, key=lambda o: o.id):
            if obs.sd > 0 and np.isfinite(obs.sd):
                by_event.setdefault(obs.event, {}).setdefault(obs.source, []).append(obs)
                if obs.event not in best or (obs.sd, obs.id) < (best[obs.event].sd, best[obs.event].id):
                    best[obs.event] = obs
        owner = {event: best[event].source for event in by_event}
        sources = sorted(set(owner.values()))
        ids, levels, sds, statement_of, report_of, event_of, source_of = [], [], [], [], [], [], []
        for e, event in enumerate(sorted(by_event, key=lambda e: (owner[e], e))):
            source_of.append(sources.index(owner[event]))
            for source in sorted(by_event[event]):
                report = len(event_of)
                event_of.append(e)
                statements: dict[float, int] = {}
                for obs in by_event[event][source]:
                    if obs.level not in statements:
                        statements[obs.level] = len(report_of)
                        report_of.append(report)
                    statement_of.append(statements[obs.level])
                    ids.append(obs.id)
                    levels.append(obs.level)
                    sds.append(obs.sd)
        sd = np.asarray(sds, dtype=float)
        index = lambda v: np.asarray(v, dtype=np.intp)  # noqa: E731
        return cls(tuple(ids), np.asarray(levels, dtype=float), 1.0 / (sd * sd) if len(sd) else sd,
                   index(statement_of), index(report_of), index(event_of), index(source_of))


def design_effect(count: np.ndarray, correlation: float) -> np.ndarray:
    """Kish's design effect: what `count` equally precise observations sharing `correlation` of their error are
    worth, in independent observations: count / (1 + (count - 1) rho); 0 for an empty group."""
    return np.where(count > 0, count / (1.0 + correlation * np.maximum(count - 1.0, 0.0)), 0.0)


def _one_hot(groups: np.ndarray, size: int) -> np.ndarray:
    return (groups[:, None] == np.arange(size)[None, :]).astype(float)


def shares(readings: Readings, present: np.ndarray, event_correlation: float,
           source_correlation: float) -> np.ndarray:
    """What each present observation is worth, as a share of one independent observation (docs/method.md §2).

    `present` (leading dimensions, then observations) marks a set of observations. A report is worth one
    observation, shared evenly among its statements and each statement's share evenly among its items; the r
    reports of one event are worth design_effect(r, rho_event), each 1 / (1 + (r - 1) rho_event); the events of a
    source, counted by what they are worth, are worth design_effect(n, rho_source). Adding an observation never
    raises another's share and never lowers the set's total worth.
    """
    r = readings
    statement_hot = _one_hot(r.statement_of, len(r.report_of))
    report_hot = _one_hot(r.report_of, len(r.event_of))
    event_hot = _one_hot(r.event_of, len(r.source_of))
    source_hot = _one_hot(r.source_of, int(r.source_of.max()) + 1)
    per_statement = present.astype(float) @ statement_hot
    per_report = (per_statement > 0) @ report_hot
    reports = (per_report > 0) @ event_hot
    worth = design_effect(reports, event_correlation)
    events = worth @ source_hot
    source_factor = _ratio(design_effect(events, source_correlation), events)
    event_factor = _ratio(worth, reports)
    factor = (_ratio(np.ones_like(per_statement), per_statement)
              * _ratio(np.ones_like(per_report), per_report)[..., r.report_of]
              * event_factor[..., r.event_of[r.report_of]]
              * source_factor[..., r.source_of[r.event_of[r.report_of]]])
    return present * factor[..., r.statement_of]


def layered_weights(readings: Readings, event_correlation: float, source_correlation: float,
                    precision: np.ndarray | None = None) -> np.ndarray:
    """`weights` by the definition: every layer's set built and passed to `shares` (O(n²) memory; tests compare
    the fast path in `weights` with it)."""
    p = readings.precision if precision is None else precision
    n = p.shape[-1]
    order = np.argsort(-p, axis=-1, kind="stable")
    ranked = -np.sort(-p, axis=-1)  # the precisions in `order` (the same values, without take_along_axis's overhead)
    layer = ranked - np.concatenate([ranked[..., 1:], np.zeros(ranked.shape[:-1] + (1,))], axis=-1)
    rank = np.argsort(order, axis=-1, kind="stable")
    present = rank[..., None, :] <= np.arange(n)[:, None]  # [..., top k+1, observation]
    share = shares(readings, present, event_correlation, source_correlation)
    return np.einsum("...k,...ki->...i", layer, share)


_SMALL = 24  # up to this many readings the layers' sets are built outright (faster in numpy than running counts)
_BLOCK = 2_000_000  # elements of one block of (rows x layers x groups) in `weights`


def weights(readings: Readings, event_correlation: float, source_correlation: float,
            precision: np.ndarray | None = None) -> np.ndarray:
    """Each observation's weight in the pooled mean (its share of the pooled precision), by layers of precision.

    The observations at least as precise as t form a set; each thin layer dt of precision is shared out by
    `shares` among that set (a Choquet integral of the precisions under the design effect). So the pooled precision
    of m equal observations is Kish's, a report is as precise as its most precise item, and because adding an
    observation never raises another's share, a new reading can only pull the pooled mean towards itself.

    For many readings, computed without building every layer's set: observations join in order of precision, so each group's size at
    every layer is a running count, and an observation's weight is a suffix sum of its statement's share per item.
    """
    p = readings.precision if precision is None else precision
    lead, n = p.shape[:-1], p.shape[-1]
    if n <= _SMALL:
        return layered_weights(readings, event_correlation, source_correlation, p)
    flat = p.reshape(-1, n)
    groups = max(len(readings.report_of), len(readings.event_of), int(readings.source_of.max()) + 1 if n else 1)
    rows = max(1, _BLOCK // max(n * groups, 1))
    out = np.empty_like(flat)
    for start in range(0, flat.shape[0], rows):
        out[start:start + rows] = _weights_block(readings, event_correlation, source_correlation, flat[start:start + rows])
    return out.reshape(lead + (n,))


def _arrivals(first: np.ndarray, group_of: np.ndarray, n: int, size: int) -> np.ndarray:
    """(rows, layers, size): how many members of each group have joined by each layer, from each member's first
    layer `first` (rows, members) and its group `group_of` (members)."""
    rows = first.shape[0]
    joined = np.zeros((rows, n + 1, size))
    np.add.at(joined, (np.arange(rows)[:, None], first, np.broadcast_to(group_of, first.shape)), 1.0)
    return np.cumsum(joined[:, :n], axis=1)


def _first(rank: np.ndarray, group_of: np.ndarray, size: int, n: int) -> np.ndarray:
    """(rows, size): the first layer at which each group has a member."""
    first = np.full((rank.shape[0], size), n)
    np.minimum.at(first, (np.arange(rank.shape[0])[:, None], np.broadcast_to(group_of, rank.shape)), rank)
    return first


def _weights_block(r: Readings, rho_e: float, rho_s: float, p: np.ndarray) -> np.ndarray:
    rows, n = p.shape
    order = np.argsort(-p, axis=-1, kind="stable")
    ranked = -np.sort(-p, axis=-1)
    layer = ranked - np.concatenate([ranked[:, 1:], np.zeros((rows, 1))], axis=-1)
    rank = np.argsort(order, axis=-1, kind="stable")
    n_statements, n_reports, n_events = len(r.report_of), len(r.event_of), len(r.source_of)
    items = _arrivals(rank, r.statement_of, n, n_statements)  # items of each statement by layer
    first_statement = _first(rank, r.statement_of, n_statements, n)
    statements = _arrivals(first_statement, r.report_of, n, n_reports)  # statements of each report
    first_report = _first(first_statement, r.report_of, n_reports, n)
    reports = _arrivals(first_report, r.event_of, n, n_events)  # reports of each event
    worth = design_effect(reports, rho_e)
    events = worth @ _one_hot(r.source_of, int(r.source_of.max()) + 1)
    source_factor = _ratio(design_effect(events, rho_s), events)
    event_factor = _ratio(worth, reports)
    statement_share = (_ratio(np.ones_like(statements), statements)[..., r.report_of]
                       * event_factor[..., r.event_of[r.report_of]]
                       * source_factor[..., r.source_of[r.event_of[r.report_of]]])
    per_item = layer[:, :, None] * statement_share * _ratio(np.ones_like(items), items)
    suffix = np.cumsum(per_item[:, ::-1], axis=1)[:, ::-1]
    return suffix[np.arange(rows)[:, None], rank, np.broadcast_to(r.statement_of, rank.shape)]


def pool(readings: Readings, event_correlation: float, source_correlation: float,
         precision: np.ndarray | None = None, levels: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(mean, precision) of all the readings as one observation; `precision` and `levels` may carry leading draw
    dimensions (the uncertainty analysis redraws both).

    The mean is a weighted mean with weights that do not depend on the levels, so it rises with every
    observation's level (monotonicity), and no grouping can turn two reports of one thing into two things.
    """
    p = readings.precision if precision is None else precision
    if not len(readings.ids):
        shape = p.shape[:-1]
        return np.full(shape, 50.0), np.zeros(shape)
    w = weights(readings, event_correlation, source_correlation, p)
    return weighted_mean(w, readings.levels if levels is None else levels)


def weighted_mean(w: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean, precision) of readings pooled with weights `w` (from `weights`): the pooled precision is the sum
    of the weights and the mean their weighted mean of the levels (50, the scale's middle, with no weight)."""
    total = w.sum(axis=-1)
    mean = _ratio((w * levels).sum(axis=-1), total)
    return np.where(total > 0, mean, 50.0), total


def non_monotone_bearings(bearing_levels: dict[int, float], strength: dict[int, float]) -> list[tuple[int, int]]:
    """Pairs (a, b) of signed bearings where b indicates a higher level than a but could pull a criterion's score
    below where a would leave it (docs/method.md §1).

    A signed bearing sets both the level an item indicates and its precision (strength squared). Replacing bearing
    b by a lower one a never raises the pooled mean, whatever the rest of the evidence, if and only if
    w_b² (L_b − A) ≥ w_a² (L_a − A) for every level A of the rest: it is linear in A, so checking A = 0 and
    A = 100 suffices. The rubric loader refuses a table that breaks it.
    """
    pairs = []
    ordered = sorted(bearing_levels, key=lambda k: bearing_levels[k])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            la, lb = bearing_levels[a], bearing_levels[b]
            wa, wb = strength[abs(a)] ** 2, strength[abs(b)] ** 2
            if wb * lb < wa * la - 1e-9 or wb * (100.0 - lb) > wa * (100.0 - la) + 1e-9:
                pairs.append((a, b))
    return pairs


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0 (a group whose observations were all left out carries no weight)."""
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)


def log_prior(supports: float, undermines: float, cells: int = CELLS) -> np.ndarray:
    """The rubric's prior, Beta(supports, undermines) over level/100, as log density at the grid's cells."""
    x = grid(cells)[1] / 100.0
    return (supports - 1.0) * np.log(x) + (undermines - 1.0) * np.log1p(-x)


def posterior_cdf(prior: np.ndarray, mean: np.ndarray | float, precision: np.ndarray | float) -> np.ndarray:
    """The posterior's cumulative distribution at the grid's edges (last axis), for every mean/precision given.

    Posterior ∝ prior × exp(-precision (level - mean)² / 2) on 0-100: the pooled observation's normal
    likelihood, truncated to the scale by the grid.
    """
    mean = np.asarray(mean, dtype=float)[..., None]
    precision = np.asarray(precision, dtype=float)[..., None]
    mids = grid(prior.shape[-1])[1]
    log_density = prior - 0.5 * precision * (mids - mean) ** 2
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
