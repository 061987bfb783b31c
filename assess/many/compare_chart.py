"""The compare page's inline SVG: headline, overall and fundamental scores with intervals, one marker per column."""

from __future__ import annotations

from markupsafe import Markup

from assess.many.compare import Cell, Comparison

# Okabe-Ito colours, only those with at least 3:1 contrast on white (WCAG 1.4.11); each column also has its own
# marker shape, and the legend names it, so no reader depends on telling colours apart.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7")
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "plus")
INK, MUTED, GRID = "#1d2b3a", "#55657a", "#d5dce3"
LEFT, WIDTH, LABEL_H, MARK_H = 16, 600, 20, 11


def series_style(index: int) -> tuple[str, str]:
    """The colour and marker shape of column `index`: 30 distinct pairs before any repeats."""
    return COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)]


def _points(shape: str, x: float, y: float, r: float) -> str:
    corners = {
        "triangle": [(0, -1.15), (1.1, 0.85), (-1.1, 0.85)],
        "triangle-down": [(0, 1.15), (1.1, -0.85), (-1.1, -0.85)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "plus": [(-0.35, -1.1), (0.35, -1.1), (0.35, -0.35), (1.1, -0.35), (1.1, 0.35), (0.35, 0.35), (0.35, 1.1),
                 (-0.35, 1.1), (-0.35, 0.35), (-1.1, 0.35), (-1.1, -0.35), (-0.35, -0.35)],
    }[shape]
    return " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners)


def marker(index: int, x: float, y: float, r: float = 4.0) -> Markup:
    """Column `index`'s marker centred on (x, y)."""
    colour, shape = series_style(index)
    if shape == "circle":
        return Markup('<circle cx="{0:.1f}" cy="{1:.1f}" r="{2}" fill="{3}"/>').format(x, y, r, colour)
    if shape == "square":
        return Markup('<rect x="{0:.1f}" y="{1:.1f}" width="{2}" height="{2}" fill="{3}"/>').format(
            x - r, y - r, 2 * r, colour)
    return Markup('<polygon points="{0}" fill="{1}"/>').format(_points(shape, x, y, r), colour)


def chart_rows(comparison: Comparison) -> list[tuple[str, list[Cell]]]:
    """What the chart shows: the headline, the overall score, then every other fundamental (the table has all)."""
    headline = comparison.headline
    rows: list[tuple[str, list[Cell]]] = [(f"{headline.title} (headline)", list(headline.cells))] if headline else []
    rows.append(("Overall", list(comparison.overall)))
    skip = headline.fundamental if headline else None
    rows += [(f.title, f.cells) for f in comparison.fundamentals if f.fundamental != skip]
    return rows


def _x(value: float) -> float:
    return LEFT + WIDTH * value / 100


def _row(name: str, cells: list[Cell], top: float) -> list[Markup]:
    parts = [Markup('<text x="{0}" y="{1}" font-size="12" fill="{2}">{3}</text>').format(LEFT, top + 14, INK, name)]
    for i, cell in enumerate(cells):
        if cell.score is None:
            continue
        y, (colour, _) = top + LABEL_H + MARK_H * i + 4, series_style(i)
        if cell.low is not None and cell.high is not None:
            parts.append(Markup('<line x1="{0:.1f}" y1="{2:.1f}" x2="{1:.1f}" y2="{2:.1f}" stroke="{3}" '
                                'stroke-width="2"/>').format(_x(cell.low), _x(cell.high), y, colour))
        parts.append(marker(i, _x(cell.score), y))
    return parts


def svg_chart(comparison: Comparison) -> Markup:
    """Dots (one marker shape and colour per column) on 90% intervals, a row per score, a legend naming columns."""
    rows = chart_rows(comparison)
    n = max(len(comparison.columns), 1)
    row_h = LABEL_H + MARK_H * n + 6
    plot_bottom = 24 + row_h * len(rows)
    height = plot_bottom + 16 + 20 * n
    parts = [Markup('<svg xmlns="http://www.w3.org/2000/svg" class="compare-chart" role="img" viewBox="0 0 {w} {h}" '
                    'width="{w}" height="{h}" aria-labelledby="cmp-chart-title cmp-chart-desc">'
                    '<title id="cmp-chart-title">Headline, overall and fundamental scores by column</title>'
                    '<desc id="cmp-chart-desc">Each marker is a score, its line the 90% interval; the table gives '
                    'the same numbers.</desc>').format(w=LEFT + WIDTH + 24, h=height)]
    for tick in range(0, 101, 20):
        parts.append(Markup('<line x1="{0}" y1="20" x2="{0}" y2="{1}" stroke="{2}"/>'
                            '<text x="{0}" y="14" font-size="11" text-anchor="middle" fill="{3}">{4}</text>')
                     .format(_x(tick), plot_bottom, GRID, MUTED, tick))
    for r, (name, cells) in enumerate(rows):
        parts += _row(name, cells, 24 + r * row_h)
    for i, column in enumerate(comparison.columns):
        y = plot_bottom + 20 + 20 * i
        parts.append(marker(i, LEFT + 6, y - 4, 5))
        parts.append(Markup('<text x="{0}" y="{1}" font-size="12" fill="{2}">{3}</text>')
                     .format(LEFT + 18, y, INK, column.label))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
