"""Calibration of the measurement model: do its intervals cover the truth as often as they say?

    python bench/calibration.py --quick     # 2,000 criteria and 300 whole cases, a few seconds
    python bench/calibration.py             # full: 20,000 criteria and 3,000 whole cases
    python bench/calibration.py --seed 7 --criteria 5000

Synthetic criteria are drawn from the very model the engine's likelihood assumes (docs/method.md §2; see
bench/README.md, "Calibration"): a true level from the rubric's prior, a random nest of sources, events and
reports with weights from the rubric's grade tables, readings with shared (source, event) and own errors. They
go through the engine's own functions (`Readings.of`, `pool`, `estimate`) and the posteriors are compared with
the truth. When the data follow the model, a Bayesian interval covers the truth as often as its level says
(on average over the prior), so coverage far from 68% / 90% means the engine or this generator is wrong.

The "overall" scenario scores whole synthetic cases (every criterion of the rubric, some with no evidence) the
way the engine does: criterion posteriors, the engine's posterior draws, fundamentals and the overall by the
rubric's weights and aggregation. A "control" scenario pools the same kind of data as if every reading were
independent (both correlations 0): its intervals must come out too narrow, which shows the check can fail.

Exit code 0 when every target is met (the control excluded), 1 otherwise. Deterministic given --seed.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assess import load_rubric  # noqa: E402 - run as a script from bench/
from assess.models.rubric import Rubric  # noqa: E402
from assess.scoring import DEFAULT_SEED  # noqa: E402
from assess.scoring import composite  # noqa: E402
from assess.scoring import measurement as mm  # noqa: E402
from assess.scoring.evidence import credibility_factor, reliability_factor  # noqa: E402

RUBRIC = "un_guidance"
TARGET_90 = (0.85, 0.95)
TARGET_68 = (0.60, 0.76)
TARGET_BIAS = 3.0  # |mean of (median - truth)| below this many points
MIN_TARGETED = 500  # a subgroup smaller than this is a diagnostic: its sampling error nears the target's margin
# The control's nest: few sources with many equally graded reports, where ignoring correlation matters most (with
# mixed grades the best report dominates a group's precision and correlation changes little)
CONTROL_NEST = {"sources": (1, 2), "events": (3, 6), "reports": (2, 3), "one_grade": True}


@dataclass(frozen=True)
class Model:
    """The rubric's measurement settings, as the engine uses them."""

    error_sd: float
    event_correlation: float
    source_correlation: float
    supports: float  # the prior, Beta(supports, undermines) over level/100
    undermines: float
    strength: np.ndarray  # factor tables; F and 6 capped as assess/scoring/evidence.py does
    reliability: np.ndarray
    credibility: np.ndarray
    kind: np.ndarray

    @classmethod
    def of(cls, rubric: Rubric) -> Model:
        m, w = rubric.measurement, rubric.weighting
        return cls(
            error_sd=m.error_sd, event_correlation=m.event_correlation, source_correlation=m.source_correlation,
            supports=rubric.prior.supports, undermines=rubric.prior.undermines,
            strength=np.array([w.strength[s] for s in sorted(w.strength)], dtype=float),
            reliability=np.array([reliability_factor(g, w) for g in sorted(w.reliability)], dtype=float),
            credibility=np.array([credibility_factor(g, w) for g in sorted(w.credibility)], dtype=float),
            kind=np.array(list(w.kinds.values()), dtype=float),
        )

    def weights(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n report weights, each grade drawn uniformly from what the rubric allows."""
        return (rng.choice(self.strength, n) * rng.choice(self.reliability, n)
                * rng.choice(self.credibility, n) * rng.choice(self.kind, n))


@dataclass(frozen=True)
class Structure:
    """One criterion's evidence: per report its error sd and event, per event its source (events nest in sources)."""

    sd: np.ndarray  # (reports,)
    event_of: np.ndarray  # (reports,) event index of each report
    source_of: np.ndarray  # (events,) source index of each event

    @property
    def sources(self) -> int:
        return int(self.source_of.max()) + 1 if len(self.source_of) else 0


def draw_structure(rng: np.random.Generator, model: Model, sources: tuple[int, int] = (1, 5),
                   events: tuple[int, int] = (1, 6), reports: tuple[int, int] = (1, 3),
                   one_grade: bool = False) -> Structure:
    """A random nest: sources, events per source and reports per event uniform on the given inclusive ranges;
    every report graded at random, or (`one_grade`) all of them with the same random grade."""
    n_s = int(rng.integers(sources[0], sources[1] + 1))
    per_source = rng.integers(events[0], events[1] + 1, n_s)
    source_of = np.repeat(np.arange(n_s), per_source)
    per_event = rng.integers(reports[0], reports[1] + 1, len(source_of))
    event_of = np.repeat(np.arange(len(source_of)), per_event)
    weights = np.repeat(model.weights(rng, 1), len(event_of)) if one_grade else model.weights(rng, len(event_of))
    return Structure(model.error_sd / weights, event_of, source_of)


def draw_errors(rng: np.random.Generator, s: Structure, event_correlation: float, source_correlation: float,
                size: int = 1) -> np.ndarray:
    """(size, reports) reading errors under a random-effects model close to the one the engine pools for.

    y_i = theta + a_s + b_e + c_i with a_s ~ N(0, rho_s / Q_best,s) (Q_best,s the largest event precision of
    the source), b_e ~ N(0, (1 - rho_s) rho_e / p_best,e) (p_best,e the largest report precision of the event),
    c_i ~ N(0, (1 - rho_s)(1 - rho_e) sd_i^2). Then an event's precision-weighted mean has variance
    (1 - rho_s) / Q_e around theta + a_s and a source's has variance exactly 1 / Q_s.
    """
    rho_e, rho_s = event_correlation, source_correlation
    p = 1.0 / s.sd**2
    n_e = len(s.source_of)
    p_best = np.zeros(n_e)
    np.maximum.at(p_best, s.event_of, p)
    p_total = np.bincount(s.event_of, weights=p, minlength=n_e)
    q_event = p_total * p_best / (p_best * (1.0 - rho_e) + rho_e * p_total)
    q_best = np.zeros(s.sources)
    np.maximum.at(q_best, s.source_of, q_event)
    a = rng.normal(size=(size, s.sources)) * np.sqrt(rho_s / q_best)
    b = rng.normal(size=(size, n_e)) * np.sqrt((1.0 - rho_s) * rho_e / p_best)
    c = rng.normal(size=(size, len(p))) * np.sqrt((1.0 - rho_s) * (1.0 - rho_e)) * s.sd
    return a[:, s.source_of[s.event_of]] + b[:, s.event_of] + c


def observations(s: Structure, levels: np.ndarray) -> list[mm.Observation]:
    """The readings as the engine's observations (ids sort events and sources apart; the order is Readings.of's)."""
    src = s.source_of[s.event_of]
    # The engine reads one source's items on one event as one report (sharing all their error); the simulated
    # reports of an event have errors of their own, so each is told by a source of its own. The event's most
    # precise report is told by the event's source, which makes the event sit in that source, as simulated.
    best: dict[int, int] = {}
    for i in range(len(levels)):
        e = int(s.event_of[i])
        if e not in best or s.sd[i] < s.sd[best[e]]:
            best[e] = i
    def teller(i: int) -> str:
        return f"s{src[i]:02d}" if best[int(s.event_of[i])] == i else f"s{src[i]:02d}/report{i:03d}"
    return [mm.Observation(f"s{src[i]:02d}e{s.event_of[i]:03d}r{i:03d}", float(levels[i]), float(s.sd[i]),
                           f"e{s.event_of[i]:03d}", teller(i)) for i in range(len(levels))]


def posterior(model: Model, prior: np.ndarray, obs: list[mm.Observation], event_correlation: float,
              source_correlation: float) -> tuple[mm.Estimate, int]:
    """The engine's posterior of one criterion from its observations, and its number of events."""
    readings = mm.Readings.of(obs)
    mean, precision = mm.pool(readings, event_correlation, source_correlation)
    return mm.estimate(prior, float(mean), float(precision), model.error_sd), readings.events


@dataclass(frozen=True)
class Results:
    """Per simulated criterion (or case): the truth and the posterior's summary."""

    truth: np.ndarray
    median: np.ndarray
    low: np.ndarray
    high: np.ndarray
    low68: np.ndarray
    high68: np.ndarray
    information: np.ndarray  # pooled precision in reference items (engine's Estimate.information)
    insufficient: np.ndarray  # bool: below the rubric's sufficiency rule (still scored by its posterior)

    def __len__(self) -> int:
        return len(self.truth)

    def subset(self, mask: np.ndarray) -> Results:
        return Results(*(getattr(self, f)[mask] for f in self.__dataclass_fields__))


def simulate_criteria(n: int, seed: int, rubric: Rubric | None = None,
                      pool_correlation: tuple[float, float] | None = None,
                      nest: dict | None = None) -> Results:
    """n synthetic criteria drawn from the model and pooled by the engine.

    `pool_correlation` (event, source) overrides what the engine pools with (the control: (0, 0)); the data
    are always generated with the rubric's correlations. `nest` overrides draw_structure's ranges.
    """
    rubric = rubric or load_rubric(RUBRIC)
    model = Model.of(rubric)
    rho_e, rho_s = model.event_correlation, model.source_correlation
    pool_e, pool_s = pool_correlation if pool_correlation is not None else (rho_e, rho_s)
    prior = mm.log_prior(model.supports, model.undermines)
    rng = np.random.default_rng(seed)
    truth = 100.0 * rng.beta(model.supports, model.undermines, n)
    out = np.empty((n, 6))
    short = np.zeros(n, dtype=bool)
    for k in range(n):
        s = draw_structure(rng, model, **(nest or {}))
        levels = truth[k] + draw_errors(rng, s, rho_e, rho_s)[0]
        est, events = posterior(model, prior, observations(s, levels), pool_e, pool_s)
        out[k] = est.median, est.low, est.high, est.low68, est.high68, est.information
        short[k] = events < rubric.sufficiency.min_items or est.information < rubric.sufficiency.min_weight - 1e-9
    return Results(truth, *out.T, short)


def simulate_cases(n: int, seed: int, rubric: Rubric | None = None, empty_share: float = 0.25,
                   draws_seed: int = DEFAULT_SEED) -> tuple[Results, Results, np.ndarray]:
    """n whole synthetic cases, scored as the engine does: (overall results, the results of every fundamental
    of every case, which of those are fundamentals of a single criterion).

    Every criterion of the rubric gets a true level from the prior; a share `empty_share` of them no evidence
    (their posterior is the prior), the rest a random nest as in simulate_criteria. The fundamentals and the
    overall are the engine's: draws from the criterion posteriors at the engine's keyed uniforms, combined by
    the rubric's weights and aggregation; the truth is the same aggregation of the true levels.
    """
    rubric = rubric or load_rubric(RUBRIC)
    model = Model.of(rubric)
    rho_e, rho_s = model.event_correlation, model.source_correlation
    frame = composite.Frame.build(SimpleNamespace(not_applicable=()), rubric)  # every criterion applicable
    uniforms = composite.draw_uniforms(frame, draws_seed)
    rng = np.random.default_rng(seed)
    n_f = len(frame.fundamental_weights)
    overall, fund = np.empty((n, 7)), np.empty((n, n_f, 7))
    for k in range(n):
        truth = 100.0 * rng.beta(model.supports, model.undermines, frame.size)
        states, info = [], np.zeros(frame.size)
        for c in range(frame.size):
            obs = []
            if rng.random() >= empty_share:
                s = draw_structure(rng, model)
                obs = observations(s, truth[c] + draw_errors(rng, s, rho_e, rho_s)[0])
            est, _ = posterior(model, frame.prior, obs, rho_e, rho_s)
            states.append(SimpleNamespace(estimate=est))
            info[c] = est.information
        draws = composite.posterior_draws(frame, states, uniforms)
        f_draws, o_draws = composite.aggregate(frame, draws)
        f_true, o_true = composite.aggregate(frame, truth[None, :])
        low, low68, mid, high68, high = composite.summarise(o_draws)
        overall[k] = o_true[0], mid, low, high, low68, high68, info.sum()
        for f in range(n_f):
            low, low68, mid, high68, high = composite.summarise(f_draws[:, f])
            cols = frame.fundamental_of == f
            fund[k, f] = f_true[0, f], mid, low, high, low68, high68, info[cols].sum()
    single = np.bincount(frame.fundamental_of, minlength=n_f) == 1
    flat = fund.reshape(-1, 7)
    return (Results(*overall.T, np.zeros(n, dtype=bool)), Results(*flat.T, np.zeros(len(flat), dtype=bool)),
            np.tile(single, n))


@dataclass(frozen=True)
class Row:
    label: str
    n: int
    information: float  # median pooled information (reference items)
    cover68: float
    cover90: float
    bias: float
    mae: float
    rmse: float
    targeted: bool

    @classmethod
    def of(cls, label: str, r: Results, targeted: bool = True) -> Row:
        err = r.median - r.truth
        return cls(label, len(r), float(np.median(r.information)),
                   float(np.mean((r.low68 <= r.truth) & (r.truth <= r.high68))),
                   float(np.mean((r.low <= r.truth) & (r.truth <= r.high))),
                   float(err.mean()), float(np.abs(err).mean()), float(np.sqrt((err**2).mean())), targeted)

    @property
    def met(self) -> bool:
        return (TARGET_90[0] <= self.cover90 <= TARGET_90[1] and TARGET_68[0] <= self.cover68 <= TARGET_68[1]
                and abs(self.bias) < TARGET_BIAS)

    @property
    def result(self) -> str:
        if not self.targeted:
            return "info"
        return "PASS" if self.met else "MISS"


def breakdown(r: Results, targeted: bool = True, by_theta: bool = True) -> list[Row]:
    """All, by pooled-information tertile, by the sufficiency rule, and (diagnostic) by true level."""
    rows = [Row.of("all", r, targeted)]

    def add(label: str, mask: np.ndarray) -> None:
        if mask.any():
            rows.append(Row.of(label, r.subset(mask), targeted and int(mask.sum()) >= MIN_TARGETED))

    cuts = np.quantile(r.information, [1 / 3, 2 / 3])
    tertile = np.searchsorted(cuts, r.information, side="right")
    for t, name in enumerate(("least", "middle", "most")):
        mask = tertile == t
        if mask.any():
            info = r.information[mask]
            add(f"{name} information ({info.min():.2f}-{info.max():.2f})", mask)
    if r.insufficient.any():
        add("insufficient by the rubric's rule", r.insufficient)
        add("sufficient", ~r.insufficient)
    if by_theta:
        for lo, hi in ((0, 10), (10, 90), (90, 100)):
            mask = (r.truth >= lo) & (r.truth < hi) if hi < 100 else (r.truth >= lo)
            if mask.any():
                rows.append(Row.of(f"true level {lo}-{hi} (diagnostic)", r.subset(mask), False))
    return rows


def table(title: str, rows: list[Row]) -> str:
    head = ("group", "n", "info", "68% cov", "90% cov", "mean err", "MAE", "RMSE", "result")
    body = [(r.label, f"{r.n}", f"{r.information:.2f}", f"{r.cover68:.3f}", f"{r.cover90:.3f}", f"{r.bias:+.2f}",
             f"{r.mae:.2f}", f"{r.rmse:.2f}", r.result) for r in rows]
    widths = [max(len(x[i]) for x in (head, *body)) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([title, line(head), "  ".join("-" * w for w in widths), *map(line, body)])


def frozen_draws_note(rubric: Rubric, draws_seed: int = DEFAULT_SEED) -> str:
    """What the engine's fixed posterior draws give a fundamental of one criterion: the share of the posterior
    its 68% and 90% intervals actually hold (the same for every case, since the uniforms are keyed by criterion)."""
    frame = composite.Frame.build(SimpleNamespace(not_applicable=()), rubric)
    u = composite.draw_uniforms(frame, draws_seed)
    q = np.quantile(u, [0.05, 0.16, 0.84, 0.95], axis=1)
    parts = []
    for f, fundamental in enumerate(rubric.fundamentals):
        cols = np.flatnonzero(frame.fundamental_of == f)
        if len(cols) == 1:
            c = cols[0]
            parts.append(f"{fundamental.id} {q[2, c] - q[1, c]:.3f} / {q[3, c] - q[0, c]:.3f}")
    return ("note: with the engine's draws (seed {}), a fundamental of one criterion holds this much of its "
            "posterior in its 68% / 90% interval, in every case: {}".format(draws_seed, ", ".join(parts)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2,000 criteria and 300 cases (default: 20,000 and 3,000)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of numpy's default_rng (default: %(default)s)")
    parser.add_argument("--criteria", type=int, help="synthetic criteria (overrides the mode)")
    parser.add_argument("--cases", type=int, help="synthetic whole cases for the overall scenario (0 skips it)")
    args = parser.parse_args(argv)
    n_criteria = args.criteria if args.criteria is not None else (2000 if args.quick else 20000)
    n_cases = args.cases if args.cases is not None else (300 if args.quick else 3000)
    rubric = load_rubric(RUBRIC)
    model = Model.of(rubric)
    started = time.perf_counter()
    print(f"assess calibration ({'quick' if args.quick else 'full'}, seed {args.seed}): rubric {RUBRIC}, "
          f"error_sd {model.error_sd:g}, event_correlation {model.event_correlation:g}, "
          f"source_correlation {model.source_correlation:g}, prior Beta({model.supports:g}, {model.undermines:g})")
    print(f"targets: 90% coverage {TARGET_90[0]:.2f}-{TARGET_90[1]:.2f}, 68% coverage {TARGET_68[0]:.2f}-"
          f"{TARGET_68[1]:.2f}, |mean error| < {TARGET_BIAS:g} points; rows marked info are diagnostics, as is any "
          f"subgroup of fewer than {MIN_TARGETED}\n")
    rows = breakdown(simulate_criteria(n_criteria, args.seed, rubric))
    print(table(f"criteria: {n_criteria} synthetic criteria, 1-5 sources x 1-6 events x 1-3 reports", rows))
    all_rows = list(rows)
    if n_cases:
        overall, fundamentals, single = simulate_cases(n_cases, args.seed + 1, rubric)
        o_rows = [Row.of("overall", overall)]
        cuts = np.quantile(overall.information, [0.5])
        for name, mask in (("overall, less information", overall.information <= cuts[0]),
                           ("overall, more information", overall.information > cuts[0])):
            o_rows.append(Row.of(name, overall.subset(mask), int(mask.sum()) >= MIN_TARGETED))
        o_rows.append(Row.of("fundamentals (all of every case)", fundamentals))
        o_rows.append(Row.of("fundamentals of one criterion (diagnostic)", fundamentals.subset(single), False))
        o_rows.append(Row.of("fundamentals of several (diagnostic)", fundamentals.subset(~single), False))
        print()
        print(table(f"overall: {n_cases} synthetic cases, every criterion of {RUBRIC} (a quarter with no evidence), "
                    f"{rubric.aggregation} aggregation, {composite.POSTERIOR_DRAWS} posterior draws", o_rows))
        all_rows += o_rows
        print(frozen_draws_note(rubric))
    control = simulate_criteria(max(n_criteria // 4, 200), args.seed + 2, rubric, pool_correlation=(0.0, 0.0),
                                nest=CONTROL_NEST)
    print()
    print(table("control (must miss): 1-2 sources x 3-6 events x 2-3 reports, one grade per criterion, pooled "
                "as if independent (both correlations 0)",
                breakdown(control, targeted=False, by_theta=False)))
    ok = all(r.met for r in all_rows if r.targeted)
    print(f"\n{'all targets met' if ok else 'TARGETS MISSED'}; {time.perf_counter() - started:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
