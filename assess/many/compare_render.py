"""Render a Comparison as a text table, Markdown, JSON, or a self-contained HTML page styled like the report."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from assess.many.compare import BEFORE, Cell, Comparison, Difference, HeadlineCell, OverallCell, criteria_of
from assess.render.mdescape import md_escape

ARROWS = {"up": "\u25b2", "down": "\u25bc", None: ""}
CHANGE_WORDS = {"up": "higher than the previous column, beyond the intervals",
                "down": "lower than the previous column, beyond the intervals"}
NO_SCORE = {"absent": "not in rubric", BEFORE: "before", "not_applicable": "not applicable",
            "insufficient": "insufficient"}
KIND_WORDS = {"headline": "headline", "overall": "overall", "fundamental": "fundamental", "criterion": "criterion"}
NOTE = ("Scores are 0\u2013100 with their 90% intervals in brackets. \u25b2/\u25bc: the interval does not overlap "
        "the previous column's (a difference beyond the uncertainty). 'rated': an assessor's rating is pooled with "
        "the evidence, and the interval is that pooled posterior's. 'provisional': less than the rubric's threshold "
        "of its weight is evidenced. 'insufficient': too little evidence for a number of its own; 'not in rubric': "
        "the column's rubric lacks it; 'before': before the mediation starts (no verdict).")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
LABEL_WIDTH, CELL_WIDTH = 40, 30


def score_text(cell: Cell) -> str:
    """`62`, or the word for a missing score (`insufficient`, `not in rubric`, `before`, ...)."""
    if cell.score is None:
        return NO_SCORE.get(cell.status, cell.status)
    return f"{cell.score:.0f}"


def interval_text(cell: Cell) -> str:
    """`48\u201375`, or empty when the cell has no interval (or no score)."""
    if cell.score is None or cell.low is None or cell.high is None:
        return ""
    return f"{cell.low:.0f}\u2013{cell.high:.0f}"


def tags(cell: Cell) -> list[str]:
    """The words that qualify a score: `rated`, `provisional`."""
    if cell.score is None:
        return []
    return [word for word, on in (("rated", cell.status == "rated"), ("provisional", cell.provisional)) if on]


def cell_text(cell: Cell) -> str:
    """`62 [48\u201375]\u25b2 rated`, or the word for a missing score."""
    interval = interval_text(cell)
    text = score_text(cell) + (f" [{interval}]" if interval else "") + ARROWS[cell.change]
    return " ".join([text, *tags(cell)])


def likelihood_text(cell: HeadlineCell) -> str:
    """`likely (69%)`: the ICD 203 words for the probability that the headline lies in its band."""
    if cell.score is None or not cell.likelihood:
        return "-"
    return f"{cell.likelihood} ({cell.probability:.0%})" if cell.probability is not None else cell.likelihood


def verdict_text(cell: OverallCell) -> str:
    """The overall verdict, saying when a cap lowered it below the band its score lies in."""
    if cell.capped:
        return f"{cell.label} (capped; score in '{cell.score_band}')"
    return cell.label or "-"


def tilt_text(comparison: Comparison, index: int) -> str:
    column = comparison.columns[index]
    if column.before_mediation:
        return "before"
    return ", ".join(f"{column.party_names.get(pid, pid)} {tilt:+.2f}" for pid, tilt in column.tilts.items()) or "-"


def difference_text(d: Difference) -> str:
    """`Balance (criterion, rated): A 42 [31\u201353] vs B 72 [54\u201391]`."""
    kind = KIND_WORDS[d.kind] + (", rated" if d.rated else "")
    return (f"{d.title} ({kind}): {d.a} {d.a_score:.0f} [{d.a_low:.0f}\u2013{d.a_high:.0f}] vs "
            f"{d.b} {d.b_score:.0f} [{d.b_low:.0f}\u2013{d.b_high:.0f}]")


POSTERIOR_ONLY = ("Likelihoods and confidence rest on the posterior draws alone: the joint uncertainty analysis, "
                  "which also varies the method's assumptions and which assess score runs by default, was skipped "
                  "(give --draws 1024 to run it); they can read more certain than a report's.")


def draws_notes(comparison: Comparison) -> list[str]:
    """Say when the likelihoods come without the joint analysis (the default: --draws 0)."""
    return [POSTERIOR_ONLY] if any(col.joint_draws == 0 for col in comparison.columns) else []


def cap_notes(comparison: Comparison) -> list[str]:
    """One line per column whose overall verdict was capped, with the rule's reasons."""
    return [f"Overall verdict capped for {col.label}: {' '.join(cell.cap_reasons)}"
            for col, cell in zip(comparison.columns, comparison.overall) if cell.capped]


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


def layout(comparison: Comparison) -> list[tuple[str, str, list[str]]]:
    """The rows every text format shows, as (kind, label, cells): the headline and its verdict, likelihood and
    confidence; the overall result; tilts, flags, coverage; then each fundamental followed by its criteria."""
    c, n = comparison, range(len(comparison.columns))
    rows: list[tuple[str, str, list[str]]] = []
    if c.headline is not None:
        cells = c.headline.cells
        rows += [("headline", f"{c.headline.title} (headline)", [cell_text(x) for x in cells]),
                 ("detail", "verdict", [x.label or "-" for x in cells]),
                 ("detail", "likelihood (ICD 203)", [likelihood_text(x) for x in cells]),
                 ("detail", "confidence", [x.confidence or "-" for x in cells])]
    rows += [("overall", "Overall", [cell_text(x) for x in c.overall]),
             ("detail", "verdict", [verdict_text(x) for x in c.overall]),
             ("detail", "party tilt", [tilt_text(c, i) for i in n]),
             ("detail", "red flags", [str(len(col.flags)) for col in c.columns]),
             ("detail", "coverage", [f"{col.coverage:.0%} of the weight" for col in c.columns])]
    for f in c.fundamentals:
        rows.append(("fundamental", f.title, [cell_text(x) for x in f.cells]))
        rows += [("criterion", r.title, [cell_text(x) for x in r.cells]) for r in criteria_of(c, f.fundamental)]
    return rows


def _table_label(kind: str, label: str) -> str:
    return label.upper() if kind in ("headline", "overall", "fundamental") else f"  {label}"


def _wrapped(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False) or [""]


def heading_parts(comparison: Comparison, index: int) -> list[str]:
    """A column heading in parts: the mediator, then the conflict (cases); the date (slices)."""
    label = comparison.columns[index].label
    return label.split(" \u2014 ", 1) if comparison.mode == "cases" else [label]


def _heading_lines(comparison: Comparison, index: int) -> list[str]:
    return [line for part in heading_parts(comparison, index) for line in _wrapped(part, CELL_WIDTH)]


def render_table(comparison: Comparison) -> str:
    """A plain-text table: long labels and cells wrap onto further lines within their column."""
    head = [[""], *[_heading_lines(comparison, i) for i in range(len(comparison.columns))]]
    body = [[_wrapped(_table_label(kind, label), LABEL_WIDTH, "    " if kind in ("criterion", "detail") else "  "),
             *[_wrapped(cell, CELL_WIDTH) for cell in cells]] for kind, label, cells in layout(comparison)]
    widths = [max(len(line) for row in [head, *body] for line in row[i]) for i in range(len(head))]
    lines = _block(head, widths) + ["  ".join("-" * w for w in widths)]
    for row in body:
        lines += _block(row, widths)
    notes = [*draws_notes(comparison), *cap_notes(comparison), *time_notes(comparison)]
    lines += ["", *_wrapped(NOTE, 110), *[line for note in notes for line in _wrapped(note, 110)]]
    if comparison.differences:
        lines.append("Differences beyond the intervals:")
        lines += [line for d in comparison.differences for line in _wrapped(f"- {difference_text(d)}", 110, "  ")]
    return "\n".join(lines) + "\n"


def _block(row: list[list[str]], widths: list[int]) -> list[str]:
    """One table row of wrapped cells, as many text lines as its tallest cell."""
    height = max(len(cell) for cell in row)
    return ["  ".join((cell[k] if k < len(cell) else "").ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            for k in range(height)]


def _md(text: str) -> str:
    return str(md_escape(text))


def _md_heading(comparison: Comparison, index: int) -> str:
    column = comparison.columns[index]
    return f"[{_md(column.label)}]({column.report})" if column.report else _md(column.label)


def _md_label(kind: str, label: str) -> str:
    return f"**{_md(label)}**" if kind in ("headline", "overall", "fundamental") else _md(label)


def render_md(comparison: Comparison) -> str:
    """Markdown: one table, fundamentals in bold with their criteria under them, then notes and differences."""
    lines = ["# Comparison", ""]
    if any(c.fictional for c in comparison.columns):
        lines += ["> Includes a **fictional** teaching case: it describes no real events.", ""]
    if comparison.mode == "slices":
        first = comparison.columns[0]
        lines += [f"{_md(first.mediator)} \u2014 {_md(first.conflict)} ({_md(first.case_title)})", ""]
    headings = [_md_heading(comparison, i) for i in range(len(comparison.columns))]
    lines += ["| | " + " | ".join(headings) + " |", "|---" * (len(headings) + 1) + "|"]
    for kind, label, cells in layout(comparison):
        lines.append(f"| {_md_label(kind, label)} | " + " | ".join(_md(c) for c in cells) + " |")
    lines += ["", _md(NOTE), ""]
    notes = [*draws_notes(comparison), *cap_notes(comparison), *time_notes(comparison)]
    lines += [f"> {_md(note)}\n" for note in notes]
    if comparison.differences:
        lines += ["## Differences beyond the intervals", ""]
        lines += [f"- {_md(difference_text(d))}" for d in comparison.differences]
    return "\n".join(lines).rstrip() + "\n"


def render_json(comparison: Comparison) -> str:
    return comparison.model_dump_json(indent=2) + "\n"


def render_html(comparison: Comparison) -> str:
    """The HTML page: the report's stylesheet inlined, a compare block of its own, an inline SVG chart."""
    from assess.many.compare_chart import svg_chart
    from assess.render.jinja_env import make_environment, raw_asset, render_template

    env = make_environment("html")  # the project's one strict environment: autoescape on, undefined is an error
    context = dict(
        c=comparison, csp=CSP, css=raw_asset(env, "report.css"), chart=svg_chart(comparison), criteria_of=criteria_of,
        score_text=score_text, interval_text=interval_text, tags=tags, likelihood_text=likelihood_text,
        verdict_text=verdict_text, tilt_text=lambda i: tilt_text(comparison, i), arrows=ARROWS,
        change_words=CHANGE_WORDS, difference_text=difference_text, note=NOTE,
        heading_parts=lambda i: heading_parts(comparison, i),
        notes=[*draws_notes(comparison), *cap_notes(comparison), *time_notes(comparison)],
    )
    return render_template(env, "compare.html", context)


RENDERERS: dict[str, Callable[[Comparison], str]] = {
    "table": render_table, "json": render_json, "md": render_md, "html": render_html,
}
SUFFIXES = {".txt": "table", ".json": "json", ".md": "md", ".html": "html", ".htm": "html"}
