"""Cases and rubrics built in Python for the scoring tests, with round factors so that arithmetic can be done by hand."""

from __future__ import annotations

from typing import Any

from assess.models.case import Case
from assess.models.rubric import Rubric

# Factors chosen so that products are easy to check by hand.
WEIGHTING = {
    "strength": {1: 1.0, 2: 1.4, 3: 3.0},
    "reliability": {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5},
    "credibility": {1: 1.0, 2: 0.75, 3: 0.5, 4: 0.25, 5: 0.1, 6: 0.5},
    "kinds": {"fact": 1.0, "structural_tie": 1.0, "official_position": 0.8, "perception": 0.5,
              "allegation": 0.25, "analysis": 0.5},
}


def criterion(cid: str, weight: float = 1.0, structural: bool = False) -> dict[str, Any]:
    return {
        "id": cid, "title": cid.replace("_", " ").capitalize(), "question": f"Is {cid} met?",
        "guidance": {"fundamental": "Test", "paraphrase": "A test criterion."},
        "weight": weight, "weight_rationale": "Test.", "levels": {i: f"level {i}" for i in range(5)},
        "structural": structural,
    }


def make_rubric(
    *,
    fundamentals: list[tuple[str, float, list[tuple[str, float]]]] | None = None,
    aggregation: str = "arithmetic",
    min_items: int = 1,
    min_weight: float = 0.0,
    prior: tuple[float, float] = (1.0, 1.0),
    bands: list[tuple[float, str]] | None = None,
    red_flags: list[dict[str, Any]] | None = None,
    weighting: dict[str, Any] | None = None,
    uncertainty: dict[str, Any] | None = None,
) -> Rubric:
    """A rubric; by default fundamentals `impartiality` (weight 3: balance 1, ties 1) and `consent` (1: consent 1)."""
    fundamentals = fundamentals or [
        ("impartiality", 3.0, [("balance", 1.0), ("ties", 1.0)]),
        ("consent", 1.0, [("consent", 1.0)]),
    ]
    bands = bands or [(0, "Fails"), (40, "Mixed"), (70, "Meets")]
    return Rubric.model_validate({
        "id": "test_rubric", "title": "Test rubric", "version": "9.9",
        "source": {"title": "Test source"},
        "scale": [{"level": i, "label": f"L{i}", "descriptor": f"Level {i}."} for i in range(5)],
        "weighting": weighting or WEIGHTING,
        "prior": {"supports": prior[0], "undermines": prior[1]},
        "sufficiency": {"min_items": min_items, "min_weight": min_weight},
        "aggregation": aggregation,
        **({"uncertainty": uncertainty} if uncertainty is not None else {}),
        "fundamentals": [
            {"id": fid, "title": fid.capitalize(), "summary": "Test.", "weight": fw, "weight_rationale": "Test.",
             "criteria": [criterion(cid, w, structural=cid == "ties") for cid, w in crits]}
            for fid, fw, crits in fundamentals
        ],
        "bands": [{"min": m, "label": label, "description": f"{label}."} for m, label in bands],
        "red_flags": red_flags or [],
    })


def item(
    eid: str,
    bears_on: dict[str, int],
    *,
    source: str | list[str] = "s_a",
    kind: str = "fact",
    credibility: int = 1,
    date: str | None = None,
    favours: str | None = None,
    tags: list[str] | None = None,
) -> dict[str, Any]:
    """One evidence item as a case file would hold it."""
    data: dict[str, Any] = {"id": eid, "claim": f"Claim {eid}.", "source": source, "kind": kind,
                            "credibility": credibility, "bears_on": bears_on, "tags": tags or []}
    if date is not None:
        data["date"] = date
    if favours is not None:
        data["favours"] = favours
    return data


SOURCES = [
    {"id": f"s_{g.lower()}", "kind": "report", "title": f"Source graded {g}", "reliability": g} for g in "ABCDEF"
]


def make_case(
    evidence: list[dict[str, Any]],
    *,
    ratings: list[dict[str, Any]] | None = None,
    parties: list[tuple[str, str]] | None = None,
    assessors: list[dict[str, Any]] | None = None,
) -> Case:
    """A case with sources s_a..s_f graded A..F, parties north/south by default, and the given evidence."""
    parties = parties or [("north", "North"), ("south", "South")]
    return Case.model_validate({
        "meta": {"id": "test_case", "title": "Test case", "assessors": assessors or ["Tester"],
                 "assessed": "2026-01-01", "rubric": "test_rubric"},
        "mediator": {"name": "Mediator", "kind": "state"},
        "conflict": {"name": "Conflict", "parties": [{"id": pid, "name": name} for pid, name in parties]},
        "sources": SOURCES,
        "evidence": evidence,
        "ratings": ratings or [],
    })


def criterion_result(assessment, cid: str):
    return next(c for c in assessment.criteria if c.id == cid)


def party_result(assessment, pid: str):
    return next(p for p in assessment.parties if p.id == pid)


# ---------------------------------------------------------------- helpers for the measurement-model laws


def evidence_item(eid: str, bears_on: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """`item(...)` with any further case fields (`event`, `held_by`, `claim`, `counts_outside_roles`, ...);
    fields `item` knows go through it, the rest are set on the result, and a value of None removes a field."""
    known = {k: fields.pop(k) for k in ("source", "kind", "credibility", "date", "favours", "tags") if k in fields}
    data = item(eid, bears_on, **known)
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def graded_sources(prefix: str, grade: str, n: int) -> list[dict[str, Any]]:
    """n further sources `<prefix>0`, `<prefix>1`, ... all graded `grade` (for many independent sources)."""
    return [{"id": f"{prefix}{i}", "kind": "report", "title": f"Source {prefix}{i}", "reliability": grade}
            for i in range(n)]


def make_case_with(
    evidence: list[dict[str, Any]],
    *,
    ratings: list[dict[str, Any]] | None = None,
    sources: list[dict[str, Any]] | None = None,
    roles: list[dict[str, Any]] | None = None,
    not_applicable: list[dict[str, Any]] | None = None,
    assessors: list[Any] | None = None,
) -> Case:
    """`make_case` with extra sources (after s_a..s_f), mediator roles and not-applicable criteria."""
    base = make_case(evidence, ratings=ratings, assessors=assessors).model_dump(mode="json", exclude_none=True)
    base["sources"] = [*SOURCES, *(sources or [])]
    base["evidence"] = evidence
    base["ratings"] = ratings or []
    if roles is not None:
        base["mediator"]["roles"] = roles
    base["not_applicable"] = not_applicable or []
    return Case.model_validate(base)
