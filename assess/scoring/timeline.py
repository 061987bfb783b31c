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
    started = {e.id for e in case.evidence if e.date is not None and date_bounds(e.date)[0] <= as_of}
    kept = [r for r in case.ratings if r.evidence and set(r.evidence) <= started]
    return case if len(kept) == len(case.ratings) else case.model_copy(update={"ratings": kept})


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
    for cutoff in cutoffs:
        while added < len(dated) and dated[added].start <= cutoff:  # type: ignore[operator]
            tally.add(dated[added])
            added += 1
        frame_at = Frame.build(ratings_as_of(case, cutoff), rubric) if case is not None and rubric is not None and case.ratings else frame
        points.append(point(frame_at, tally, bands, cutoff, added))
    return points


def point(frame: Frame, tally: Tally, bands: list[Band], when: date, count: int) -> TimePoint:
    """One point of the series."""
    means, variances = frame.estimates(tally)
    composite = compose(frame, means, variances)
    if composite.overall is None:
        return TimePoint(as_of=when.isoformat(), score=None, low=None, high=None,
                         verdict=verdicts.INSUFFICIENT, evidence_count=count)
    low, high, _ = overall_interval(composite.overall, composite.overall_var)
    band = bands[verdicts.band_index(bands, composite.overall * 100)]  # type: ignore[index]
    return TimePoint(as_of=when.isoformat(), score=_pct(composite.overall), low=_pct(low), high=_pct(high),
                     verdict=band.label, evidence_count=count)


def _pct(value: float) -> float:
    return round(value * 100.0, 2) + 0.0
