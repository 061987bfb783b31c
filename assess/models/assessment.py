"""The Assessment: the one result model that the scoring engine produces and every renderer consumes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assess.models.case import Case
from assess.models.rubric import Rubric


class Out(BaseModel):
    """Base of result models: immutable, strict about fields.

    The engine makes results with `model_construct` (it computes every value itself, in the declared types:
    checking them again cost a millisecond a case), so the validation schema is only built when something
    reads results back or writes JSON (`defer_build`): a terminal `assess score` never pays for it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class EvidenceWeight(Out):
    """How one evidence item's weight on one criterion was computed (factors multiplied)."""

    evidence: str = Field(description="Evidence id.")
    criterion: str = Field(description="Criterion id.")
    direction: Literal["supports", "undermines", "neither"] = Field(
        description="Whether the level it indicates is above (supports) or below (undermines) the scale's middle."
    )
    strength: int = Field(description="Strength 1-3 from the case's `bears_on`.")
    strength_factor: float = Field(description="The rubric's factor for that strength (`weighting.strength`).")
    reliability: str = Field(description="The best reliability grade (A-F) among the item's sources.")
    reliability_factor: float = Field(description="Best factor among the item's sources' reliability grades.")
    credibility: int = Field(description="Information credibility grade 1-6.")
    credibility_factor: float = Field(
        description="The rubric's factor for the credibility grade (`weighting.credibility`)."
    )
    kind: str = Field(description="Evidence kind, e.g. `fact`, `perception`.")
    kind_factor: float = Field(description="The rubric's factor for the evidence kind (`weighting.kinds`).")
    weight: float = Field(description="The product of the four factors.")
    level: float = Field(50.0, description="The level (0-100) this reading indicates.")
    error_sd: float | None = Field(None, description="Its error: the rubric's `measurement.error_sd` / weight.")
    event: str | None = Field(None, description="The event it reports, when the case names one.")
    cluster: str = Field("", description="The source it shares error with (the root of any `via:` chain).")


class RatingResult(Out):
    """An assessor's rating as used in scoring."""

    level: int = Field(description="The level on the rubric's scale.")
    label: str = Field(description="The level's label, e.g. `Largely meets`.")
    score: float = Field(description="The level mapped onto 0-100.")
    rationale: str = Field(description="The assessor's argument for the level.")
    evidence: list[str] = Field(default_factory=list, description="Ids of evidence items the rating rests on.")
    assessor: str | None = Field(None, description="Assessor id when several assessors rated the case.")
    confidence: str = Field("medium", description="The assessor's confidence: low, medium or high.")


class CriterionResult(Out):
    """The result for one criterion."""

    id: str = Field(description="Criterion id.")
    title: str = Field(description="Criterion title.")
    fundamental: str = Field(description="Id of the fundamental it belongs to.")
    weight: float = Field(description="The rubric's weight within its fundamental.")
    status: Literal["scored", "rated", "insufficient", "not_applicable"] = Field(
        description=(
            "`scored` from evidence, `rated` (ratings pooled with the evidence), `insufficient` evidence (no number "
            "of its own; it enters the aggregate at its posterior, close to the prior), `not_applicable` (left out)."
        )
    )
    score: float | None = Field(description="Posterior median 0-100 (100 = fully meets); None when insufficient or not applicable.")
    low: float | None = Field(description="Lower end of the 90% interval (5th percentile).")
    high: float | None = Field(description="Upper end of the 90% interval (95th percentile).")
    low68: float | None = Field(None, description="Lower end of the 68% interval (16th percentile).")
    high68: float | None = Field(None, description="Upper end of the 68% interval (84th percentile).")
    aggregate_score: float | None = Field(
        None, description="The posterior median that enters the aggregate (also for insufficient criteria)."
    )
    aggregate_low: float | None = Field(None, description="5th percentile of that posterior.")
    aggregate_high: float | None = Field(None, description="95th percentile of that posterior.")
    information: float = Field(
        0.0, description="How much the evidence says, in reference items (one confirmed A-graded fact of weight 1)."
    )
    events: int = Field(0, description="Independent events among the evidence (reports of one event count once).")
    not_applicable_reason: str | None = Field(None, description="Why the case marks it not applicable.")
    level: int | None = Field(None, description="The scale level the score falls in.")
    level_label: str | None = Field(None, description="Label of that level.")
    evidence_score: float | None = Field(None, description="The evidence-only posterior median, shown even when rated.")
    evidence_low: float | None = Field(None, description="Lower end of the evidence interval (90% credible).")
    evidence_high: float | None = Field(None, description="Upper end of the evidence interval (90% credible).")
    support_weight: float = Field(0.0, description="Total weight of supporting readings (for reference; not summed into the score).")
    undermine_weight: float = Field(0.0, description="Total weight of undermining readings (for reference).")
    evidence: list[str] = Field(default_factory=list, description="Ids of every evidence item bearing on it.")
    weights: list[EvidenceWeight] = Field(default_factory=list, description="Per-item weight breakdown.")
    rating: RatingResult | None = Field(
        None, description="The rating nearest the pooled score (its rationale is shown); every rating is in `ratings`."
    )
    ratings: list[RatingResult] = Field(default_factory=list, description="All assessors' ratings, pooled in the score.")
    rating_outside_interval: bool = Field(
        False,
        description=(
            "True when a rating lies far from the evidence: more than the rubric's `rating_flag_z` combined "
            "standard deviations (the evidence posterior's and the rating's own) from the evidence posterior."
        ),
    )
    structural: bool = Field(
        False, description="True for a criterion about structural ties (reported apart from conduct)."
    )


class FundamentalResult(Out):
    """The result for one fundamental of the Guidance."""

    id: str = Field(description="Fundamental id.")
    title: str = Field(description="The fundamental's name.")
    weight: float = Field(description="The rubric's weight of this fundamental in the overall score.")
    score: float | None = Field(description="Median 0-100 of its distribution; None when no criterion applies.")
    low: float | None = Field(description="Lower end of its 90% interval.")
    high: float | None = Field(description="Upper end of its 90% interval.")
    low68: float | None = Field(None, description="Lower end of its 68% interval.")
    high68: float | None = Field(None, description="Upper end of its 68% interval.")
    criteria: list[str] = Field(description="Ids of its criteria, in rubric order.")
    scored_criteria: int = Field(0, description="How many of its criteria have a number (scored or rated).")
    evidenced_share: float = Field(0.0, description="Share (0-1) of its applicable weight that is scored or rated.")
    provisional: bool = Field(False, description="True when less than the rubric's threshold of its weight is evidenced.")


class Overall(Out):
    """The overall result."""

    score: float | None = Field(description="Overall score 0-100; None when no criterion has a number.")
    low: float | None = Field(description="Lower end of the 90% interval.")
    high: float | None = Field(description="Upper end of the 90% interval.")
    low68: float | None = Field(None, description="Lower end of the 68% interval.")
    high68: float | None = Field(None, description="Upper end of the 68% interval.")
    provisional: bool = Field(False, description="True when less than the rubric's threshold of the weight is evidenced.")
    verdict: str = Field(
        description=(
            "The verdict band's label (or 'Insufficient evidence', or 'Before the mediation' for a date before it "
            "starts), after the rubric's `non_compensation` caps."
        )
    )
    verdict_description: str = Field("", description="What the verdict band means (from the rubric).")
    likelihood: str = Field(
        "", description="ICD 203 wording for how likely the score lies in the band of `score_band`, e.g. 'likely'."
    )
    probability: float | None = Field(None, description="Probability that the score lies in the band of `score_band`.")
    score_band: str = Field(
        "", description="The label of the band the score lies in: the verdict unless a cap lowered it."
    )
    capped: bool = Field(False, description="True when a `non_compensation` rule lowered the verdict below `score_band`.")
    cap_reasons: list[str] = Field(
        default_factory=list, description="Why the verdict was capped, one sentence per rule that lowered it."
    )


class ConfidenceFactor(Out):
    """One input to the analytic confidence in the headline, and the level it allows on its own."""

    name: Literal["coverage", "sources", "events", "top_source_share", "agreement", "stability"] = Field(
        description="Which input: see docs/method.md §4c."
    )
    value: float | None = Field(description="Its value (shares 0-1, counts as numbers); None when not available.")
    allows: Literal["low", "moderate", "high"] = Field(
        description="The highest confidence this input allows under the rubric's `confidence:` thresholds."
    )
    reason: str = Field(description="The input in words, with the threshold it misses (if any).")


class Confidence(Out):
    """Analytic confidence (low / moderate / high) in the headline, apart from its likelihood (ICD 203)."""

    level: Literal["low", "moderate", "high"] = Field(description="The lowest level any input allows.")
    reasons: list[str] = Field(description="The inputs that hold it at this level (every input when high).")
    factors: list[ConfidenceFactor] = Field(description="Every input with the level it allows.")


class Headline(Out):
    """The rubric's headline fundamental (e.g. impartiality): what every report leads with."""

    fundamental: str = Field(description="Id of the headline fundamental (the rubric's `headline`).")
    title: str = Field(description="Its name.")
    score: float | None = Field(description="Median 0-100 of its distribution; None when nothing of it has a number.")
    low68: float | None = Field(None, description="Lower end of its 68% interval.")
    high68: float | None = Field(None, description="Upper end of its 68% interval.")
    low: float | None = Field(None, description="Lower end of its 90% interval.")
    high: float | None = Field(None, description="Upper end of its 90% interval.")
    provisional: bool = Field(False, description="True when less than the rubric's threshold of its weight is evidenced.")
    evidenced_share: float = Field(0.0, description="Share (0-1) of its applicable weight that is scored or rated.")
    verdict: str = Field(description="The label of the rubric band its score lies in (or 'Insufficient evidence').")
    verdict_description: str = Field("", description="What that band means (from the rubric).")
    probability: float | None = Field(None, description="Probability that its score lies in that band.")
    likelihood: str = Field("", description="That probability in ICD 203 words, e.g. 'very likely'.")
    likelihood_scale: str = Field("ICD 203", description="The scale of `likelihood`.")
    confidence: Confidence = Field(description="Analytic confidence in the headline, with its reasons.")
    warnings: list[str] = Field(
        default_factory=list,
        description="When most of its evidence weight rests on one source, or on sources aligned with one party.",
    )
    statement: str = Field(description="The one-sentence lead every report opens with.")
    confidence_statement: str = Field(description="The confidence sentence that follows it (kept apart, per ICD 203).")


Lean = Literal["toward", "against", "none"]


class TiltInterval(Out):
    """One tilt's posterior (docs/method.md §6): median, 90% and 68% intervals, and whether it clearly leans."""

    tilt: float = Field(description="Posterior median of the tilt: -1 no favour at all, 0 an even share, +1 all of it.")
    low: float = Field(description="5th percentile of the tilt (lower end of the 90% interval).")
    high: float = Field(description="95th percentile of the tilt (upper end of the 90% interval).")
    low68: float = Field(description="16th percentile of the tilt (lower end of the 68% interval).")
    high68: float = Field(description="84th percentile of the tilt (upper end of the 68% interval).")
    lean: Lean = Field(
        description="`toward` when the whole 90% interval is above 0, `against` when it is below 0, `none` (no "
        "clear lean) when it spans 0."
    )
    weight: float = Field(
        description="Effective count of the evidence favouring the party, in reference items (events once, one "
        "source's items as one cluster, opposite perceptions of one event offset)."
    )


class PartyTilt(Out):
    """Which way the mediator leans towards one party, with its uncertainty, overall and per component."""

    id: str = Field(description="Party id.")
    name: str = Field(description="Party name.")
    tilt: float = Field(description="Posterior median of the tilt from all evidence: positive = favoured, negative = "
                        "disfavoured (relative to the others).")
    low: float = Field(description="Lower end of the tilt's 90% interval.")
    high: float = Field(description="Upper end of the tilt's 90% interval.")
    low68: float = Field(description="Lower end of the tilt's 68% interval.")
    high68: float = Field(description="Upper end of the tilt's 68% interval.")
    lean: Lean = Field(
        description="`toward` or `against` when the tilt's 90% interval lies wholly above or below 0; `none` (no "
        "clear lean) when it spans 0."
    )
    conduct: TiltInterval = Field(description="Tilt from conduct evidence (facts, official positions, analysis).")
    perceived: TiltInterval = Field(description="Tilt from perceptions and allegations, netted within each event.")
    structural: TiltInterval = Field(description="Tilt from structural ties only.")
    conduct_tilt: float = Field(0.0, description="Median of the conduct tilt (same as `conduct.tilt`).")
    perceived_tilt: float = Field(0.0, description="Median of the perceived tilt (same as `perceived.tilt`).")
    structural_tilt: float = Field(0.0, description="Median of the structural tilt (same as `structural.tilt`).")
    favour_weight: float = Field(
        0.0, description="Effective count of all evidence favouring this party, in reference items (as `weight`)."
    )
    evidence: list[str] = Field(default_factory=list, description="Ids of evidence favouring this party.")


class Flag(Out):
    """A red flag raised by a rubric rule."""

    id: str = Field(description="The rubric rule's id.")
    label: str = Field(description="Short name of the flag.")
    severity: str = Field(description="`serious` or `warning`.")
    description: str = Field(description="Why it matters under the Guidance.")
    evidence: list[str] = Field(description="Ids of the evidence items that raised it.")
    parties: list[str] = Field(default_factory=list, description="Ids of the parties those items favour.")


class Coverage(Out):
    """How much of the rubric the evidence covers."""

    criteria_total: int = Field(description="Number of criteria in the rubric.")
    scored: int = Field(description="Criteria scored from evidence.")
    rated: int = Field(description="Criteria rated by an assessor.")
    insufficient: int = Field(description="Criteria without enough evidence (no number of their own).")
    not_applicable: int = Field(0, description="Criteria the case marks not applicable.")
    weight_covered: float = Field(description="Share (0-1) of the applicable overall weight that was scored or rated.")
    weight_insufficient: float = Field(0.0, description="Share (0-1) of the applicable weight resting on the prior.")
    weight_not_applicable: float = Field(0.0, description="Share (0-1) of the rubric's weight not applicable here.")
    evidence_total: int = Field(description="Evidence items in the case.")
    evidence_used: int = Field(
        description="Items that count towards at least one criterion's evidence score (in the as-of slice)."
    )
    background: int = Field(0, description="Items dated outside the mediator's roles: shown, not scored.")


class Assumption(Out):
    """One assumption the joint analysis varies, as the rubric declares it."""

    id: str = Field(description="Its id in the rubric's `uncertainty:` block.")
    label: str = Field(description="What it is, in words.")
    inputs: int = Field(description="How many random inputs it has (e.g. one per criterion or per source).")


class SobolIndex(Out):
    """How much of an output's variance one assumption accounts for (Sobol indices, 95% bootstrap intervals)."""

    assumption: str = Field(description="The assumption's id.")
    label: str = Field(description="The assumption in words.")
    first_order: float | None = Field(description="Share of the variance it causes alone (S1).")
    first_order_low: float | None = Field(description="Lower end of S1's 95% bootstrap interval.")
    first_order_high: float | None = Field(description="Upper end of S1's 95% bootstrap interval.")
    total: float | None = Field(description="Share of the variance it causes alone or with others (ST).")
    total_low: float | None = Field(description="Lower end of ST's 95% bootstrap interval.")
    total_high: float | None = Field(description="Upper end of ST's 95% bootstrap interval.")


class ScoreDistribution(Out):
    """The distribution of one score (the overall or a fundamental) over the joint draws."""

    target: str = Field(description="`overall` or a fundamental id.")
    title: str = Field(description="What the score is.")
    median: float | None = Field(description="Median over the joint draws.")
    median_mc_error: float | None = Field(description="Monte Carlo standard error of that median (points).")
    low: float | None = Field(description="5th percentile.")
    low68: float | None = Field(description="16th percentile.")
    high68: float | None = Field(description="84th percentile.")
    high: float | None = Field(description="95th percentile.")
    verdict: str | None = Field(description="The point estimate's verdict.")
    verdict_share: float | None = Field(description="Share of the joint draws in the point verdict's band.")
    bands: dict[str, float] = Field(description="Share of the joint draws in each verdict band (band label: share).")
    band_mc_error: float | None = Field(description="Largest Monte Carlo standard error among the band shares.")
    sobol: list[SobolIndex] = Field(description="Sobol indices of this score for every varied assumption.")
    most_sensitive_to: str = Field(description="One sentence: what this score is most sensitive to.")


class LeftOut(Out):
    """The point estimate without one source (or one event): every item it holds left out."""

    id: str = Field(description="The source id (root of its `via:` chain) or event id left out.")
    items: list[str] = Field(description="The evidence items left out with it.")
    overall: float | None = Field(description="Overall score without them (None: nothing left to score).")
    fundamentals: dict[str, float | None] = Field(description="Each fundamental's score without them.")
    changes: list[str] = Field(description="Whose verdict changes without them: `overall` and/or fundamental ids.")


class Sensitivity(Out):
    """How far the scores and verdicts hold when the assumptions vary jointly, and what they hinge on."""

    seed: int = Field(description="Seed of every draw.")
    draws: int = Field(description="Joint draws describing the distributions (the design's A and B rows).")
    evaluations: int = Field(description="Model evaluations of the Saltelli design (draws + groups x base rows).")
    assumptions: list[Assumption] = Field(description="The assumptions varied (the rubric's `uncertainty:`).")
    low: float | None = Field(description="5th percentile of the overall score over the joint draws.")
    high: float | None = Field(description="95th percentile of the overall score over the joint draws.")
    verdict_stable: bool = Field(description="True when at least 90% of the joint draws keep the overall verdict.")
    verdict_share: float = Field(description="Share of the joint draws that keep the overall verdict.")
    distributions: list[ScoreDistribution] = Field(description="The overall score first, then each fundamental.")
    leave_one_source_out: list[LeftOut] = Field(description="The point estimate without each source in turn.")
    leave_one_event_out: list[LeftOut] = Field(description="The point estimate without each event in turn.")
    decisive_sources: list[str] = Field(description="Sources without which the overall verdict changes.")
    decisive_events: list[str] = Field(description="Events without which the overall verdict changes.")


class TimePoint(Out):
    """The overall result as of one date (cumulative) or over the window that ends on it."""

    as_of: str = Field(description="The date (YYYY-MM-DD): the slice's last day.")
    mode: Literal["cumulative", "window"] = Field(
        "cumulative",
        description=(
            "`cumulative`: all evidence started by `as_of`; `window`: only evidence reaching into `start`..`as_of`."
        ),
    )
    start: str | None = Field(None, description="The window's first day (YYYY-MM-DD); None for a cumulative point.")
    score: float | None = Field(description="Overall score as of that date (None if nothing had a number).")
    low: float | None = Field(description="Lower end of the 90% interval.")
    high: float | None = Field(description="Upper end of the 90% interval.")
    verdict: str = Field(description="The verdict as of that date.")
    evidence_count: int = Field(description="Dated evidence items counted in the slice.")


class Timeline(Out):
    """Where the time slices start, how long the windows are, and the evidence no slice holds."""

    mediation_start: str | None = Field(
        None,
        description=(
            "The first day a slice can have a verdict (YYYY-MM-DD): the latest start of `meta.period`, "
            "`conflict.period` and the first mediating role; None when none is dated. No slice ends before it."
        ),
    )
    before_mediation: bool = Field(
        False, description="True when this result's `as_of` is before `mediation_start`: no score and no verdict."
    )
    window: str = Field("1y", description="Length of each `windows` point, e.g. `1y` (the calendar year) or `6m`.")
    undated_evidence: list[str] = Field(
        default_factory=list, description="Ids of scored evidence without a date: in the full result, in no slice."
    )
    undated_weight_share: float = Field(
        0.0,
        description=(
            "Share (0-1) of the full result's evidence weight (every reading's weight on an applicable criterion, "
            "as in `criteria[].weights`) carried by undated items, which no slice holds."
        ),
    )


class QuoteCheck(Out):
    """Whether an evidence item's quotation was found in its source's local text (`assess verify`)."""

    evidence: str = Field(description="Evidence id.")
    source: str = Field(description="Id of the (first) source the quote was checked against.")
    status: Literal["verified", "close", "not_found", "no_text"] = Field(
        description="`verified` word for word, `close` match only, `not_found`, or `no_text` (no local text to check)."
    )
    similarity: float | None = Field(None, description="0-100 similarity of the closest wording (None without text).")
    source_wording: str | None = Field(None, description="The source's closest wording, when not verified.")
    read_via: str | None = Field(
        None, description="The source whose text was checked, when the cited one was read through it (`via:`)."
    )
    text: str | None = Field(None, description="The local copy the quote was found in (or came closest in).")
    match: Literal["exact", "normalised", "dehyphenated"] | None = Field(
        None,
        description=(
            "How a verified quote matched: `exact`, `normalised` (whitespace, quotes, dashes, footnote markers) or "
            "`dehyphenated` (words hyphenated at line ends joined)."
        ),
    )


class Assessment(Out):
    """Everything a report shows: results, and the case and rubric they came from."""

    schema_version: str = Field("3", description="Version of this result format.")
    tool_version: str = Field(description="Version of assess that produced it.")
    generated: str = Field(description="Date of the run (from SOURCE_DATE_EPOCH when set).")
    case_file: str = Field(description="Path of the case file as given.")
    case_sha256: str = Field(description="SHA-256 of the case file's bytes.")
    as_of: str | None = Field(
        None, description="Only evidence starting by this date was scored (YYYY-MM-DD), or None for all."
    )
    window_start: str | None = Field(
        None, description="With `as_of`: only evidence reaching into `window_start`..`as_of` was scored (a window)."
    )
    headline: Headline | None = Field(
        None, description="The rubric's headline fundamental, which reports lead with (None when it names none)."
    )
    overall: Overall = Field(description="Overall score, interval, verdict and its likelihood.")
    fundamentals: list[FundamentalResult] = Field(description="One result per fundamental, in rubric order.")
    criteria: list[CriterionResult] = Field(description="One result per criterion, in rubric order.")
    parties: list[PartyTilt] = Field(description="Tilt towards each party, in case order.")
    flags: list[Flag] = Field(description="Red flags raised by the rubric's rules.")
    coverage: Coverage = Field(description="How much of the rubric and the evidence has a number.")
    sensitivity: Sensitivity | None = Field(
        None, description="Robustness of the overall score and verdict (None with draws=0)."
    )
    trajectory: list[TimePoint] = Field(
        default_factory=list,
        description=(
            "The overall result as of the end of each year in which dated evidence starts, from the mediation's "
            "start on (cumulative points)."
        ),
    )
    windows: list[TimePoint] = Field(
        default_factory=list,
        description="At the same dates, the overall result from only the evidence within the window ending there.",
    )
    timeline: Timeline = Field(
        default_factory=Timeline, description="Where the slices start, the window length and the undated evidence."
    )
    background: list[str] = Field(
        default_factory=list, description="Ids of evidence dated wholly outside the mediator's roles: shown, not scored."
    )
    warnings: list[str] = Field(default_factory=list, description="Warnings from loading the case (also on stderr).")
    quote_checks: list[QuoteCheck] = Field(
        default_factory=list, description="Each quoted evidence item checked against its source's text."
    )
    case: Case = Field(description="The case as loaded (its rubric id and version: `rubric.id`, `rubric.version`).")
    rubric: Rubric = Field(description="The rubric used, with every weight and descriptor.")
