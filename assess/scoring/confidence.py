"""Analytic confidence in the headline (low / moderate / high) from named inputs and the rubric's thresholds
(docs/method.md §4c). Kept apart from likelihood, as ICD 203 asks: likelihood says how probable the verdict band
is, confidence how far the evidence behind it can be trusted."""

from __future__ import annotations

from dataclasses import dataclass

from assess.models.assessment import Confidence, ConfidenceFactor
from assess.models.rubric import ConfidenceRules, ConfidenceThresholds

LEVELS = ("low", "moderate", "high")


@dataclass(frozen=True)
class ConfidenceInputs:
    """What the confidence in a headline rests on; every value is passed in, none is computed here."""

    coverage: float  # share (0-1) of the headline's applicable weight scored or rated
    sources: int  # independent sources among its evidence
    events: int  # independent events among its evidence
    top_source_share: float  # share (0-1) of its evidence weight on its heaviest source
    top_source: str = ""  # that source's id
    agreement: float | None = None  # share of assessor rating pairs within one level; None without two ratings
    stability: float | None = None  # share of draws keeping the verdict band; None: not known


def _pct(value: float, against: float | None = None) -> str:
    """A share as a whole percentage, or with one decimal when rounding would make it look equal to `against`."""
    if against is not None and value != against and round(value * 100) == round(against * 100):
        return f"{value * 100:.1f}%"
    return f"{round(value * 100)}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _meets(name: str, value: float, thresholds: ConfidenceThresholds) -> bool:
    """Whether one input meets one level's threshold (`max_` thresholds are ceilings, `min_` ones floors)."""
    if name == "top_source_share":
        return value <= thresholds.max_top_source_share
    return value >= getattr(thresholds, f"min_{name}")


def _threshold_words(name: str, thresholds: ConfidenceThresholds, level: str) -> str:
    """E.g. '(high needs at least 80%)' for the level an input falls short of."""
    if name == "top_source_share":
        return f"({level} needs at most {_pct(thresholds.max_top_source_share)})"
    limit = getattr(thresholds, f"min_{name}")
    shown = str(limit) if name in ("sources", "events") else _pct(limit)
    return f"({level} needs at least {shown})"


def _describe(name: str, inputs: ConfidenceInputs, rules: ConfidenceRules) -> str:
    """An input in words a reader can check against the report (shares near a threshold keep a decimal)."""
    if name == "coverage":
        return f"{_pct(inputs.coverage, rules.high.min_coverage)} of its weight is evidenced"
    if name == "sources":
        return f"its evidence comes from {_plural(inputs.sources, 'independent source')}"
    if name == "events":
        return f"it rests on {_plural(inputs.events, 'independent event')}"
    if name == "top_source_share":
        named = f", '{inputs.top_source}'" if inputs.top_source else ""
        return f"{_pct(inputs.top_source_share, rules.high.max_top_source_share)} of its evidence weight rests on one source{named}"
    if name == "agreement":
        if inputs.agreement is None:
            return "no criterion of it has two assessors' ratings to compare"
        return f"{_pct(inputs.agreement)} of pairs of assessors' ratings lie within one level of each other"
    if inputs.stability is None:
        return "its stability under the sensitivity analysis is not known"
    return f"{_pct(inputs.stability, rules.high.min_stability)} of draws keep its verdict band"


def confidence_factor(name: str, value: float | None, inputs: ConfidenceInputs, rules: ConfidenceRules) -> ConfidenceFactor:
    """One input: the highest level whose threshold it meets, and its reason (naming the threshold it misses).

    An input that is not available (no paired ratings, unknown stability) does not lower the confidence.
    """
    words = _describe(name, inputs, rules)
    if value is None:
        return ConfidenceFactor.model_construct(name=name, value=None, allows="high", reason=words)
    if _meets(name, value, rules.high):
        return ConfidenceFactor.model_construct(name=name, value=value, allows="high", reason=words)
    if _meets(name, value, rules.moderate):
        return ConfidenceFactor.model_construct(name=name, value=value, allows="moderate",
                                                reason=f"{words} {_threshold_words(name, rules.high, 'high')}")
    return ConfidenceFactor.model_construct(name=name, value=value, allows="low",
                                            reason=f"{words} {_threshold_words(name, rules.moderate, 'moderate')}")


def analytic_confidence(inputs: ConfidenceInputs, rules: ConfidenceRules) -> Confidence:
    """Low, moderate or high: the lowest level any input allows; the reasons are the inputs that hold it there.

    For example coverage 0.6 with the shipped thresholds (high needs 0.8, moderate 0.5) allows at most moderate.
    """
    values: dict[str, float | None] = {
        "coverage": round(inputs.coverage, 3),
        "sources": float(inputs.sources),
        "events": float(inputs.events),
        "top_source_share": round(inputs.top_source_share, 3) if inputs.sources else None,
        "agreement": None if inputs.agreement is None else round(inputs.agreement, 3),
        "stability": None if inputs.stability is None else round(inputs.stability, 3),
    }
    factors = [confidence_factor(name, value, inputs, rules) for name, value in values.items()]
    level = min((f.allows for f in factors), key=LEVELS.index)
    binding = [f.reason for f in factors if f.allows == level] if level != "high" else [f.reason for f in factors]
    return Confidence.model_construct(level=level, reasons=binding, factors=factors)


def confidence_sentence(confidence: Confidence) -> str:
    """E.g. 'Moderate confidence, because 60% of its weight is evidenced (high needs at least 80%).'"""
    level = confidence.level.capitalize()
    if confidence.level == "high":
        return f"{level} confidence: every input meets the rubric's thresholds for high confidence."
    return f"{level} confidence, because " + "; ".join(confidence.reasons) + "."
