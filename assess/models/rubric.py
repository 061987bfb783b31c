"""The rubric model: the Guidance's fundamentals, their criteria, weights, evidence weighting, bands, red flags."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from assess.models.base import Id, NonBlank, Strict

EVIDENCE_KINDS = ("fact", "official_position", "perception", "allegation", "structural_tie", "analysis")
EvidenceKind = Literal["fact", "official_position", "perception", "allegation", "structural_tie", "analysis"]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
# The aggregation methods the scoring engine registers; a test keeps the two lists identical.
AGGREGATIONS = ("arithmetic", "geometric", "minimum")


class Citation(Strict):
    """A formatted reference to a document (here: the UN Guidance itself)."""

    title: NonBlank = Field(description="Full title of the document.")
    author: str | None = Field(None, description="Person or institution responsible (institutions are fine).")
    publisher: str | None = Field(None, description="Publisher or issuing body.")
    year: int | None = Field(None, description="Year of publication.")
    document: str | None = Field(None, description="Document symbol, e.g. `A/66/811, Annex I`.")
    url: str | None = Field(None, description="Where to read it (http or https).")


class ScaleLevel(Strict):
    """One level of the rating scale, from the lowest (does not meet the standard) to the highest."""

    level: int = Field(ge=0, le=10, description="The level's number; levels count up from 0 without gaps.")
    label: NonBlank = Field(description="Short plain name of the level, e.g. `Largely meets`.")
    descriptor: NonBlank = Field(description="What this level means in general, for any criterion.")


class GuidanceRef(Strict):
    """Where a criterion comes from in the UN Guidance: its fundamental and a paraphrase in our own words."""

    fundamental: NonBlank = Field(description="The Guidance fundamental (section) this criterion draws on.")
    paraphrase: NonBlank = Field(description="What the Guidance asks here, in the rubric's own words.")
    quote: str | None = Field(
        None, description="A quotation of the Guidance, only if checked word for word; otherwise leave it out."
    )
    quote_verified_in: str | None = Field(
        None, description="Where the quotation was checked (required when `quote` is given)."
    )

    @model_validator(mode="after")
    def _quote_needs_provenance(self) -> GuidanceRef:
        if self.quote and not self.quote_verified_in:
            raise ValueError("a `quote` needs `quote_verified_in`: say where it was checked word for word")
        return self


# The invented world every anchoring vignette is set in: a mediator and two parties that exist nowhere, so that a
# vignette teaches a level without carrying a view of any real conflict.
VIGNETTE_MEDIATOR = "Kestria"
VIGNETTE_PARTIES = {"arventia": "Arventia", "belisk": "Belisk"}


class VignetteItem(Strict):
    """One evidence item of a vignette, coded as a case would code it (docs/rubric-format.md#vignettes)."""

    says: NonBlank = Field(description="What the item records, in one sentence.")
    kind: EvidenceKind = Field("fact", description="The evidence kind, as in a case file.")
    bearing: int = Field(ge=-3, le=3, description="Its signed bearing on the criterion (-3..3, not 0).")
    event: Id = Field(description="The event it reports; items with the same event are one happening.")
    reliability: Reliability = Field("B", description="The reliability of the source that reports it.")
    credibility: int = Field(2, ge=1, le=6, description="The credibility of the information.")
    favours: Literal["arventia", "belisk"] | None = Field(None, description="The invented party it favours, if any.")
    tags: list[str] = Field(default_factory=list, description="Tags, as in a case file (red flags read them).")

    @model_validator(mode="after")
    def _bearing_not_zero(self) -> VignetteItem:
        if self.bearing == 0:
            raise ValueError("a vignette item's `bearing` is -3..-1 or 1..3: 0 tells nothing about the level")
        return self


class Vignette(Strict):
    """An anchoring vignette: a short, invented story of what evidence at one level of a criterion looks like,
    with its evidence coded, so that the engine can check that it lands on that level."""

    level: int = Field(ge=0, le=10, description="The scale level the vignette illustrates.")
    text: NonBlank = Field(description="The story, set among Kestria, Arventia and Belisk (all invented).")
    coded: list[VignetteItem] = Field(min_length=1, description="The story's evidence, coded.")


class Criterion(Strict):
    """One standard a mediator is assessed against."""

    id: Id
    title: NonBlank = Field(description="Short name of the criterion.")
    question: NonBlank = Field(description="The question an assessor answers, e.g. 'Does the mediator ...?'.")
    guidance: GuidanceRef = Field(description="The fundamental it comes from and a paraphrase.")
    weight: float = Field(gt=0, le=100, description="Relative weight within its fundamental.")
    weight_rationale: NonBlank = Field(description="Why this weight: the argument a reader may contest.")
    levels: dict[int, NonBlank] = Field(
        description="What each scale level means for this criterion, keyed by level number (every level needed)."
    )
    cues: list[str] = Field(
        default_factory=list, description="Cue words that suggest a statement bears on this criterion."
    )
    structural: bool = Field(
        False,
        description="True for criteria about structural ties (alliances, bases): reported apart from conduct.",
    )
    not_applicable_when: str | None = Field(
        None, description="When a case should mark the criterion not applicable (`not_applicable:` in the case)."
    )
    references: list[NonBlank] = Field(
        default_factory=list, description="Literature the criterion's indicator comes from, as full references."
    )
    vignettes: list[Vignette] = Field(
        default_factory=list, description="Anchoring vignettes: invented evidence at several levels, coded."
    )


class Fundamental(Strict):
    """A fundamental of the UN Guidance, grouping criteria."""

    id: Id
    title: NonBlank = Field(description="The fundamental's name as the Guidance gives it.")
    summary: NonBlank = Field(description="The fundamental's principle, paraphrased.")
    weight: float = Field(ge=0, le=100, description="Relative weight of this fundamental in the overall score.")
    weight_rationale: NonBlank = Field(description="Why this weight.")
    criteria: list[Criterion] = Field(min_length=1, description="The criteria under this fundamental.")


# A multiplier in a weighting table: finite and non-negative (a negative factor would silently reverse an
# item's direction; an infinite one would swamp every other item).
Factor = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class EvidenceWeighting(Strict):
    """How much an evidence item counts: factors multiplied together (see docs/method.md)."""

    strength: dict[int, Factor] = Field(
        description="Factor per strength 1 (weak), 2 (moderate), 3 (strong) of a `bears_on` entry."
    )
    reliability: dict[Reliability, Factor] = Field(description="Factor per source reliability grade A-F.")
    credibility: dict[int, Factor] = Field(description="Factor per information credibility grade 1-6.")
    kinds: dict[EvidenceKind, Factor] = Field(
        description="Factor per evidence kind: how much a perception or allegation counts against a fact."
    )

    @model_validator(mode="after")
    def _complete(self) -> EvidenceWeighting:
        missing = [
            f"{name} {key}"
            for name, table, keys in (
                ("strength", self.strength, (1, 2, 3)),
                ("reliability", self.reliability, tuple("ABCDEF")),
                ("credibility", self.credibility, (1, 2, 3, 4, 5, 6)),
                ("kinds", self.kinds, EVIDENCE_KINDS),
            )
            for key in keys
            if key not in table
        ]
        if missing:
            raise ValueError("every grade needs a factor; missing: " + ", ".join(missing))
        return self


class Sufficiency(Strict):
    """When a criterion has too little evidence to be reported with a number of its own."""

    min_items: int = Field(
        1, ge=1, description="Fewest independent events (reports of one event count once) a criterion needs."
    )
    min_weight: float = Field(
        0.5, ge=0, le=1e6, allow_inf_nan=False,
        description="Least information a criterion needs, in reference items (a confirmed A-graded fact of weight 1).",
    )
    provisional_below: float = Field(
        2.0 / 3.0, ge=0, le=1, allow_inf_nan=False,
        description="A fundamental with less than this share of its weight evidenced gets a provisional verdict.",
    )


class Band(Strict):
    """A verdict band: overall scores from `min` up to the next band's `min` get this verdict."""

    id: Id | None = Field(None, description="Short id by which `non_compensation.red_flag_cap` names this band.")
    min: float = Field(ge=0, le=100, description="Lowest overall score (0-100) in this band.")
    label: NonBlank = Field(description="Plain name of the verdict, e.g. `Largely impartial`.")
    description: NonBlank = Field(description="What the verdict means.")


class RedFlagCondition(Strict):
    """What evidence raises a red flag; all given conditions must hold for one evidence item."""

    kinds: list[EvidenceKind] = Field(default_factory=list, description="Evidence kinds that count (any).")
    tags_any: list[str] = Field(default_factory=list, description="The item carries at least one of these tags.")
    criteria: list[str] = Field(default_factory=list, description="The item bears on one of these criteria.")
    direction: Literal["supports", "undermines"] | None = Field(
        None, description="The item's direction on those criteria."
    )
    min_strength: int = Field(1, ge=1, le=3, description="Least strength of that bearing.")
    favours_a_party: bool = Field(False, description="The item must favour a party.")
    min_credibility: int = Field(6, ge=1, le=6, description="Worst credibility grade that still counts (1 = best).")


class RedFlagRule(Strict):
    """A rule that raises a red flag whatever the score, e.g. a military alliance with one party."""

    id: Id
    label: NonBlank = Field(description="Short name shown in reports.")
    description: NonBlank = Field(description="Why this matters under the Guidance.")
    severity: Literal["warning", "serious"] = Field("serious", description="How grave the flag is.")
    when: RedFlagCondition = Field(description="Which evidence raises it.")
    rationale: str | None = Field(
        None, description="Why this evidence deserves a flag whatever the score: the Guidance and the literature."
    )


class NonCompensation(Strict):
    """How far other fundamentals may lift the overall verdict above the headline's (docs/method.md §4a)."""

    max_bands_above_headline: int | None = Field(
        None, ge=0, le=10,
        description="The overall verdict is at most this many bands above the headline fundamental's verdict.",
    )
    red_flag_cap: Id | None = Field(
        None, description="Id of the highest band the overall verdict may reach while a `serious` red flag is raised."
    )


Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=100_000)]


class ConfidenceThresholds(Strict):
    """What one confidence level needs: every threshold met (docs/method.md §4c)."""

    min_coverage: Share = Field(description="Least share (0-1) of the headline's applicable weight scored or rated.")
    min_sources: Count = Field(description="Fewest independent sources among the headline's evidence.")
    min_events: Count = Field(description="Fewest independent events among the headline's evidence.")
    max_top_source_share: Share = Field(
        description="Largest share (0-1) of the headline's evidence weight that may rest on one source."
    )
    min_agreement: Share = Field(
        description=(
            "Least share (0-1) of pairs of assessors' ratings of one headline criterion that lie within one level "
            "of each other (ignored when no criterion has two ratings)."
        )
    )
    min_stability: Share = Field(
        description="Least share (0-1) of draws that keep the headline's verdict band (the sensitivity input)."
    )


def _default_high() -> ConfidenceThresholds:
    return ConfidenceThresholds(min_coverage=0.8, min_sources=4, min_events=8, max_top_source_share=0.4,
                                min_agreement=0.8, min_stability=0.9)


def _default_moderate() -> ConfidenceThresholds:
    return ConfidenceThresholds(min_coverage=0.5, min_sources=2, min_events=4, max_top_source_share=0.6,
                                min_agreement=0.6, min_stability=0.67)


class ConfidenceRules(Strict):
    """Thresholds for the analytic confidence in the headline (low / moderate / high) and for its warnings."""

    high: ConfidenceThresholds = Field(default_factory=_default_high, description="What high confidence needs.")
    moderate: ConfidenceThresholds = Field(
        default_factory=_default_moderate, description="What moderate confidence needs (anything less is low)."
    )
    warn_share_above: Share = Field(
        0.5,
        description=(
            "Warn when more than this share (0-1) of the headline's evidence weight rests on one source, or on "
            "sources aligned with one party."
        ),
    )


class Prior(Strict):
    """The pseudo-evidence every criterion starts from before any evidence (see docs/method.md)."""

    supports: float = Field(1.0, gt=0, le=1000, allow_inf_nan=False, description="Pseudo-weight for the standard being met.")
    undermines: float = Field(1.0, gt=0, le=1000, allow_inf_nan=False, description="Pseudo-weight against.")


def _default_bearing_levels() -> dict[int, float]:
    return {3: 100.0, 2: 250.0 / 3.0, 1: 200.0 / 3.0, -1: 100.0 / 3.0, -2: 50.0 / 3.0, -3: 0.0}


Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Correlation = Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]
Spread = Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]


class Measurement(Strict):
    """How an evidence item or a rating is read as an observation of a criterion's level (docs/method.md §2)."""

    bearing_levels: dict[int, Score] = Field(
        default_factory=_default_bearing_levels,
        description=(
            "The level (on 0-100, where level L of a scale 0..M is 100*L/M) that a signed bearing -3..+3 "
            "indicates; supporting bearings must indicate more than 50, undermining ones less."
        ),
    )
    error_sd: Spread = Field(
        20.0,
        description=(
            "Error (standard deviation, in points of 0-100) of a reference item: a confirmed fact from a "
            "completely reliable source with weight 1. An item of weight w has error error_sd / w."
        ),
    )
    event_correlation: Correlation = Field(
        0.9, description="How much of their error reports of one event share (0 independent, near 1 one report)."
    )
    source_correlation: Correlation = Field(
        0.5, description="How much of their error items from one source share, across different events."
    )
    rating_sd: Spread = Field(
        12.5, description="Error (points of 0-100) of an assessor's rating given with `confidence: medium`."
    )
    confidence_factors: dict[Literal["low", "medium", "high"], Spread] = Field(
        default_factory=lambda: {"low": 2.0, "medium": 1.0, "high": 0.5},
        description="Multiplier of `rating_sd` for each rating confidence.",
    )
    rating_flag_z: Spread = Field(
        1.645,
        description="A rating is flagged when it lies this many combined standard deviations from the evidence.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Measurement:
        missing = [k for k in (3, 2, 1, -1, -2, -3) if k not in self.bearing_levels]
        if missing:
            raise ValueError("bearing_levels needs a level for every bearing -3..-1 and 1..3; missing " + ", ".join(map(str, missing)))
        levels = [self.bearing_levels[k] for k in (-3, -2, -1, 1, 2, 3)]
        if any(b < a for a, b in zip(levels, levels[1:])) or self.bearing_levels[-1] > 50 or self.bearing_levels[1] < 50:
            raise ValueError("bearing_levels must rise from -3 to +3, with undermining bearings at most 50 and supporting ones at least 50")
        return self


Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Jitter = Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]


class PriorOption(Strict):
    """One prior the joint analysis may draw, with its probability."""

    supports: float = Field(gt=0, le=1000, allow_inf_nan=False, description="Beta prior's first parameter.")
    undermines: float = Field(gt=0, le=1000, allow_inf_nan=False, description="Beta prior's second parameter.")
    probability: Share = Field(description="Chance that a draw uses this prior.")


class SufficiencyRange(Strict):
    """The sufficiency thresholds the joint analysis draws from (uniformly)."""

    min_weight: tuple[float, float] = Field((0.5, 2.0), description="Range of the information threshold.")
    min_items: tuple[int, int] = Field((1, 3), description="Range of the independent-events threshold (inclusive).")


def _choices(options: dict[str, float], allowed: tuple[str, ...], what: str) -> None:
    unknown = [k for k in options if k not in allowed]
    if unknown:
        raise ValueError(f"{what}: unknown option(s) {', '.join(unknown)}; choose from {', '.join(allowed)}")
    if options and abs(sum(options.values()) - 1.0) > 1e-6:
        raise ValueError(f"{what}: the probabilities must add up to 1 (they add up to {sum(options.values()):g})")


MISSING_DATA = ("posterior", "prior", "drop")


class Uncertainty(Strict):
    """The assumptions the joint uncertainty and sensitivity analysis varies, and how (docs/method.md §7).

    Each one is a group of inputs of a Sobol analysis. Set a jitter or a chance to 0, or give a single option,
    to hold that assumption fixed; fixed assumptions get no index.
    """

    bootstrap: int = Field(200, ge=0, le=5000, description="Bootstrap resamples for the Sobol indices' intervals.")
    posteriors: bool = Field(True, description="Draw each criterion's level from its posterior (measurement error).")
    criterion_weights: Jitter = Field(0.25, description="Each criterion weight times a uniform factor within ±this.")
    fundamental_weights: Jitter = Field(0.25, description="Each fundamental weight times a uniform factor within ±this.")
    aggregation: dict[str, Share] = Field(
        default_factory=lambda: {"arithmetic": 0.5, "geometric": 0.5},
        description="How criteria combine, with the chance of each method.")
    kind_factors: Jitter = Field(0.25, description="Each kind factor (fact, perception, ...) times a uniform factor within ±this.")
    strength_mapping: tuple[float, float] = Field(
        (0.75, 1.0), description="Range of the spread of signed bearings' levels around the middle (1: as the "
        "rubric maps them; 0.75: every level a quarter closer to 50).")
    source_grades: Share = Field(
        0.5, description="Chance that a source's reliability grade moves one step (half up, half down), one draw "
        "per source for all its items.")
    unknown_grades: bool = Field(True, description="Draw F across A-E (per source) and credibility 6 across 1-5 (per item).")
    missing_data: dict[str, Share] = Field(
        default_factory=lambda: {"posterior": 0.5, "prior": 0.25, "drop": 0.25},
        description="What an insufficient criterion contributes: its posterior (as in the point estimate), the "
        "prior alone, or nothing (dropped, its weight shared out), with the chance of each.")
    priors: list[PriorOption] = Field(
        default_factory=lambda: [PriorOption(supports=1, undermines=1, probability=0.5),
                                 PriorOption(supports=2, undermines=2, probability=0.25),
                                 PriorOption(supports=0.5, undermines=0.5, probability=0.25)],
        description="The priors a draw may use, with their chances.")
    sufficiency: SufficiencyRange | None = Field(
        default_factory=SufficiencyRange, description="Ranges of the sufficiency thresholds (null: as the rubric says).")

    @model_validator(mode="after")
    def _valid(self) -> Uncertainty:
        _choices(self.aggregation, tuple(AGGREGATIONS), "uncertainty.aggregation")
        _choices(self.missing_data, MISSING_DATA, "uncertainty.missing_data")
        if self.priors and abs(sum(p.probability for p in self.priors) - 1.0) > 1e-6:
            raise ValueError("uncertainty.priors: the probabilities must add up to 1")
        low, high = self.strength_mapping
        if not 0 < low <= high <= 1:
            raise ValueError("uncertainty.strength_mapping: give [low, high] with 0 < low <= high <= 1")
        if self.sufficiency is not None:
            (wl, wh), (il, ih) = self.sufficiency.min_weight, self.sufficiency.min_items
            if not (0 <= wl <= wh and 1 <= il <= ih):
                raise ValueError("uncertainty.sufficiency: give ranges [low, high] with low <= high (min_items from 1)")
        return self


class Rubric(Strict):
    """A rubric: the criteria a mediator is assessed against, with their weights and verdict bands."""

    id: Id
    title: NonBlank = Field(description="Title of the rubric.")
    version: NonBlank = Field(description="Version of the rubric (quote it in YAML: `\"1.0\"`).")
    source: Citation = Field(description="The document the criteria are drawn from.")
    description: str | None = Field(None, description="What the rubric is for, in Markdown.")
    extends: str | None = Field(
        None, description="Another rubric (id or path) this one starts from; its own fields override it."
    )
    scale: list[ScaleLevel] = Field(min_length=2, description="The rating scale, lowest level first.")
    weighting: EvidenceWeighting = Field(description="How evidence items are weighted.")
    prior: Prior = Field(default_factory=Prior, description="Starting pseudo-evidence for every criterion.")
    sufficiency: Sufficiency = Field(default_factory=Sufficiency, description="When a criterion is unscored.")
    measurement: Measurement = Field(
        default_factory=Measurement, description="How evidence and ratings are read as observations of a level."
    )
    aggregation: str = Field(
        "arithmetic", description="How criterion scores combine: `arithmetic`, `geometric` or `minimum`."
    )
    uncertainty: Uncertainty = Field(
        default_factory=Uncertainty, description="The assumptions the joint uncertainty analysis varies."
    )
    fundamentals: list[Fundamental] = Field(min_length=1, description="The Guidance's fundamentals with criteria.")
    bands: list[Band] = Field(min_length=1, description="Verdict bands; one must start at 0.")
    red_flags: list[RedFlagRule] = Field(default_factory=list, description="Rules that raise red flags.")
    headline: Id | None = Field(
        None,
        description=(
            "Id of the fundamental every report leads with (e.g. `impartiality`); without it reports lead with "
            "the overall result."
        ),
    )
    non_compensation: NonCompensation = Field(
        default_factory=NonCompensation,
        description="Caps on the overall verdict, so that other fundamentals cannot buy back a failed headline.",
    )
    confidence: ConfidenceRules = Field(
        default_factory=ConfidenceRules, description="Thresholds for the analytic confidence in the headline."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        if self.aggregation not in AGGREGATIONS:
            raise ValueError(f"aggregation must be one of {', '.join(AGGREGATIONS)}, not '{self.aggregation}'")
        levels = [s.level for s in self.scale]
        # Criteria levels are checked against the scale in loading, where each problem can be located.
        if levels != list(range(len(levels))):
            raise ValueError("scale levels must be 0, 1, 2, ... in order without gaps")
        if not any(b.min == 0 for b in self.bands):
            raise ValueError("one verdict band must start at min: 0")
        return self

    def criteria(self) -> list[Criterion]:
        """Every criterion, in rubric order."""
        return [c for f in self.fundamentals for c in f.criteria]

    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria()]

    def headline_fundamental(self) -> Fundamental | None:
        """The fundamental named by `headline` (None without one; loading has checked that it exists)."""
        return next((f for f in self.fundamentals if f.id == self.headline), None)

    def fundamental_of(self, criterion_id: str) -> Fundamental:
        for fundamental in self.fundamentals:
            if any(c.id == criterion_id for c in fundamental.criteria):
                return fundamental
        raise KeyError(criterion_id)
