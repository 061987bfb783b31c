"""Inline SVG charts (no scripts, no external files): criterion scores with intervals, party tilt, trajectory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from assess.models.assessment import CriterionResult, PartyTilt, TimePoint
    from assess.models.rubric import Band

INK = "#1d2b3a"
MUTED = "#5b6b7b"
GRID = "#d5dce3"
ACCENT = "#23466e"
INTERVAL = "#9db4cc"
FAVOURED = "#9a4a2f"
DISFAVOURED = "#3f6f8f"
BAND_TINTS = ("#f6ece9", "#f7f1e3", "#eef3ea", "#e6f0ec", "#e3edf5")


def _fmt(value: float) -> str:
    # Two decimals at most: stable bytes, small files.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> Markup:
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" aria-labelledby="{i}-title {i}-desc">'
        '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>'
    ).format(w=width, h=height, i=chart_id, t=title, d=desc)


def _text(x: float, y: float, content: object, *, anchor: str = "start", size: int = 12, fill: str = INK, weight: str = "normal") -> Markup:
    return Markup('<text x="{}" y="{}" text-anchor="{}" font-size="{}" fill="{}" font-weight="{}">{}</text>').format(
        _fmt(x), _fmt(y), anchor, size, fill, weight, content
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, dash: str | None = None) -> Markup:
    extra = Markup(' stroke-dasharray="{}"').format(dash) if dash else Markup("")
    return Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>').format(
        _fmt(x1), _fmt(y1), _fmt(x2), _fmt(y2), stroke, _fmt(width), extra
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, rx: float = 0) -> Markup:
    return Markup('<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>').format(
        _fmt(x), _fmt(y), _fmt(max(w, 0)), _fmt(h), _fmt(rx), fill
    )


def _score_axis(parts: list[Markup], left: float, plot: float, top: float, bottom: float, bands: Sequence[Band]) -> None:
    """Verdict bands as tinted columns with their thresholds, and a 0-100 axis."""
    ordered = sorted(bands, key=lambda b: b.min)
    for index, band in enumerate(ordered):
        end = ordered[index + 1].min if index + 1 < len(ordered) else 100
        x = left + plot * band.min / 100
        parts.append(_rect(x, top, plot * (end - band.min) / 100, bottom - top, BAND_TINTS[min(index, len(BAND_TINTS) - 1)]))
    for tick in range(0, 101, 25):
        x = left + plot * tick / 100
        parts.append(_line(x, top, x, bottom, GRID))
        parts.append(_text(x, bottom + 14, tick, anchor="middle", size=10, fill=MUTED))


def criterion_chart(criteria: Sequence[CriterionResult], bands: Sequence[Band], chart_id: str = "chart-criteria") -> Markup:
    """One row per criterion: the score as a dot, its interval as a bar, against the verdict bands."""
    row, label_w, plot, top = 28, 300, 380, 10
    width = label_w + plot + 70
    height = top + row * len(criteria) + 26
    scored = [c for c in criteria if c.score is not None]
    desc = "; ".join(
        f"{c.title}: {_fmt(c.score)} (interval {_fmt(c.low or c.score)} to {_fmt(c.high or c.score)})" for c in scored
    ) or "No criterion could be scored."
    parts = [_open(chart_id, width, height, "Criterion scores (0-100) with uncertainty intervals", desc)]
    bottom = top + row * len(criteria)
    _score_axis(parts, label_w, plot, top, bottom, bands)
    for index, criterion in enumerate(criteria):
        y = top + row * index + row / 2
        title = criterion.title if len(criterion.title) <= 44 else criterion.title[:43] + "\u2026"
        parts.append(_text(label_w - 10, y + 4, title, anchor="end"))
        if criterion.score is None:
            parts.append(_text(label_w + 8, y + 4, "insufficient evidence", size=11, fill=MUTED))
            continue
        low = criterion.low if criterion.low is not None else criterion.score
        high = criterion.high if criterion.high is not None else criterion.score
        parts.append(_rect(label_w + plot * low / 100, y - 5, plot * (high - low) / 100, 10, INTERVAL, rx=5))
        parts.append(
            Markup('<circle cx="{}" cy="{}" r="6" fill="{}" stroke="#fff" stroke-width="1.5"/>').format(
                _fmt(label_w + plot * criterion.score / 100), _fmt(y), ACCENT
            )
        )
        parts.append(_text(label_w + plot + 10, y + 4, _fmt(round(criterion.score)), weight="bold"))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


NAME_CHARS = 16  # a party name longer than this is cut with an ellipsis; its full text stays in a <title>


def _party_label(x: float, y: float, name: str) -> Markup:
    """A party's name right-aligned at x; a long one cut with an ellipsis, the whole name as its tooltip."""
    if len(name) <= NAME_CHARS:
        return _text(x, y, name, anchor="end")
    short = name[: NAME_CHARS - 1].rstrip() + "\u2026"
    return Markup('<g><title>{}</title>{}</g>').format(name, _text(x, y, short, anchor="end"))


def tilt_chart(parties: Sequence[PartyTilt], chart_id: str = "chart-tilt") -> Markup:
    """Diverging bars of each party's total tilt on the fixed scale -1..+1, with its 90% interval as a whisker.

    The scale is fixed, not stretched to the largest tilt, so a tilt of 0.1 looks small in every report.
    """
    row, label_w, half, top = 30, 130, 150, 26
    width = label_w + 2 * half + 60
    height = top + row * len(parties) + 30
    desc = "; ".join(
        f"{p.name}: tilt {_fmt(p.tilt)} (90% interval {_fmt(p.low)} to {_fmt(p.high)})" for p in parties
    ) or "No parties."
    parts = [_open(chart_id, width, height, "Total party tilt (all evidence) with 90% intervals, on a scale from -1 to +1", desc)]
    centre = label_w + half
    x_of = lambda v: centre + half * max(-1.0, min(1.0, v))  # noqa: E731 - a tilt -1..+1 onto the plot
    parts.append(_text(centre - 6, 14, "\u2190 disfavoured", anchor="end", size=11, fill=MUTED))
    parts.append(_text(centre + 6, 14, "favoured \u2192", size=11, fill=MUTED))
    bottom = top + row * len(parties)
    for tick in (-1.0, -0.5, 0.5, 1.0):
        parts.append(_line(x_of(tick), top - 4, x_of(tick), bottom, GRID))
        parts.append(_text(x_of(tick), bottom + 14, f"{tick:+g}".replace("-", "\u2212"), anchor="middle", size=10, fill=MUTED))
    for index, party in enumerate(parties):
        y = top + row * index + row / 2
        parts.append(_party_label(label_w - 10, y + 4, party.name))
        start, end = sorted((x_of(0.0), x_of(party.tilt)))
        parts.append(_rect(start, y - 8, end - start, 16, FAVOURED if party.tilt > 0 else DISFAVOURED, rx=2))
        parts.append(_line(x_of(party.low), y, x_of(party.high), y, INK, 1.5))
        for bound in (party.low, party.high):
            parts.append(_line(x_of(bound), y - 5, x_of(bound), y + 5, INK, 1.5))
        parts.append(_text(x_of(1.0) + 6, y + 4, f"{party.tilt:+.2f}".replace("-", "\u2212"), size=11))
    parts.append(_line(centre, top - 4, centre, bottom, INK, 1.2))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def trajectory_chart(points: Sequence[TimePoint], bands: Sequence[Band], chart_id: str = "chart-trajectory",
                     windows: Sequence[TimePoint] = ()) -> Markup:
    """The overall score as of each date (evenly spaced), with its interval as a shaded ribbon; the score within
    each date's window as a dashed line (windows are made at the same dates as the points)."""
    left, plot_w, top, plot_h = 44, 600, 12, 200
    width, height = left + plot_w + 30, top + plot_h + 46
    scored = [(i, p) for i, p in enumerate(points) if p.score is not None]
    desc = "; ".join(f"as of {p.as_of}: {_fmt(p.score)} ({p.verdict})" for _, p in scored) or "No dated score."
    in_window = [(i, w) for i, w in enumerate(windows) if w.score is not None]
    if in_window:
        desc += ". Within each window: " + "; ".join(f"{w.start} to {w.as_of}: {_fmt(w.score)}" for _, w in in_window)
    parts = [_open(chart_id, width, height, "Overall score over time, with its interval", desc)]
    step = plot_w / max(len(points) - 1, 1)
    y_of = lambda v: top + plot_h * (1 - v / 100)  # noqa: E731 - 0-100 mapped onto the plot, 100 at the top
    ordered = sorted(bands, key=lambda b: b.min)
    for index, band in enumerate(ordered):
        end = ordered[index + 1].min if index + 1 < len(ordered) else 100
        parts.append(_rect(left, y_of(end), plot_w, y_of(band.min) - y_of(end), BAND_TINTS[min(index, len(BAND_TINTS) - 1)]))
    for tick in range(0, 101, 25):
        parts.append(_line(left, y_of(tick), left + plot_w, y_of(tick), GRID))
        parts.append(_text(left - 6, y_of(tick) + 4, tick, anchor="end", size=10, fill=MUTED))
    ribbon = [(left + step * i, p.high if p.high is not None else p.score) for i, p in scored]
    ribbon += [(left + step * i, p.low if p.low is not None else p.score) for i, p in reversed(scored)]
    if len(scored) > 1:
        parts.append(Markup('<polygon points="{}" fill="{}" fill-opacity="0.55"/>').format(
            " ".join(f"{_fmt(x)},{_fmt(y_of(v))}" for x, v in ribbon), INTERVAL))
        parts.append(Markup('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>').format(
            " ".join(f"{_fmt(left + step * i)},{_fmt(y_of(p.score))}" for i, p in scored), ACCENT))
    for i, point in scored:
        parts.append(Markup('<circle cx="{}" cy="{}" r="4" fill="{}"/>').format(_fmt(left + step * i), _fmt(y_of(point.score)), ACCENT))
    if len(in_window) > 1:
        dashed = '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        parts.append(Markup(dashed).format(
            " ".join(f"{_fmt(left + step * i)},{_fmt(y_of(w.score))}" for i, w in in_window), INK))
    for i, window in in_window:
        parts.append(Markup('<circle cx="{}" cy="{}" r="3" fill="white" stroke="{}" stroke-width="1.5"/>').format(
            _fmt(left + step * i), _fmt(y_of(window.score)), INK))
    every = max(1, -(-len(points) // 10))  # at most ten date labels, so they never overlap
    for i, point in enumerate(points):
        if i % every and i != len(points) - 1:
            continue
        parts.append(_text(left + step * i, top + plot_h + 18, point.as_of, anchor="middle", size=10, fill=MUTED))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
