"""Time: the evidence as of a date, and the overall result as of the end of each year evidence starts in."""

from __future__ import annotations

from datetime import date

from assess.models.assessment import TimePoint
from assess.models.base import date_bounds
from assess.models.case import Case
import numpy as np

from assess.models.rubric import Band
from assess.scoring import verdict as verdicts
from assess.scoring.composite import Frame, summarise
from assess.scoring.evidence import Item


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
    frame: Frame, items: list[Item], bands: list[Band], uniforms: np.ndarray, as_of: date | None = None, *,
    case: Case | None = None,
) -> list[TimePoint]:
    """The overall score, interval and verdict as of 31 December of every year in which dated evidence starts.

    The last point is `as_of` itself when given. Each point is an as-of slice scored by the same model, so with
    `case` given a rating counts at a point only once the evidence it cites had started.
    """
    from assess.scoring.engine import EVIDENCED, run

    dated = sorted((i for i in items if i.start is not None and (as_of is None or i.start <= as_of)),
                   key=lambda i: (i.start, i.id))
    cutoffs = sorted({date(i.start.year, 12, 31) for i in dated})  # type: ignore[union-attr]
    if as_of is not None:
        cutoffs = [min(c, as_of) for c in cutoffs]
        if cutoffs and cutoffs[-1] < as_of:
            cutoffs.append(as_of)
    starts = rating_starts(case) if case is not None and case.ratings else []
    points: list[TimePoint] = []
    for cutoff in cutoffs:
        kept = [i for i in dated if i.start <= cutoff]  # type: ignore[operator]
        ratings = [r for r, start in zip(case.ratings, starts) if start is not None and start <= cutoff] if starts else []  # type: ignore[union-attr]
        result = run(frame, kept, ratings, uniforms)
        if not any(s.status in EVIDENCED for s in result.states):
            points.append(TimePoint.model_construct(as_of=cutoff.isoformat(), score=None, low=None, high=None,
                                                    verdict=verdicts.INSUFFICIENT, evidence_count=len(kept)))
            continue
        low, _, mid, _, high = summarise(result.overall)
        band = bands[verdicts.band_index(bands, mid)]  # type: ignore[index]
        points.append(TimePoint.model_construct(as_of=cutoff.isoformat(), score=_pct(mid), low=_pct(low),
                                                high=_pct(high), verdict=band.label, evidence_count=len(kept)))
    return points


def _pct(value: float) -> float:
    return round(value, 2) + 0.0
