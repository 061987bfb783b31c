"""Time: the evidence as of a date, and the overall result as of the end of each year evidence starts in."""

from __future__ import annotations

from datetime import date

from assess.models.assessment import TimePoint
from assess.models.base import date_bounds
from assess.models.case import Case
from assess.models.rubric import Band, Rubric
from assess.scoring import verdict as verdicts
from assess.scoring.composite import Frame, compose, overall_interval
from assess.scoring.evidence import Item, Tally


def as_of_slice(items: list[Item], as_of: date | None) -> list[Item]:
    """Items whose event date starts on or before `as_of` (undated items count only without `as_of`)."""
    if as_of is None:
        return items
    return [item for item in items if item.start is not None and item.start <= as_of]


def ratings_as_of(case: Case, as_of: date | None) -> Case:
    """The case with only the ratings that stand as of `as_of`.

    A rating rests on the evidence it cites: in a slice it counts only if it cites evidence and all of that
    evidence had started by `as_of` (a 2020 judgement must not colour the picture of 1994).
    """
    if as_of is None or not case.ratings:
        return case
    starts = rating_starts(case)
    kept = [r for r, start in zip(case.ratings, starts) if start is not None and start <= as_of]
    return case if len(kept) == len(case.ratings) else case.model_copy(update={"ratings": kept})


def rating_starts(case: Case) -> list[date | None]:
    """When each rating comes to stand: the latest start of the evidence it cites (None: it never does in a slice)."""
    started = {e.id: date_bounds(e.date)[0] for e in case.evidence if e.date is not None}
    starts: list[date | None] = []
    for rating in case.ratings:
        cited = [started.get(ev) for ev in rating.evidence]
        starts.append(max(cited) if cited and None not in cited else None)  # type: ignore[type-var]
    return starts


def trajectory(
    frame: Frame, items: list[Item], bands: list[Band], as_of: date | None = None, *,
    case: Case | None = None, rubric: Rubric | None = None,
) -> list[TimePoint]:
    """The overall score, interval and verdict as of 31 December of every year in which dated evidence starts.

    The last point is `as_of` itself when given. Items are added year by year to one running tally, so the
    whole series costs one pass over the evidence plus one aggregation per year. Each point is an as-of slice,
    so with `case` and `rubric` given, a rating counts at a point only once its evidence had started.
    """
    dated = sorted((i for i in items if i.start is not None and (as_of is None or i.start <= as_of)),
                   key=lambda i: (i.start, i.id))
    cutoffs = sorted({date(i.start.year, 12, 31) for i in dated})  # type: ignore[union-attr]
    if as_of is not None:
        cutoffs = [min(c, as_of) for c in cutoffs]
        if cutoffs and cutoffs[-1] < as_of:
            cutoffs.append(as_of)
    points: list[TimePoint] = []
    tally = Tally(frame.size)
    added = 0
    rated = case is not None and rubric is not None and bool(case.ratings)
    if rated:
        # Ratings come to stand in date order: the frame changes only when one more of them does.
        by_start = sorted((start, i) for i, start in enumerate(rating_starts(case)) if start is not None)  # type: ignore[arg-type]
        frames: dict[int, Frame] = {}
    for cutoff in cutoffs:
        while added < len(dated) and dated[added].start <= cutoff:  # type: ignore[operator]
            tally.add(dated[added])
            added += 1
        frame_at = frame
        if rated:
            standing = sum(1 for start, _ in by_start if start <= cutoff)
            if standing not in frames:
                kept = sorted(i for _, i in by_start[:standing])  # in file order, as the case lists them
                frames[standing] = Frame.build(case, rubric, [case.ratings[i] for i in kept])  # type: ignore[union-attr,arg-type]
            frame_at = frames[standing]
        points.append(point(frame_at, tally, bands, cutoff, added))
    return points


def point(frame: Frame, tally: Tally, bands: list[Band], when: date, count: int) -> TimePoint:
    """One point of the series."""
    means, variances = frame.estimates(tally)
    composite = compose(frame, means, variances)
    if composite.overall is None:
        return TimePoint.model_construct(as_of=when.isoformat(), score=None, low=None, high=None,
                         verdict=verdicts.INSUFFICIENT, evidence_count=count)
    low, high, _ = overall_interval(composite.overall, composite.overall_var)
    band = bands[verdicts.band_index(bands, composite.overall * 100)]  # type: ignore[index]
    return TimePoint.model_construct(as_of=when.isoformat(), score=_pct(composite.overall), low=_pct(low), high=_pct(high),
                     verdict=band.label, evidence_count=count)


def _pct(value: float) -> float:
    return round(value * 100.0, 2) + 0.0
