"""Inline SVG charts of the scores (no scripts, no external files): criteria grouped under their fundamentals, the
score distribution over the joint draws, and party tilt with its components. The trajectory lives in timechart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from assess.render import svg
from assess.render.filters import percent, score, signed
from assess.render.timechart import trajectory_chart

if TYPE_CHECKING:
    from assess.models.assessment import CriterionResult, FundamentalResult, PartyTilt, ScoreDistribution, TiltInterval
    from assess.models.rubric import Band

__all__ = ["criterion_chart", "distribution_chart", "tilt_chart", "trajectory_chart"]

LINE = 1.2  # leading of wrapped labels, in font sizes


def _ranges(low68: float | None, high68: float | None, low: float | None, high: float | None) -> str:
    parts = []
    if low68 is not None and high68 is not None:
        parts.append(f"68% interval {score(low68)} to {score(high68)}")
    if low is not None and high is not None:
        parts.append(f"90% interval {score(low)} to {score(high)}")
    return ", ".join(parts)


def _interval_marks(x_of, y: float, low68, high68, low, high, bar: float) -> Markup:
    """The 90% interval as a line with end ticks, the 68% interval as a thicker bar over it."""
    parts: list[Markup] = []
    if low is not None and high is not None:
        parts.append(svg.line(x_of(low), y, x_of(high), y, svg.INK, 1.2, cls="mark"))
        for end in (low, high):
            parts.append(svg.line(x_of(end), y - bar / 2 - 1, x_of(end), y + bar / 2 + 1, svg.INK, 1.2, cls="mark"))
    if low68 is not None and high68 is not None:
        parts.append(svg.rect(x_of(low68), y - bar / 2, x_of(high68) - x_of(low68), bar, svg.INTERVAL, cls="mark"))
    return Markup("").join(parts)


@dataclass(frozen=True)
class _Row:
    """One row of the criteria chart: a fundamental (bold, diamond) or one of its criteria (indented, dot)."""

    kind: str  # "fundamental" or the criterion's status
    href: str
    title: str
    score: float | None
    low68: float | None
    high68: float | None
    low: float | None
    high: float | None
    prior: float | None = None  # an insufficient criterion: where it enters its fundamental
    prior_low: float | None = None
    prior_high: float | None = None


def _rows(fundamentals: Sequence[FundamentalResult], criteria: Sequence[CriterionResult]) -> list[_Row]:
    by_id = {c.id: c for c in criteria}
    rows: list[_Row] = []
    for f in fundamentals:
        rows.append(_Row("fundamental", f"#fund-{f.id}", f.title, f.score, f.low68, f.high68, f.low, f.high))
        for cid in f.criteria:
            c = by_id.get(cid)
            if c is None:
                continue
            rows.append(_Row(c.status, f"#crit-{c.id}", c.title, c.score, c.low68, c.high68, c.low, c.high,
                             c.aggregate_score, c.aggregate_low, c.aggregate_high))
    return rows


def _row_words(row: _Row) -> str:
    """A row in the text alternative."""
    if row.kind == "not_applicable":
        return f"{row.title}: not applicable"
    if row.kind == "insufficient":
        return f"{row.title}: insufficient evidence"
    if row.score is None:
        return f"{row.title}: no score"
    ranges = _ranges(row.low68, row.high68, row.low, row.high)
    return f"{row.title}: {score(row.score)}" + (f" ({ranges})" if ranges else "")


def _criteria_desc(rows: Sequence[_Row], spans: Sequence[svg.BandSpan]) -> str:
    bands = "; ".join(f"{s.label} from {svg.fmt(s.low)}" for s in spans)
    groups: list[str] = []
    for row in rows:
        if row.kind == "fundamental":
            groups.append(f"Fundamental {_row_words(row)}.")
        else:
            groups[-1] += f" {_row_words(row)}."
    return f"Verdict bands: {bands}. " + " ".join(groups)


def _row_value(row: _Row) -> tuple[str, str, str]:
    """What the right-hand column says, its colour and weight."""
    if row.kind == "not_applicable":
        return "not applicable", svg.MUTED, "normal"
    if row.kind == "insufficient":
        return "insufficient", svg.MUTED, "normal"
    if row.score is None:
        return "no score", svg.MUTED, "normal"
    suffix = " rated" if row.kind == "rated" else ""
    return score(row.score) + suffix, svg.INK, "bold"


def _row_marks(row: _Row, x_of, y: float) -> Markup:
    if row.kind == "insufficient":
        # No number of its own: a hollow dot where it enters the aggregate (near the prior), its range dashed.
        if row.prior is None:
            return Markup("")
        parts = []
        if row.prior_low is not None and row.prior_high is not None:
            low, high = x_of(row.prior_low), x_of(row.prior_high)
            parts.append(svg.line(low, y, high, y, svg.MUTED, 1.2, dash="3 3", cls="mark"))
        parts.append(svg.circle(x_of(row.prior), y, 4.5, fill=svg.BACKGROUND, stroke=svg.MUTED, width=1.8))
        return Markup("").join(parts)
    if row.score is None:
        return Markup("")
    fundamental = row.kind == "fundamental"
    marks = _interval_marks(x_of, y, row.low68, row.high68, row.low, row.high, 10 if fundamental else 7)
    x = x_of(row.score)
    dot = svg.diamond(x, y, 7, svg.INK) if fundamental else svg.circle(x, y, 5, fill=svg.INK)
    return marks + dot


def _row_label(row: _Row, x: float, y: float, label_rows: list[str], size: float) -> Markup:
    """The row's name, a link to its finding (fundamentals bold, criteria indented)."""
    fundamental = row.kind == "fundamental"
    weight = "bold" if fundamental else "normal"
    fill = svg.INK if row.kind == "not_applicable" else svg.ACCENT
    label = svg.lines(x, y, label_rows, size=size, leading=LINE, fill=fill, weight=weight)
    return Markup('<a href="{}">{}</a>').format(row.href, label)


def criterion_chart(fundamentals: Sequence[FundamentalResult], criteria: Sequence[CriterionResult],
                    bands: Sequence[Band], chart_id: str = "chart-criteria") -> Markup:
    """Every fundamental (bold, a diamond) with its criteria under it (a dot), each with its 68% interval as a bar
    and its 90% interval as a line, against the verdict bands named above the plot. Each name links to its finding.

    The root is a group rather than an image: an image's content is hidden from screen readers, and the row names
    are links a keyboard user must reach. The marks are hidden instead; the <desc> gives every number.
    """
    label_w, plot, value_w, top_pad, size = 300, 400, 96, 6, 12
    spans = svg.band_spans(bands)
    rows = _rows(fundamentals, criteria)
    header = svg.band_header_height(spans, plot)
    top = top_pad + header
    # Bold fundamental names run wider (x1.1); criteria are indented (26 px less room).
    wrapped = [svg.wrap(r.title, label_w - 12, size * 1.1) if r.kind == "fundamental"
               else svg.wrap(r.title, label_w - 26, size) for r in rows]
    # Rows as tight as two-line labels allow: the report is read on paper too, and every page counts.
    heights = [max(26 if r.kind == "fundamental" else 21, len(w) * size * LINE + 6) for r, w in zip(rows, wrapped)]
    bottom = top + sum(heights)
    width, height = label_w + plot + value_w, bottom + 22
    x_of = lambda v: label_w + plot * max(0.0, min(100.0, v)) / 100  # noqa: E731 - a 0-100 score onto the plot
    title = "Fundamental and criterion scores (0-100) with 68% and 90% intervals, against the verdict bands"
    parts = [svg.open_svg(chart_id, width, height, title, _criteria_desc(rows, spans), role="group")]
    decor = [svg.band_columns(spans, label_w, plot, top, bottom)]
    links: list[Markup] = []
    y = top
    for row, label_rows, h in zip(rows, wrapped, heights):
        if row.kind == "fundamental" and y > top:
            decor.append(svg.line(0, y, width, y, svg.GRID, 1))
        middle = y + h / 2
        first = middle - (len(label_rows) - 1) * size * LINE / 2 + size * 0.35
        indent = 0 if row.kind == "fundamental" else 14
        links.append(_row_label(row, indent + 2, first, label_rows, size))
        decor.append(_row_marks(row, x_of, middle))
        value, fill, weight = _row_value(row)
        # The muted words are smaller: "not applicable" at 11 px runs past the 96 px column.
        value_size = 12 if weight == "bold" else 10 if len(value) > 12 else 11
        decor.append(svg.text(label_w + plot + 8, middle + 4, value, size=value_size, fill=fill, weight=weight))
        y += h
    parts += [svg.hidden(*decor), *links, Markup("</svg>")]
    return Markup("").join(parts)


def _distribution_desc(dists: Sequence[ScoreDistribution], spans: Sequence[svg.BandSpan]) -> str:
    texts = []
    for d in dists:
        shares = "; ".join(f"{s.label} {percent(d.bands.get(s.label, 0.0))}" for s in spans)
        ranges = _ranges(d.low68, d.high68, d.low, d.high).replace("interval", "range")
        texts.append(f"{d.title}: median {score(d.median)}, {ranges}. Share of the draws in each band: {shares}.")
    return " ".join(texts)


def _share_text(share: float) -> str:
    # A share that rounds to 0% but is not zero says so, lest a reader take a possible band for an impossible one.
    return "<1%" if 0 < share < 0.005 else percent(share)


def _share_bars(d: ScoreDistribution, spans: Sequence[svg.BandSpan], x_of, y: float) -> Markup:
    """In each band's column, its percentage of the draws over a bar as long as that share of the column (a bar,
    not a tint, so the share reads in greyscale; the point verdict's share in bold)."""
    parts: list[Markup] = []
    for s in spans:
        share = d.bands.get(s.label, 0.0)
        x0, x1 = x_of(s.low) + 6, x_of(s.high) - 6
        parts.append(svg.text((x0 + x1) / 2, y + 10, _share_text(share), anchor="middle", size=11,
                              weight="bold" if s.label == d.verdict else "normal"))
        parts.append(svg.line(x0, y + 22, x1, y + 22, svg.MUTED, 1))
        parts.append(svg.rect(x0, y + 14, (x1 - x0) * share, 8, svg.ACCENT, cls="mark"))
    return Markup("").join(parts)


def distribution_chart(dists: Sequence[ScoreDistribution], bands: Sequence[Band],
                       chart_id: str = "chart-distribution") -> Markup:
    """For each score given (the headline fundamental, the overall): its median over the joint draws with the 68%
    and 90% ranges, and under each verdict band the share of draws that fall in it."""
    label_w, plot, value_w, size = 190, 420, 90, 12
    spans = svg.band_spans(bands)
    top = 6 + svg.band_header_height(spans, plot)
    block = 58
    bottom = top + block * len(dists)
    width, height = label_w + plot + value_w, bottom + 22
    x_of = lambda v: label_w + plot * max(0.0, min(100.0, v)) / 100  # noqa: E731 - a 0-100 score onto the plot
    title = ("Score distribution over the joint draws of the sensitivity analysis: median, 68% and 90% ranges, "
             "share per verdict band")
    parts = [svg.open_svg(chart_id, width, height, title, _distribution_desc(dists, spans)),
             svg.band_columns(spans, label_w, plot, top, bottom)]
    for index, d in enumerate(dists):
        y = top + block * index
        if index:
            parts.append(svg.line(0, y, width, y, svg.GRID, 1))
        middle = y + 14
        parts.append(svg.lines(4, middle + 4, svg.wrap(d.title, label_w - 12, size * 1.1), size=size, weight="bold"))
        if d.median is not None:
            parts.append(_interval_marks(x_of, middle, d.low68, d.high68, d.low, d.high, 10))
            parts.append(svg.circle(x_of(d.median), middle, 5.5, fill=svg.INK))
        parts.append(svg.text(label_w + plot + 8, middle + 4, f"median {score(d.median)}", size=11))
        parts.append(svg.text(label_w - 8, y + 45, "share of draws", size=10, anchor="end", fill=svg.MUTED))
        parts.append(_share_bars(d, spans, x_of, y + 28))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _tilt_words(name: str, t: PartyTilt | TiltInterval) -> str:
    return f"{name} {signed(t.tilt)} (90% interval {signed(t.low)} to {signed(t.high)})"


COMPONENTS = ("conduct", "perceived", "structural")


def _tilt_desc(parties: Sequence[PartyTilt]) -> str:
    texts = []
    for p in parties:
        parts = "; ".join(_tilt_words(c, getattr(p, c)) for c in COMPONENTS)
        texts.append(f"{_tilt_words(p.name + ': total', p)}; {parts}.")
    return " ".join(texts) or "No parties."


def _tilt_axis(x_of, top: float, bottom: float) -> Markup:
    parts = [svg.text(x_of(0) - 6, 14, "\u2190 disfavoured", anchor="end", size=11, fill=svg.MUTED),
             svg.text(x_of(0) + 6, 14, "favoured \u2192", size=11, fill=svg.MUTED)]
    for tick in (-1.0, -0.5, 0.5, 1.0):
        parts.append(svg.line(x_of(tick), top - 4, x_of(tick), bottom, svg.GRID))
        parts.append(svg.text(x_of(tick), bottom + 14, f"{tick:+g}".replace("-", "\u2212"), anchor="middle", size=10,
                              fill=svg.MUTED))
    return Markup("").join(parts)


def _tilt_total(p: PartyTilt, x_of, y: float) -> Markup:
    start, end = sorted((x_of(0.0), x_of(p.tilt)))
    colour = svg.FAVOURED if p.tilt > 0 else svg.DISFAVOURED
    parts = [svg.rect(start, y - 8, end - start, 16, colour, rx=2, cls="mark tilt-bar"),
             svg.line(x_of(p.low), y, x_of(p.high), y, svg.INK, 1.5, cls="mark")]
    for bound in (p.low, p.high):
        parts.append(svg.line(x_of(bound), y - 5, x_of(bound), y + 5, svg.INK, 1.5, cls="mark"))
    parts.append(svg.text(x_of(1.0) + 6, y + 4, signed(p.tilt), size=11, weight="bold"))
    return Markup("").join(parts)


def _tilt_component(label: str, t: TiltInterval, x_of, y: float, label_x: float) -> Markup:
    """A thinner row: the component's median as a dot, its 68% interval as a bar, its 90% interval as a line.

    The dot is ink whatever the sign: a blue dot on the blue bar would vanish, and the side of 0 tells the sign.
    """
    parts = [svg.text(label_x, y + 3.5, label, anchor="end", size=10, fill=svg.MUTED),
             svg.line(x_of(t.low), y, x_of(t.high), y, svg.MUTED, 1, cls="mark"),
             svg.rect(x_of(t.low68), y - 2.5, x_of(t.high68) - x_of(t.low68), 5, svg.INTERVAL, cls="mark"),
             svg.circle(x_of(t.tilt), y, 3.5, fill=svg.INK, width=1),
             svg.text(x_of(1.0) + 6, y + 3.5, signed(t.tilt), size=10, fill=svg.MUTED)]
    return Markup("").join(parts)


def tilt_chart(parties: Sequence[PartyTilt], chart_id: str = "chart-tilt") -> Markup:
    """Diverging bars of each party's total tilt on the fixed scale -1..+1 with its 90% interval as a whisker, and
    under it three thinner rows for its conduct, perceived and structural components.

    The scale is fixed, not stretched to the largest tilt, so a tilt of 0.1 looks small in every report. A long
    party name wraps onto more lines (the row grows) instead of being cut.
    """
    label_w, half, top, size, sub = 150, 150, 26, 12, 13
    names = [svg.wrap(p.name, label_w - 14, size * 1.1) for p in parties]
    heads = [max(28, len(n) * size * LINE + 8) for n in names]
    bottom = top + sum(h + sub * len(COMPONENTS) + 8 for h in heads)
    width, height = label_w + 2 * half + 60, bottom + 30
    title = "Total party tilt (all evidence) with 90% intervals, and its three components, on a scale from -1 to +1"
    x_of = lambda v: label_w + half + half * max(-1.0, min(1.0, v))  # noqa: E731 - a tilt -1..+1 onto the plot
    parts = [svg.open_svg(chart_id, width, height, title, _tilt_desc(parties)), _tilt_axis(x_of, top, bottom)]
    y = top
    for party, name, head in zip(parties, names, heads):
        if y > top:
            parts.append(svg.line(0, y, width, y, svg.GRID, 1))
        middle = y + head / 2
        first = middle - (len(name) - 1) * size * LINE / 2 + size * 0.35
        parts.append(svg.lines(label_w - 10, first, name, size=size, anchor="end", weight="bold"))
        parts.append(_tilt_total(party, x_of, middle))
        for index, component in enumerate(COMPONENTS):
            cy = y + head + sub * index + sub / 2
            parts.append(_tilt_component(component, getattr(party, component), x_of, cy, label_w - 10))
        y += head + sub * len(COMPONENTS) + 8
    parts.append(svg.line(x_of(0), top - 4, x_of(0), bottom, svg.INK, 1.2))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
