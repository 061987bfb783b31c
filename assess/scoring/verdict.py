"""Verdicts from the rubric's bands, the probability of the verdict's band, and its ICD 203 likelihood wording."""

from __future__ import annotations

import bisect
from collections.abc import Callable

import numpy as np

from assess.models.rubric import Band, Rubric

INSUFFICIENT = "Insufficient evidence"
BEFORE_MEDIATION = "Before the mediation"

# ICD 203 (US Intelligence Community Directive 203, Analytic Standards, 2015): each phrase with the probability
# range it covers, from the least likely up (docs/method.md §4b). The directive gives no phrase for certainty, so
# 0 and 1 (every draw outside or inside a band) still read "almost no chance" and "almost certain".
ICD203_SCALE: tuple[tuple[float, float, str], ...] = (
    (0.00, 0.05, "almost no chance"),
    (0.05, 0.20, "very unlikely"),
    (0.20, 0.45, "unlikely"),
    (0.45, 0.55, "roughly even chance"),
    (0.55, 0.80, "likely"),
    (0.80, 0.95, "very likely"),
    (0.95, 1.00, "almost certain"),
)
LIKELIHOOD_SCALE = "ICD 203"


def likelihood(probability: float) -> str:
    """The ICD 203 phrase for a probability, e.g. 0.7 -> 'likely' (docs/method.md §4b).

    A probability on a boundary takes the phrase nearer even chance: 0.80 is 'likely', 0.20 'unlikely', 0.55 and
    0.45 'roughly even chance', so a stronger phrase always needs a probability strictly beyond its boundary.
    """
    p = min(max(float(probability), 0.0), 1.0)
    if p < 0.5:  # below the middle a range includes its lower end: the first range that ends above p
        return next(words for _, high, words in ICD203_SCALE if p < high)
    return next(words for low, _, words in reversed(ICD203_SCALE) if p > low or low == 0.0)


_NOUN_PHRASES = {"almost no chance": "There is almost no chance", "roughly even chance": "There is a roughly even chance"}


def likelihood_lead(words: str) -> str:
    """The opening of an ICD 203 sentence, to be followed by "that ...": 'likely' -> 'It is likely', 'roughly
    even chance' -> 'There is a roughly even chance' (two phrases are nouns, the others adjectives)."""
    return _NOUN_PHRASES.get(words, f"It is {words}")


def probability_percent(probability: float) -> str:
    """A probability as a percentage whose rounding never hides which ICD 203 phrase it earned: 0.803 is '80.3%'
    (very likely), not '80%' (the top of likely)."""
    whole = round(probability * 100)
    edges = {round(edge * 100) for _, edge, _ in ICD203_SCALE}
    if whole in edges and abs(probability * 100 - whole) > 1e-9:
        return f"{probability * 100:.1f}%"
    return f"{whole}%"


def likelihood_range(words: str) -> str:
    """The probability range an ICD 203 phrase covers, as a reader sees it, e.g. 'likely' -> '55–80%'."""
    low, high = next((lo, hi) for lo, hi, w in ICD203_SCALE if w == words)
    return f"{round(max(low, 0.01) * 100)}–{round(min(high, 0.99) * 100)}%"


def sorted_bands(rubric: Rubric) -> list[Band]:
    return sorted(rubric.bands, key=lambda b: b.min)


def band_index(bands: list[Band], score: float | None) -> int | None:
    """Index of the band a 0-100 score falls in (the band with the highest `min` not above it).

    The score is first rounded as reports show it (2 decimals), so a score printed as 40.00 never gets the verdict
    of the band below 40.
    """
    if score is None:
        return None
    score = round(score, 2)
    index = 0
    for i, band in enumerate(bands):
        if score >= band.min:
            index = i
    return index


def band_finder(bands: list[Band]) -> Callable[[float | None], int | None]:
    """`band_index` for one sorted list of bands, by bisection on their lower ends: the sensitivity analysis asks
    it for hundreds of scores per case."""
    mins = [band.min for band in bands]

    def find(score: float | None) -> int | None:
        if score is None:
            return None
        return max(bisect.bisect_right(mins, round(score, 2)) - 1, 0)

    return find


def band_range(bands: list[Band], index: int) -> tuple[float, float]:
    """Lower and upper end (0-100) of a band; the top band ends at 100."""
    upper = bands[index + 1].min if index + 1 < len(bands) else 100.0
    return bands[index].min, upper


def band_share(bands: list[Band], index: int, draws: np.ndarray) -> float:
    """Share of draws of a score (0-100) that fall in band `index` (as `band_index` places them)."""
    low, high = band_range(bands, index)
    rounded = np.round(draws, 2)
    inside = (rounded >= low) & ((rounded < high) if index + 1 < len(bands) else (rounded <= high))
    return float(inside.mean()) if draws.size else 0.0
