"""Sensitivity: the joint uncertainty analysis summarised, and leave-one-source-out / leave-one-event-out
(docs/method.md §7). The sampling and the model evaluations are in `uncertainty.py`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from assess.models.assessment import Assumption, LeftOut, ScoreDistribution, Sensitivity, SobolIndex
from assess.models.case import Rating
from assess.models.rubric import Band, Rubric
from assess.scoring import uncertainty as unc
from assess.scoring import verdict as verdicts
from assess.scoring.composite import Frame, StateCache, aggregate, criterion_states, posterior_draws
from assess.scoring.evidence import Item

if TYPE_CHECKING:
    from assess.scoring.engine import Run

DEFAULT_SEED = 12345
DEFAULT_DRAWS = 1024  # joint draws: the A and B rows of a Saltelli design of 512 base rows
STABLE_SHARE = 0.9  # the verdict is "stable" when at least this share of joint draws keeps it
_EVIDENCED = ("scored", "rated")


def base_rows(draws: int) -> int:
    """Base rows of the Saltelli design for at least `draws` joint draws: a power of 2 (Sobol' practice), >= 4."""
    return max(4, 1 << max(math.ceil(math.log2(max(draws, 1) / 2.0)), 0))


def _r(value: float | None, digits: int = 2) -> float | None:
    if value is None or value != value:
        return None
    return round(float(value), digits) + 0.0


def _sentence(title: str, indices: list[SobolIndex]) -> str:
    """One sentence naming what a score is most sensitive to (largest total index), and the runner-up."""
    ranked = sorted((i for i in indices if i.total is not None), key=lambda i: (-i.total, i.assumption))
    if not ranked:
        return f"{title}: no assumption moves it (its draws do not vary)."
    top = ranked[0]
    text = (f"{title} is most sensitive to the {top.label} (total-effect index {top.total:.2f}, 95% interval "
            f"{top.total_low:.2f}–{top.total_high:.2f})" if top.total_low is not None else
            f"{title} is most sensitive to the {top.label} (total-effect index {top.total:.2f})")
    if len(ranked) > 1:
        text += f", then the {ranked[1].label} ({ranked[1].total:.2f})"
    return text + "."


def _distribution(target: str, title: str, values: np.ndarray, point: float | None, bands: list[Band],
                  design: list[unc.Group], indices: unc.Indices) -> ScoreDistribution:
    finite = values[np.isfinite(values)]
    find = verdicts.band_finder(bands)
    shares = {b.label: (verdicts.band_share(bands, k, finite) if finite.size else 0.0) for k, b in enumerate(bands)}
    errors = [math.sqrt(p * (1 - p) / finite.size) for p in shares.values()] if finite.size else []
    at = find(point)
    sobol = [
        SobolIndex.model_construct(
            assumption=g.id, label=g.label,
            first_order=_r(indices.first[k], 3), first_order_low=_r(indices.first_low[k], 3),
            first_order_high=_r(indices.first_high[k], 3), total=_r(indices.total[k], 3),
            total_low=_r(indices.total_low[k], 3), total_high=_r(indices.total_high[k], 3),
        )
        for k, g in enumerate(design)
    ]
    q = np.quantile(finite, [0.05, 0.16, 0.5, 0.84, 0.95]) if finite.size else [None] * 5
    return ScoreDistribution.model_construct(
        target=target, title=title, median=_r(q[2]), median_mc_error=_r(unc.median_error(finite), 3),
        low=_r(q[0]), low68=_r(q[1]), high68=_r(q[3]), high=_r(q[4]),
        verdict=bands[at].label if at is not None else None,
        verdict_share=_r(shares[bands[at].label], 3) if at is not None else None,
        bands={k: _r(v, 3) for k, v in shares.items()}, band_mc_error=_r(max(errors), 3) if errors else None,
        sobol=sobol, most_sensitive_to=_sentence(title, sobol),
    )


def _points(frame: Frame, items: Sequence[Item], ratings: Sequence[Rating], uniforms: np.ndarray,
            cache: StateCache | None, run: Run, left_out: list[list[Item]]) -> tuple[np.ndarray, list[float | None]]:
    """(fundamental medians (groups, F), overall medians) of the point estimate without each group of items in
    `left_out` in turn (None: nothing evidenced). Only the criteria a group's items bear on are re-scored, and
    the draws of every group are aggregated at once."""
    draws, evidenced = [], []
    for left in left_out:
        gone = {i.id for i in left}
        changed = frozenset(b.criterion for i in left for b in i.bearings)
        states = criterion_states(frame, [i for i in items if i.id not in gone], ratings, cache,
                                  base=run.states, changed=changed)
        draws.append(posterior_draws(frame, states, uniforms, cache))
        evidenced.append(any(s.status in _EVIDENCED for s in states))
    fundamentals, overall = aggregate(frame, np.stack(draws))
    with np.errstate(invalid="ignore"):
        medians = np.median(fundamentals, axis=1)
    overall_medians = np.median(overall, axis=1)
    return medians, [float(o) if e else None for o, e in zip(overall_medians, evidenced)]


def leave_out(frame: Frame, rubric: Rubric, items: Sequence[Item], ratings: Sequence[Rating], uniforms: np.ndarray,
              run: Run, bands: list[Band], key: str, cache: StateCache | None = None) -> list[LeftOut]:
    """The point estimate without each source (`key="cluster"`) or event (`key="event"`) in turn, by id."""
    find = verdicts.band_finder(bands)
    base_f = np.median(run.fundamentals, axis=0)
    base_o = float(np.median(run.overall)) if any(s.status in _EVIDENCED for s in run.states) else None
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(getattr(item, key), []).append(item)
    order = sorted(groups, key=lambda g: _label(g, groups[g]))
    if not order:
        return []
    all_fundamentals, all_overall = _points(frame, items, ratings, uniforms, cache, run, [groups[g] for g in order])
    out = []
    for gid, fundamentals, overall in zip(order, all_fundamentals, all_overall):
        changes = ["overall"] if find(overall) != find(base_o) else []
        changes += [f.id for k, f in enumerate(rubric.fundamentals)
                    if not np.isnan(base_f[k]) and find(_r(fundamentals[k])) != find(_r(base_f[k]))]
        out.append(LeftOut.model_construct(
            id=_label(gid, groups[gid]), items=sorted(i.id for i in groups[gid]), overall=_r(overall),
            fundamentals={f.id: _r(fundamentals[k]) for k, f in enumerate(rubric.fundamentals)}, changes=changes,
        ))
    return out


def _label(group: str, items: list[Item]) -> str:
    """A reader's name for a left-out group: the source id, the case's `event:` id, or, for an event the case
    does not name (identified by claim and date), its items' ids."""
    if group.startswith("source:"):
        return group.removeprefix("source:")
    named = items[0].source.event
    return named if named else "items " + "+".join(sorted(i.id for i in items))


def sensitivity(frame: Frame, items: Sequence[Item], ratings: Sequence[Rating], uniforms: np.ndarray,
                bands: list[Band], run: Run, rubric: Rubric, seed: int, cache: StateCache | None,
                draws: int) -> Sensitivity | None:
    """The joint analysis over the rubric's declared assumptions, and what the verdicts hinge on.

    `draws` 0 skips it; below 0 means the case has nothing with a number: no score to perturb.
    """
    if draws == 0:
        return None
    n = base_rows(abs(draws))
    design = unc.groups(frame, rubric, items)
    assumptions = [Assumption.model_construct(id=g.id, label=g.label, inputs=len(g.keys)) for g in design]
    if draws < 0:
        return Sensitivity.model_construct(
            seed=seed, draws=2 * n, evaluations=0, assumptions=assumptions, low=None, high=None,
            verdict_stable=True, verdict_share=1.0, distributions=[], leave_one_source_out=[],
            leave_one_event_out=[], decisive_sources=[], decisive_events=[],
        )
    model = unc.Model(frame, rubric, run.states, {i.id: i for i in items})
    outputs = unc.run_design(model, design, seed, n)
    indices = unc.sobol(outputs, n, len(design), seed, rubric.uncertainty.bootstrap)
    joint = outputs[:2 * n]
    point_f = np.median(run.fundamentals, axis=0)
    point_o = float(np.median(run.overall))
    distributions = [_distribution("overall", "The overall score", joint[:, -1], point_o, bands, design, indices[-1])]
    for k, f in enumerate(rubric.fundamentals):
        point = None if np.isnan(point_f[k]) else float(point_f[k])
        distributions.append(_distribution(f.id, f.title, joint[:, k], point, bands, design, indices[k]))
    overall = distributions[0]
    by_source = leave_out(frame, rubric, items, ratings, uniforms, run, bands, "cluster", cache)
    by_event = leave_out(frame, rubric, items, ratings, uniforms, run, bands, "event", cache)
    share = overall.verdict_share or 0.0
    return Sensitivity.model_construct(
        seed=seed, draws=2 * n, evaluations=len(outputs), assumptions=assumptions,
        low=overall.low, high=overall.high, verdict_stable=share >= STABLE_SHARE, verdict_share=share,
        distributions=distributions, leave_one_source_out=by_source, leave_one_event_out=by_event,
        decisive_sources=[x.id for x in by_source if "overall" in x.changes],
        decisive_events=[x.id for x in by_event if "overall" in x.changes],
    )
