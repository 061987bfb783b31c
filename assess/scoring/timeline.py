"""Time (docs/method.md §8): as-of slices, period windows, where the mediation starts, and the undated evidence."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Literal

import numpy as np

from assess.models.assessment import TimePoint
from assess.models.base import date_bounds
from assess.models.case import Case, Rating
from assess.models.rubric import Band
from assess.scoring import verdict as verdicts
from assess.scoring.composite import Frame, StateCache, summarise
from assess.scoring.evidence import Item, role_periods

YEAR = 12  # months: the default window is the calendar year of each year-end slice


SLICE_DRAWS = 250  # posterior draws per time slice: each slice's median and interval to a fraction of a point

def mediation_start(case: Case) -> date | None:
    """The first day a slice can have a verdict: the latest start among the case's period (`meta.period`), the
    conflict's period and the first mediating role (None when none of them is dated).

    Before it there is no mediation to judge, so evidence from then is background context (§8).
    """
    starts = [date_bounds(period)[0] for period in (case.meta.period, case.conflict.period) if period]
    periods = role_periods(case.mediator)
    if periods:
        starts.append(min(first for first, _ in periods))
    return max(starts) if starts else None


def before_mediation(as_of: date | None, start: date | None) -> bool:
    """True when a slice ends before the mediation starts (the full case, `as_of` None, never is)."""
    return as_of is not None and start is not None and as_of < start


def window_start(end: date, months: int) -> date:
    """The first day of the window of `months` months that ends on `end`.

    A window ending on a month's last day is made of whole months (12 months to 31 December: that calendar year);
    otherwise it starts the day after the same day `months` months earlier.
    """
    index = end.year * 12 + end.month - 1 - months  # the month just before the window
    year, month = index // 12, index % 12 + 1
    if year < 1:
        return date.min
    last = calendar.monthrange(year, month)[1]
    whole_months = end.day == calendar.monthrange(end.year, end.month)[1]
    return date(year, month, last if whole_months else min(end.day, last)) + timedelta(days=1)


def window_label(months: int) -> str:
    """`1y`, `5y`, `6m`, `18m`: a window length as the command line writes it."""
    return f"{months // 12}y" if months % 12 == 0 else f"{months}m"


def in_period(items: list[Item], since: date | None, as_of: date | None) -> list[Item]:
    """Items whose dates reach into `since`..`as_of`: starting by `as_of` and (with `since`) not ended before it.

    Without either bound every item counts; with one, undated items are in no slice.
    """
    if since is None and as_of is None:
        return items
    first, last = since or date.min, as_of or date.max
    return [i for i in items if i.start is not None and i.start <= last and i.end >= first]  # type: ignore[operator]


def as_of_slice(items: list[Item], as_of: date | None) -> list[Item]:
    """Items whose event date starts on or before `as_of` (undated items count only without `as_of`)."""
    return in_period(items, None, as_of)


def rating_spans(case: Case) -> list[tuple[date, date] | None]:
    """For each rating, (latest start, earliest end) of the evidence it cites; None when it cites none or an
    undated item (such a rating never stands in a slice)."""
    bounds = {e.id: date_bounds(e.date) for e in case.evidence if e.date is not None}
    spans: list[tuple[date, date] | None] = []
    for rating in case.ratings:
        cited = [bounds.get(ev) for ev in rating.evidence]
        if not cited or None in cited:
            spans.append(None)
            continue
        spans.append((max(b[0] for b in cited), min(b[1] for b in cited)))  # type: ignore[index]
    return spans


def stands_in(span: tuple[date, date] | None, since: date | None, as_of: date) -> bool:
    """A rating stands in a slice when all the evidence it cites reaches into it (a 2020 judgement must not
    colour the picture of 1994, nor a 1994 one the window of 2008)."""
    return span is not None and span[0] <= as_of and (since is None or span[1] >= since)


def ratings_within(case: Case, since: date | None, as_of: date | None) -> Case:
    """The case with only the ratings that stand in the slice `since`..`as_of`."""
    if as_of is None or not case.ratings:
        return case
    kept = [r for r, span in zip(case.ratings, rating_spans(case)) if stands_in(span, since, as_of)]
    return case if len(kept) == len(case.ratings) else case.model_copy(update={"ratings": kept})


def slice_dates(items: list[Item], as_of: date | None, start: date | None) -> list[date]:
    """31 December of every year in which dated evidence starts, from the mediation's first year on (earlier
    evidence joins the first slice), up to `as_of`, which is then the last date."""
    starts = [i.start for i in items if i.start is not None and (as_of is None or i.start <= as_of)]
    cutoffs = {date(max(s, start or s).year, 12, 31) for s in starts}
    if as_of is not None:
        cutoffs = {min(c, as_of) for c in cutoffs}
        if cutoffs and max(cutoffs) < as_of:
            cutoffs.add(as_of)
    return sorted(c for c in cutoffs if not before_mediation(c, start))


def trajectory(
    frame: Frame, items: list[Item], bands: list[Band], uniforms: np.ndarray, as_of: date | None = None, *,
    case: Case | None = None, start: date | None = None, window_months: int = YEAR, cache: StateCache | None = None,
) -> tuple[list[TimePoint], list[TimePoint]]:
    """(cumulative, window) points at every `slice_dates` date, each slice scored by the same model.

    A cumulative point holds the evidence started by its date; a window point only the evidence reaching into
    the `window_months` months that end there. With `case` given, a rating counts only where its evidence does.
    """
    spans = rating_spans(case) if case is not None and case.ratings else []
    ratings = case.ratings if case is not None else []
    cumulative, windows = [], []
    for cutoff in slice_dates(items, as_of, start):
        first = window_start(cutoff, window_months)
        for since, points in ((None, cumulative), (first, windows)):
            kept = in_period(items, since, cutoff)
            standing = [r for r, span in zip(ratings, spans) if stands_in(span, since, cutoff)]
            points.append(_point(frame, kept, standing, uniforms, bands, cutoff, since, cache))
    return cumulative, windows


def _point(frame: Frame, kept: list[Item], ratings: list[Rating], uniforms: np.ndarray, bands: list[Band],
           cutoff: date, since: date | None, cache: StateCache | None = None) -> TimePoint:
    """One slice's overall score, interval and verdict, from the engine's own `run`."""
    from assess.scoring.engine import EVIDENCED, run

    mode: Literal["cumulative", "window"] = "cumulative" if since is None else "window"
    label = dict(as_of=cutoff.isoformat(), mode=mode, start=since.isoformat() if since else None,
                 evidence_count=len(kept))
    result = run(frame, kept, ratings, uniforms, cache)
    if not any(s.status in EVIDENCED for s in result.states):
        return TimePoint.model_construct(score=None, low=None, high=None, verdict=verdicts.INSUFFICIENT, **label)
    low, _, mid, _, high = summarise(result.overall)
    band = bands[verdicts.band_index(bands, mid)]  # type: ignore[index]
    return TimePoint.model_construct(score=_pct(mid), low=_pct(low), high=_pct(high), verdict=band.label, **label)


def undated_weight(frame: Frame, items: list[Item]) -> tuple[list[str], float]:
    """The undated items among those scored, and their share (0-1) of the evidence weight: the sum of every
    reading's weight (strength x kind x reliability x credibility) on an applicable criterion.

    No slice holds an undated item, so this share is what the slices leave out of the full result.
    """
    def weight(item: Item) -> float:
        return sum(b.base for b in item.bearings if frame.applicable[b.criterion]) * item.grade

    total = sum(weight(i) for i in items)
    undated = [i for i in items if i.start is None]
    share = sum(weight(i) for i in undated) / total if total > 0 else 0.0
    return [i.id for i in undated], round(share, 3) + 0.0


def _pct(value: float) -> float:
    return round(value, 2) + 0.0
