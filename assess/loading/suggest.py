"""'did you mean ...?' hints for misspelt ids and field names."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'balance'?)` for the closest choice, or an empty string if none is close."""
    from rapidfuzz import fuzz, process

    options = [c for c in choices if isinstance(c, str)]
    if not options or not isinstance(word, str):
        return ""
    best = process.extractOne(word, options, scorer=fuzz.ratio, score_cutoff=60)
    return f" (did you mean '{best[0]}'?)" if best else ""
