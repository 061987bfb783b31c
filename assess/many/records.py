"""Flatten one Assessment into data-set records: a CSV row, and rows for each SQLite table (docs/datasets.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from assess.models.case import favoured

if TYPE_CHECKING:
    from assess.models.assessment import Assessment

# CSV: one row per case, in this column order. Tilts are one JSON text column because parties differ per case.
CSV_COLUMNS = (
    "file", "case_id", "title", "mediator", "fictional", "as_of", "rubric", "verdict",
    "overall_score", "overall_low", "overall_high", "probability", "coverage", "criteria_scored",
    "criteria_rated", "criteria_insufficient", "evidence_total", "tilts", "most_favoured",
    "flags_count", "flags", "sha256",
)


def _tilts(assessment: Assessment) -> dict[str, float]:
    return {p.id: p.tilt for p in assessment.parties}


def _most_favoured(assessment: Assessment) -> str:
    """The party the mediator clearly leans toward (90% interval above 0), the highest median first; empty when
    no party is clearly favoured, so the data set never names a lean the report calls "no clear lean"."""
    best = max((p for p in assessment.parties if p.lean == "toward"), key=lambda p: p.tilt, default=None)
    return best.id if best is not None else ""


def csv_row(assessment: Assessment, file: str) -> dict[str, Any]:
    """The case's one row in the CSV data set."""
    overall, coverage, case = assessment.overall, assessment.coverage, assessment.case
    return {
        "file": file,
        "case_id": case.meta.id,
        "title": case.meta.title,
        "mediator": case.mediator.name,
        "fictional": int(case.meta.fictional),
        "as_of": assessment.as_of or "",
        "rubric": f"{assessment.rubric.id} {assessment.rubric.version}",
        "verdict": overall.verdict,
        "overall_score": overall.score,
        "overall_low": overall.low,
        "overall_high": overall.high,
        "probability": overall.probability,
        "coverage": coverage.weight_covered,
        "criteria_scored": coverage.scored,
        "criteria_rated": coverage.rated,
        "criteria_insufficient": coverage.insufficient,
        "evidence_total": coverage.evidence_total,
        "tilts": json.dumps(_tilts(assessment), sort_keys=True),
        "most_favoured": _most_favoured(assessment),
        "flags_count": len(assessment.flags),
        "flags": " ".join(f.id for f in assessment.flags),
        "sha256": assessment.case_sha256,
    }


# SQLite: table name -> (column definitions, primary key). Every table but `cases` refers to cases(case_key).
SQL_TABLES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]] = {
    "cases": ((
        ("case_key", "INTEGER"), ("file", "TEXT NOT NULL"), ("case_id", "TEXT NOT NULL"), ("title", "TEXT"),
        ("mediator", "TEXT"), ("mediator_kind", "TEXT"), ("fictional", "INTEGER"), ("as_of", "TEXT"),
        ("rubric_id", "TEXT"), ("rubric_version", "TEXT"), ("verdict", "TEXT"), ("overall_score", "REAL"),
        ("overall_low", "REAL"), ("overall_high", "REAL"), ("probability", "REAL"), ("coverage", "REAL"),
        ("criteria_scored", "INTEGER"), ("criteria_rated", "INTEGER"), ("criteria_insufficient", "INTEGER"),
        ("evidence_total", "INTEGER"), ("evidence_used", "INTEGER"),
        ("flags_count", "INTEGER"), ("sha256", "TEXT"), ("generated", "TEXT"), ("tool_version", "TEXT"),
    ), ("case_key",)),
    "fundamental_scores": ((
        ("case_key", "INTEGER"), ("fundamental_id", "TEXT"), ("title", "TEXT"), ("weight", "REAL"),
        ("score", "REAL"), ("low", "REAL"), ("high", "REAL"), ("scored_criteria", "INTEGER"),
    ), ("case_key", "fundamental_id")),
    "criterion_scores": ((
        ("case_key", "INTEGER"), ("criterion_id", "TEXT"), ("fundamental_id", "TEXT"), ("title", "TEXT"),
        ("structural", "INTEGER"), ("weight", "REAL"), ("status", "TEXT"), ("score", "REAL"), ("low", "REAL"),
        ("high", "REAL"), ("level", "INTEGER"), ("level_label", "TEXT"), ("evidence_score", "REAL"),
        ("support_weight", "REAL"), ("undermine_weight", "REAL"), ("evidence_count", "INTEGER"),
        ("rating_level", "INTEGER"), ("ratings_count", "INTEGER"),
    ), ("case_key", "criterion_id")),
    "ratings": ((
        ("case_key", "INTEGER"), ("criterion_id", "TEXT"), ("assessor", "TEXT"), ("level", "INTEGER"),
        ("score", "REAL"), ("rationale", "TEXT"), ("evidence", "TEXT"),
    ), ("case_key", "criterion_id", "assessor")),
    "evidence": ((
        ("case_key", "INTEGER"), ("evidence_id", "TEXT"), ("kind", "TEXT"), ("date", "TEXT"),
        ("credibility", "INTEGER"), ("favours", "TEXT"), ("sources", "TEXT"), ("tags", "TEXT"),
        ("claim", "TEXT"), ("quote", "TEXT"),
    ), ("case_key", "evidence_id")),
    "bearings": ((
        ("case_key", "INTEGER"), ("evidence_id", "TEXT"), ("criterion_id", "TEXT"), ("bearing", "INTEGER"),
        ("weight", "REAL"),
    ), ("case_key", "evidence_id", "criterion_id")),
    "parties": ((
        ("case_key", "INTEGER"), ("party_id", "TEXT"), ("name", "TEXT"), ("tilt", "REAL"), ("low", "REAL"),
        ("high", "REAL"), ("lean", "TEXT"), ("conduct_tilt", "REAL"), ("perceived_tilt", "REAL"),
        ("structural_tilt", "REAL"), ("favour_weight", "REAL"), ("evidence_count", "INTEGER"),
    ), ("case_key", "party_id")),
    "flags": ((
        ("case_key", "INTEGER"), ("flag_id", "TEXT"), ("label", "TEXT"), ("severity", "TEXT"),
        ("evidence", "TEXT"), ("evidence_count", "INTEGER"),
    ), ("case_key", "flag_id")),
}


def sql_rows(assessment: Assessment, file: str) -> dict[str, list[tuple[Any, ...]]]:
    """Rows for every SQLite table, without the leading case_key (the writer numbers cases as it stores them)."""
    a, case = assessment, assessment.case
    o, c = a.overall, a.coverage
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in SQL_TABLES}
    rows["cases"].append((
        file, case.meta.id, case.meta.title, case.mediator.name, case.mediator.kind, int(case.meta.fictional),
        a.as_of, a.rubric.id, a.rubric.version, o.verdict, o.score, o.low, o.high, o.probability,
        c.weight_covered, c.scored, c.rated, c.insufficient, c.evidence_total, c.evidence_used,
        len(a.flags), a.case_sha256, a.generated, a.tool_version,
    ))
    for f in a.fundamentals:
        rows["fundamental_scores"].append((f.id, f.title, f.weight, f.score, f.low, f.high, f.scored_criteria))
    weights: dict[tuple[str, str], float] = {}
    for r in a.criteria:
        rows["criterion_scores"].append((
            r.id, r.fundamental, r.title, int(r.structural), r.weight, r.status, r.score, r.low, r.high, r.level,
            r.level_label, r.evidence_score, r.support_weight, r.undermine_weight, len(r.evidence),
            r.rating.level if r.rating else None, len(r.ratings),
        ))
        seen: set[str] = set()
        for rating in r.ratings or ([r.rating] if r.rating else []):
            who = rating.assessor or ""
            if who in seen:
                continue
            seen.add(who)
            rows["ratings"].append((r.id, who, rating.level, rating.score, rating.rationale, " ".join(rating.evidence)))
        for w in r.weights:
            weights[(w.evidence, w.criterion)] = w.weight
    for e in case.evidence:
        rows["evidence"].append((
            e.id, e.kind, e.date, e.credibility, " ".join(favoured(e)) or None, " ".join(s.id for s in e.source), " ".join(e.tags),
            e.claim, e.quote,
        ))
        for criterion, bearing in e.bears_on.items():
            value = bearing if isinstance(bearing, int) else f"level {bearing.level:g}"  # an explicit level, as text
            rows["bearings"].append((e.id, criterion, value, weights.get((e.id, criterion))))
    for p in a.parties:
        rows["parties"].append((p.id, p.name, p.tilt, p.low, p.high, p.lean, p.conduct_tilt, p.perceived_tilt,
                                 p.structural_tilt, p.favour_weight, len(p.evidence)))
    for f in a.flags:
        rows["flags"].append((f.id, f.label, f.severity, " ".join(f.evidence), len(f.evidence)))
    return rows


def create_statements() -> list[str]:
    """CREATE TABLE statements with primary and foreign keys, plus indexes analysts join on."""
    statements = []
    for name, (columns, key) in SQL_TABLES.items():
        cols = [f"{col} {kind}" for col, kind in columns]
        cols.append(f"PRIMARY KEY ({', '.join(key)})")
        if name != "cases":
            cols.append("FOREIGN KEY (case_key) REFERENCES cases (case_key)")
        statements.append(f"CREATE TABLE {name} (\n  " + ",\n  ".join(cols) + "\n)")
    statements.append("CREATE INDEX cases_case_id ON cases (case_id)")
    statements.append("CREATE INDEX criterion_scores_criterion ON criterion_scores (criterion_id)")
    statements.append("CREATE INDEX bearings_criterion ON bearings (criterion_id)")
    return statements
