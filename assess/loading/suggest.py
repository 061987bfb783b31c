"""'did you mean ...?' hints for misspelt ids and field names, within a budget per file loaded."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Each hint compares one word with every choice: 40,000 unknown references against 40,000 sources would be 1.6
# billion comparisons. After this many hints in one file the rest of its errors come without one.
MAX_SUGGESTIONS = 50
_budget: ContextVar[list[int] | None] = ContextVar("suggestion_budget", default=None)


@contextmanager
def suggestion_budget(limit: int = MAX_SUGGESTIONS) -> Iterator[None]:
    """Within the block, at most `limit` fuzzy searches for hints are made (nested blocks share the outer one)."""
    if _budget.get() is not None:
        yield
        return
    token = _budget.set([limit])
    try:
        yield
    finally:
        _budget.reset(token)


def may_suggest() -> bool:
    """Take one search from the budget: False once it is spent (always True outside a budget)."""
    budget = _budget.get()
    if budget is None:
        return True
    if budget[0] <= 0:
        return False
    budget[0] -= 1
    return True


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'balance'?)` for the closest choice, or an empty string if none is close."""
    if not isinstance(word, str) or not may_suggest():
        return ""
    from rapidfuzz import fuzz, process

    options = [c for c in choices if isinstance(c, str)]
    if not options:
        return ""
    best = process.extractOne(word, options, scorer=fuzz.ratio, score_cutoff=60)
    return f" (did you mean '{best[0]}'?)" if best else ""
