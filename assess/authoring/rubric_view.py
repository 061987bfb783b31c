"""A rubric as an analyst reads it before coding evidence: plain text or Markdown, criteria by fundamental."""

from __future__ import annotations

import textwrap

from assess.models.rubric import Criterion, Rubric


def _share(weight: float, total: float) -> str:
    return f"{weight:g} ({weight / total:.0%})" if total else f"{weight:g}"


def _guidance(criterion: Criterion) -> list[tuple[str, str]]:
    ref = criterion.guidance
    rows = [("Guidance", f"{ref.fundamental}: {ref.paraphrase} (paraphrase)")]
    if ref.quote:
        rows.append(("Quotation", f"\u201c{ref.quote}\u201d ({ref.quote_verified_in})"))
    return rows


def rubric_text(rubric: Rubric, width: int = 100) -> str:
    """Plain text for a terminal."""
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="      ")
    total = sum(f.weight for f in rubric.fundamentals)
    out = [f"{rubric.title} (id {rubric.id}, version {rubric.version}, {len(rubric.criteria())} criteria)", ""]
    out.append("Scale: " + "; ".join(f"{s.level} {s.label}" for s in rubric.scale))
    out.append("Verdicts: " + "; ".join(f"from {b.min:g}: {b.label}" for b in sorted(rubric.bands, key=lambda b: b.min)))
    for fundamental in rubric.fundamentals:
        within = sum(c.weight for c in fundamental.criteria)
        out += ["", f"== {fundamental.title} [{fundamental.id}], weight {_share(fundamental.weight, total)}"]
        out += textwrap.wrap(fundamental.summary, width=width, initial_indent="   ", subsequent_indent="   ")
        for criterion in fundamental.criteria:
            tag = " (structural)" if criterion.structural else ""
            out += ["", f"  {criterion.id}: {criterion.title}{tag}, weight {_share(criterion.weight, within)}"]
            out += wrap.wrap(f"    Question: {criterion.question}")
            out += [line for label, text in _guidance(criterion) for line in wrap.wrap(f"    {label}: {text}")]
            for level in sorted(criterion.levels):
                out += wrap.wrap(f"    {level} {_label(rubric, level)}: {criterion.levels[level]}")
            if criterion.cues:
                out += wrap.wrap("    Cues: " + ", ".join(criterion.cues))
    return "\n".join(out) + "\n"


def _label(rubric: Rubric, level: int) -> str:
    return next((s.label for s in rubric.scale if s.level == level), str(level))


def _md(text: str) -> str:
    """Escape what Markdown would otherwise read as markup in table cells and lines."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def rubric_markdown(rubric: Rubric) -> str:
    """Markdown for reading or pasting into notes."""
    total = sum(f.weight for f in rubric.fundamentals)
    out = [f"# {_md(rubric.title)}", "", f"Rubric `{rubric.id}`, version {_md(rubric.version)}, "
           f"{len(rubric.criteria())} criteria.", "", "| level | label | meaning |", "|---|---|---|"]
    out += [f"| {s.level} | {_md(s.label)} | {_md(s.descriptor)} |" for s in rubric.scale]
    for fundamental in rubric.fundamentals:
        within = sum(c.weight for c in fundamental.criteria)
        out += ["", f"## {_md(fundamental.title)} (`{fundamental.id}`, weight {_share(fundamental.weight, total)})",
                "", _md(fundamental.summary)]
        for criterion in fundamental.criteria:
            tag = " — structural" if criterion.structural else ""
            out += ["", f"### `{criterion.id}`: {_md(criterion.title)}{tag}", "",
                    f"Weight {_share(criterion.weight, within)} within {_md(fundamental.title)}. "
                    f"*{_md(criterion.question)}*", ""]
            out += [f"- **{label}**: {_md(text)}" for label, text in _guidance(criterion)]
            if criterion.cues:
                out.append("- **Cues**: " + ", ".join(_md(c) for c in criterion.cues))
            out += ["", "| level | descriptor |", "|---|---|"]
            out += [f"| {lvl} {_md(_label(rubric, lvl))} | {_md(criterion.levels[lvl])} |" for lvl in sorted(criterion.levels)]
    return "\n".join(out) + "\n"


def rubric_json(rubric: Rubric) -> str:
    """The Rubric model dumped as JSON."""
    return rubric.model_dump_json(indent=2) + "\n"


VIEWS = {"text": rubric_text, "md": rubric_markdown, "json": rubric_json}
