"""Anchoring vignettes as tiny cases: each is scored by the engine, so a rubric can show that the evidence it
calls "level 2" lands on level 2 (docs/rubric-format.md#vignettes; tests/scoring/test_vignettes.py)."""

from __future__ import annotations

from dataclasses import dataclass

from assess.models.case import Case
from assess.models.rubric import VIGNETTE_MEDIATOR, VIGNETTE_PARTIES, Criterion, Rubric, Vignette


@dataclass(frozen=True)
class VignetteResult:
    """Where the engine puts one vignette: its criterion's score, level and status."""

    criterion: str
    intended: int
    score: float | None
    level: int | None
    status: str
    flags: tuple[tuple[str, tuple[str, ...]], ...]  # red flags raised: (rule id, parties named)

    @property
    def lands(self) -> bool:
        return self.level == self.intended


def vignette_case(rubric: Rubric, criterion: Criterion, vignette: Vignette) -> Case:
    """The vignette as a case: one source per item (each reporter independent), its events and grades as coded."""
    sources = [
        {"id": f"s{i + 1}", "kind": "report", "title": f"Invented report {i + 1}", "reliability": item.reliability}
        for i, item in enumerate(vignette.coded)
    ]
    evidence = [
        {
            "id": f"v{i + 1}", "claim": item.says, "source": f"s{i + 1}", "date": "2020-06", "kind": item.kind,
            "credibility": item.credibility, "bears_on": {criterion.id: item.bearing}, "event": item.event,
            **({"favours": item.favours} if item.favours else {}), **({"tags": item.tags} if item.tags else {}),
        }
        for i, item in enumerate(vignette.coded)
    ]
    return Case.model_validate({
        "meta": {"id": f"vignette_{criterion.id}_{vignette.level}", "title": f"Vignette: {criterion.title}",
                 "assessors": ["rubric"], "assessed": "2021-01-01", "rubric": rubric.id, "fictional": True},
        "mediator": {"name": VIGNETTE_MEDIATOR, "kind": "state"},
        "conflict": {"name": "The invented dispute", "parties": [{"id": k, "name": v} for k, v in VIGNETTE_PARTIES.items()]},
        "sources": sources,
        "evidence": evidence,
    })


def score_vignette(rubric: Rubric, criterion: Criterion, vignette: Vignette) -> VignetteResult:
    from assess.scoring.engine import score

    assessment = score(vignette_case(rubric, criterion, vignette), rubric, draws=0, generated="2021-01-01")
    result = next(c for c in assessment.criteria if c.id == criterion.id)
    flags = tuple((f.id, tuple(f.parties)) for f in assessment.flags)
    return VignetteResult(criterion.id, vignette.level, result.score, result.level, result.status, flags)


def score_vignettes(rubric: Rubric) -> list[VignetteResult]:
    """Every vignette of every criterion, scored, in rubric order."""
    return [score_vignette(rubric, c, v) for c in rubric.criteria() for v in c.vignettes]
