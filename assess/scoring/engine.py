"""`score(case, rubric)`: the pure function from a case and a rubric to an Assessment (no files, no clock)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from assess import __version__
from assess.models.assessment import (
    Assessment, Coverage, CriterionResult, Flag, FundamentalResult, Headline, Overall, PartyTilt, RatingResult,
    ScoreDistribution, TiltInterval, Timeline,
)
from assess.models.case import Case, Party, Rating
from assess.models.rubric import Band, Rubric
from assess.scoring import timeline
from assess.scoring import verdict as verdicts
from assess.scoring.composite import (
    CriterionState, Frame, StateCache, aggregate, criterion_states, draw_uniforms, posterior_draws, summarise,
)
from assess.scoring.evidence import Bearing, Item, breakdown, prepare
from assess.scoring.flags import red_flags
from assess.scoring.headline import capped_band, headline_result
from assess.scoring.sensitivity import DEFAULT_DRAWS, DEFAULT_SEED, sensitivity
from assess.scoring.tilt import PartyTilts, TiltSummary, party_tilts

EVIDENCED = ("scored", "rated")


def _r(value: float | None, digits: int = 2) -> float | None:
    """Rounded at creation so the JSON is stable (and never -0.0); None and NaN stay None."""
    if value is None or value != value:
        return None
    return round(float(value), digits) + 0.0


def _level(score: float, max_level: int) -> int:
    """The scale level nearest a 0-100 score (level L sits at L / max_level * 100)."""
    return min(max_level, int(score / 100.0 * max_level + 0.5))


@dataclass(frozen=True)
class Run:
    """One pass of the measurement model over a set of items and ratings."""

    states: list[CriterionState]
    fundamentals: np.ndarray  # (draws, F)
    overall: np.ndarray  # (draws,)
    criteria: np.ndarray  # (draws, C)


def run(frame: Frame, items: Sequence[Item], ratings: Sequence[Rating], uniforms: np.ndarray,
        cache: StateCache | None = None) -> Run:
    """Criterion posteriors, then the fundamental and overall distributions from draws of them (`cache`: states
    and draws already computed in this scoring run, for the time slices and leave-out runs)."""
    states = criterion_states(frame, items, ratings, cache)
    draws = posterior_draws(frame, states, uniforms, cache)
    fundamentals, overall = aggregate(frame, draws)
    return Run(states, fundamentals, overall, draws)


def evidenced_share(frame: Frame, states: Sequence[CriterionState]) -> tuple[np.ndarray, float]:
    """(per fundamental, overall): the share of applicable weight whose criteria are scored or rated."""
    n_f = len(frame.fundamental_weights)
    per = np.zeros(n_f)
    present = np.zeros(n_f, dtype=bool)
    evidenced = np.array([s.status in EVIDENCED for s in states])
    for f in range(n_f):
        cols = (frame.fundamental_of == f) & frame.applicable
        total = frame.criterion_weights[cols].sum()
        if total > 0:
            present[f] = True
            per[f] = frame.criterion_weights[cols & evidenced].sum() / total
    fw = frame.fundamental_weights * present
    overall = float((fw * per).sum() / fw.sum()) if fw.sum() > 0 else 0.0
    return per, overall


def score(
    case: Case,
    rubric: Rubric,
    *,
    as_of: date | None = None,
    since: date | None = None,
    window_months: int = timeline.YEAR,
    seed: int = DEFAULT_SEED,
    draws: int = DEFAULT_DRAWS,
    case_file: str = "",
    case_sha256: str = "",
    generated: str | date | None = None,
    slices: bool = True,
) -> Assessment:
    """Score a case against a rubric; see docs/method.md Part 1 for every formula.

    `as_of` keeps only evidence whose date starts on or before it, and `since` (a window) only evidence that has
    not ended before it; a date before the mediation's start gives no verdict. `window_months` is the length of the
    `windows` points. `seed` drives every draw; `draws` sets the sensitivity analysis (`draws=0` skips it). The
    result is the same for the same inputs, byte for byte. `slices=False` leaves out the time slices (`trajectory`
    and `windows` empty; nothing else changes): for data sets that do not record them.
    """
    start = timeline.mediation_start(case)
    before = timeline.before_mediation(as_of, start)
    rated_case = timeline.ratings_within(case, since, as_of)
    if before:  # nothing to judge yet: earlier evidence and ratings on it are background context
        rated_case = rated_case.model_copy(update={"ratings": []})
    frame = Frame.build(case, rubric)
    index = {cid: i for i, cid in enumerate(frame.criterion_ids)}
    all_items = prepare(case, rubric.weighting, index, rubric.measurement, frame.max_level)
    items = timeline.as_of_slice(all_items, as_of)
    scored = [] if before else [i for i in timeline.in_period(items, since, as_of) if not i.background]
    uniforms = draw_uniforms(frame, seed)
    cache = StateCache()  # every re-scoring of this case below (slices, leave-outs) reuses unchanged criteria
    result = run(frame, scored, rated_case.ratings, uniforms, cache)
    bands = verdicts.sorted_bands(rubric)
    shares, overall_share = evidenced_share(frame, result.states)
    provisional_below = rubric.sufficiency.provisional_below

    by_criterion: list[list[tuple[Item, Bearing]]] = [[] for _ in range(frame.size)]
    for item in scored:
        for b in item.bearings:
            by_criterion[b.criterion].append((item, b))
    reasons = {na.criterion: na.reason for na in case.not_applicable}
    criterion_results = [
        _criterion(c, frame, result.states[c], result.criteria[:, c], by_criterion[c], rated_case, rubric, reasons)
        for c in range(frame.size)
    ]
    fundamentals = []
    for f, fundamental in enumerate(rubric.fundamentals):
        column = result.fundamentals[:, f]
        low, low68, mid, high68, high = summarise(column) if not np.isnan(column).any() else (None,) * 5
        fundamentals.append(
            FundamentalResult.model_construct(
                id=fundamental.id, title=fundamental.title, weight=fundamental.weight, score=_r(mid),
                low=_r(low), high=_r(high), low68=_r(low68), high68=_r(high68),
                criteria=[c.id for c in fundamental.criteria],
                scored_criteria=sum(result.states[c].status in EVIDENCED for c in np.flatnonzero(frame.fundamental_of == f)),
                evidenced_share=_r(shares[f], 3), provisional=mid is not None and bool(shares[f] < provisional_below - 1e-9),
            )
        )
    evidenced_any = any(s.status in EVIDENCED for s in result.states)
    flags = red_flags(rubric.red_flags, scored, case.conflict.parties, frame.criterion_ids)
    analysis = sensitivity(frame, scored, rated_case.ratings, uniforms, bands, result, rubric, seed, cache,
                           draws if evidenced_any else -draws)
    joint = {d.target: d for d in analysis.distributions} if analysis is not None else {}
    headline = _headline(frame, rubric, case, result, shares, scored, rated_case.ratings, joint)
    overall = _overall(result.overall if evidenced_any else None, bands, overall_share < provisional_below - 1e-9,
                       joint.get("overall"))
    overall = _cap(overall, bands, headline, rubric, flags)
    if before:
        overall = _before_mediation(start)  # type: ignore[arg-type]
        headline = _headline_before_mediation(headline, overall, case)
        # Not even the prior is a finding before the mediation: fundamentals get no number either.
        fundamentals = [f.model_copy(update=dict.fromkeys(("score", "low", "high", "low68", "high68")))
                        for f in fundamentals]
    # The slices are a chart and a table of verdicts: fewer posterior draws (their own keyed, stratified set).
    cumulative, windows = [], []
    if slices:
        slice_uniforms = draw_uniforms(frame, seed, timeline.SLICE_DRAWS)
        cumulative, windows = timeline.trajectory(frame, [i for i in items if not i.background], bands,
                                                  slice_uniforms, as_of, case=case, start=start,
                                                  window_months=window_months, cache=cache.sharing_states())
    undated, undated_share = timeline.undated_weight(frame, [i for i in all_items if not i.background])
    tilts = party_tilts(case.conflict.parties, scored, rubric.weighting, rubric.measurement.source_correlation)
    parties = [_party(p, t) for p, t in zip(case.conflict.parties, tilts)]
    return Assessment.model_construct(
        schema_version="3",
        tool_version=__version__,
        generated=generated.isoformat() if isinstance(generated, date) else (generated or ""),
        case_file=case_file,
        case_sha256=case_sha256,
        as_of=as_of.isoformat() if as_of else None,
        headline=headline,
        window_start=since.isoformat() if since else None,
        overall=overall,
        fundamentals=fundamentals,
        criteria=criterion_results,
        parties=parties,
        flags=flags,
        coverage=_coverage(criterion_results, frame, overall_share, case, scored, items),
        sensitivity=analysis,
        trajectory=cumulative,
        windows=windows,
        timeline=Timeline.model_construct(
            mediation_start=start.isoformat() if start else None, before_mediation=before,
            window=timeline.window_label(window_months), undated_evidence=undated, undated_weight_share=undated_share,
        ),
        background=[i.id for i in items if i.background],
        case=case,
        rubric=rubric,
    )


def lean_of(low: float, high: float) -> str:
    """`toward` / `against` when the (rounded) 90% interval lies wholly above / below 0, else `none` (method §6).

    Decided on the rounded bounds, so a report never prints an interval from 0.00 beside the words "leans toward".
    """
    return "toward" if low > 0 else "against" if high < 0 else "none"


def _interval(summary: TiltSummary) -> TiltInterval:
    low, high = _r(summary.low, 3), _r(summary.high, 3)
    return TiltInterval.model_construct(
        tilt=_r(summary.median, 3), low=low, high=high, low68=_r(summary.low68, 3), high68=_r(summary.high68, 3),
        lean=lean_of(low, high), weight=_r(summary.weight, 3),  # type: ignore[arg-type]
    )


def _party(party: Party, tilts: PartyTilts) -> PartyTilt:
    """One party's tilt for the result: the total with its intervals, and the three components."""
    total = _interval(tilts.total)
    conduct, perceived, structural = (_interval(tilts.components[c]) for c in ("conduct", "perceived", "structural"))
    return PartyTilt.model_construct(
        id=party.id, name=party.name, tilt=total.tilt, low=total.low, high=total.high, low68=total.low68,
        high68=total.high68, lean=total.lean, conduct=conduct, perceived=perceived, structural=structural,
        conduct_tilt=conduct.tilt, perceived_tilt=perceived.tilt, structural_tilt=structural.tilt,
        favour_weight=total.weight, evidence=tilts.evidence,
    )


def _criterion(
    c: int, frame: Frame, state: CriterionState, draws: np.ndarray, bearing: list[tuple[Item, Bearing]],
    case: Case, rubric: Rubric, reasons: dict[str, str],
) -> CriterionResult:
    """One criterion's result: status, posterior summary, the evidence behind it and any ratings."""
    criterion = rubric.criteria()[c]
    cid = criterion.id
    m = frame.measurement
    max_level = frame.max_level
    est, ev = state.estimate, state.evidence_estimate
    has_evidence = state.evidence.events > 0
    ratings = [
        RatingResult.model_construct(
            level=r.level, label=rubric.scale[r.level].label, score=_r(100.0 * r.level / max_level),  # type: ignore[arg-type]
            rationale=r.rationale, evidence=r.evidence, assessor=r.assessor, confidence=r.confidence,
        )
        for r in case.ratings
        if r.criterion == cid
    ]
    reported = state.status in EVIDENCED
    score_ = _r(est.median) if reported else None
    level = _level(est.median, max_level) if reported else None
    rating = min(ratings, key=lambda r: (abs(r.score - est.median), r.score)) if ratings else None
    far = False
    if ratings and has_evidence:
        for r in case.ratings:
            if r.criterion == cid:
                rating_sd = m.rating_sd * m.confidence_factors[r.confidence]
                z = abs(100.0 * r.level / max_level - ev.mean) / float(np.hypot(ev.sd, rating_sd))
                far = far or z > m.rating_flag_z
    support = [b.base * item.grade for item, b in bearing if b.sign > 0]
    undermine = [b.base * item.grade for item, b in bearing if b.sign < 0]
    applicable = state.status != "not_applicable"
    agg_low, agg_high = (float(v) for v in np.quantile(draws, [0.05, 0.95])) if applicable else (None, None)
    return CriterionResult.model_construct(
        id=cid, title=criterion.title, fundamental=rubric.fundamental_of(cid).id, weight=criterion.weight,
        status=state.status, score=score_,  # type: ignore[arg-type]
        low=_r(est.low) if reported else None, high=_r(est.high) if reported else None,
        low68=_r(est.low68) if reported else None, high68=_r(est.high68) if reported else None,
        aggregate_score=_r(est.median) if applicable else None, aggregate_low=_r(agg_low), aggregate_high=_r(agg_high),
        information=_r(ev.information, 3), events=state.evidence.events,
        not_applicable_reason=reasons.get(cid),
        level=level, level_label=rubric.scale[level].label if level is not None else None,
        evidence_score=_r(ev.median) if has_evidence else None,
        evidence_low=_r(ev.low) if has_evidence else None, evidence_high=_r(ev.high) if has_evidence else None,
        support_weight=_r(sum(support), 4), undermine_weight=_r(sum(undermine), 4),
        evidence=[item.id for item, _ in bearing],
        weights=[breakdown(item, b, cid, rubric.weighting, m) for item, b in bearing],
        rating=rating, ratings=ratings, rating_outside_interval=far, structural=criterion.structural,
    )


def _joint_share(joint: ScoreDistribution | None, band: Band) -> float | None:
    """Share of the joint uncertainty analysis's draws in a band (None without the analysis)."""
    return None if joint is None else joint.bands.get(band.label)


def _overall(draws: np.ndarray | None, bands: list[Band], provisional: bool,
             joint: ScoreDistribution | None = None) -> Overall:
    """The overall score (median of its draws), its intervals, the verdict band and how likely the score lies
    there: the share of the joint analysis's draws in the band (docs/method.md §7), or without that analysis
    (`draws=0`) the share of the posterior draws."""
    if draws is None or np.isnan(draws).any():
        return Overall.model_construct(score=None, low=None, high=None, verdict=verdicts.INSUFFICIENT,
                                       verdict_description="No criterion has enough evidence (or a rating) to be scored.",
                                       provisional=True)
    low, low68, mid, high68, high = summarise(draws)
    index = verdicts.band_index(bands, mid)
    band = bands[index]  # type: ignore[index]
    probability = _joint_share(joint, band)
    if probability is None:
        probability = verdicts.band_share(bands, index, draws)  # type: ignore[arg-type]
    return Overall.model_construct(
        score=_r(mid), low=_r(low), high=_r(high), low68=_r(low68), high68=_r(high68), provisional=provisional,
        verdict=band.label, verdict_description=band.description, score_band=band.label,
        likelihood=verdicts.likelihood(probability), probability=_r(probability, 3),
    )


def _headline(frame: Frame, rubric: Rubric, case: Case, result: Run, shares: np.ndarray, items: list[Item],
              ratings: Sequence[Rating], joint: dict[str, ScoreDistribution]) -> Headline | None:
    """The rubric's headline fundamental (docs/method.md §4a); None when the rubric names none."""
    fundamental = rubric.headline_fundamental()
    if fundamental is None:
        return None
    f = rubric.fundamentals.index(fundamental)
    cols = np.flatnonzero((frame.fundamental_of == f) & frame.applicable)
    column = result.fundamentals[:, f]
    evidenced = any(result.states[c].status in EVIDENCED for c in cols)
    summary = summarise(column) if evidenced and not np.isnan(column).any() else (None,) * 5
    provisional = bool(shares[f] < rubric.sufficiency.provisional_below - 1e-9)
    distribution = joint.get(fundamental.id)
    probability = None
    if distribution is not None and summary[2] is not None:
        index = verdicts.band_index(verdicts.sorted_bands(rubric), summary[2])
        probability = distribution.bands.get(verdicts.sorted_bands(rubric)[index].label)
    return headline_result(rubric, case, column, summary, float(shares[f]), provisional, items,
                           {int(c) for c in cols}, ratings, stability=probability, probability=probability)


def _cap(overall: Overall, bands: list[Band], headline: Headline | None, rubric: Rubric, flags: list[Flag]) -> Overall:
    """The overall verdict after the rubric's non-compensation caps (docs/method.md §4a); the score is unchanged."""
    if overall.score is None:
        return overall
    score_index = verdicts.band_index(bands, overall.score)
    index, reasons = capped_band(bands, score_index, headline, rubric.non_compensation, flags)  # type: ignore[arg-type]
    if not reasons:
        return overall
    return overall.model_copy(update={
        "verdict": bands[index].label, "verdict_description": bands[index].description, "capped": True,
        "cap_reasons": reasons,
    })
def _before_mediation(start: date) -> Overall:
    """The overall result of a slice that ends before the mediation starts: no score, no verdict."""
    return Overall.model_construct(
        score=None, low=None, high=None, provisional=True, verdict=verdicts.BEFORE_MEDIATION,
        verdict_description=(f"The mediation starts on {start.isoformat()}: there is nothing to judge before then, "
                             "and evidence from earlier is background context."),
    )


def _headline_before_mediation(headline: Headline | None, overall: Overall, case: Case) -> Headline | None:
    """The headline of a slice before the mediation starts: no verdict, and a lead that says why."""
    if headline is None:
        return None
    statement = f"{case.mediator.name} was not yet mediating at this date: there is no verdict on {headline.title.lower()}."
    return headline.model_copy(update={
        **dict.fromkeys(("score", "low", "high", "low68", "high68", "probability")),
        "verdict": overall.verdict, "verdict_description": overall.verdict_description, "likelihood": "",
        "statement": statement, "confidence_statement": "Evidence from before the mediation is background context.",
    })


def _coverage(results: list[CriterionResult], frame: Frame, covered: float, case: Case,
              scored: list[Item], items: list[Item]) -> Coverage:
    """How much of the rubric has a number, how much rests on the prior, how much of the evidence was used."""
    total_f = frame.fundamental_weights.sum() or 1.0
    share = np.zeros(frame.size)
    for f in range(len(frame.fundamental_weights)):
        cols = frame.fundamental_of == f
        share[cols] = frame.fundamental_weights[f] / total_f * frame.criterion_weights[cols] / frame.criterion_weights[cols].sum()
    status = np.array([r.status for r in results])
    not_applicable = float(share[status == "not_applicable"].sum())
    applicable_total = 1.0 - not_applicable
    insufficient = float(share[status == "insufficient"].sum()) / applicable_total if applicable_total > 0 else 0.0
    used = {e for r in results if r.evidence_score is not None for e in r.evidence}
    return Coverage.model_construct(
        criteria_total=len(results),
        scored=int((status == "scored").sum()),
        rated=int((status == "rated").sum()),
        insufficient=int((status == "insufficient").sum()),
        not_applicable=int((status == "not_applicable").sum()),
        weight_covered=_r(covered, 3),
        weight_insufficient=_r(insufficient, 3),
        weight_not_applicable=_r(not_applicable, 3),
        evidence_total=len(case.evidence),
        evidence_used=len(used),
        background=sum(i.background for i in items),
    )
