"""`score(case, rubric)`: the pure function from a case and a rubric to an Assessment (no files, no clock)."""

from __future__ import annotations

from datetime import date

from assess import __version__
from assess.models.assessment import (
    Assessment, Coverage, CriterionResult, FundamentalResult, Overall, PartyTilt, RatingResult, Sensitivity,
)
from assess.models.case import Case
from assess.models.rubric import Band, Rubric
from assess.scoring import beta, timeline
from assess.scoring import verdict as verdicts
from assess.scoring.composite import Frame, compose, overall_interval
from assess.scoring.evidence import Bearing, Item, Tally, breakdown, prepare
from assess.scoring.flags import red_flags
from assess.scoring.sensitivity import DEFAULT_DRAWS, DEFAULT_SEED, WEIGHT_JITTER, STABLE_SHARE, leave_one_out, monte_carlo
from assess.scoring.tilt import party_tilts

INTERVAL_LEVEL = 0.9


def _pct(value: float | None) -> float | None:
    """0-1 to 0-100, rounded to 2 decimals at creation so the JSON is stable (and never -0.0)."""
    return None if value is None else round(value * 100.0, 2) + 0.0


def _r(value: float, digits: int = 3) -> float:
    return round(value, digits) + 0.0


def _level(score: float, max_level: int) -> int:
    """The scale level nearest a 0-100 score (a rating at level L scores L / max_level * 100)."""
    return min(max_level, int(score / 100.0 * max_level + 0.5))


def score(
    case: Case,
    rubric: Rubric,
    *,
    as_of: date | None = None,
    seed: int = DEFAULT_SEED,
    draws: int = DEFAULT_DRAWS,
    case_file: str = "",
    case_sha256: str = "",
    generated: str | date | None = None,
) -> Assessment:
    """Score a case against a rubric; see docs/method.md Part 1 for every formula.

    `as_of` keeps only evidence whose date starts on or before it; `seed` and `draws` drive the sensitivity
    analysis (`draws=0` skips it). The result is the same for the same inputs, byte for byte.
    """
    rated_case = timeline.ratings_as_of(case, as_of)
    frame = Frame.build(rated_case, rubric)
    index = {cid: i for i, cid in enumerate(frame.criterion_ids)}
    all_items = prepare(case, rubric.weighting, index)
    items = timeline.as_of_slice(all_items, as_of)
    tally = Tally.of(items, frame.size)
    means, variances = frame.estimates(tally)
    composite = compose(frame, means, variances)
    bands = verdicts.sorted_bands(rubric)

    by_criterion: list[list[tuple[Item, Bearing]]] = [[] for _ in range(frame.size)]
    for item in items:
        for b in item.bearings:
            by_criterion[b.criterion].append((item, b))
    criterion_results = [_criterion(c, frame, tally, by_criterion[c], rated_case, rubric) for c in range(frame.size)]
    fundamentals = []
    for f, fundamental in enumerate(rubric.fundamentals):
        value, var, counted = composite.fundamentals[f]
        low, high = (None, None) if value is None else overall_interval(value, var, INTERVAL_LEVEL)[:2]
        fundamentals.append(
            FundamentalResult.model_construct(
                id=fundamental.id, title=fundamental.title, weight=fundamental.weight, score=_pct(value),
                low=_pct(low), high=_pct(high), criteria=[c.id for c in fundamental.criteria], scored_criteria=counted,
            )
        )

    overall = _overall(composite.overall, composite.overall_var, bands)
    prior = (rubric.prior.supports + rubric.prior.undermines) / 2.0
    tilts = party_tilts(case.conflict.parties, items, rubric.weighting, prior)
    parties = [
        PartyTilt.model_construct(
            id=p.id, name=p.name, tilt=_r(tilts.tilt[i]), conduct_tilt=_r(tilts.conduct[i]),
            structural_tilt=_r(tilts.structural[i]), favour_weight=_r(tilts.weights[i]), evidence=tilts.evidence[i],
        )
        for i, p in enumerate(case.conflict.parties)
    ]

    return Assessment.model_construct(
        tool_version=__version__,
        generated=generated.isoformat() if isinstance(generated, date) else (generated or ""),
        case_file=case_file,
        case_sha256=case_sha256,
        as_of=as_of.isoformat() if as_of else None,
        overall=overall,
        fundamentals=fundamentals,
        criteria=criterion_results,
        parties=parties,
        balance_index=_r(tilts.balance),
        flags=red_flags(rubric.red_flags, items, case.conflict.parties, frame.criterion_ids),
        coverage=_coverage(criterion_results, rubric, case),
        sensitivity=_sensitivity(frame, items, tally, rubric, bands, composite.overall, seed, draws),
        trajectory=timeline.trajectory(frame, items, bands, as_of, case=case, rubric=rubric),
        case=case,
        rubric=rubric,
    )


def _criterion(
    c: int, frame: Frame, tally: Tally, bearing: list[tuple[Item, Bearing]], case: Case, rubric: Rubric
) -> CriterionResult:
    """One criterion's result: status, score, interval, the evidence behind it and any ratings."""
    criterion = rubric.criteria()[c]
    cid = criterion.id
    max_level = len(rubric.scale) - 1
    status, mean, _ = frame.estimate(tally, c)
    ev_score = ev_low = ev_high = None
    if frame.sufficient(tally, c):
        a, b = frame.posterior(tally, c)
        ev_mean = a / (a + b)
        low, high = beta.interval(a, b, INTERVAL_LEVEL)
        # For very skewed posteriors the mean can fall outside the central interval; keep low <= score <= high.
        ev_score, ev_low, ev_high = _pct(ev_mean), _pct(min(low, ev_mean)), _pct(max(high, ev_mean))
    ratings = [
        RatingResult.model_construct(
            level=r.level, label=rubric.scale[r.level].label, score=_pct(r.level / max_level),  # type: ignore[arg-type]
            rationale=r.rationale, evidence=r.evidence, assessor=r.assessor,
        )
        for r in case.ratings
        if r.criterion == cid
    ]
    score_ = low_ = high_ = None
    rating = None
    if status == "rated":
        score_ = _pct(mean)
        rating = next(r for r in ratings if r.score == score_)
        low_, high_ = min(r.score for r in ratings), max(r.score for r in ratings)
    elif status == "scored":
        score_, low_, high_ = ev_score, ev_low, ev_high
    level = _level(score_, max_level) if score_ is not None else None
    outside = bool(rating and ev_low is not None and not (ev_low <= rating.score <= ev_high))  # type: ignore[operator]
    return CriterionResult.model_construct(
        id=cid, title=criterion.title, fundamental=rubric.fundamental_of(cid).id, weight=criterion.weight,
        status=status, score=score_, low=low_, high=high_, level=level,  # type: ignore[arg-type]
        level_label=rubric.scale[level].label if level is not None else None,
        evidence_score=ev_score, evidence_low=ev_low, evidence_high=ev_high,
        support_weight=_r(tally.support[c], 4), undermine_weight=_r(tally.undermine[c], 4),
        evidence=[item.id for item, _ in bearing],
        weights=[breakdown(item, b, cid, rubric.weighting) for item, b in bearing],
        rating=rating, ratings=ratings, rating_outside_interval=outside, structural=criterion.structural,
    )


def _overall(mean: float | None, var: float, bands: list[Band]) -> Overall:
    """The overall score, its interval, the verdict band and how likely the score lies in that band."""
    if mean is None:
        return Overall.model_construct(score=None, low=None, high=None, verdict=verdicts.INSUFFICIENT,
                       verdict_description="No criterion has enough evidence (or a rating) to be scored.")
    low, high, shape = overall_interval(mean, var, INTERVAL_LEVEL)
    index = verdicts.band_index(bands, mean * 100.0)
    probability = verdicts.band_probability(bands, index, shape, mean * 100.0)  # type: ignore[arg-type]
    band = bands[index]  # type: ignore[index]
    return Overall.model_construct(
        score=_pct(mean), low=_pct(low), high=_pct(high), verdict=band.label, verdict_description=band.description,
        likelihood=verdicts.likelihood(probability), probability=_r(probability),
    )


def _coverage(results: list[CriterionResult], rubric: Rubric, case: Case) -> Coverage:
    """How much of the rubric has a number, and how much of the evidence went into one."""
    total_f = sum(f.weight for f in rubric.fundamentals) or 1.0
    covered = 0.0
    by_id = {r.id: r for r in results}
    for fundamental in rubric.fundamentals:
        total_c = sum(c.weight for c in fundamental.criteria)
        for criterion in fundamental.criteria:
            if by_id[criterion.id].status != "insufficient":
                covered += fundamental.weight / total_f * criterion.weight / total_c
    used = {e for r in results if r.evidence_score is not None for e in r.evidence}
    return Coverage.model_construct(
        criteria_total=len(results),
        scored=sum(r.status == "scored" for r in results),
        rated=sum(r.status == "rated" for r in results),
        insufficient=sum(r.status == "insufficient" for r in results),
        weight_covered=_r(covered),
        evidence_total=len(case.evidence),
        evidence_used=len(used),
    )


def _sensitivity(
    frame: Frame, items: list[Item], tally: Tally, rubric: Rubric, bands: list[Band], overall: float | None,
    seed: int, draws: int,
) -> Sensitivity | None:
    """Monte Carlo range and verdict stability, and the evidence whose removal alone changes the verdict."""
    if draws <= 0:
        return None

    find = verdicts.band_finder(bands)

    def verdict(value: float | None) -> int | None:
        return find(None if value is None else value * 100.0)

    mc = monte_carlo(frame, items, tally, rubric.weighting, verdict, seed, draws)
    without = leave_one_out(frame, items, tally)
    target = verdict(overall)
    return Sensitivity.model_construct(
        seed=seed, draws=draws, weight_jitter=WEIGHT_JITTER, low=_pct(mc.low), high=_pct(mc.high),
        verdict_stable=mc.share >= STABLE_SHARE, verdict_share=_r(mc.share),
        decisive_evidence=[eid for eid, value in without.items() if verdict(value) != target],
        leave_one_out={eid: _pct(value) for eid, value in without.items()},
    )
