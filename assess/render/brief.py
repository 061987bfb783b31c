"""The brief every report opens with, written from the result alone: fixed sentence templates, no model, no I/O.

Each function takes the Assessment and returns plain sentences (names, never ids) or `Point`s that carry the
evidence they rest on; the templates only lay them out and turn evidence references into links.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assess.render.filters import first_words, lean_words, probability, score, signed
from assess.scoring.verdict import likelihood_lead

if TYPE_CHECKING:
    from assess.models.assessment import Assessment, CriterionResult, PartyTilt, TiltInterval
    from assess.models.case import Evidence
    from assess.models.rubric import Rubric

FINDINGS_EACH_WAY = 3
EVIDENCE_PER_POINT = 2
EVIDENCE_PER_FLAG = 2
LABEL_WORDS = 5
ONE_SOURCE_NOTABLE = 1 / 3  # a source holding more than this share of the scored items is a limitation

# The rubric's assumption labels are written for analysts; the brief names what each one means for a reader.
PLAIN_ASSUMPTIONS = {
    "posteriors": "the uncertainty of each criterion's own score",
    "criterion_weights": "the weights of the criteria",
    "fundamental_weights": "the weights of the fundamentals",
    "aggregation": "the way criterion scores are combined",
    "kind_factors": "how much each kind of evidence (fact, perception, ...) counts",
    "strength_mapping": "how an item's strength is read as a level",
    "source_grades": "the reliability grades of the sources",
    "missing_data": "how criteria with too little evidence are treated",
    "prior": "the starting point assumed before any evidence",
    "sufficiency": "how much evidence a criterion needs for a score of its own",
}


@dataclass(frozen=True)
class EvidenceRef:
    """An evidence item as the brief cites it: its anchor and a short label (`e05: Russia armed Armenia…`)."""

    id: str
    anchor: str
    label: str


@dataclass(frozen=True)
class Point:
    """One sentence of the brief with the evidence it rests on (and how many more items are not listed)."""

    text: str
    evidence: tuple[EvidenceRef, ...] = ()
    more: int = 0
    anchor: str | None = None  # where the report details it (a criterion, a red flag)


@dataclass(frozen=True)
class Brief:
    """The brief: verdicts, strongest findings each way, tilt, red flags, limitations, what would change it."""

    overall: str
    cap: str | None
    strengths: tuple[Point, ...]
    concerns: tuple[Point, ...]
    tilt: tuple[str, ...]
    flags: tuple[Point, ...]
    limitations: tuple[str, ...]
    would_change: tuple[str, ...]
    levels_and_bands: str = field(default="")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _names(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def evidence_label(item: Evidence, words: int = LABEL_WORDS) -> str:
    """A short label for an evidence link: its id and the first words of its claim, `e05: Russia armed Armenia…`."""
    claim = item.claim.split()
    head = " ".join(claim[:words]).rstrip(",;:.")
    return f"{item.id}: {head}{'…' if len(claim) > words else ''}"


def evidence_ref(assessment: Assessment, evidence_id: str) -> EvidenceRef:
    items = {e.id: e for e in assessment.case.evidence}
    item = items.get(evidence_id)
    return EvidenceRef(evidence_id, f"ev-{evidence_id}", evidence_label(item) if item else evidence_id)


def _interval(low: float | None, high: float | None) -> str:
    return f"90% interval {score(low)}–{score(high)}" if low is not None and high is not None else ""


def overall_sentence(assessment: Assessment) -> str:
    """The overall verdict across every fundamental, with its score, interval and likelihood in words."""
    o = assessment.overall
    count = len(assessment.fundamentals)
    lead = f"Across all {count} fundamentals of the Guidance, the overall verdict is “{o.verdict}”"
    if o.score is None:
        return lead + "."
    details = [f"score {score(o.score)} of 100", _interval(o.low, o.high)] + (["provisional"] if o.provisional else [])
    text = f"{lead} ({', '.join(d for d in details if d)})."
    if o.likelihood and o.probability is not None:
        band = o.score_band or o.verdict
        text += f" {likelihood_lead(o.likelihood)} ({probability(o.probability)}) that the score lies in the band “{band}”."
    return text


def cap_sentence(assessment: Assessment) -> str | None:
    """Why the rubric's non-compensation rule lowered the overall verdict, when it did."""
    o = assessment.overall
    if not o.capped:
        return None
    return f"The score alone would give “{o.score_band}”; the rubric caps the verdict: " + " ".join(o.cap_reasons)


def _level_text(assessment: Assessment, result: CriterionResult) -> str:
    """`Largely meets: the ceasefire holds…`, the achieved level with the criterion's own descriptor."""
    criterion = next(c for f in assessment.rubric.fundamentals for c in f.criteria if c.id == result.id)
    level = result.level
    if level is None:
        return result.level_label or ""
    descriptor = criterion.levels.get(level) if criterion.levels else None
    descriptor = descriptor or assessment.rubric.scale[level].descriptor
    return f"{result.level_label}: {descriptor[0].lower() + descriptor[1:]}" if descriptor else str(result.level_label)


def _heaviest(result: CriterionResult, direction: str, count: int) -> list[str]:
    """The ids of the heaviest items pointing one way on a criterion, heaviest first (case order on ties)."""
    order = {w.evidence: index for index, w in enumerate(result.weights)}
    chosen = sorted((w for w in result.weights if w.direction == direction), key=lambda w: (-w.weight, order[w.evidence]))
    return [w.evidence for w in chosen[:count]]


def _fundamental_title(assessment: Assessment, fundamental_id: str) -> str:
    return next((f.title for f in assessment.fundamentals if f.id == fundamental_id), fundamental_id)


def finding_point(assessment: Assessment, result: CriterionResult, direction: str) -> Point:
    """One criterion as a finding: title, fundamental, score and level in words, and its heaviest evidence that way."""
    text = (
        f"{result.title} ({_fundamental_title(assessment, result.fundamental)}): {score(result.score)} of 100 "
        f"({_interval(result.low, result.high)}), {_level_text(assessment, result)}"
    )
    if result.status == "rated":
        text += " (an assessor's rating pooled with the evidence)"
    heaviest = _heaviest(result, direction, EVIDENCE_PER_POINT)
    ranked = sum(1 for w in result.weights if w.direction == direction)
    return Point(
        text.rstrip(".") + ".",
        tuple(evidence_ref(assessment, e) for e in heaviest),
        max(0, ranked - len(heaviest)),
        f"crit-{result.id}",
    )


def strongest_findings(assessment: Assessment, direction: str, count: int = FINDINGS_EACH_WAY) -> tuple[Point, ...]:
    """The criteria furthest above (`supports`) or below (`undermines`) the middle of the scale, as findings."""
    middle = 50.0
    numbered = [c for c in assessment.criteria if c.score is not None and c.status in ("scored", "rated")]
    if direction == "supports":
        chosen = sorted((c for c in numbered if c.score > middle), key=lambda c: -c.score)  # type: ignore[operator]
    else:
        chosen = sorted((c for c in numbered if c.score < middle), key=lambda c: c.score)  # type: ignore[arg-type]
    return tuple(finding_point(assessment, c, direction) for c in chosen[:count])


def _tilt_numbers(value: PartyTilt | TiltInterval) -> str:
    return f"{signed(value.tilt)}, 90% interval {signed(value.low)} to {signed(value.high)}"


def _lean_phrase(lean: str, party: str) -> str:
    """`lean toward Armenia` for a plural subject (`lean_words` words it for a singular one)."""
    return f"lean {lean} {party}"


def _component_clause(parties: list[PartyTilt], component: str, subject: str, focus: PartyTilt) -> str:
    """`its structural ties … lean toward Armenia (+0.78, 90% interval +0.32 to +0.97)`, or no clear lean."""
    # Tilts are relative, so a lean toward one party mirrors a lean against the others: name the favoured side
    # only, unless the kind of evidence shows nothing but leans against.
    toward = [(p, getattr(p, component)) for p in parties if getattr(p, component).lean == "toward"]
    leaning = toward or [(p, getattr(p, component)) for p in parties if getattr(p, component).lean == "against"]
    if leaning:
        parts = [f"{_lean_phrase(t.lean, p.name)} ({_tilt_numbers(t)})" for p, t in leaning]
        return f"{subject} {_names(parts)}"
    return f"{subject} show no clear lean ({focus.name} {_tilt_numbers(getattr(focus, component))})"


def tilt_sentences(assessment: Assessment) -> tuple[str, ...]:
    """The tilt in words: overall, then conduct, perceptions and structural ties apart (docs/method.md §6)."""
    parties = list(assessment.parties)
    if not parties:
        return ()
    mediator = assessment.case.mediator.name
    scale = "on a scale from −1 to +1 where 0 is an even share"
    # As for each kind below: a lean toward one party mirrors the lean against the others, so name the favoured.
    leaning = [p for p in parties if p.lean == "toward"] or [p for p in parties if p.lean == "against"]
    if leaning:
        parts = [f"{lean_words(p.lean, p.name)} ({_tilt_numbers(p)})" for p in leaning]
        first = f"Taken together, the evidence shows that {mediator} {_names(parts)}, {scale}."
    else:
        first = f"Taken together, the evidence shows no clear lean of {mediator} toward any party ({scale})."
    # Where a kind of evidence shows no clear lean, its numbers are quoted for the party favoured overall, so
    # the reader compares like with like.
    focus = max(parties, key=lambda p: p.tilt)
    clauses = [
        _component_clause(parties, "conduct", "its acts and stated positions", focus),
        _component_clause(parties, "perceived", "perceptions and allegations", focus),
        _component_clause(parties, "structural", "its structural ties", focus),
    ]
    return (first, "Apart: " + "; ".join(clauses) + ".")


def flag_points(assessment: Assessment) -> tuple[Point, ...]:
    """Each red flag as a finding of this case: what, how serious, which party, which evidence."""
    names = {p.id: p.name for p in assessment.case.conflict.parties}
    points = []
    for flag in assessment.flags:
        text = f"{flag.label} ({'serious' if flag.severity == 'serious' else 'warning'})"
        if flag.parties:
            text += ", favouring " + _names([names.get(p, p) for p in flag.parties])
        text += f": raised by {_plural(len(flag.evidence), 'evidence item')}."
        listed = flag.evidence[:EVIDENCE_PER_FLAG]
        points.append(
            Point(text, tuple(evidence_ref(assessment, e) for e in listed), len(flag.evidence) - len(listed),
                  f"flag-{flag.id}")
        )
    return tuple(points)


def scored_items(assessment: Assessment) -> dict[str, str]:
    """Every evidence item that counts on some criterion, with the source it rests on (root of its `via:` chain)."""
    found: dict[str, str] = {}
    for criterion in assessment.criteria:
        for weight in criterion.weights:
            found.setdefault(weight.evidence, weight.cluster)
    return found


def one_source_sentence(assessment: Assessment) -> str | None:
    """`30 of 49 scored items rest on one source, the essay “…”`, when one source holds a large share."""
    items = scored_items(assessment)
    if not items:
        return None
    source_id, count = Counter(items.values()).most_common(1)[0]
    if count / len(items) <= ONE_SOURCE_NOTABLE or not source_id:
        return None
    source = next((s for s in assessment.case.sources if s.id == source_id), None)
    named = f"the {source.kind.replace('_', ' ')} “{source.title}”" if source else source_id
    grade = f" (reliability {source.reliability})" if source else ""
    return f"{count} of {len(items)} scored evidence items rest on one source, {named}{grade}."


def undated_sentence(assessment: Assessment) -> str | None:
    timeline = assessment.timeline
    n = len(timeline.undated_evidence)
    if not n:
        return None
    return (
        f"{_plural(n, 'scored item')} {'is' if n == 1 else 'are'} undated ({timeline.undated_weight_share:.0%} of "
        "the evidence weight): they count in the result but in no point of the timeline."
    )


def coverage_sentence(assessment: Assessment) -> str | None:
    c = assessment.coverage
    if not c.insufficient:
        return None
    return (
        f"{c.insufficient} of {c.criteria_total} criteria have too little evidence for a score of their own; "
        f"{c.weight_insufficient:.0%} of the weight rests on the prior, the neutral starting point, which widens the "
        "intervals and pulls the score toward the middle."
    )


def provisional_sentence(assessment: Assessment) -> str | None:
    provisional = [f.title for f in assessment.fundamentals if f.provisional and f.score is not None]
    if not provisional:
        return None
    threshold = assessment.rubric.sufficiency.provisional_below
    return (
        f"Provisional (less than {threshold:.0%} of their weight evidenced): {_names(provisional)}."
    )


def unresolved_sentence(assessment: Assessment) -> str | None:
    scored = scored_items(assessment)
    scored_sources = {ref.id for e in assessment.case.evidence for ref in e.source if e.id in scored}
    unresolved = [s for s in assessment.case.sources if s.unresolved and s.id in scored_sources]
    if not unresolved:
        return None
    return (
        f"{_plural(len(unresolved), 'reference')} {'is' if len(unresolved) == 1 else 'are'} known only by a marker "
        "(such as a footnote whose text is not available) and cannot be checked."
    )


def unverified_quotes_sentence(assessment: Assessment) -> str | None:
    checks = assessment.quote_checks
    unverified = [q for q in checks if q.status != "verified"]
    if not checks or not unverified:
        return None
    return f"{len(unverified)} of {len(checks)} quotations could not be verified word for word in a local copy of their source."


def limitation_sentences(assessment: Assessment) -> tuple[str, ...]:
    """The main limitations, computed: one-source reliance, undated evidence, coverage, provisional scores."""
    warnings = list(assessment.headline.warnings) if assessment.headline else []
    candidates = [
        one_source_sentence(assessment),
        *warnings,
        coverage_sentence(assessment),
        provisional_sentence(assessment),
        undated_sentence(assessment),
        unresolved_sentence(assessment),
        unverified_quotes_sentence(assessment),
    ]
    # The assessor's own limitations are counted here and listed in full with the case ("What the evidence does not
    # cover"): the brief must stay two pages on paper however many the assessor writes.
    case = assessment.case
    if case.limitations or case.open_questions:
        listed = [_plural(len(lines), one, many) for lines, one, many in
                  ((case.limitations, "limitation of the evidence", "limitations of the evidence"),
                   (case.open_questions, "open question", "open questions")) if lines]
        candidates.append(f"The assessor names {' and '.join(listed)}.")
    elif case.notes:
        candidates.append("The assessor's own notes and open questions are given with the case.")
    return tuple(c for c in candidates if c)


def _plain_assumption(assumption_id: str, label: str) -> str:
    base = assumption_id.split(":", 1)[0]
    if ":" in assumption_id:  # one source's grade on its own, e.g. `source_grades:essay`
        return label
    return PLAIN_ASSUMPTIONS.get(base, label)


def _sensitive_sentence(assessment: Assessment, target: str, title: str) -> str | None:
    """`Of the assumptions varied, Impartiality moves most with X, then Y.`, from the total Sobol indices."""
    if assessment.sensitivity is None:
        return None
    distribution = next((d for d in assessment.sensitivity.distributions if d.target == target), None)
    if distribution is None:
        return None
    ranked = sorted((s for s in distribution.sobol if s.total is not None), key=lambda s: -(s.total or 0.0))
    if not ranked:
        return None
    first = _plain_assumption(ranked[0].assumption, ranked[0].label)
    then = f", then with {_plain_assumption(ranked[1].assumption, ranked[1].label)}" if len(ranked) > 1 else ""
    return f"Of the assumptions the analysis varies, {title} moves most with {first}{then}."


def _runner_up(bands: dict[str, float], verdict: str | None) -> tuple[str, float] | None:
    others = [(label, share) for label, share in bands.items() if label != verdict and share > 0]
    return max(others, key=lambda pair: pair[1]) if others else None


def holds_sentence(assessment: Assessment, target: str, subject: str) -> str | None:
    """`Impartiality’s verdict, “…”, holds in 54% of 1,024 joint draws …; otherwise it would most often be “…” (28%).`"""
    if assessment.sensitivity is None:
        return None
    distribution = next((d for d in assessment.sensitivity.distributions if d.target == target), None)
    if distribution is None or distribution.verdict is None or distribution.verdict_share is None:
        return None
    text = (
        f"{subject}, “{distribution.verdict}”, holds in {distribution.verdict_share:.0%} of "
        f"{assessment.sensitivity.draws:,} joint draws of the uncertainty analysis"
    )
    runner_up = _runner_up(distribution.bands, distribution.verdict)
    if runner_up:
        text += f"; otherwise it would most often be “{runner_up[0]}” ({runner_up[1]:.0%})"
    return text + "."


def _source_name(assessment: Assessment, source_id: str) -> str:
    """A source by its title, cut to its first words: the brief names it, the annex gives the reference."""
    source = next((s for s in assessment.case.sources if s.id == source_id), None)
    return f"“{first_words(source.title, 8)}”" if source else source_id


def decisive_sentence(assessment: Assessment) -> str | None:
    """Which single source or event changes the overall verdict when left out; or the largest single effect."""
    s = assessment.sensitivity
    if s is None:
        return None
    if s.decisive_sources or s.decisive_events:
        named = [f"the source {_source_name(assessment, x)}" for x in s.decisive_sources]
        named += [f"the event “{x.replace('_', ' ')}”" for x in s.decisive_events]
        return f"Without any one of these the overall verdict would change: {_names(named)}."
    if not s.leave_one_source_out or assessment.overall.score is None:
        return "No single source or event changes the overall verdict when left out."
    biggest = max(s.leave_one_source_out, key=lambda x: abs((x.overall or 0.0) - assessment.overall.score))  # type: ignore[operator]
    text = (
        "No single source or event changes the overall verdict when left out; the largest effect is "
        f"{_source_name(assessment, biggest.id)} ({_plural(len(biggest.items), 'item')}), without which the overall "
        f"score would be {score(biggest.overall)} instead of {score(assessment.overall.score)}"
    )
    changed = [_fundamental_title(assessment, c) for c in biggest.changes if c != "overall"]
    if changed:
        text += f" and the verdict on {_names(changed)} would change"
    return text + "."


def missing_evidence_sentence(assessment: Assessment) -> str | None:
    """What new evidence would move the headline most: its criteria that have no score of their own yet."""
    headline = assessment.headline
    if headline is None:
        return None
    fundamental = next((f for f in assessment.fundamentals if f.id == headline.fundamental), None)
    if fundamental is None:
        return None
    missing = [c for c in assessment.criteria if c.fundamental == fundamental.id and c.status == "insufficient"]
    if not missing:
        return None
    share = 1.0 - fundamental.evidenced_share
    # The heaviest three by name: a brief is read on one page, and the findings list every criterion.
    missing.sort(key=lambda c: -c.weight)
    named = [c.title for c in missing[:3]] + ([f"{len(missing) - 3} more"] if len(missing) > 3 else [])
    return (
        f"Evidence on {_names(named)} — now without a score of their own, together "
        f"{share:.0%} of {headline.title}’s weight — would change its verdict most."
    )


def _holds_and_moves(assessment: Assessment, target: str, subject: str, title: str) -> str | None:
    """One score's stability and what moves it, in one sentence (two when only one is known)."""
    holds = holds_sentence(assessment, target, subject)
    moves = _sensitive_sentence(assessment, target, title)
    if holds and moves:
        return holds[:-1] + "; " + moves[0].lower() + moves[1:]
    return holds or moves


def would_change_sentences(assessment: Assessment) -> tuple[str, ...]:
    """What would change the verdicts: their share of the joint draws, what they are most sensitive to, which
    single source would tip them, and where missing evidence weighs most."""
    candidates: list[str | None] = []
    if assessment.headline:
        h = assessment.headline
        candidates.append(_holds_and_moves(assessment, h.fundamental, f"{h.title}’s verdict", h.title))
    candidates += [
        _holds_and_moves(assessment, "overall", "The overall verdict", "the overall score"),
        decisive_sentence(assessment),
        missing_evidence_sentence(assessment),
    ]
    return tuple(c for c in candidates if c)


def levels_and_bands_sentence(rubric: Rubric) -> str:
    """One sentence on why a criterion's level and a verdict band can differ for the same number."""
    scale = sorted(rubric.scale, key=lambda s: s.level)
    bands = sorted(rubric.bands, key=lambda b: b.min)
    if len(scale) < 2 or not bands:
        return ""
    top = scale[-1].level
    points = ", ".join(f"{100 * s.level / top:.0f}" for s in scale)
    starts = ", ".join(f"{b.min:.0f}" for b in bands)
    return (
        f"A criterion's level is the nearest of its {len(scale)} levels, which sit at {points} on the 0–100 scale "
        f"({scale[0].label} … {scale[-1].label}); fundamentals and the overall score take a verdict band, and the "
        f"bands start at {starts} ({bands[0].label} … {bands[-1].label}), so one number can read differently in each."
    )


def build_brief(assessment: Assessment) -> Brief:
    """The whole brief, computed once for the HTML, PDF and Markdown reports."""
    return Brief(
        overall=overall_sentence(assessment),
        cap=cap_sentence(assessment),
        strengths=strongest_findings(assessment, "supports"),
        concerns=strongest_findings(assessment, "undermines"),
        tilt=tilt_sentences(assessment),
        flags=flag_points(assessment),
        limitations=limitation_sentences(assessment),
        would_change=would_change_sentences(assessment),
        levels_and_bands=levels_and_bands_sentence(assessment.rubric),
    )


def _likelihood_words() -> str:
    from assess.scoring.verdict import ICD203_SCALE, likelihood_range

    return "; ".join(f"{words} ({likelihood_range(words)})" for _, _, words in ICD203_SCALE)


def reading_guide(assessment: Assessment) -> tuple[tuple[str, str], ...]:
    """The method in plain language, one term a line: what the numbers and words of the report mean."""
    rubric = assessment.rubric
    sufficiency = rubric.sufficiency
    guide = [
        ("The score", "Each criterion of the Guidance gets a score from 0 to 100 (100: the standard fully met) from "
         "the evidence items that bear on it, each counted by its strength, its source's reliability, the "
         "information's credibility and its kind. By the rubric's weights, criterion scores combine into a score "
         "per fundamental and an overall score."),
        ("The intervals", "“90% interval 20–49” means the score lies between 20 and 49 with 90% probability, "
         "given the evidence and the method; a wide interval means thin or conflicting evidence."),
        ("Levels and bands", levels_and_bands_sentence(rubric) or "Scores are read against the rubric's bands."),
        ("Insufficient", f"A criterion with fewer than {sufficiency.min_items} independent events, or too little "
         "weight of evidence, has no score of its own. It still counts, at a neutral starting point (the prior), "
         "which widens the intervals and pulls the score toward the middle."),
        ("Provisional", f"A fundamental or overall score is provisional when less than {sufficiency.provisional_below:.0%} "
         "of its weight rests on criteria with a score of their own."),
        ("Likelihood", "How likely the score lies in the verdict's band, in the words of the US Intelligence "
         f"Community's standard (ICD 203): {_likelihood_words()}."),
        ("Confidence", "Analytic confidence (low, moderate, high) is a separate judgement of how much the "
         "evidence base can bear: how much of the weight is evidenced, how many independent sources and events, "
         "how much rests on one source, whether assessors agree, and how stable the verdict is."),
        ("Tilt", "From −1 to +1: above 0 the evidence shows the mediator favouring a party, below 0 disfavouring "
         "it, 0 an even share. It leans only when its whole 90% interval lies on one side of 0."),
    ]
    return tuple(guide)
