"""The commented case-file scaffold `assess new` writes: valid at once, with the rubric's criteria listed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from assess.authoring.yamltext import comment, q, schema_location, schema_modeline, slug, unique_slugs
from assess.models.case import MediatorKind
from assess.models.rubric import Rubric

# From the model, so `assess new --kind` and the scaffold's comment cannot drift from what a case file accepts.
MEDIATOR_KINDS: tuple[str, ...] = get_args(MediatorKind)


@dataclass(frozen=True)
class CaseHead:
    """What every case starts with: who mediates what between whom, and who assesses it."""

    mediator: str
    conflict: str
    parties: list[str]
    rubric_ref: str
    assessed: str
    mediator_kind: str = "state"
    assessor: str = "Your Name"


def rubric_ref_for(rubric_ref: str, target: Path) -> str:
    """A rubric given as a path is written relative to the new file, as the case file reads it."""
    from assess.loading import find_rubric

    if not (rubric_ref.endswith((".yaml", ".yml")) or "/" in rubric_ref or "\\" in rubric_ref):
        return rubric_ref  # an id: looked up beside the case, in ./rubrics, then the bundled rubrics
    found = find_rubric(rubric_ref, target.parent)
    if found is None:
        return rubric_ref
    return Path(os.path.relpath(found.resolve(), target.resolve().parent)).as_posix()


def criteria_comment(rubric: Rubric) -> list[str]:
    """Comment lines listing the rubric's criteria ids with titles, grouped by fundamental."""
    lines = [comment(f"# Criteria of rubric '{rubric.id}' {rubric.version} (ids for `bears_on`; see `assess rubric show {rubric.id}`):")]
    width = max(len(c.id) for c in rubric.criteria())
    for fundamental in rubric.fundamentals:
        lines.append(comment(f"#   {fundamental.title}:"))
        for criterion in fundamental.criteria:
            structural = "  (structural)" if criterion.structural else ""
            lines.append(comment(f"#     {criterion.id.ljust(width)}  {criterion.title}{structural}"))
    return lines


def head_lines(head: CaseHead, target: Path, *, title: str | None = None) -> list[str]:
    """The modeline, meta, mediator and conflict blocks shared by `assess new` and `assess draft`."""
    party_ids = unique_slugs(head.parties, "party")
    case_id = slug(f"{head.mediator} {head.conflict}", "case")
    lines = [
        schema_modeline(target),
        comment(f"# A case file for `assess`: {head.mediator} as mediator ({head.conflict})."),
        "# Workflow: add sources and evidence, then `assess verify`, `assess validate`, `assess score`.",
        "# Every field is described in docs/case-format.md; docs/authoring.md walks through the workflow.",
        "meta:",
        f"  id: {q(case_id)}",
        f"  title: {q(title or head.mediator + ' as mediator: ' + head.conflict)}",
        f"  assessors: [{q(head.assessor)}]  # who codes the case",
        f"  assessed: {q(head.assessed)}  # date of the assessment (YYYY-MM-DD), not of the events",
        f"  rubric: {q(head.rubric_ref)}",
        "  # period: \"1990/2020\"  # the period assessed",
        "mediator:",
        f"  name: {q(head.mediator)}",
        f"  kind: {head.mediator_kind}  # {' | '.join(MEDIATOR_KINDS)}",
        "  roles: []  # e.g. - {role: \"facilitator\", period: \"2000/2006\"}",
        "conflict:",
        f"  name: {q(head.conflict)}",
        "  parties:",
    ]
    for party_id, name in zip(party_ids, head.parties):
        lines += [f"    - id: {q(party_id)}", f"      name: {q(name)}", "      aliases: []  # other names in texts"]
    return lines


SOURCES_HELP = """\
# Sources: cite them by id from evidence. Instead of (or besides) these, name a reference-manager export:
# bibliography: refs.json   # CSL-JSON (Zotero: Export > CSL JSON) or refs.bib (BibTeX); cite its keys
sources: []
#  - id: essay
#    kind: essay            # essay | academic | book | official_document | treaty | statement | news | report | web | other
#    title: "..."
#    authors: ["..."]
#    year: 2020
#    reliability: C         # Admiralty code: A completely reliable ... E unreliable, F cannot be judged
#    text: sources/essay.txt  # local copy: `assess verify` checks quotes against it
#    sha256: "..."          # sha256sum of that file"""

EVIDENCE_HELP = """\
evidence: []
#  - id: e01
#    claim: "What the evidence shows, in your own words."
#    quote: "The source's words, verbatim."
#    source: essay          # or [essay, other] or [{id: essay, locator: "p. 3"}]
#    date: "1994"           # when it happened: YYYY, YYYY-MM, YYYY-MM-DD or a period 1990/1991
#    kind: fact             # fact | official_position | perception | allegation | structural_tie | analysis
#    credibility: 3         # Admiralty code: 1 confirmed ... 5 improbable, 6 cannot be judged
#    bears_on: {balance: -1}  # criterion: -3..-1 undermines, +1..+3 supports the standard
#    favours: party_id      # when it shows the mediator favouring one party"""


def scaffold_text(head: CaseHead, rubric: Rubric, target: Path) -> str:
    """The whole scaffold: valid as written (loading warns only that there is no evidence yet)."""
    lines = head_lines(head, target)
    lines += [SOURCES_HELP, EVIDENCE_HELP, "ratings: []  # optional: your own level per criterion, with a rationale"]
    lines += [""] + criteria_comment(rubric)
    return "\n".join(lines) + "\n"


def schema_beside(target: Path) -> tuple[list[tuple[Path, str]], str | None]:
    """The schema file to write with a new case so that its modeline resolves, and a note when one is kept.

    Nothing inside the checkout (its schema serves). Elsewhere `case.schema.json` beside the case, as
    `assess schema case -o` writes it; an existing file that differs is left alone (it may be the user's own
    choice of version) and the note says how to refresh it.
    """
    from assess.commands.schema import schema_json

    _, path = schema_location(target)
    if path is None:
        return [], None
    text = schema_json("case")
    if not path.exists():
        return [(path, text)], None
    try:
        same = path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        same = False
    if same:
        return [], None
    return [], (f"{path}: note: kept as it is, though it differs from this version's case schema; refresh it with: "
                f"assess schema case -o {path}")
