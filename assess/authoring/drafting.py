"""Reading one sentence for a draft: its kind (hedges, official wording), dates, favoured party, criteria, tags.

Every rule here is a cheap, visible heuristic whose result an analyst reviews; none of it is a judgement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assess.models.rubric import Rubric

# First matching rule wins: hedged wording before official wording before reasoning before ties.
KIND_RULES: tuple[tuple[str, str], ...] = (
    ("allegation", r"\b(allegedly|reportedly|alleged|accused of|accusations?|claimed that|it is claimed)\b"),
    ("perception", r"\b(perceived|perceptions? that|it is (?:therefore )?(?:assumed|believed|thought|said|seen)|"
                   r"there (?:is|are|was|were) (?:a )?(?:perceptions?|view|belief)|is seen as|viewed as)\b"),
    ("official_position", r"\b(officially|official position|officially stated|declared its position)\b"),
    ("analysis", r"\b(must|should|ought to|it is clear|clearly|according to the UN Guidance|it is evident)\b"),
    ("structural_tie", r"\b(alliance|allied|partnership|collective security|treaty|military bases?|"
                       r"bases?|collective defen[cs]e|defen[cs]e pact)\b"),
)
SUPPORT = r"(?:support(?:ed|s|ing)?|back(?:ed|s|ing)?|sided with|side with|favou?r(?:ed|s|ing)?|armed|arming)"
NEGATIVE = re.compile(
    r"\b(not|no|never|failed|failure|unsuccessful|negative|deadlock|threaten\w*|challeng\w*|bias\w*|partial|"
    r"intervening|intervention|occupation|speculate|control|geostrategic|directly supported|difficult|lost|loses)\b",
    re.I,
)
POSITIVE = re.compile(
    r"\b(balance|balanced|impartial(?:ly)?|equally|fairly|peaceful|contributed|contributing|brought the violence to an end|"
    r"ceasefire|goodwill|accepted|recogni[sz]ed|recogni[sz]ing|initiated|organized|organised|arranged)\b",
    re.I,
)
# Tags the shipped rubric's red-flag rules look for; suggested only, like everything else in a draft.
TAG_RULES: tuple[tuple[str, str], ...] = (
    ("strategic_partnership", r"\bstrategic partnership\b"),
    ("collective_defence", r"\bcollective defen[cs]e\b"),
    # Generic words only: the names of particular alliances belong to cases, not to the drafting rules.
    ("military_alliance", r"\b(collective security (?:treaty|organi[sz]ation)|military alliance|defen[cs]e pact)\b"),
    ("military_base", r"\bmilitary bases?\b"),
    ("troops_in_combat", r"\btroops\b"),
    ("military_support", r"\b(military (?:support|aid)|militarily support\w*|arm(?:ed|s) supplies)\b"),
    ("unilateral_track", r"\bunilateral(?:ly)?\b"),
    ("ceasefire", r"\bcease-?fire\b"),
)
_YEAR = r"(1[89]\d\d|20\d\d)"
_RANGE = re.compile(rf"(?<![\d-]){_YEAR}\s*[-\u2010-\u2015/]\s*{_YEAR}(?![\d-])")
_SINGLE = re.compile(rf"(?<![\d-]){_YEAR}(?![\d-])")


@dataclass(frozen=True)
class Actor:
    """A named actor in texts: its id (parties) and every name it goes by."""

    id: str
    names: tuple[str, ...]

    def pattern(self) -> str:
        alternatives = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        return rf"\b(?:{alternatives})(?:['\u2019]s)?\b"

    def named_in(self, sentence: str) -> bool:
        return re.search(self.pattern(), sentence) is not None


@dataclass
class Reading:
    """What a sentence suggests, for one drafted evidence item."""

    kind: str
    date: str | None
    favours: str | None
    bears_on: dict[str, int] = field(default_factory=dict)
    unclear: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    mentions_mediator: bool = False


def evidence_kind(sentence: str) -> str:
    for kind, pattern in KIND_RULES:
        if re.search(pattern, sentence, re.I):
            return kind
    return "fact"


def event_date(sentence: str) -> str | None:
    """A year (`1994`) or a period (`1990-1991` -> `1990/1991`; several years -> first/last)."""
    ranges = [(int(a), int(b)) for a, b in _RANGE.findall(sentence) if int(b) >= int(a)]
    rest = _RANGE.sub(" ", sentence)
    years = sorted({int(y) for y in _SINGLE.findall(rest)} | {y for r in ranges for y in r})
    if not years:
        return None
    if len(years) == 1:
        return str(years[0])
    return f"{years[0]}/{years[-1]}"


def favoured_party(sentence: str, parties: list[Actor], kind: str) -> str | None:
    """A party the sentence shows being backed ("supported Armenia"), or the one party a structural tie names."""
    backed = [p.id for p in parties if re.search(rf"\b{SUPPORT}\s+(?:\w+\s+){{0,2}}?{p.pattern()}", sentence, re.I)]
    if len(backed) == 1:
        return backed[0]
    if kind == "structural_tie":
        named = [p.id for p in parties if p.named_in(sentence)]
        if len(named) == 1:
            return named[0]
    return None


def suggested_criteria(sentence: str, rubric: Rubric, limit: int = 3) -> list[str]:
    """Criteria whose cue words occur in the sentence, the most cues first (at most `limit`)."""
    hits = []
    for order, criterion in enumerate(rubric.criteria()):
        count = sum(1 for cue in criterion.cues if re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", sentence, re.I))
        if count:
            hits.append((-count, order, criterion.id))
    return [cid for _, _, cid in sorted(hits)[:limit]]


def polarity(sentence: str, favours: str | None, kind: str) -> int:
    """+1 the sentence reads as meeting a standard, -1 as falling short, 0 unclear."""
    if favours or kind == "structural_tie":
        return -1
    score = len(POSITIVE.findall(sentence)) - len(NEGATIVE.findall(sentence))
    return (score > 0) - (score < 0)


def read_sentence(sentence: str, mediator: Actor, parties: list[Actor], rubric: Rubric) -> Reading:
    kind = evidence_kind(sentence)
    favours = favoured_party(sentence, parties, kind)
    reading = Reading(kind=kind, date=event_date(sentence), favours=favours, mentions_mediator=mediator.named_in(sentence))
    reading.tags = [tag for tag, pattern in TAG_RULES if re.search(pattern, sentence, re.I)]
    criteria = suggested_criteria(sentence, rubric)
    sign = polarity(sentence, favours, kind)
    if sign and reading.mentions_mediator and kind != "analysis":
        reading.bears_on = {cid: sign for cid in criteria}
    else:
        reading.unclear = criteria
    return reading
