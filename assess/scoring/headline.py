"""The headline fundamental (what reports lead with), its evidence base, and the non-compensation caps on the
overall verdict (docs/method.md §4a-§4c)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from assess.models.assessment import Flag, Headline
from assess.models.case import Case, Rating
from assess.models.rubric import Band, NonCompensation, Rubric
from assess.scoring import verdict as verdicts
from assess.scoring.confidence import ConfidenceInputs, analytic_confidence, confidence_sentence
from assess.scoring.evidence import Item


@dataclass(frozen=True)
class EvidenceBase:
    """How the headline's evidence weight spreads over sources, events and the parties sources are aligned with."""

    total: float
    by_source: dict[str, float]
    by_party: dict[str, float]
    events: int

    def heaviest_source(self) -> tuple[str, float]:
        """The source carrying the most weight and its share (ties: the first id)."""
        if not self.by_source or self.total <= 0:
            return "", 0.0
        source = min(self.by_source, key=lambda s: (-self.by_source[s], s))
        return source, self.by_source[source] / self.total


def source_alignment(case: Case) -> dict[str, frozenset[str]]:
    """Per source id, the parties it or any source it is read through (`via:`) declares itself aligned with."""
    sources = {s.id: s for s in case.sources}
    aligned: dict[str, frozenset[str]] = {}
    for source_id in sources:
        parties, seen, current = set(), set(), sources.get(source_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            if current.aligned_with:
                parties.add(current.aligned_with)
            current = sources.get(current.via) if current.via else None
        aligned[source_id] = frozenset(parties)
    return aligned


def item_alignment(item: Item, aligned: dict[str, frozenset[str]]) -> str | None:
    """The one party an item's sources are aligned with, or None (no declared side, or sources on several sides)."""
    parties = set().union(*(aligned.get(ref.id, frozenset()) for ref in item.source.source))
    return next(iter(parties)) if len(parties) == 1 else None


def evidence_base(items: Sequence[Item], criteria: set[int], aligned: dict[str, frozenset[str]]) -> EvidenceBase:
    """Sum the weights (strength x kind x reliability x credibility) of every reading of the given criteria."""
    by_source: dict[str, float] = defaultdict(float)
    by_party: dict[str, float] = defaultdict(float)
    events = set()
    for item in items:
        if not any(b.criterion in criteria for b in item.bearings):
            continue
        weight = sum(b.base * item.grade for b in item.bearings if b.criterion in criteria)
        events.add(item.event)
        by_source[item.cluster.removeprefix("source:")] += weight
        party = item_alignment(item, aligned)
        if party is not None:
            by_party[party] += weight
    return EvidenceBase(sum(by_source.values()), dict(by_source), dict(by_party), len(events))


def rating_agreement(ratings: Sequence[Rating], criteria: set[str]) -> float | None:
    """Share of pairs of ratings of one criterion (by different assessors) lying within one level of each other."""
    by_criterion: dict[str, list[int]] = defaultdict(list)
    for rating in ratings:
        if rating.criterion in criteria:
            by_criterion[rating.criterion].append(rating.level)
    pairs = [abs(a - b) <= 1 for levels in by_criterion.values() for a, b in combinations(levels, 2)]
    return sum(pairs) / len(pairs) if pairs else None


def concentration_warnings(base: EvidenceBase, title: str, case: Case, above: float) -> list[str]:
    """Warn when more than `above` of the headline's evidence weight rests on one source or on one party's side."""
    if base.total <= 0:
        return []
    warnings = []
    source, share = base.heaviest_source()
    if share > above:
        known = next((s for s in case.sources if s.id == source), None)
        named = f"'{source}' ({known.title})" if known else f"'{source}'"
        warnings.append(
            f"{round(share * 100)}% of {title}'s evidence weight rests on one source, {named}: "
            "the headline is largely that source's account."
        )
    names = {p.id: p.name for p in case.conflict.parties}
    for party in sorted(base.by_party, key=lambda p: (-base.by_party[p], p)):
        party_share = base.by_party[party] / base.total
        if party_share > above:
            warnings.append(
                f"{round(party_share * 100)}% of {title}'s evidence weight rests on sources aligned with "
                f"{names.get(party, party)}: the headline leans on one side's account."
            )
    return warnings


def _whole(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def headline_statement(title: str, verdict: str, score: float | None, low: float | None, high: float | None,
                       provisional: bool, likelihood: str, probability: float | None) -> str:
    """The lead a minister can read, e.g. 'Impartiality: Falls short of the Guidance (score 31 of 100, 90%
    interval 19–44); its score very likely lies in this band (93%, ICD 203).'"""
    if score is None:
        return f"{title}: {verdict} (no criterion of it has enough evidence or a rating to be scored)."
    note = "; provisional" if provisional else ""
    lead = f"{title}: {verdict} (score {_whole(score)} of 100, 90% interval {_whole(low)}–{_whole(high)}{note})"
    if not likelihood or probability is None:
        return lead + "."
    lead_in = verdicts.likelihood_lead(likelihood)
    return (f"{lead}. {lead_in} ({verdicts.probability_percent(probability)}, {verdicts.LIKELIHOOD_SCALE}) that its "
            "score lies in this band.")


def headline_result(rubric: Rubric, case: Case, draws: np.ndarray, summary: tuple, evidenced: float,
                    provisional: bool, items: Sequence[Item], criteria: set[int], ratings: Sequence[Rating],
                    stability: float | None = None, probability: float | None = None) -> Headline | None:
    """The headline fundamental's result: verdict, ICD 203 likelihood, confidence with reasons, warnings.

    `summary` is (low, low68, median, high68, high) of its draws (Nones without a score); `stability` is the
    sensitivity input to confidence, by default the share of its draws in its verdict band; `probability`, when
    given, is the share of the joint uncertainty analysis's draws in that band (else the posterior draws' share).
    """
    fundamental = rubric.headline_fundamental()
    if fundamental is None:
        return None
    low, low68, mid, high68, high = summary
    bands = verdicts.sorted_bands(rubric)
    index = verdicts.band_index(bands, mid)
    if probability is None or index is None:
        probability = verdicts.band_share(bands, index, draws) if index is not None else None
    base = evidence_base(items, criteria, source_alignment(case))
    top_source, top_share = base.heaviest_source()
    inputs = ConfidenceInputs(
        coverage=evidenced, sources=len(base.by_source), events=base.events, top_source_share=top_share,
        top_source=top_source, agreement=rating_agreement(ratings, {c.id for c in fundamental.criteria}),
        stability=stability if stability is not None else probability,
    )
    confidence = analytic_confidence(inputs, rubric.confidence)
    verdict = bands[index].label if index is not None else verdicts.INSUFFICIENT
    likelihood = verdicts.likelihood(probability) if probability is not None else ""
    rounded = (None if v is None else round(float(v), 2) + 0.0 for v in (low, low68, mid, high68, high))
    low, low68, mid, high68, high = rounded
    return Headline.model_construct(
        fundamental=fundamental.id, title=fundamental.title, score=mid, low68=low68, high68=high68, low=low,
        high=high, provisional=provisional, evidenced_share=round(evidenced, 3) + 0.0, verdict=verdict,
        verdict_description=bands[index].description if index is not None else "",
        probability=None if probability is None else round(probability, 3) + 0.0, likelihood=likelihood,
        likelihood_scale=verdicts.LIKELIHOOD_SCALE, confidence=confidence,
        warnings=concentration_warnings(base, fundamental.title, case, rubric.confidence.warn_share_above),
        statement=headline_statement(fundamental.title, verdict, mid, low, high, provisional, likelihood, probability),
        confidence_statement=confidence_sentence(confidence),
    )


def capped_band(bands: list[Band], score_index: int, headline: Headline | None, rules: NonCompensation,
                flags: Sequence[Flag]) -> tuple[int, list[str]]:
    """The overall verdict's band after the rubric's non-compensation caps, with a sentence per cap that lowered it.

    At most `max_bands_above_headline` bands above the headline's band; at most the `red_flag_cap` band while a
    serious red flag is raised. The overall score is not changed, only the verdict.
    """
    limits: list[tuple[int, str]] = []
    headline_index = verdicts.band_index(bands, headline.score) if headline is not None else None
    if rules.max_bands_above_headline is not None and headline is not None and headline_index is not None:
        steps = rules.max_bands_above_headline
        limit = headline_index + steps
        limits.append((limit, (
            f"{headline.title} is '{headline.verdict}', and the rubric lets the overall verdict rise at most "
            f"{steps} band{'' if steps == 1 else 's'} above it, so strengths elsewhere cannot buy it back: "
            f"at most '{bands[min(limit, len(bands) - 1)].label}'."
        )))
    serious = [f for f in flags if f.severity == "serious"]
    cap = next((i for i, b in enumerate(bands) if b.id == rules.red_flag_cap), None) if rules.red_flag_cap else None
    if serious and cap is not None:
        labels = ", ".join(f"'{f.label}' ({', '.join(f.evidence)})" for f in serious)
        limits.append((cap, (
            f"A serious red flag is raised ({labels}), and the rubric allows the overall verdict at most "
            f"'{bands[cap].label}' while one is."
        )))
    binding = [(limit, reason) for limit, reason in limits if limit < score_index]
    if not binding:
        return score_index, []
    return min(limit for limit, _ in binding), [reason for _, reason in binding]
