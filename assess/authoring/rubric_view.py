"""A rubric as an analyst reads it before coding evidence: plain text or Markdown, criteria by fundamental."""

from __future__ import annotations

import textwrap

from assess.models.rubric import Criterion, RedFlagRule, Rubric, Vignette


def _share(weight: float, total: float) -> str:
    return f"{weight:g} ({weight / total:.0%})" if total else f"{weight:g}"


def _guidance(criterion: Criterion) -> list[tuple[str, str]]:
    ref = criterion.guidance
    rows = [("Guidance", f"{ref.fundamental}: {ref.paraphrase} (paraphrase)")]
    if ref.quote:
        rows.append(("Quotation", f"\u201c{ref.quote}\u201d ({ref.quote_verified_in})"))
    return rows


def _extras(criterion: Criterion) -> list[tuple[str, str]]:
    """When a criterion does not apply and where its indicator comes from."""
    rows = [("Not applicable when", criterion.not_applicable_when)] if criterion.not_applicable_when else []
    return rows + [("Reference", ref) for ref in criterion.references]


VIGNETTE_NOTE = "Vignettes (invented: Kestria mediates between Arventia and Belisk; each is scored at its level by a test)"


def _coded(vignette: Vignette) -> str:
    parts = [f"{item.kind} {item.bearing:+d}" + (f" for {item.favours}" if item.favours else "") for item in vignette.coded]
    return "coded: " + ", ".join(parts)


def _rule(rule: RedFlagRule) -> str:
    """A red flag's condition in words."""
    when = rule.when
    parts = []
    if when.kinds:
        parts.append("kind " + " or ".join(when.kinds))
    if when.tags_any:
        parts.append("tagged " + " or ".join(when.tags_any))
    if when.criteria:
        verb = when.direction or "bears on"
        parts.append(f"{verb} {' or '.join(when.criteria)} at strength {when.min_strength} or more")
    if when.favours_a_party:
        parts.append("favours one party")
    return "an item " + ", ".join(parts) if parts else "any item"


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
            out += [line for label, text in _guidance(criterion) + _extras(criterion) for line in wrap.wrap(f"    {label}: {text}")]
            for level in sorted(criterion.levels):
                out += wrap.wrap(f"    {level} {_label(rubric, level)}: {criterion.levels[level]}")
            if criterion.cues:
                out += wrap.wrap("    Cues: " + ", ".join(criterion.cues))
            if criterion.vignettes:
                out.append(f"    {VIGNETTE_NOTE}:")
                for vignette in sorted(criterion.vignettes, key=lambda v: v.level):
                    out += wrap.wrap(f"      level {vignette.level} {_label(rubric, vignette.level)}: {vignette.text} "
                                     f"({_coded(vignette)})")
    if rubric.red_flags:
        out += ["", "== Red flags (raised whatever the score)"]
        for rule in rubric.red_flags:
            out += ["", f"  {rule.id}: {rule.label} ({rule.severity})"]
            out += wrap.wrap(f"    When: {_rule(rule)}.")
            out += wrap.wrap(f"    What: {rule.description}")
            if rule.rationale:
                out += wrap.wrap(f"    Why: {rule.rationale}")
    return "\n".join(out) + "\n"


def _label(rubric: Rubric, level: int) -> str:
    return next((s.label for s in rubric.scale if s.level == level), str(level))


def _md(text: str) -> str:
    """User text as literal Markdown, with the escaper every Markdown output uses."""
    from assess.render.mdescape import md_escape

    return str(md_escape(text))


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
            out += [f"- **{label}**: {_md(text)}" for label, text in _guidance(criterion) + _extras(criterion)]
            if criterion.cues:
                out.append("- **Cues**: " + ", ".join(_md(c) for c in criterion.cues))
            out += ["", "| level | descriptor |", "|---|---|"]
            out += [f"| {lvl} {_md(_label(rubric, lvl))} | {_md(criterion.levels[lvl])} |" for lvl in sorted(criterion.levels)]
            if criterion.vignettes:
                out += ["", f"{_md(VIGNETTE_NOTE)}:", ""]
                out += [f"- **Level {v.level} {_md(_label(rubric, v.level))}**: {_md(v.text)} ({_md(_coded(v))})"
                        for v in sorted(criterion.vignettes, key=lambda v: v.level)]
    if rubric.red_flags:
        out += ["", "## Red flags", "", "Raised whatever the score."]
        for rule in rubric.red_flags:
            out += ["", f"### `{rule.id}`: {_md(rule.label)} ({rule.severity})", "", f"- **When**: {_md(_rule(rule))}.",
                    f"- **What**: {_md(rule.description)}"]
            out += [f"- **Why**: {_md(rule.rationale)}"] if rule.rationale else []
    return "\n".join(out) + "\n"


def rubric_json(rubric: Rubric) -> str:
    """The Rubric model dumped as JSON."""
    return rubric.model_dump_json(indent=2) + "\n"


VIEWS = {"text": rubric_text, "md": rubric_markdown, "json": rubric_json}
