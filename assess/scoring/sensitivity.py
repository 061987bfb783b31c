"""Sensitivity: seeded Monte Carlo over weights and evidence grades, and leave-one-evidence-out (docs/method.md §7)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from assess.models.assessment import Sensitivity
from assess.models.case import Rating
from assess.models.rubric import Band, Rubric
from assess.scoring import measurement as mm
from assess.scoring import verdict as verdicts
from assess.scoring.composite import Frame, aggregate, quantile_rows
from assess.scoring.evidence import RELIABILITY_ORDER, Item, credibility_factor, reliability_factor

if TYPE_CHECKING:
    from assess.scoring.engine import Run

DEFAULT_SEED = 12345
DEFAULT_DRAWS = 200
WEIGHT_JITTER = 0.25  # each criterion and fundamental weight is drawn uniformly within +-25%
GRADE_SHIFT_CHANCE = 0.25  # each item's reliability, and separately its credibility, moves one step this often
STABLE_SHARE = 0.9  # the verdict is "stable" when at least this share of draws keeps it
_CHUNK = 50  # sensitivity draws evaluated at once (bounds memory: chunk x posterior draws x criteria)

_RELIABILITY_STEPS = tuple(RELIABILITY_ORDER[:-1])  # A-E; F ("cannot be judged") is drawn across them
_CREDIBILITY_STEPS = (1, 2, 3, 4, 5)  # 6 likewise


def _grade_draws(grade: str | int, steps: tuple, u_move: np.ndarray, u_dir: np.ndarray) -> list:
    """A grade per draw: one step better or worse with GRADE_SHIFT_CHANCE; an unknown grade drawn across all."""
    if grade not in steps:
        return [steps[min(int(u * len(steps)), len(steps) - 1)] for u in u_move]
    at = steps.index(grade)
    out = []
    for move, direction in zip(u_move, u_dir):
        step = 0 if move >= GRADE_SHIFT_CHANCE else (-1 if direction < 0.5 else 1)
        out.append(steps[min(max(at + step, 0), len(steps) - 1)])
    return out


def grade_factors(items: Sequence[Item], rubric: Rubric, seed: int, draws: int) -> dict[str, np.ndarray]:
    """Each item's grade factor (reliability x credibility) in every draw, from random numbers keyed by its id."""
    weighting = rubric.weighting
    out = {}
    for item in items:
        u = mm.uniforms(seed, "grade:" + item.id, 4 * draws).reshape(4, draws)
        rel = _grade_draws(item.reliability, _RELIABILITY_STEPS, u[0], u[1])
        cred = _grade_draws(item.credibility, _CREDIBILITY_STEPS, u[2], u[3])
        out[item.id] = np.array([reliability_factor(r, weighting) * credibility_factor(c, weighting)
                                 for r, c in zip(rel, cred)])
    return out


def _jitter(seed: int, key: str, draws: int) -> np.ndarray:
    return 1.0 - WEIGHT_JITTER + 2.0 * WEIGHT_JITTER * mm.uniforms(seed, "weight:" + key, draws)


def _precisions(frame: Frame, c: int, run: Run, items: dict[str, Item], grades: dict[str, np.ndarray],
                draws: int) -> np.ndarray:
    """(draws, n) precisions of criterion c's readings with each item's drawn grade (ratings unchanged)."""
    readings = run.states[c].readings
    out = np.broadcast_to(readings.precision, (draws, len(readings.ids))).copy()
    sd0 = frame.measurement.error_sd
    for j, oid in enumerate(readings.ids):
        item = items.get(oid)
        if item is None:
            continue
        base = next(b.base for b in item.bearings if b.criterion == c)
        out[:, j] = (base * grades[item.id] / sd0) ** 2
    return out


def _criterion_draws(frame: Frame, c: int, run: Run, precision: np.ndarray, u: np.ndarray) -> np.ndarray:
    """(rows, posterior draws) of criterion c for each row of readings' precisions."""
    m = frame.measurement
    mean, total = mm.pool(run.states[c].readings, m.event_correlation, m.source_correlation, precision)
    return quantile_rows(mm.posterior_cdf(frame.prior, mean, total), u)


def monte_carlo(frame: Frame, items: Sequence[Item], rubric: Rubric, run: Run, uniforms: np.ndarray,
                seed: int, draws: int) -> np.ndarray:
    """The overall score (median of its posterior) in each of `draws` perturbed worlds."""
    by_id = {item.id: item for item in items}
    grades = grade_factors(items, rubric, seed, draws)
    cw = np.stack([_jitter(seed, cid, draws) for cid in frame.criterion_ids], axis=-1) * frame.criterion_weights
    fw = np.stack([_jitter(seed, f.id, draws) for f in rubric.fundamentals], axis=-1) * frame.fundamental_weights
    precisions = [_precisions(frame, c, run, by_id, grades, draws) for c in range(frame.size)]
    result = np.empty(draws)
    for start in range(0, draws, _CHUNK):
        stop = min(start + _CHUNK, draws)
        columns = [_criterion_draws(frame, c, run, precisions[c][start:stop], uniforms[c]) for c in range(frame.size)]
        values = np.stack(columns, axis=-1)  # (chunk, posterior draws, C)
        _, overall = aggregate(frame, values, cw[start:stop, None, :], fw[start:stop, None, :])
        result[start:stop] = np.median(overall, axis=-1)
    return result


def _still_evidenced(frame: Frame, items: Sequence[Item], left_out: Item, criteria: set[int],
                     ratings: Sequence[Rating]) -> bool:
    """Whether any of `criteria` keeps a number of its own without `left_out` (rare: only when the item bears on
    every evidenced criterion, so this recomputation is not on the common path)."""
    from assess.scoring.composite import criterion_states

    states = criterion_states(frame, [i for i in items if i.id != left_out.id], ratings)
    return any(states[c].status in ("scored", "rated") for c in criteria)


def leave_one_out(frame: Frame, items: Sequence[Item], run: Run, uniforms: np.ndarray,
                  ratings: Sequence[Rating] = ()) -> dict[str, float | None]:
    """The overall score without each item in turn (items in id order)."""
    replaced: dict[str, dict[int, np.ndarray]] = {}
    for c, state in enumerate(run.states):
        readings = state.readings
        n = len(readings.ids)
        if not n:
            continue
        precision = np.broadcast_to(readings.precision, (n, n)).copy()
        np.fill_diagonal(precision, 0.0)
        columns = _criterion_draws(frame, c, run, precision, uniforms[c])
        for j, oid in enumerate(readings.ids):
            replaced.setdefault(oid, {})[c] = columns[j]
    evidenced = {c for c, state in enumerate(run.states) if state.status in ("scored", "rated")}
    out: dict[str, float | None] = {}
    for item in sorted(items, key=lambda i: i.id):
        touched = {b.criterion for b in item.bearings}
        if evidenced and evidenced <= touched and not _still_evidenced(frame, items, item, touched, ratings):
            out[item.id] = None  # nothing would be left with a number: no overall score, as in the full run
            continue
        values = run.criteria.copy()
        for c, column in replaced.get(item.id, {}).items():
            values[:, c] = column
        _, overall = aggregate(frame, values)
        out[item.id] = float(np.median(overall))
    return out


def sensitivity(frame: Frame, items: Sequence[Item], ratings: Sequence[Rating], uniforms: np.ndarray,
                bands: list[Band], run: Run, rubric: Rubric, seed: int, draws: int) -> Sensitivity | None:
    """Monte Carlo range and verdict stability, and the evidence whose removal alone changes the verdict.

    `draws` below 0 means the case has nothing with a number: no score to perturb, so nothing can change it.
    """
    if draws == 0:
        return None
    if draws < 0:
        return Sensitivity.model_construct(
            seed=seed, draws=-draws, weight_jitter=WEIGHT_JITTER, low=None, high=None, verdict_stable=True,
            verdict_share=1.0, decisive_evidence=[], leave_one_out={i.id: None for i in sorted(items, key=lambda i: i.id)},
        )
    find = verdicts.band_finder(bands)
    target = find(float(np.median(run.overall)))
    scores = monte_carlo(frame, items, rubric, run, uniforms, seed, draws)
    share = float(np.mean([find(float(v)) == target for v in scores]))
    without = leave_one_out(frame, items, run, uniforms, ratings)
    low, high = np.quantile(scores, [0.05, 0.95])
    return Sensitivity.model_construct(
        seed=seed, draws=draws, weight_jitter=WEIGHT_JITTER, low=round(float(low), 2) + 0.0,
        high=round(float(high), 2) + 0.0, verdict_stable=share >= STABLE_SHARE, verdict_share=round(share, 3) + 0.0,
        decisive_evidence=[eid for eid, value in without.items() if find(value) != target],
        leave_one_out={eid: None if value is None else round(value, 2) + 0.0 for eid, value in without.items()},
    )
