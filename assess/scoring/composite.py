"""From evidence and ratings to criterion posteriors, and from those to fundamental and overall distributions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assess.models.case import Case, Rating
from assess.models.rubric import Measurement, Rubric
from assess.scoring import measurement as mm
from assess.scoring.aggregation import AGGREGATIONS, Combine
from assess.scoring.evidence import Item

POSTERIOR_DRAWS = 1000  # draws from the criterion posteriors that give fundamental and overall intervals
_SUMMARY = np.array([0.05, 0.16, 0.5, 0.84, 0.95])


@dataclass(frozen=True)
class Frame:
    """The rubric and the case's applicability as plain arrays, fixed for one scoring run."""

    criterion_ids: tuple[str, ...]
    fundamental_of: np.ndarray
    criterion_weights: np.ndarray
    fundamental_weights: np.ndarray
    applicable: np.ndarray
    combine: Combine
    prior: np.ndarray
    measurement: Measurement
    min_items: int
    min_weight: float
    max_level: int

    @classmethod
    def build(cls, case: Case, rubric: Rubric) -> Frame:
        criteria = rubric.criteria()
        not_applicable = {na.criterion for na in case.not_applicable}
        return cls(
            criterion_ids=tuple(c.id for c in criteria),
            fundamental_of=np.array([i for i, f in enumerate(rubric.fundamentals) for _ in f.criteria], dtype=np.intp),
            criterion_weights=np.array([c.weight for c in criteria], dtype=float),
            fundamental_weights=np.array([f.weight for f in rubric.fundamentals], dtype=float),
            applicable=np.array([c.id not in not_applicable for c in criteria]),
            combine=AGGREGATIONS[rubric.aggregation].combine,
            prior=mm.log_prior(rubric.prior.supports, rubric.prior.undermines),
            measurement=rubric.measurement,
            min_items=rubric.sufficiency.min_items,
            min_weight=rubric.sufficiency.min_weight,
            max_level=len(rubric.scale) - 1,
        )

    @property
    def size(self) -> int:
        return len(self.criterion_ids)


def evidence_observations(frame: Frame, items: Sequence[Item],
                          only: frozenset[int] | None = None) -> list[list[mm.Observation]]:
    """Per criterion (or only those in `only`), every scored item's reading as an observation (error
    error_sd / weight)."""
    per: list[list[mm.Observation]] = [[] for _ in range(frame.size)]
    sd0 = frame.measurement.error_sd
    for item in items:
        if item.background:
            continue
        for b in item.bearings:
            if only is not None and b.criterion not in only:
                continue
            weight = b.base * item.grade
            if weight > 0:
                per[b.criterion].append(mm.Observation(item.id, b.level, sd0 / weight, item.event, item.cluster))
    return per


def rating_observation(frame: Frame, rating: Rating, index: int) -> mm.Observation:
    """An assessor's rating as an observation: its level, with the rubric's rating error for its confidence.
    Each assessor is a source of their own, so several assessors pool as independent readers."""
    m = frame.measurement
    who = rating.assessor or "assessor"
    return mm.Observation(f"rating:{who}:{index}", 100.0 * rating.level / frame.max_level,
                          m.rating_sd * m.confidence_factors[rating.confidence], f"rating:{who}:{index}", f"assessor:{who}")


@dataclass(frozen=True)
class CriterionState:
    """One criterion's evidence-only and full (evidence and ratings) posteriors, and its status."""

    status: str
    evidence: mm.Readings
    readings: mm.Readings
    evidence_estimate: mm.Estimate
    estimate: mm.Estimate
    rated: bool


class StateCache:
    """Criterion states and their posterior draws, kept by the observations they rest on.

    Time slices and leave-one-out runs re-score the case many times, but most criteria see the same
    observations in most of them: those are computed once. A state depends only on its criterion and its
    observations (ids, levels, errors, events, sources), so equal keys mean equal states.
    """

    def __init__(self, states: dict[tuple, CriterionState] | None = None) -> None:
        self.states: dict[tuple, CriterionState] = {} if states is None else states
        self.draws: dict[int, np.ndarray] = {}  # by state identity, for one set of uniforms

    def sharing_states(self) -> StateCache:
        """A cache with the same states and draws of its own (for another set of uniforms)."""
        return StateCache(self.states)


def _key(c: int, observations: list[mm.Observation], rated: list[mm.Observation]) -> tuple:
    return (c, tuple(observations), tuple(rated))


def criterion_states(frame: Frame, items: Sequence[Item], ratings: Sequence[Rating],
                     cache: StateCache | None = None, base: Sequence[CriterionState] | None = None,
                     changed: frozenset[int] | None = None) -> list[CriterionState]:
    """Every criterion's posterior and status: `not_applicable`, `rated`, `scored` or `insufficient`.

    `base` and `changed`: the states of a run whose items differ from `items` only in readings of the criteria
    in `changed` (a leave-out run drops items, which changes only what they bear on); the others are `base`'s.
    """
    if changed is not None and base is None:
        raise ValueError("criterion_states: `changed` needs the `base` states")
    per = evidence_observations(frame, items, changed)
    index = {cid: c for c, cid in enumerate(frame.criterion_ids)}
    rated: list[list[mm.Observation]] = [[] for _ in range(frame.size)]
    for i, rating in enumerate(ratings):
        if rating.criterion in index:
            rated[index[rating.criterion]].append(rating_observation(frame, rating, i))
    states = []
    for c in range(frame.size):
        if changed is not None and c not in changed:
            states.append(base[c])  # type: ignore[index]
            continue
        key = _key(c, per[c], rated[c])
        state = cache.states.get(key) if cache is not None else None
        if state is None:
            state = _criterion_state(frame, c, per[c], rated[c])
            if cache is not None:
                cache.states[key] = state
        states.append(state)
    return states


def _criterion_state(frame: Frame, c: int, observations: list[mm.Observation],
                     rated: list[mm.Observation]) -> CriterionState:
    m = frame.measurement
    evidence = mm.Readings.of(observations)
    ev_mean, ev_precision = mm.pool(evidence, m.event_correlation, m.source_correlation)
    ev_estimate = mm.estimate(frame.prior, float(ev_mean), float(ev_precision), m.error_sd)
    if rated:
        readings = mm.Readings.of(observations + rated)
        mean, precision = mm.pool(readings, m.event_correlation, m.source_correlation)
        full = mm.estimate(frame.prior, float(mean), float(precision), m.error_sd)
    else:
        readings, full = evidence, ev_estimate
    if not frame.applicable[c]:
        status = "not_applicable"
    elif rated:
        status = "rated"
    elif evidence.events >= frame.min_items and ev_estimate.information >= frame.min_weight - 1e-9:
        status = "scored"
    else:
        status = "insufficient"
    return CriterionState(status, evidence, readings, ev_estimate, full, bool(rated))


def quantile_rows(cdf: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Row r of the result holds the quantiles u[r] (or u, shared) of posterior row r: inverse-CDF draws.

    Rows are searched at once by offsetting row r's cumulative by 2r, which keeps the flattened array sorted.
    """
    rows = cdf.shape[0]
    u = np.broadcast_to(u, (rows,) + u.shape[-1:])
    offset = 2.0 * np.arange(rows)[:, None]
    flat = (cdf + offset).ravel()
    target = u + offset
    pos = np.searchsorted(flat, target, side="left")
    width = cdf.shape[1]
    pos = np.clip(pos, np.arange(rows)[:, None] * width + 1, np.arange(rows)[:, None] * width + width - 1)
    hi, lo = flat[pos], flat[pos - 1]
    frac = np.divide(target - lo, hi - lo, out=np.full(target.shape, 0.5), where=hi > lo)
    col = pos - np.arange(rows)[:, None] * width
    edges = mm.grid(width - 1)[0]
    return edges[col - 1] + np.clip(frac, 0.0, 1.0) * (edges[1] - edges[0])


def draw_uniforms(frame: Frame, seed: int, draws: int = POSTERIOR_DRAWS) -> np.ndarray:
    """(C, draws) uniforms, one stream per criterion keyed by its id (common random numbers for every case).

    Stratified (one draw in each of `draws` equal slices of 0-1, in shuffled order): every case shares these
    numbers, so their own sampling error would never average out; stratified, a criterion's draws hold its
    posterior's quantiles almost exactly.
    """
    rows = []
    for cid in frame.criterion_ids:
        u = mm.uniforms(seed, "posterior:" + cid, 2 * draws)
        order = np.argsort(u[draws:], kind="stable")
        rows.append((order + u[:draws]) / draws)
    return np.stack(rows)


def aggregate(frame: Frame, values: np.ndarray, cw: np.ndarray | None = None,
              fw: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(fundamentals (..., F), overall (...)) from criterion values (..., C) on 0-100.

    Only applicable criteria count; a not-applicable criterion's weight is shared out among its fundamental's
    other criteria, and a fundamental with none applicable drops out with its weight shared out likewise.
    Every other criterion counts, with its posterior: nothing is dropped for being thinly evidenced.
    """
    cw = frame.criterion_weights if cw is None else cw
    fw = frame.fundamental_weights if fw is None else fw
    lead = values.shape[:-1]
    n_f = len(frame.fundamental_weights)
    fundamentals = np.full(lead + (n_f,), np.nan)
    present = []
    for f in range(n_f):
        cols = np.flatnonzero((frame.fundamental_of == f) & frame.applicable)
        if len(cols):
            fundamentals[..., f] = frame.combine(values[..., cols], np.take(cw, cols, axis=-1))
            present.append(f)
    if not present:
        return fundamentals, np.full(lead, np.nan)
    cols = np.array(present)
    return fundamentals, frame.combine(fundamentals[..., cols], np.take(fw, cols, axis=-1))


def summarise(draws: np.ndarray) -> tuple[float, float, float, float, float]:
    """(low, low68, median, high68, high) of draws along the last axis (5th, 16th, 50th, 84th, 95th percentiles)."""
    q = np.quantile(draws, _SUMMARY, axis=-1)
    return tuple(float(v) for v in q)  # type: ignore[return-value]


def posterior_draws(frame: Frame, states: Sequence[CriterionState], uniforms: np.ndarray,
                    cache: StateCache | None = None) -> np.ndarray:
    """(draws, C): each criterion's posterior drawn at its own keyed uniforms (monotone in its evidence)."""
    if cache is None:
        cdf = np.stack([s.estimate.cdf for s in states])
        return quantile_rows(cdf, uniforms).T
    missing = [c for c, s in enumerate(states) if id(s) not in cache.draws]
    if missing:
        drawn = quantile_rows(np.stack([states[c].estimate.cdf for c in missing]), uniforms[missing])
        for row, c in enumerate(missing):
            cache.draws[id(states[c])] = drawn[row]
    return np.stack([cache.draws[id(s)] for s in states], axis=-1)
