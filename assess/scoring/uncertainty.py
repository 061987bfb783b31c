"""Joint uncertainty and sensitivity analysis: every declared assumption sampled at once (docs/method.md §7).

In the style of the JRC audits of composite indicators (Saisana, Saltelli & Tarantola 2005): the choices the
point estimate fixes (criterion posteriors, weights, aggregation, kind factors, strength mapping, source grades,
unknown grades, missing-data treatment, prior, sufficiency thresholds) are declared in the rubric's
`uncertainty:` block with their distributions, sampled jointly, and the whole model is re-run for every draw. The
draws give the distribution of each fundamental and the overall score and the share of draws in each verdict band;
a Saltelli design over the assumptions, one group of inputs each, gives first-order and total Sobol indices
(SciPy's `stats.sobol_indices`: Saltelli 2010 and Jansen 1999 estimators), with bootstrap intervals.

Every random number is keyed by the assumption and a stable id (criterion, fundamental, source, item, kind), never
by position, so an extra item changes nobody else's draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assess.models.rubric import Measurement, Rubric, Uncertainty
from assess.scoring import measurement as mm
from assess.scoring.aggregation import AGGREGATIONS
from assess.scoring.composite import CriterionState, Frame, quantile_rows
from assess.scoring.evidence import RELIABILITY_ORDER, Item, credibility_factor, reliability_factor

LABELS = {
    "posteriors": "measurement error in the criterion posteriors",
    "criterion_weights": "criterion weights",
    "fundamental_weights": "fundamental weights",
    "aggregation": "aggregation method",
    "kind_factors": "kind factors (fact, perception, ...)",
    "strength_mapping": "strength mapping of signed bearings",
    "source_grades": "source reliability grades",
    "unknown_grades": "unknown grades (F and 6)",
    "missing_data": "treatment of insufficient criteria",
    "prior": "prior",
    "sufficiency": "sufficiency thresholds",
}
_RELIABILITY_STEPS = tuple(RELIABILITY_ORDER[:-1])  # A-E: F is unknown, drawn across them
# A source carrying at least this share of the case's evidence weight gets its grade as an assumption of its own,
# so the indices say whether the verdict hinges on that one source's grade (the rest stay one group).
OWN_GRADE_SHARE = 0.2
_OWN_GRADE = "source_grades:"
JOINT_CELLS = 100  # grid cells of the joint analysis's posteriors (1 point each; the point estimate uses 400)
_RESAMPLES_AT_ONCE = 40  # bootstrap resamples per SciPy call (stacked as outputs; bounds memory)
_CHUNK = 1024  # distinct rows pooled at once (bounds memory: rows x readings x readings per criterion)


@dataclass(frozen=True)
class Group:
    """One assumption: a group of Sobol inputs, one uniform per key."""

    id: str
    keys: tuple[str, ...]

    @property
    def label(self) -> str:
        if self.id.startswith(_OWN_GRADE):
            return f"reliability grade of the source '{self.id.removeprefix(_OWN_GRADE)}'"
        return LABELS[self.id]


def _options(probabilities: dict[str, float]) -> list[tuple[str, float]]:
    return [(k, p) for k, p in probabilities.items() if p > 0]


def pick(u: np.ndarray, probabilities: Sequence[float]) -> np.ndarray:
    """Index of the option each uniform falls in, options taking consecutive slices of 0-1 by probability."""
    edges = np.cumsum(np.asarray(probabilities, dtype=float))
    return np.minimum(np.searchsorted(edges / edges[-1], u, side="right"), len(edges) - 1)


def groups(frame: Frame, rubric: Rubric, items: Sequence[Item]) -> list[Group]:
    """The assumptions that vary for this case (a fixed one, or one with nothing to act on, is left out)."""
    u: Uncertainty = rubric.uncertainty
    out = []
    applicable = tuple(c for c, ok in zip(frame.criterion_ids, frame.applicable) if ok)
    signed = any(b.signed for i in items for b in i.bearings)
    known = sorted({i.cluster for i in items if i.reliability in _RELIABILITY_STEPS})
    weight: dict[str, float] = {}
    for i in items:
        weight[i.cluster] = weight.get(i.cluster, 0.0) + sum(b.base * i.grade for b in i.bearings)
    total = sum(weight.values())
    own = [c for c in known if total > 0 and weight[c] / total >= OWN_GRADE_SHARE] if u.source_grades > 0 else []
    unknown = sorted({f"rel:{i.cluster}" for i in items if i.reliability not in _RELIABILITY_STEPS}
                     | {f"cred:{i.id}" for i in items if i.credibility == 6})
    candidates = [
        ("posteriors", applicable if u.posteriors else ()),
        ("criterion_weights", applicable if u.criterion_weights > 0 else ()),
        ("fundamental_weights", tuple(f.id for f in rubric.fundamentals) if u.fundamental_weights > 0 else ()),
        ("aggregation", ("method",) if len(_options(u.aggregation)) > 1 else ()),
        ("kind_factors", tuple(sorted({i.kind for i in items})) if u.kind_factors > 0 else ()),
        ("strength_mapping", ("spread",) if signed and u.strength_mapping[0] < u.strength_mapping[1] else ()),
        *((_OWN_GRADE + c.removeprefix("source:"), (c,)) for c in own),
        ("source_grades", tuple(c for c in known if c not in own) if u.source_grades > 0 else ()),
        ("unknown_grades", tuple(unknown) if u.unknown_grades else ()),
        ("missing_data", ("treatment",) if len(_options(u.missing_data)) > 1 else ()),
        ("prior", ("choice",) if len([p for p in u.priors if p.probability > 0]) > 1 else ()),
        ("sufficiency", ("min_weight", "min_items") if u.sufficiency is not None and (
            u.sufficiency.min_weight[0] < u.sufficiency.min_weight[1]
            or u.sufficiency.min_items[0] < u.sufficiency.min_items[1]) else ()),
    ]
    for gid, keys in candidates:
        if keys:
            out.append(Group(gid, tuple(keys)))
    return out


def saltelli_rows(design: list[Group], seed: int, n: int) -> dict[str, np.ndarray]:
    """The uniforms of every model evaluation: rows A (n), B (n), then A with group i taken from B, for each i.

    Each (group, key) has its own stream of 2n uniforms (A's then B's), so a key's numbers never depend on what
    else the case holds.
    """
    d = len(design)
    rows = {}
    for gi, g in enumerate(design):
        both = np.stack([mm.uniforms(seed, f"joint:{g.id}:{k}", 2 * n) for k in g.keys], axis=-1)
        a, b = both[:n], both[n:]
        rows[g.id] = np.concatenate([a, b, *[(b if i == gi else a) for i in range(d)]])
    return rows


@dataclass(frozen=True)
class Model:
    """What an evaluation needs: the frame, the rubric, the criterion states and their readings' items."""

    frame: Frame
    rubric: Rubric
    states: Sequence[CriterionState]
    items: dict[str, Item]


def _column(rows: dict[str, np.ndarray], design: dict[str, Group], gid: str, key: str,
            count: int) -> np.ndarray | None:
    """The uniforms for (group, key) over the rows, or None when the group is fixed."""
    g = design.get(gid)
    if g is None or key not in g.keys:
        return None
    return rows[gid][:count, g.keys.index(key)]


def _grades(model: Model, rows: dict, design: dict, count: int) -> dict[str, np.ndarray]:
    """Each item's grade factor (reliability x credibility) in every row."""
    weighting = model.rubric.weighting
    chance = model.rubric.uncertainty.source_grades
    rel_factor = np.array([reliability_factor(g, weighting) for g in _RELIABILITY_STEPS])
    cred_factor = np.array([credibility_factor(c, weighting) for c in (1, 2, 3, 4, 5)])
    out = {}
    for item in model.items.values():
        if item.reliability in _RELIABILITY_STEPS:
            at = np.full(count, _RELIABILITY_STEPS.index(item.reliability))
            u = _column(rows, design, _OWN_GRADE + item.cluster.removeprefix("source:"), item.cluster, count)
            if u is None:
                u = _column(rows, design, "source_grades", item.cluster, count)
            if u is not None:
                at = np.clip(at - (u < chance / 2) + (u > 1 - chance / 2), 0, len(_RELIABILITY_STEPS) - 1)
            rel = rel_factor[at]
        else:
            u = _column(rows, design, "unknown_grades", f"rel:{item.cluster}", count)
            rel = (np.full(count, reliability_factor(item.reliability, weighting)) if u is None
                   else rel_factor[np.minimum((u * 5).astype(int), 4)])
        u = _column(rows, design, "unknown_grades", f"cred:{item.id}", count) if item.credibility == 6 else None
        cred = (np.full(count, credibility_factor(item.credibility, weighting)) if u is None
                else cred_factor[np.minimum((u * 5).astype(int), 4)])
        out[item.id] = rel * cred
    return out


def _readings_arrays(model: Model, readings: mm.Readings, c: int, grades: dict, kinds: dict, spread: np.ndarray,
                     count: int) -> tuple[np.ndarray, np.ndarray]:
    """(precision, levels), each (rows, readings), of criterion c's readings in every row (ratings unchanged)."""
    weighting = model.rubric.weighting
    sd0 = model.frame.measurement.error_sd
    precision = np.broadcast_to(readings.precision, (count, len(readings.ids))).copy()
    levels = np.broadcast_to(readings.levels, (count, len(readings.ids))).copy()
    for j, oid in enumerate(readings.ids):
        item = model.items.get(oid)
        if item is None:
            continue
        bearing = next(b for b in item.bearings if b.criterion == c)
        weight = weighting.strength[bearing.strength] * weighting.kinds[item.kind] * kinds[item.kind] * grades[item.id]
        precision[:, j] = (weight / sd0) ** 2
        if bearing.signed:
            levels[:, j] = 50.0 + spread * (bearing.level - 50.0)
    return precision, levels


def _combine_rows(frame: Frame, method: str, values: np.ndarray, cw: np.ndarray, fw: np.ndarray,
                  base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(fundamentals, overall) of every row under one aggregation; a criterion or fundamental of weight 0 drops
    out (its value is set to 100, which no method lets count). A fundamental whose criteria were all dropped (as
    insufficient) leaves the overall score; its own score is then its criteria's posteriors under `base` weights,
    so that its distribution stays defined."""
    combine = AGGREGATIONS[method].combine
    n_f = len(frame.fundamental_weights)
    count = values.shape[0]
    fundamentals = np.full((count, n_f), np.nan)
    present = np.zeros((count, n_f), dtype=bool)
    for f in range(n_f):
        cols = np.flatnonzero((frame.fundamental_of == f) & frame.applicable)
        if not len(cols):
            continue
        w = cw[:, cols]
        alive = w.sum(axis=-1) > 0
        v = np.where(w > 0, values[:, cols], 100.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            fundamentals[:, f] = np.where(alive, combine(v, np.where(alive[:, None], w, 1.0)),
                                          combine(values[:, cols], base[:, cols]))
        present[:, f] = alive
    weights = np.where(present, fw, 0.0)
    alive = weights.sum(axis=-1) > 0
    v = np.where(present, fundamentals, 100.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(alive, combine(v, np.where(alive[:, None], weights, 1.0)), np.nan)
    return fundamentals, overall


def _distinct_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, inverse): one row index per distinct row of `key`, and each row's position among them.

    Rows are grouped by a random projection (a 1-D sort, far faster than sorting whole rows) and the grouping
    is then checked exactly: only rows exactly equal are ever shared, and should the projection merge two
    different rows, whole rows are compared instead.
    """
    # numpy's own row sums (not a BLAS product, whose rounding may depend on a row's position): equal rows
    # project to equal numbers.
    projection = (key * np.random.default_rng(0).uniform(0.5, 1.5, key.shape[1])).sum(axis=1)
    _, first, inverse = np.unique(projection, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if not np.array_equal(key[first][inverse], key):
        _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
    return first, inverse


def _posteriors(readings: mm.Readings, m: Measurement, precision: np.ndarray, levels: np.ndarray,
                prior_index: np.ndarray, prior_table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(cumulative (rows, cells + 1), pooled precision (rows)) of one criterion in every row of the design.

    Most rows of a Saltelli design differ from row A only in assumptions that this criterion's pooling does not
    depend on (weights, aggregation, missing data; the prior and the strength mapping leave the pooling weights
    alone): its inputs repeat exactly. Pooling is row by row, so each distinct row of precisions gets its weights
    once, and each distinct (mean, precision, prior) its posterior once; copies share the result.
    """
    rows = len(prior_index)
    if len(readings.ids):
        first, inverse = _distinct_rows(precision)
        w = np.empty((len(first), precision.shape[1]))
        for start in range(0, len(first), _CHUNK):
            w[start:start + _CHUNK] = mm.weights(readings, m.event_correlation, m.source_correlation,
                                                 precision[first[start:start + _CHUNK]])
        mean, total = mm.weighted_mean(w[inverse], levels)
    else:
        mean, total = np.full(rows, 50.0), np.zeros(rows)
    first, inverse = _distinct_rows(np.stack([mean, total, prior_index.astype(float)], axis=1))
    cdf = mm.posterior_cdf(prior_table[prior_index[first]], mean[first], total[first])
    return cdf[inverse], total


def evaluate(model: Model, rows: dict[str, np.ndarray], design: list[Group], count: int) -> np.ndarray:
    """(rows, fundamentals + 1): every fundamental and the overall score in each row of assumptions."""
    frame, u = model.frame, model.rubric.uncertainty
    by_id = {g.id: g for g in design}
    m = frame.measurement
    half = np.full(count, 0.5)

    grades = _grades(model, rows, by_id, count)
    kinds = {}
    for kind in {i.kind for i in model.items.values()}:
        col = _column(rows, by_id, "kind_factors", kind, count)
        kinds[kind] = np.ones(count) if col is None else 1.0 - u.kind_factors + 2.0 * u.kind_factors * col
    col = _column(rows, by_id, "strength_mapping", "spread", count)
    low, high = u.strength_mapping
    spread = np.ones(count) if col is None else low + (high - low) * col

    priors = [p for p in u.priors if p.probability > 0] or [model.rubric.prior]
    col = _column(rows, by_id, "prior", "choice", count)
    prior_index = np.zeros(count, dtype=int) if col is None else pick(col, [p.probability for p in priors])
    prior_table = np.stack([mm.log_prior(p.supports, p.undermines, JOINT_CELLS) for p in priors])
    prior_only = mm.posterior_cdf(prior_table, 50.0, 0.0)  # each prior's own cumulative (no evidence)

    missing = _options(u.missing_data) or [("posterior", 1.0)]
    col = _column(rows, by_id, "missing_data", "treatment", count)
    treatment = np.array([k for k, _ in missing])[np.zeros(count, dtype=int) if col is None
                                                 else pick(col, [p for _, p in missing])]
    suff = u.sufficiency
    col = _column(rows, by_id, "sufficiency", "min_weight", count)
    min_weight = np.full(count, frame.min_weight) if col is None else (
        suff.min_weight[0] + (suff.min_weight[1] - suff.min_weight[0]) * col)
    col = _column(rows, by_id, "sufficiency", "min_items", count)
    min_items = np.full(count, frame.min_items) if col is None else (
        suff.min_items[0] + np.minimum((col * (suff.min_items[1] - suff.min_items[0] + 1)).astype(int),
                                       suff.min_items[1] - suff.min_items[0]))

    values = np.full((count, frame.size), 50.0)
    keep = np.ones((count, frame.size))
    for c, state in enumerate(model.states):
        if not frame.applicable[c]:
            continue
        cid = frame.criterion_ids[c]
        q = _column(rows, by_id, "posteriors", cid, count)
        q = half if q is None else q
        precision, levels = _readings_arrays(model, state.readings, c, grades, kinds, spread, count)
        cdf, total = _posteriors(state.readings, m, precision, levels, prior_index, prior_table)
        drawn = quantile_rows(cdf, q[:, None])[:, 0]
        if state.rated:
            values[:, c] = drawn
            continue
        if state.readings is state.evidence:
            ev_total = total
        else:
            ev_p, ev_l = _readings_arrays(model, state.evidence, c, grades, kinds, spread, count)
            ev_total = _posteriors(state.evidence, m, ev_p, ev_l, prior_index, prior_table)[1]
        sufficient = (state.evidence.events >= min_items) & (ev_total * m.error_sd**2 >= min_weight - 1e-9)
        at_prior = quantile_rows(prior_only[prior_index], q[:, None])[:, 0]
        values[:, c] = np.where(sufficient | (treatment == "posterior"), drawn,
                                np.where(treatment == "prior", at_prior, 50.0))
        keep[:, c] = np.where(~sufficient & (treatment == "drop"), 0.0, 1.0)

    base = np.broadcast_to(frame.criterion_weights, (count, frame.size)).copy()
    for c, cid in enumerate(frame.criterion_ids):
        col = _column(rows, by_id, "criterion_weights", cid, count)
        if col is not None:
            base[:, c] *= 1.0 - u.criterion_weights + 2.0 * u.criterion_weights * col
    cw = base * keep
    fw = np.broadcast_to(frame.fundamental_weights, (count, len(frame.fundamental_weights))).copy()
    for f, fundamental in enumerate(model.rubric.fundamentals):
        col = _column(rows, by_id, "fundamental_weights", fundamental.id, count)
        if col is not None:
            fw[:, f] *= 1.0 - u.fundamental_weights + 2.0 * u.fundamental_weights * col

    methods = _options(u.aggregation) or [(model.rubric.aggregation, 1.0)]
    col = _column(rows, by_id, "aggregation", "method", count)
    method_index = np.zeros(count, dtype=int) if col is None else pick(col, [p for _, p in methods])
    out = np.full((count, len(frame.fundamental_weights) + 1), np.nan)
    for k, (method, _) in enumerate(methods):
        chosen = method_index == k
        if chosen.any():
            fundamentals, overall = _combine_rows(frame, method, values[chosen], cw[chosen], fw[chosen], base[chosen])
            out[chosen, :-1] = fundamentals
            out[chosen, -1] = overall
    return out


def run_design(model: Model, design: list[Group], seed: int, n: int) -> np.ndarray:
    """(n (2 + groups), outputs): the model over every row of the Saltelli design (evaluated at once, so that
    each criterion pools each distinct row of its inputs once; the pooling itself goes in chunks)."""
    rows = saltelli_rows(design, seed, n)
    return evaluate(model, rows, design, n * (2 + len(design)))


@dataclass(frozen=True)
class Indices:
    """Sobol indices of one output for every group: estimates and bootstrap 95% intervals (NaN: not defined)."""

    first: np.ndarray
    first_low: np.ndarray
    first_high: np.ndarray
    total: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray


def sobol(outputs: np.ndarray, n: int, d: int, seed: int, resamples: int) -> list[Indices]:
    """First-order and total Sobol indices of every output column, from SciPy's estimators on the design's
    evaluations, with percentile intervals from `resamples` seeded bootstrap resamples of the base rows.

    An output that does not vary over the draws, or has no value in some (a fundamental that drops out), gets NaN.
    """
    from scipy.stats import sobol_indices  # heavy: imported only when the analysis runs

    s_all = outputs.shape[1]
    f_a, f_b = outputs[:n].T, outputs[n:2 * n].T
    f_ab = outputs[2 * n:].reshape(d, n, s_all).transpose(0, 2, 1)
    finite = np.isfinite(outputs).all(axis=0)
    varies = np.nanvar(outputs[:2 * n], axis=0) > 1e-12
    keep = np.flatnonzero(finite & varies)
    nan = np.full((s_all, d), np.nan)
    first, total = nan.copy(), nan.copy()
    bounds = {k: nan.copy() for k in ("fl", "fh", "tl", "th")}
    if len(keep) and d:
        a, b, ab = f_a[keep], f_b[keep], f_ab[:, keep]

        def indices(picks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """(first, total), each (len(picks), outputs, d), for rows of base-row picks (P, n): the resamples
            stacked as outputs of one SciPy call (resample-major, as SciPy's `sobol_indices` takes outputs)."""
            count = len(picks)
            output = np.tile(np.arange(len(keep)), count)[:, None]  # row k of the stack: output k % outputs
            row = np.repeat(picks, len(keep), axis=0)  # ... under resample k // outputs
            fa, fb, fab = a[output, row], b[output, row], ab[:, output, row]
            with np.errstate(invalid="ignore", divide="ignore"):
                res = sobol_indices(func={"f_A": fa, "f_B": fb, "f_AB": fab}, n=n)
            shape = (count, len(keep), d)
            return np.asarray(res.first_order).reshape(shape), np.asarray(res.total_order).reshape(shape)

        est_first, est_total = indices(np.arange(n)[None, :])
        first[keep], total[keep] = est_first[0], est_total[0]
        if resamples:
            rng = np.random.default_rng(np.random.SeedSequence([seed, 203]))
            picks = np.stack([rng.integers(0, n, n) for _ in range(resamples)])
            parts = [indices(picks[i:i + _RESAMPLES_AT_ONCE]) for i in range(0, resamples, _RESAMPLES_AT_ONCE)]
            bf = np.concatenate([x[0] for x in parts])
            bt = np.concatenate([x[1] for x in parts])
            bounds["fl"][keep], bounds["fh"][keep] = np.nanquantile(bf, [0.025, 0.975], axis=0)
            bounds["tl"][keep], bounds["th"][keep] = np.nanquantile(bt, [0.025, 0.975], axis=0)
    return [Indices(first[k], bounds["fl"][k], bounds["fh"][k], total[k], bounds["tl"][k], bounds["th"][k])
            for k in range(s_all)]


def median_error(values: np.ndarray) -> float:
    """Monte Carlo standard error of the median of `values` (from the order statistics that bound its 95%
    binomial interval): how much the reported median could move with another seed."""
    x = np.sort(values[np.isfinite(values)])
    n = len(x)
    if n < 4:
        return float("nan")
    half = 1.96 * np.sqrt(n) / 2.0
    lo, hi = int(max(np.floor(n / 2 - half), 0)), int(min(np.ceil(n / 2 + half), n - 1))
    return float((x[hi] - x[lo]) / (2 * 1.96))
