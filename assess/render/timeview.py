"""The time slices as reports show them: each date's cumulative and window points side by side, and the notes
a reader needs (where the slices start, what the windows are, what no slice holds), worded once for all formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assess.models.assessment import Assessment, TimePoint


def window_words(label: str) -> str:
    """`1y` -> `1 year`, `5y` -> `5 years`, `6m` -> `6 months`."""
    number, unit = int(label[:-1]), "year" if label.endswith("y") else "month"
    return f"{number} {unit}{'' if number == 1 else 's'}"


def time_rows(assessment: Assessment) -> list[tuple[TimePoint, TimePoint | None]]:
    """(cumulative, window) for each slice date; both lists are made at the same dates."""
    windows = {p.as_of: p for p in assessment.windows}
    return [(point, windows.get(point.as_of)) for point in assessment.trajectory]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def time_notes(assessment: Assessment) -> list[str]:
    """Plain sentences under the table over time (and on the terminal)."""
    time = assessment.timeline
    notes = [
        f"As of: all evidence started by the date. Window: only the evidence within the {window_words(time.window)} "
        "ending on it (for 31 December and a window of 1 year, that calendar year)."
    ]
    if time.mediation_start:
        notes.append(
            f"The slices start with the mediation on {time.mediation_start} (the latest start of the case's period, "
            "the conflict's period and the first mediating role): evidence from before is background context, "
            "and no earlier date gets a verdict."
        )
    n = len(time.undated_evidence)
    if n:
        notes.append(
            f"{_plural(n, 'undated item')} ({', '.join(time.undated_evidence)}) {'carries' if n == 1 else 'carry'} "
            f"{time.undated_weight_share:.0%} of the evidence weight: counted in the overall result but in no "
            "slice, so the last point over time can differ from it."
        )
    return notes
