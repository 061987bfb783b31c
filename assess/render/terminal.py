"""The compact terminal view of an Assessment (rich): criteria by fundamental, verdict, tilt, flags, sensitivity."""

from __future__ import annotations

import unicodedata
from typing import IO, TYPE_CHECKING

from assess.render.filters import LEAN_NOTE, lean_words, signed

if TYPE_CHECKING:
    from rich.console import Console

    from assess.models.assessment import Assessment, Sensitivity, TimePoint

STATUS_STYLE = {"scored": "", "rated": "cyan", "insufficient": "dim", "not_applicable": "dim"}
SEVERITY_STYLE = {"serious": "bold red", "warning": "yellow"}
PIPE_WIDTH = 132  # rich's 80 columns wrap criterion titles when output goes to a file or a pipe


def esc(text: object) -> str:
    """Any text from a case or rubric, safe for a terminal: control characters (escape sequences, clear-screen,
    OSC 8 hyperlinks), bidi controls and invisible format characters (zero-width spaces) are shown as `\\x1b`,
    `\\u202e`, `\\u200b`, and rich's markup brackets are escaped. A title cannot recolour, clear or relabel
    the terminal, nor hide that two party names differ."""
    from rich.markup import escape

    from assess.errors import one_line

    shown = one_line(str(text))
    if not shown.isprintable() or any(unicodedata.category(ch) == "Cf" for ch in shown):
        shown = "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) == "Cf" else ch for ch in shown)
    return escape(shown)


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _interval(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"{low:.1f}–{high:.1f}"


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def _print_headline(a: Assessment, console: Console) -> None:
    """The lead: the headline fundamental's verdict sentence, its confidence, its warnings (docs/method.md §4a)."""
    h = a.headline
    if h is None:
        return
    console.print(f"\n[bold]{esc(h.statement)}[/bold]")
    console.print(esc(h.confidence_statement))
    for warning in h.warnings:
        console.print(f"[yellow]warning[/yellow] {esc(warning)}")
    console.print()


def print_table(assessment: Assessment, stream: IO[str]) -> None:
    """Print the assessment as rich tables to `stream` (colour only on a terminal and without NO_COLOR)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, emoji=False, soft_wrap=True)
    if not console.is_terminal:
        console.width = PIPE_WIDTH
    a = assessment
    rubric = a.rubric
    heading = f"[bold]{esc(a.case.meta.title)}[/bold]\nrubric {esc(rubric.id)} {esc(rubric.version)}"
    if a.as_of:
        span = f"from {a.window_start} to" if a.window_start else "as of"
        heading += f" · evidence {span} {a.as_of}"
    console.print(heading)
    _print_headline(a, console)

    table = Table(show_edge=False, pad_edge=False, header_style="bold", expand=False)
    for name, justify in (("criterion", "left"), ("weight", "right"), ("score", "right"), ("90% interval", "right"),
                          ("level", "left"), ("status", "left"), ("evidence", "right")):
        table.add_column(name, justify=justify, min_width=46 if name == "criterion" else None)  # type: ignore[arg-type]
    by_fundamental: dict[str, list] = {}
    for c in a.criteria:
        by_fundamental.setdefault(c.fundamental, []).append(c)
    for f in a.fundamentals:
        provisional = " · provisional" if f.provisional else ""
        table.add_row(f"[bold]{esc(f.title)}[/bold]", f"{f.weight:g}", f"[bold]{_num(f.score)}[/bold]",
                      _interval(f.low, f.high), "", f"{f.scored_criteria}/{len(f.criteria)} evidenced{provisional}", "")
        for c in by_fundamental.get(f.id, []):
            style = STATUS_STYLE[c.status]
            label = c.status.replace("_", " ")
            status = f"[{style}]{label}[/{style}]" if style else label
            if c.status == "rated" and c.evidence_score is not None:
                status += f"; evidence {_num(c.evidence_score)}" + (" [bold](!)[/bold]" if c.rating_outside_interval else "")
            if c.structural:
                status += " · structural"
            table.add_row(f"  {esc(c.title)}", f"{c.weight:g}", _num(c.score), _interval(c.low, c.high),
                          esc(c.level_label or ""), status, str(len(c.evidence)))
    console.print(table)

    o = a.overall
    if o.score is None:
        console.print(f"\n[bold]Verdict: {esc(o.verdict)}[/bold]")
    else:
        console.print(
            f"\n[bold]Overall {o.score:.1f}[/bold] (90% interval {_interval(o.low, o.high)}): "
            f"[bold]{esc(o.verdict)}[/bold]{' (provisional)' if o.provisional else ''} — {o.likelihood} "
            f"(p = {o.probability:.2f}, ICD 203, that the score lies in this band)"
            + (f"; verdict capped from {esc(o.score_band)}" if o.capped else "")
        )
        for reason in o.cap_reasons:
            console.print(f"  capped: {esc(reason)}")

    parties = Table(show_edge=False, pad_edge=False, header_style="bold", title=None)
    # Components show medians only, so the table fits 132 columns; their intervals are in the other reports.
    for name in ("party", "tilt", "90% interval", "lean", "conduct", "perceived", "structural", "items"):
        parties.add_column(name, justify="left" if name in ("party", "lean") else "right", no_wrap=name != "party")
    for p in a.parties:
        parties.add_row(esc(p.name), signed(p.tilt), f"{signed(p.low)} to {signed(p.high)}", esc(lean_words(p.lean, p.name)),
                        signed(p.conduct_tilt), signed(p.perceived_tilt), signed(p.structural_tilt), str(len(p.evidence)))
    console.print()
    console.print(parties)
    if a.parties:
        console.print(f"Tilt: posterior median from all evidence; conduct, perceived, structural: medians of each kind "
                      f"alone (their intervals are in the JSON, HTML and Markdown reports). {LEAN_NOTE}")

    if a.flags:
        console.print("\n[bold]Red flags[/bold]")
        for flag in a.flags:
            style = SEVERITY_STYLE.get(flag.severity, "")
            who = f" → {esc(', '.join(flag.parties))}" if flag.parties else ""
            console.print(f"  [{style}]{flag.severity}[/{style}] {esc(flag.label)}{who} ({esc(', '.join(flag.evidence))})")
    else:
        console.print("\nRed flags: none")

    cov = a.coverage
    console.print(
        f"\nCoverage: {cov.scored} scored, {cov.rated} rated, {cov.insufficient} insufficient"
        + (f", {cov.not_applicable} not applicable" if cov.not_applicable else "")
        + f" of {cov.criteria_total} criteria ({cov.weight_covered:.0%} of the applicable weight evidenced, "
        f"{cov.weight_insufficient:.0%} on the prior); {cov.evidence_used} of {cov.evidence_total} evidence items used"
        + (f", {cov.background} background (outside the mediator's roles)" if cov.background else "")
    )
    _print_case_limits(console, a)
    _print_time(console, a)
    s = a.sensitivity
    if s is not None:
        console.print(sensitivity_line(s, a.headline.fundamental if a.headline else None))


def _print_case_limits(console: Console, a: Assessment) -> None:
    """The assessor's own limitations and open questions: what the evidence does not cover, said beside the numbers."""
    for heading, lines in (("What the evidence does not cover", a.case.limitations),
                           ("Open questions", a.case.open_questions)):
        if lines:
            console.print(f"\n[bold]{heading}[/bold]")
            for line in lines:
                console.print(f"  - {esc(line)}")


def sensitivity_line(s: Sensitivity, headline: str | None) -> str:
    """The joint analysis in a few lines: range and verdict share, what the headline (else the overall) is most
    sensitive to, and any source or event whose removal alone changes the verdict."""
    if not s.distributions:
        return f"Sensitivity: nothing is scored, so no assumption can change the result ({s.draws} draws, seed {s.seed})."
    holds = "holds" if s.verdict_stable else "is NOT stable: it holds"
    lines = [
        f"Sensitivity: {s.draws} joint draws over {len(s.assumptions)} assumptions (seed {s.seed}); overall "
        f"{_interval(s.low, s.high) or '–'}; the verdict {holds} in {s.verdict_share:.0%} of draws"
    ]
    target = next((d for d in s.distributions if d.target == headline), s.distributions[0])
    lines.append("  " + esc(target.most_sensitive_to))
    hinge = [f"source {x}" for x in s.decisive_sources] + [f"event {x}" for x in s.decisive_events]
    lines.append("  the overall verdict hinges on " + esc(", ".join(hinge)) if hinge
                 else "  no single source or event changes the overall verdict")
    return "\n".join(lines)


def _point_text(point: TimePoint | None) -> str:
    if point is None:
        return ""
    if point.score is None:
        return point.verdict
    return f"{point.score:.1f} ({_interval(point.low, point.high)}) {point.verdict}"


def _print_time(console: Console, a: Assessment) -> None:
    """The overall result over time, as of each date and within each window, with the notes that go with it."""
    from rich.table import Table

    from assess.render.timeview import time_notes, time_rows

    rows = time_rows(a)
    if len(rows) < 2:
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold", title=None)
    for name, justify in (("date", "left"), ("as of (cumulative)", "left"), ("items", "right"),
                          (f"within the window ({a.timeline.window})", "left"), ("items", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for point, window in rows:
        table.add_row(point.as_of, esc(_point_text(point)), str(point.evidence_count), esc(_point_text(window)),
                      str(window.evidence_count) if window else "")
    console.print("\n[bold]Over time[/bold]")
    console.print(table)
    for note in time_notes(a):
        console.print(esc(note))
