"""Build a candidate case file from a source text: every sentence a drafted evidence item awaiting review."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from assess.authoring.drafting import Actor, read_sentence
from assess.authoring.scaffold import CaseHead, criteria_comment, head_lines
from assess.authoring.sentences import Sentence, split_sentences
from assess.authoring.yamltext import comment, q, slug, unique_slugs
from assess.models.rubric import Rubric

TITLE_MAX = 200


@dataclass(frozen=True)
class DraftInput:
    """A source text to draft from, and who is who in it."""

    text_path: Path
    output: Path
    head: CaseHead
    mediator_aliases: tuple[str, ...] = ()
    party_aliases: tuple[tuple[str, ...], ...] = ()
    source_kind: str = "essay"


def parse_names(value: str) -> tuple[str, tuple[str, ...]]:
    """`Azerbaijan|Baku|Azerbaijani` -> ("Azerbaijan", ("Baku", "Azerbaijani")): a name and its aliases."""
    names = [n.strip() for n in value.split("|") if n.strip()]
    return (names[0] if names else value.strip()), tuple(names[1:])


def _title_sentence(sentences: list[Sentence]) -> Sentence | None:
    """A heading: the first paragraph when it is one short line (it titles the source, it is not evidence)."""
    first = [s for s in sentences if s.paragraph == sentences[0].paragraph] if sentences else []
    if len(first) == 1 and len(first[0].text) <= TITLE_MAX and "\n" not in first[0].text and not first[0].text.endswith("."):
        return first[0]
    return None


def _locator(sentence: Sentence, paragraph: int) -> str:
    place = f"para. {paragraph}"
    return place + "".join(f", footnote [{n}]" for n in sentence.footnotes)


def draft_text(spec: DraftInput, rubric: Rubric) -> tuple[str, int]:
    """The draft case file's text and how many evidence items it holds."""
    raw = spec.text_path.read_bytes()
    text = raw.decode("utf-8")
    sentences = split_sentences(text)
    heading = _title_sentence(sentences)
    if heading is not None:
        sentences = sentences[1:]
    source_title = heading.text.strip() if heading else spec.text_path.stem
    source_id = slug(spec.text_path.stem, "text")
    relative = Path(os.path.relpath(spec.text_path.resolve(), spec.output.resolve().parent)).as_posix()

    party_ids = unique_slugs(spec.head.parties, "party")
    parties = [Actor(pid, (name,) + aliases) for pid, name, aliases in
               zip(party_ids, spec.head.parties, spec.party_aliases or [()] * len(party_ids))]
    mediator = Actor("mediator", (spec.head.mediator,) + spec.mediator_aliases)

    lines = head_lines(spec.head, spec.output, title=f"{spec.head.mediator} as mediator: draft from {source_title}")
    lines[1] = comment(f"# DRAFT made by `assess draft` from {relative}: every evidence item has `review: true` until checked.")
    lines = _add_aliases(lines, parties, mediator)
    lines += [
        "sources:",
        f"  - id: {q(source_id)}",
        f"    kind: {spec.source_kind}",
        f"    title: {q(source_title)}",
        "    reliability: F  # cannot be judged yet: grade the source A-E once you know it",
        f"    text: {q(relative)}",
        f"    sha256: {q(hashlib.sha256(raw).hexdigest())}",
    ]
    markers = sorted({n for s in sentences for n in s.footnotes}, key=int)
    for number in markers:
        lines += [
            f"  - id: {q(f'{source_id}_fn{number}')}",
            "    kind: other",
            f"    title: {q(f'Reference of footnote [{number}] in {source_title}')}",
            "    reliability: F",
            f"    locator: {q(f'footnote [{number}]')}",
            "    unresolved: true",
            "    note: \"The footnote's reference is not in the text file: find it and replace this entry.\"",
        ]
    lines.append("evidence:" if sentences else "evidence: []")
    first_paragraph = sentences[0].paragraph if sentences else 0
    for index, sentence in enumerate(sentences, 1):
        lines += _evidence_lines(index, sentence, source_id, mediator, parties, rubric, sentence.paragraph - first_paragraph + 1)
    lines += [""] + criteria_comment(rubric)
    return "\n".join(lines) + "\n", len(sentences)


def _add_aliases(lines: list[str], parties: list[Actor], mediator: Actor) -> list[str]:
    out = []
    party_iter = iter(parties)
    for line in lines:
        if line.strip().startswith("aliases: []"):
            party = next(party_iter)
            line = f"      aliases: [{', '.join(q(a) for a in party.names[1:])}]  # other names in texts"
        out.append(line)
    if len(mediator.names) > 1:
        out.insert(out.index("conflict:"), comment(f"  # also named in the text: {', '.join(mediator.names[1:])}"))
    return out


def _evidence_lines(
    index: int, sentence: Sentence, source_id: str, mediator: Actor, parties: list[Actor], rubric: Rubric, paragraph: int
) -> list[str]:
    reading = read_sentence(sentence.text, mediator, parties, rubric)
    sources = [source_id] + [f"{source_id}_fn{n}" for n in sentence.footnotes]
    notes = ["Drafted from the text: restate the claim in your own words, then check kind, date and grades."]
    if reading.unclear:
        notes.append("Cue words suggest " + ", ".join(reading.unclear) + " (direction unclear).")
    if not reading.mentions_mediator:
        notes.append(f"The sentence does not name {mediator.names[0]}: context rather than conduct?")
    lines = [
        f"  - id: d{index:03d}",
        f"    claim: {q(sentence.text.strip())}",
        f"    quote: {q(sentence.text)}",
        f"    source: [{', '.join(q(s) for s in sources)}]",
        f"    locator: {q(_locator(sentence, paragraph))}",
    ]
    if reading.date:
        lines.append(f"    date: {q(reading.date)}")
    lines += [f"    kind: {reading.kind}", "    credibility: 6  # cannot be judged yet"]
    if reading.bears_on:
        lines.append("    bears_on: {" + ", ".join(f"{q(c)}: {v}" for c, v in reading.bears_on.items()) + "}  # suggested")
    if reading.favours:
        lines.append(f"    favours: {q(reading.favours)}")
    if reading.tags:
        lines.append(f"    tags: [{', '.join(reading.tags)}]")
    lines += [f"    note: {q(' '.join(notes))}", "    review: true"]
    return lines
