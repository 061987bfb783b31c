"""The overall score over time as an inline SVG: x proportional to the date, so uneven gaps between slices show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from markupsafe import Markup

from assess.render import svg
from assess.render.filters import score

if TYPE_CHECKING:
    from assess.models.assessment import TimePoint
    from assess.models.rubric import Band

YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
MAX_TICKS = 8


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def _domain(points: Sequence[TimePoint]) -> tuple[int, int]:
    """From the first day of the first slice's year (the first window starts there) to the last slice's date."""
    first = date.fromisoformat(min(p.as_of for p in points))
    lo = date(first.year, 1, 1).toordinal()
    hi = max(_day(p.as_of) for p in points)
    return lo, max(hi, lo + 365)


def year_ticks(lo: int, hi: int) -> list[int]:
    """1 January of round years within the domain: the smallest step of 1, 2, 5, 10... years giving at most eight."""
    first, last = date.fromordinal(lo).year, date.fromordinal(hi).year
    step = next((s for s in YEAR_STEPS if (last - first) // s + 1 <= MAX_TICKS), YEAR_STEPS[-1])
    start = -(-first // step) * step
    return [y for y in range(start, last + 1, step) if lo <= date(y, 1, 1).toordinal() <= hi]


def _runs(points: Sequence[TimePoint]) -> list[list[TimePoint]]:
    """Consecutive scored points: a line is not drawn across a slice without a score, which would invent one."""
    runs: list[list[TimePoint]] = [[]]
    for point in points:
        if point.score is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _desc(points: Sequence[TimePoint], windows: Sequence[TimePoint]) -> str:
    def one(p: TimePoint, label: str) -> str:
        if p.score is None:
            return f"{label}: no score ({p.verdict})"
        interval = f", 90% interval {score(p.low)} to {score(p.high)}" if p.low is not None else ""
        return f"{label}: {score(p.score)}{interval} ({p.verdict})"

    text = "As of each date, all evidence so far: " + "; ".join(one(p, p.as_of) for p in points) + "."
    if windows:
        text += " Within each window: " + "; ".join(one(w, f"{w.start} to {w.as_of}") for w in windows) + "."
    return text


def _cumulative(points: Sequence[TimePoint], x_of, y_of) -> Markup:
    """The as-of series: its 90% interval as a shaded ribbon with edges, the median as a solid line with dots."""
    parts: list[Markup] = []
    for run in _runs(points):
        highs = [(x_of(p.as_of), y_of(p.high if p.high is not None else p.score)) for p in run]
        lows = [(x_of(p.as_of), y_of(p.low if p.low is not None else p.score)) for p in run]
        if len(run) > 1:
            ribbon = " ".join(f"{svg.fmt(x)},{svg.fmt(y)}" for x, y in highs + lows[::-1])
            parts.append(Markup('<polygon points="{}" fill="{}"/>').format(ribbon, svg.RIBBON))
            parts += [svg.polyline(highs, svg.INTERVAL, 1), svg.polyline(lows, svg.INTERVAL, 1)]
            parts.append(svg.polyline([(x_of(p.as_of), y_of(p.score)) for p in run], svg.ACCENT, 2))
        else:
            (x, hi), (_, lo) = highs[0], lows[0]
            parts.append(svg.line(x, hi, x, lo, svg.INTERVAL, 2, cls="mark"))
    for point in points:
        if point.score is not None:
            parts.append(svg.circle(x_of(point.as_of), y_of(point.score), 4, fill=svg.ACCENT, width=1))
    return Markup("").join(parts)


def _windowed(windows: Sequence[TimePoint], x_of, y_of) -> Markup:
    """The window series: a dashed line through hollow dots, broken where a window has no score."""
    parts: list[Markup] = []
    for run in _runs(windows):
        if len(run) > 1:
            parts.append(svg.polyline([(x_of(w.as_of), y_of(w.score)) for w in run], svg.INK, 1.5, dash="5 4"))
    for w in windows:
        if w.score is not None:
            parts.append(svg.circle(x_of(w.as_of), y_of(w.score), 3.5, fill=svg.BACKGROUND, stroke=svg.INK, width=1.5))
    return Markup("").join(parts)


def _legend(left: float, y: float, windows: bool) -> Markup:
    parts = [svg.line(left, y, left + 24, y, svg.ACCENT, 2, cls="mark"),
             svg.circle(left + 12, y, 4, fill=svg.ACCENT, width=1),
             svg.text(left + 30, y + 4, "As of each date: all evidence so far (90% interval shaded)", size=11)]
    if windows:
        x = left + 370
        parts += [svg.line(x, y, x + 24, y, svg.INK, 1.5, dash="5 4", cls="mark"),
                  svg.circle(x + 12, y, 3.5, fill=svg.BACKGROUND, stroke=svg.INK),
                  svg.text(x + 30, y + 4, "Within the window ending there", size=11)]
    return Markup("").join(parts)


def trajectory_chart(points: Sequence[TimePoint], bands: Sequence[Band], chart_id: str = "chart-trajectory",
                     windows: Sequence[TimePoint] = ()) -> Markup:
    """The overall score as of each date and within the window ending there, on a true time axis (x proportional
    to the date, ticks at round years), against the verdict bands named at the right."""
    left, plot_w, top, plot_h, band_w = 34, 560, 28, 180, 150
    width, height = left + plot_w + band_w + 12, top + plot_h + 34
    dated = [*points, *windows]
    lo, hi = _domain(dated) if dated else (0, 365)
    x_of = lambda day: left + plot_w * (_day(day) - lo) / (hi - lo)  # noqa: E731 - a date onto the plot
    y_of = lambda v: top + plot_h * (1 - max(0.0, min(100.0, v)) / 100)  # noqa: E731 - 0-100, 100 at the top
    title = "Overall score over time (x proportional to the date), as of each date and within each window"
    parts = [svg.open_svg(chart_id, width, height, title, _desc(points, windows)),
             svg.band_rows(svg.band_spans(bands), left, plot_w, y_of, left + plot_w + 8, band_w),
             _legend(left, 10, any(w.score is not None for w in windows))]
    for year in year_ticks(lo, hi):
        x = left + plot_w * (date(year, 1, 1).toordinal() - lo) / (hi - lo)
        parts.append(svg.line(x, top + plot_h, x, top + plot_h + 5, svg.MUTED))
        parts.append(svg.text(x, top + plot_h + 18, year, anchor="middle", size=10, fill=svg.MUTED))
    parts += [_cumulative(points, x_of, y_of), _windowed(windows, x_of, y_of), Markup("</svg>")]
    return Markup("").join(parts)
