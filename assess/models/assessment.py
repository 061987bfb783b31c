"""The Assessment: the one result model that the scoring engine produces and every renderer consumes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assess.models.case import Case
from assess.models.rubric import Rubric


class Out(BaseModel):
    """Base of result models: immutable, strict about fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceWeight(Out):
    """How one evidence item's weight on one criterion was computed (factors multiplied)."""

    evidence: str = Field(description="Evidence id.")
    criterion: str = Field(description="Criterion id.")
    direction: Literal["supports", "undermines"] = Field(description="Whether it supports or undermines the standard.")
    strength: int = Field(description="Strength 1-3 from the case's `bears_on`.")
    strength_factor: float
    reliability: str = Field(description="The best reliability grade (A-F) among the item's sources.")
    reliability_factor: float = Field(description="Best factor among the item's sources' reliability grades.")
    credibility: int = Field(description="Information credibility grade 1-6.")
    credibility_factor: float
    kind: str = Field(description="Evidence kind, e.g. `fact`, `perception`.")
    kind_factor: float
    weight: float = Field(description="The product of the four factors.")


class RatingResult(Out):
    """An assessor's rating as used in scoring."""

    level: int
    label: str
    score: float = Field(description="The level mapped onto 0-100.")
    rationale: str
    evidence: list[str] = Field(default_factory=list)
    assessor: str | None = None


class CriterionResult(Out):
    """The result for one criterion."""

    id: str
    title: str
    fundamental: str = Field(description="Id of the fundamental it belongs to.")
    weight: float = Field(description="The rubric's weight within its fundamental.")
    status: Literal["scored", "rated", "insufficient"] = Field(
        description="`scored` from evidence, `rated` by an assessor (overrides), `insufficient` evidence (no number)."
    )
    score: float | None = Field(description="0-100, 100 = fully meets the standard; None when insufficient.")
    low: float | None = Field(description="Lower end of the uncertainty interval.")
    high: float | None = Field(description="Upper end of the uncertainty interval.")
    level: int | None = Field(None, description="The scale level the score falls in.")
    level_label: str | None = None
    evidence_score: float | None = Field(None, description="The evidence-derived score, shown even when rated.")
    evidence_low: float | None = None
    evidence_high: float | None = None
    support_weight: float = Field(0.0, description="Total weight of supporting evidence.")
    undermine_weight: float = Field(0.0, description="Total weight of undermining evidence.")
    evidence: list[str] = Field(default_factory=list, description="Ids of every evidence item bearing on it.")
    weights: list[EvidenceWeight] = Field(default_factory=list, description="Per-item weight breakdown.")
    rating: RatingResult | None = None
    ratings: list[RatingResult] = Field(default_factory=list, description="All assessors' ratings (spread).")
    rating_outside_interval: bool = Field(False, description="True when the rating falls outside the evidence interval.")
    structural: bool = False


class FundamentalResult(Out):
    """The result for one fundamental of the Guidance."""

    id: str
    title: str
    weight: float
    score: float | None
    low: float | None
    high: float | None
    criteria: list[str]
    scored_criteria: int = 0


class Overall(Out):
    """The overall result."""

    score: float | None
    low: float | None
    high: float | None
    verdict: str = Field(description="The verdict band's label (or 'Insufficient evidence').")
    verdict_description: str = ""
    likelihood: str = Field("", description="Standard wording for how likely the verdict band is, e.g. 'likely'.")
    probability: float | None = Field(None, description="Probability that the score lies in the verdict's band.")


class PartyTilt(Out):
    """Which way the mediator leans towards one party."""

    id: str
    name: str
    tilt: float = Field(description="Signed tilt: positive = favoured, negative = disfavoured (relative to others).")
    conduct_tilt: float = Field(0.0, description="Tilt from conduct evidence only.")
    structural_tilt: float = Field(0.0, description="Tilt from structural ties only.")
    favour_weight: float = Field(0.0, description="Total weight of evidence favouring this party.")
    evidence: list[str] = Field(default_factory=list, description="Ids of evidence favouring this party.")


class Flag(Out):
    """A red flag raised by a rubric rule."""

    id: str
    label: str
    severity: str
    description: str
    evidence: list[str]
    parties: list[str] = Field(default_factory=list)


class Coverage(Out):
    """How much of the rubric the evidence covers."""

    criteria_total: int
    scored: int
    rated: int
    insufficient: int
    weight_covered: float = Field(description="Share (0-1) of the overall weight that was scored or rated.")
    evidence_total: int
    evidence_used: int


class Sensitivity(Out):
    """Robustness of the overall score and verdict."""

    seed: int
    draws: int
    weight_jitter: float = Field(description="Relative jitter of weights, e.g. 0.25 for ±25%.")
    low: float | None
    high: float | None
    verdict_stable: bool
    verdict_share: float = Field(description="Share of draws that keep the verdict.")
    decisive_evidence: list[str] = Field(description="Evidence whose removal changes the verdict.")
    leave_one_out: dict[str, float | None] = Field(
        default_factory=dict, description="Overall score without each item (None: nothing left to score)."
    )


class TimePoint(Out):
    """The overall result as of one date."""

    as_of: str
    score: float | None
    low: float | None
    high: float | None
    verdict: str
    evidence_count: int


class QuoteCheck(Out):
    """Whether an evidence item's quotation was found in its source's local text (`assess verify`)."""

    evidence: str = Field(description="Evidence id.")
    source: str = Field(description="Id of the (first) source the quote was checked against.")
    status: Literal["verified", "close", "not_found", "no_text"] = Field(
        description="`verified` word for word, `close` match only, `not_found`, or `no_text` (no local text to check)."
    )
    similarity: float | None = Field(None, description="0-100 similarity of the closest wording (None without text).")
    source_wording: str | None = Field(None, description="The source's closest wording, when not verified.")


class Assessment(Out):
    """Everything a report shows: results, and the case and rubric they came from."""

    schema_version: str = "1"
    tool_version: str
    generated: str = Field(description="Date of the run (from SOURCE_DATE_EPOCH when set).")
    case_file: str
    case_sha256: str
    as_of: str | None = None
    overall: Overall
    fundamentals: list[FundamentalResult]
    criteria: list[CriterionResult]
    parties: list[PartyTilt]
    balance_index: float | None = Field(None, description="1 = perfectly balanced, 0 = wholly one-sided.")
    flags: list[Flag]
    coverage: Coverage
    sensitivity: Sensitivity | None = None
    trajectory: list[TimePoint] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    quote_checks: list[QuoteCheck] = Field(
        default_factory=list, description="Each quoted evidence item checked against its source's text."
    )
    case: Case = Field(description="The case as loaded (its rubric id and version: `rubric.id`, `rubric.version`).")
    rubric: Rubric = Field(description="The rubric used, with every weight and descriptor.")
