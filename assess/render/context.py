"""The report's view of an Assessment: lookups and cross-links (evidence <-> criteria <-> sources), no scoring."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assess.models.case import LevelBearing, favoured
from assess.models.base import CREDIBILITY_LABELS, RELIABILITY_LABELS
from assess.render.brief import build_brief, evidence_label, reading_guide
from assess.render.timeview import time_notes, time_rows

if TYPE_CHECKING:
    from assess.models.assessment import Assessment, CriterionResult
    from assess.models.case import Evidence, Source
    from assess.models.rubric import Criterion

STRONGEST_EACH_WAY = 3


def evidence_anchor(evidence_id: str) -> str:
    return f"ev-{evidence_id}"


def source_anchor(source_id: str) -> str:
    return f"src-{source_id}"


def criterion_anchor(criterion_id: str) -> str:
    return f"crit-{criterion_id}"


@dataclass
class Citation:
    """One source cited by one evidence item, with where in it."""

    id: str
    anchor: str | None  # None when the id is not in the case's source list (e.g. a bibliography key)
    source: Source | None
    locator: str | None


@dataclass
class BackLink:
    """A place in the report that cites an evidence item."""

    anchor: str
    label: str
    relation: str  # e.g. "undermines (strength 2)", "rating", "red flag"


@dataclass
class EvidenceView:
    item: Evidence
    anchor: str
    number: int
    citations: list[Citation]
    reliability: str  # the grade with the highest factor among its sources, as scoring uses it
    favours_name: str | None
    cited_by: list[BackLink] = field(default_factory=list)
    quote_check: str | None = None  # "verified" / "not verified (...)", when the assessment has quote checks
    quote_source_wording: str | None = None  # the source's closest wording when the quote was not verified

    @property
    def label(self) -> str:
        """The link text wherever the report cites it: its id and the first words of its claim."""
        return evidence_label(self.item)

    @property
    def grade_code(self) -> str:
        return f"{self.reliability}{self.item.credibility}"

    @property
    def grade_meaning(self) -> str:
        return (
            f"source {RELIABILITY_LABELS.get(self.reliability, 'of unknown reliability')}; "
            f"information {CREDIBILITY_LABELS.get(self.item.credibility, 'of unknown credibility')}"
        )


@dataclass
class Weighed:
    """An evidence item as it counts on one criterion."""

    view: EvidenceView
    weight: float | None
    strength: int


@dataclass
class CriterionView:
    result: CriterionResult
    rubric: Criterion
    anchor: str
    supporting: list[Weighed]
    undermining: list[Weighed]


@dataclass
class FundamentalView:
    id: str
    title: str
    summary: str
    weight: float
    share: float
    result: Any
    criteria: list[CriterionView]


@dataclass
class SourceView:
    source: Source
    anchor: str
    cited_by: list[EvidenceView]


def _quote_checks(assessment: Assessment) -> dict[str, tuple[str, str | None]]:
    """Per-evidence quote status and the source's closest wording, from the assessment's quote checks."""
    found = {}
    for check in getattr(assessment, "quote_checks", None) or []:
        wording = getattr(check, "source_wording", None)
        found[check.evidence] = (_status(check), wording if getattr(check, "status", None) != "verified" else None)
    return found


QUOTE_STATUS_WORDING = {
    "verified": "verified",
    "close": "not verified (only a close match in the source)",
    "not_found": "not verified (not found in the source)",
    "no_text": "not checked (no local text of the source)",
}


def _status(check: object) -> str:
    """Reader's wording for a quote check (QuoteCheck.status), e.g. `not verified (not found in the source)`."""
    status = check if isinstance(check, str) else getattr(check, "status", None)
    if status is None:
        return "verified" if getattr(check, "verified", False) else "not verified"
    return QUOTE_STATUS_WORDING.get(str(status), str(status).replace("_", " "))


def _best_reliability(citations: list[Citation], factors: dict[str, float]) -> str:
    """The grade scoring uses: the one with the highest factor; a source not in the case's list counts as F."""
    grades = [c.source.reliability if c.source is not None else "F" for c in citations]
    return max(grades, key=lambda g: (factors.get(g, 0.0), -ord(g))) if grades else "F"


def build_evidence(assessment: Assessment) -> dict[str, EvidenceView]:
    case = assessment.case
    sources = {s.id: s for s in case.sources}
    parties = {p.id: p.name for p in case.conflict.parties}
    checks = _quote_checks(assessment)
    views: dict[str, EvidenceView] = {}
    for number, item in enumerate(case.evidence, start=1):
        citations = []
        for index, ref in enumerate(item.source):
            locator = ref.locator or (item.locator if index == 0 else None)
            known = sources.get(ref.id)
            citations.append(Citation(ref.id, source_anchor(ref.id) if known else None, known, locator))
        views[item.id] = EvidenceView(
            item=item,
            anchor=evidence_anchor(item.id),
            number=number,
            citations=citations,
            reliability=_best_reliability(citations, dict(assessment.rubric.weighting.reliability)),
            favours_name=", ".join("every party" if p == "all" else parties.get(p, p) for p in favoured(item)) or None,
            quote_check=checks[item.id][0] if item.id in checks else None,
            quote_source_wording=checks[item.id][1] if item.id in checks else None,
        )
    return views


def _weighed(result: CriterionResult, evidence: dict[str, EvidenceView], max_level: int = 4) -> tuple[list[Weighed], list[Weighed]]:
    supporting: list[Weighed] = []
    undermining: list[Weighed] = []
    listed = set()
    for w in result.weights:
        if w.evidence in evidence:
            (supporting if w.direction == "supports" else undermining).append(Weighed(evidence[w.evidence], w.weight, w.strength))
            listed.add(w.evidence)
    # Items that bear on the criterion without a weight breakdown (e.g. an insufficient criterion) still show.
    for evidence_id in result.evidence:
        view = evidence.get(evidence_id)
        if view is None or evidence_id in listed:
            continue
        bearing = view.item.bears_on.get(result.id, 0)
        if isinstance(bearing, LevelBearing):  # an explicit level: above the scale's middle supports
            sign, strength = (bearing.level > max_level / 2) - (bearing.level < max_level / 2), bearing.strength
        else:
            sign, strength = (bearing > 0) - (bearing < 0), abs(bearing)
        if sign:
            (supporting if sign > 0 else undermining).append(Weighed(view, None, strength))
    order = lambda w: (-(w.weight or 0.0), w.view.number)  # noqa: E731 - heaviest first, then case order
    return sorted(supporting, key=order), sorted(undermining, key=order)


def build_fundamentals(assessment: Assessment, evidence: dict[str, EvidenceView]) -> list[FundamentalView]:
    rubric = assessment.rubric
    results = {c.id: c for c in assessment.criteria}
    fundamental_results = {f.id: f for f in assessment.fundamentals}
    total = sum(f.weight for f in rubric.fundamentals) or 1.0
    views = []
    for fundamental in rubric.fundamentals:
        criteria = []
        for criterion in fundamental.criteria:
            result = results.get(criterion.id)
            if result is None:
                continue
            supporting, undermining = _weighed(result, evidence, len(rubric.scale) - 1)
            criteria.append(CriterionView(result, criterion, criterion_anchor(criterion.id), supporting, undermining))
            for weighed, direction in [(w, "supports") for w in supporting] + [(w, "undermines") for w in undermining]:
                weighed.view.cited_by.append(
                    BackLink(criterion_anchor(criterion.id), criterion.title, f"{direction}, strength {weighed.strength}")
                )
            for rating in result.ratings or ([result.rating] if result.rating else []):
                for evidence_id in rating.evidence:
                    view = evidence.get(evidence_id)
                    if view and not any(b.anchor == criterion_anchor(criterion.id) for b in view.cited_by):
                        view.cited_by.append(BackLink(criterion_anchor(criterion.id), criterion.title, "assessor rating"))
        views.append(
            FundamentalView(
                fundamental.id, fundamental.title, fundamental.summary, fundamental.weight, fundamental.weight / total,
                fundamental_results.get(fundamental.id), criteria,
            )
        )
    return views


def strongest(fundamentals: list[FundamentalView], direction: str) -> list[tuple[Weighed, CriterionView]]:
    """The heaviest evidence items in one direction across all criteria (each item once, at its heaviest)."""
    best: dict[str, tuple[Weighed, CriterionView]] = {}
    for fundamental in fundamentals:
        for criterion in fundamental.criteria:
            for weighed in criterion.supporting if direction == "supports" else criterion.undermining:
                key = weighed.view.item.id
                if weighed.weight is not None and (key not in best or weighed.weight > (best[key][0].weight or 0)):
                    best[key] = (weighed, criterion)
    ranked = sorted(best.values(), key=lambda pair: (-(pair[0].weight or 0.0), pair[0].view.number))
    return ranked[:STRONGEST_EACH_WAY]


def build_sources(assessment: Assessment, evidence: dict[str, EvidenceView]) -> list[SourceView]:
    views = []
    for source in assessment.case.sources:
        citing = [v for v in evidence.values() if any(c.id == source.id for c in v.citations)]
        views.append(SourceView(source, source_anchor(source.id), citing))
    return views


def add_flag_links(assessment: Assessment, evidence: dict[str, EvidenceView]) -> None:
    for flag in assessment.flags:
        for evidence_id in flag.evidence:
            if evidence_id in evidence:
                evidence[evidence_id].cited_by.append(BackLink(f"flag-{flag.id}", flag.label, "red flag"))


def build_context(assessment: Assessment) -> dict[str, Any]:
    """Everything the templates need, computed once for HTML and Markdown alike."""
    evidence = build_evidence(assessment)
    fundamentals = build_fundamentals(assessment, evidence)
    add_flag_links(assessment, evidence)
    criteria_by_id = {c.result.id: c for f in fundamentals for c in f.criteria}
    parties = {p.id: p for p in assessment.case.conflict.parties}
    kinds = sorted({v.item.kind for v in evidence.values()})
    return {
        "a": assessment,
        "case": assessment.case,
        "rubric": assessment.rubric,
        "evidence": list(evidence.values()),
        "evidence_by_id": evidence,
        "fundamentals": fundamentals,
        "criteria_by_id": criteria_by_id,
        "strongest_for": strongest(fundamentals, "supports"),
        "strongest_against": strongest(fundamentals, "undermines"),
        "sources": build_sources(assessment, evidence),
        "parties_by_id": parties,
        "evidence_kinds": kinds,
        "reliability_labels": RELIABILITY_LABELS,
        "credibility_labels": CREDIBILITY_LABELS,
        "has_quote_checks": any(v.quote_check for v in evidence.values()),
        "time_rows": time_rows(assessment),
        "time_notes": time_notes(assessment),
        "brief": build_brief(assessment),
        "reading_guide": reading_guide(assessment),
        "assessors_by_id": {p.id: p for p in assessment.case.meta.assessors if p.id},
    }
