"""Verdicts from the rubric's bands, the probability of the verdict's band, and its standard likelihood wording."""

from __future__ import annotations

import bisect
from collections.abc import Callable

import numpy as np

from assess.models.rubric import Band, Rubric

INSUFFICIENT = "Insufficient evidence"

# The IPCC's calibrated language (Mastrandrea et al. 2010): the least probability each phrase needs.
LIKELIHOOD_WORDS: tuple[tuple[float, str], ...] = (
    (0.99, "virtually certain"),
    (0.90, "very likely"),
    (0.66, "likely"),
    (0.33, "about as likely as not"),
    (0.10, "unlikely"),
    (0.01, "very unlikely"),
    (0.0, "exceptionally unlikely"),
)


def likelihood(probability: float) -> str:
    """The standard wording for a probability, e.g. 0.7 -> 'likely'."""
    return next(words for least, words in LIKELIHOOD_WORDS if probability >= least)


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
