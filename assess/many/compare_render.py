"""Render a Comparison as a text table, Markdown, JSON, or a self-contained HTML page with an inline SVG chart."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from assess.many.compare import BEFORE, Cell, Comparison

ARROWS = {"up": "▲", "down": "▼", None: ""}
NOTE = ("▲/▼: the interval does not overlap the previous column's (a difference beyond the uncertainty); "
        "intervals in brackets; '-' = insufficient evidence, 'n/a' = not in that column's rubric, "
        "'before' = before the mediation starts (no verdict).")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def cell_text(cell: Cell) -> str:
    """`62 [48-75]▲`, `-` when insufficient, `n/a` when absent."""
    if cell.status == "absent":
        return "n/a"
    if cell.status == BEFORE:
        return "before"
    if cell.score is None:
        return "-"
    interval = f" [{_num(cell.low)}-{_num(cell.high)}]" if cell.low is not None and cell.high is not None else ""
    return f"{_num(cell.score)}{interval}{ARROWS[cell.change]}"


def _tilt_text(comparison: Comparison, index: int) -> str:
    column = comparison.columns[index]
    if column.before_mediation:
        return "before"
    return ", ".join(f"{column.party_names.get(pid, pid)} {tilt:+.2f}" for pid, tilt in column.tilts.items()) or "-"


def time_notes(comparison: Comparison) -> list[str]:
    """What a reader of slices must know: windows or cumulative, where the mediation starts, what is undated."""
    if comparison.mode != "slices" or not comparison.columns:
        return []
    first = comparison.columns[0]
    notes = [
        "Each column scores only the evidence within its window (first day/last day)." if first.window_start
        else "Each column scores all the evidence started by its date (cumulative)."
    ]
    if first.mediation_start:
        before = [c.label for c in comparison.columns if c.before_mediation]
        notes.append(f"The mediation starts on {first.mediation_start}; a date before it has no verdict"
                     + (f" ({', '.join(before)}): earlier evidence is background context." if before else "."))
    if first.undated_evidence:
        items = f"{first.undated_evidence} item{'s' if first.undated_evidence != 1 else ''}"
        notes.append(f"Undated evidence ({items}, {first.undated_weight_share:.0%} of the full case's evidence "
                     "weight) is in no column; the full result (assess score) counts it.")
    return notes


def _grid(comparison: Comparison) -> list[list[str]]:
    """Header plus body rows of plain strings, shared by the text and Markdown tables."""
    grid = [["criterion", *[c.label for c in comparison.columns]]]
    grid.append(["OVERALL", *[cell_text(c) for c in comparison.overall]])
    grid.append(["verdict", *[c.verdict for c in comparison.columns]])
    grid.append(["party tilt", *[_tilt_text(comparison, i) for i in range(len(comparison.columns))]])
    grid.append(["red flags", *[str(len(c.flags)) for c in comparison.columns]])
    grid += [[row.criterion, *[cell_text(c) for c in row.cells]] for row in comparison.rows]
    return grid


def render_table(comparison: Comparison) -> str:
    grid = _grid(comparison)
    widths = [max(len(r[i]) for r in grid) for i in range(len(grid[0]))]
    lines = []
    for n, row in enumerate(grid):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += ["", NOTE, *time_notes(comparison)]
    if comparison.differences:
        lines.append("Differences beyond the intervals: " + "; ".join(
            f"{d.criterion} {d.a} {d.a_score:.0f} vs {d.b} {d.b_score:.0f}" for d in comparison.differences))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_")


def render_md(comparison: Comparison) -> str:
    grid = _grid(comparison)
    lines = ["# Comparison", ""]
    if any(c.fictional for c in comparison.columns):
        lines += ["> Includes a **fictional** teaching case: it describes no real events.", ""]
    lines.append("| " + " | ".join(_md(h) for h in grid[0]) + " |")
    lines.append("|---" * len(grid[0]) + "|")
    for row in grid[1:]:
        lines.append("| " + " | ".join(_md(c) for c in row) + " |")
    lines += ["", _md(NOTE), ""]
    lines += [f"> {_md(note)}\n" for note in time_notes(comparison)]
    for d in comparison.differences:
        lines.append(f"- {_md(d.criterion)}: {_md(d.a)} {d.a_score:.0f} vs {_md(d.b)} {d.b_score:.0f}")
    return "\n".join(lines).rstrip() + "\n"


def render_json(comparison: Comparison) -> str:
    return comparison.model_dump_json(indent=2) + "\n"


PALETTE = ("#23466e", "#9a4a2f", "#3f7f4f", "#7a4f9a", "#8a7a1f", "#2f7f8f")


def svg_chart(comparison: Comparison) -> Markup:
    """A dot-and-interval chart: one line per criterion (overall first), one coloured mark per column."""
    rows = [("overall", comparison.overall)] + [(r.criterion, r.cells) for r in comparison.rows]
    n = max(len(comparison.columns), 1)
    left, width, line_h = 190, 460, 10 + 8 * n
    height = 40 + line_h * len(rows) + 20 * n
    x = lambda v: left + width * v / 100  # noqa: E731 - a scale, read as one
    parts = [Markup('<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
                    'aria-labelledby="cmp-title"><title id="cmp-title">Scores and intervals by column</title>')
             .format(w=left + width + 20, h=height)]
    for tick in range(0, 101, 20):
        parts.append(Markup('<line x1="{0}" y1="20" x2="{0}" y2="{1}" stroke="#d5dce3"/>'
                            '<text x="{0}" y="14" font-size="10" text-anchor="middle" fill="#5b6b7b">{2}</text>')
                     .format(x(tick), 20 + line_h * len(rows), tick))
    for r, (name, cells) in enumerate(rows):
        top = 20 + r * line_h
        parts.append(Markup('<text x="{0}" y="{1}" font-size="11" text-anchor="end" fill="#1d2b3a">{2}</text>')
                     .format(left - 8, top + line_h / 2 + 4, name))
        for i, cell in enumerate(cells):
            if cell.score is None:
                continue
            y, colour = top + 6 + 8 * i, PALETTE[i % len(PALETTE)]
            if cell.low is not None and cell.high is not None:
                parts.append(Markup('<line x1="{0:.1f}" y1="{2}" x2="{1:.1f}" y2="{2}" stroke="{3}" stroke-width="2"/>')
                             .format(x(cell.low), x(cell.high), y, colour))
            parts.append(Markup('<circle cx="{0:.1f}" cy="{1}" r="3.5" fill="{2}"/>').format(x(cell.score), y, colour))
    legend_top = 30 + line_h * len(rows)
    for i, column in enumerate(comparison.columns):
        y, colour = legend_top + 20 * i, PALETTE[i % len(PALETTE)]
        parts.append(Markup('<circle cx="{0}" cy="{1}" r="5" fill="{2}"/><text x="{3}" y="{4}" font-size="12" fill="#1d2b3a">{5}</text>')
                     .format(left, y, colour, left + 12, y + 4, column.label))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def render_html(comparison: Comparison) -> str:
    from assess.render.jinja_env import make_environment

    # The project's one strict environment: autoescape on, undefined names are errors.
    template = make_environment("html").get_template("compare.html")
    return template.render(c=comparison, csp=CSP, chart=svg_chart(comparison), cell_text=cell_text,
                           tilt_text=lambda i: _tilt_text(comparison, i), note=NOTE, time_notes=time_notes(comparison))


RENDERERS: dict[str, Callable[[Comparison], str]] = {
    "table": render_table, "json": render_json, "md": render_md, "html": render_html,
}
SUFFIXES = {".txt": "table", ".json": "json", ".md": "md", ".html": "html", ".htm": "html"}
