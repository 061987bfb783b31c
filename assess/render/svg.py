"""SVG building blocks for the report charts: a palette that holds in greyscale print, escaped elements with stable
bytes, word wrapping (SVG text never wraps by itself), and the verdict bands drawn as labelled columns or rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from assess.models.rubric import Band

# Marks (dots, bars, lines, text) are at least 3:1 against white and against every band tint, so they survive
# greyscale print and meet WCAG 1.4.11; the tints only help colour readers, the band labels and lines carry them.
BACKGROUND = "#ffffff"
INK = "#1d2b3a"
MUTED = "#5b6b7b"
ACCENT = "#23466e"
INTERVAL = "#5a7ea6"
RIBBON = "#c9d6e3"  # an area behind the marks, edged by INTERVAL lines: the edges carry the interval
GRID = "#d5dce3"  # faint helper lines only; never the sole carrier of meaning
FAVOURED = "#9a4a2f"
DISFAVOURED = "#3f6f8f"
BAND_TINTS = ("#f6ece9", "#f7f1e3", "#eef3ea", "#e6f0ec", "#e3edf5")
CHAR_WIDTH = 0.6  # of the font size: a generous average for DejaVu Sans, so a wrapped line never overruns


def fmt(value: float) -> str:
    """A coordinate with two decimals at most: stable bytes, small files."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def open_svg(chart_id: str, width: float, height: float, title: str, desc: str, *, role: str = "img") -> Markup:
    """The root element, labelled by its own <title> and <desc> (the text alternative with the numbers)."""
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="{r}" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" aria-labelledby="{i}-title {i}-desc">'
        '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>'
    ).format(r=role, w=fmt(width), h=fmt(height), i=chart_id, t=title, d=desc)


def text(x: float, y: float, content: object, *, anchor: str = "start", size: float = 12, fill: str = INK,
         weight: str = "normal", cls: str = "") -> Markup:
    klass = Markup(' class="{}"').format(cls) if cls else Markup("")
    return Markup('<text x="{}" y="{}" text-anchor="{}" font-size="{}" fill="{}" font-weight="{}"{}>{}</text>').format(
        fmt(x), fmt(y), anchor, fmt(size), fill, weight, klass, content
    )


def lines(x: float, y: float, rows: Sequence[str], *, size: float = 12, leading: float = 1.2, **kw) -> Markup:
    """Several lines of text starting at baseline y, one <text> per line (tspan dy is not rendered alike everywhere)."""
    return Markup("").join(text(x, y + i * size * leading, row, size=size, **kw) for i, row in enumerate(rows))


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, *, dash: str | None = None,
         cls: str = "") -> Markup:
    extra = Markup(' stroke-dasharray="{}"').format(dash) if dash else Markup("")
    klass = Markup(' class="{}"').format(cls) if cls else Markup("")
    return Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}{}/>').format(
        fmt(x1), fmt(y1), fmt(x2), fmt(y2), stroke, fmt(width), extra, klass
    )


def rect(x: float, y: float, w: float, h: float, fill: str, *, rx: float = 0, cls: str = "") -> Markup:
    klass = Markup(' class="{}"').format(cls) if cls else Markup("")
    return Markup('<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"{}/>').format(
        fmt(x), fmt(y), fmt(max(w, 0)), fmt(max(h, 0)), fmt(rx), fill, klass
    )


def circle(cx: float, cy: float, r: float, *, fill: str, stroke: str = BACKGROUND, width: float = 1.5) -> Markup:
    return Markup('<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="{}" class="mark"/>').format(
        fmt(cx), fmt(cy), fmt(r), fill, stroke, fmt(width)
    )


def diamond(cx: float, cy: float, r: float, fill: str) -> Markup:
    """A fundamental's marker: a different shape from a criterion's dot, so the two differ without colour."""
    points = f"{fmt(cx)},{fmt(cy - r)} {fmt(cx + r)},{fmt(cy)} {fmt(cx)},{fmt(cy + r)} {fmt(cx - r)},{fmt(cy)}"
    return Markup('<polygon points="{}" fill="{}" stroke="{}" stroke-width="1.5" class="mark"/>').format(
        points, fill, BACKGROUND
    )


def polyline(points: Sequence[tuple[float, float]], stroke: str, width: float = 2, *,
             dash: str | None = None) -> Markup:
    extra = Markup(' stroke-dasharray="{}"').format(dash) if dash else Markup("")
    return Markup('<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{} class="mark"/>').format(
        " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points), stroke, fmt(width), extra
    )


def hidden(*parts: Markup) -> Markup:
    """Decoration that the text alternative already says: kept from screen readers inside a linked chart."""
    return Markup('<g aria-hidden="true">{}</g>').format(Markup("").join(parts))


def wrap(words: str, width_px: float, size: float = 12) -> list[str]:
    """Break text into lines that fit width_px at this font size; a word longer than a line stays whole (on its
    own line) rather than being cut, since the charts never clip a name."""
    limit = max(1, int(width_px / (size * CHAR_WIDTH)))
    rows: list[str] = []
    for word in words.split():
        if rows and len(rows[-1]) + 1 + len(word) <= limit:
            rows[-1] += " " + word
        else:
            rows.append(word)
    return rows or [""]


@dataclass(frozen=True)
class BandSpan:
    """One verdict band's stretch of the 0-100 score."""

    label: str
    low: float
    high: float
    tint: str


def band_spans(bands: Sequence[Band]) -> list[BandSpan]:
    ordered = sorted(bands, key=lambda b: b.min)
    return [
        BandSpan(band.label, band.min, ordered[i + 1].min if i + 1 < len(ordered) else 100.0,
                 BAND_TINTS[min(i, len(BAND_TINTS) - 1)])
        for i, band in enumerate(ordered)
    ]


def band_header_height(spans: Sequence[BandSpan], plot: float, size: float = 10) -> float:
    """How tall the row of band names above a score axis must be for the longest wrapped name."""
    most = max((len(wrap(s.label, plot * (s.high - s.low) / 100 - 4, size)) for s in spans), default=1)
    return most * size * 1.2 + 6


def band_columns(spans: Sequence[BandSpan], left: float, plot: float, top: float, bottom: float,
                 size: float = 10) -> Markup:
    """Verdict bands as columns over a horizontal 0-100 axis: a tint, a solid boundary line at each threshold, the
    band's name above the plot (wrapped to its column) and the score at each boundary below it."""
    header = band_header_height(spans, plot, size)
    parts: list[Markup] = []
    x_of = lambda v: left + plot * v / 100  # noqa: E731 - a 0-100 score onto the plot
    for span in spans:
        parts.append(rect(x_of(span.low), top, x_of(span.high) - x_of(span.low), bottom - top, span.tint))
    for span in spans:
        centre = (x_of(span.low) + x_of(span.high)) / 2
        rows = wrap(span.label, x_of(span.high) - x_of(span.low) - 4, size)
        first = top - header + size + 1 + (header - 6 - len(rows) * size * 1.2)
        parts.append(lines(centre, first, rows, size=size, anchor="middle", fill=INK, cls="band-label"))
    for value in sorted({s.low for s in spans} | {100.0}):
        parts.append(line(x_of(value), top - 2, x_of(value), bottom, MUTED, 1, cls="band-boundary"))
        parts.append(text(x_of(value), bottom + 13, fmt(value), anchor="middle", size=10, fill=MUTED))
    return Markup("").join(parts)


def band_rows(spans: Sequence[BandSpan], left: float, width: float, y_of, label_x: float, label_w: float,
              size: float = 10) -> Markup:
    """Verdict bands as rows over a vertical 0-100 axis: a tint, a solid line at each threshold, the score at the
    left and the band's name at the right of the plot, wrapped to the margin and centred in its row."""
    parts: list[Markup] = []
    for span in spans:
        parts.append(rect(left, y_of(span.high), width, y_of(span.low) - y_of(span.high), span.tint))
    for span in spans:
        rows = wrap(span.label, label_w, size)
        middle = (y_of(span.low) + y_of(span.high)) / 2
        first = middle - (len(rows) - 1) * size * 1.2 / 2 + size * 0.35
        parts.append(lines(label_x, first, rows, size=size, fill=INK, cls="band-label"))
    for value in sorted({s.low for s in spans} | {100.0}):
        parts.append(line(left, y_of(value), left + width, y_of(value), MUTED, 1, cls="band-boundary"))
        parts.append(text(left - 6, y_of(value) + 4, fmt(value), anchor="end", size=10, fill=MUTED))
    return Markup("").join(parts)
