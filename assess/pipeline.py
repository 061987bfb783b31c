"""The one path from a case file to an Assessment: load, score, stamp; batch, compare and reports all call it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from assess.errors import printable_path
from assess.gcpause import gc_paused
from assess.loading import LoadedCase, open_case
from assess.models.assessment import Assessment
from assess.models.rubric import Rubric


def assess_file(
    path: str | Path,
    *,
    rubric: Rubric | str | Path | None = None,
    as_of: date | None = None,
    since: date | None = None,
    window_months: int | None = None,
    seed: int | None = None,
    draws: int | None = None,
    assessors: Sequence[str | Path] = (),
    slices: bool = True,
) -> tuple[Assessment, LoadedCase]:
    """Load and check a case file (InputError if invalid), score it, and fill in file, sha256, date and warnings
    (`slices=False`: without the time slices, for data sets that do not record them)."""
    from assess.clock import today
    from assess.scoring import DEFAULT_DRAWS, DEFAULT_SEED, score
    from assess.scoring.timeline import YEAR

    with gc_paused():  # see assess.gcpause: collections made big cases superlinear
        loaded = open_case(path, rubric)
        if assessors:
            # Separate assessor files' ratings join the case's, so reports show every assessor's rating (the spread).
            from assess.many.assessors import fold_assessor_files

            loaded = fold_assessor_files(loaded, assessors)
        assessment = score(
            loaded.case,
            loaded.rubric,
            as_of=as_of,
            since=since,
            window_months=YEAR if window_months is None else window_months,
            seed=DEFAULT_SEED if seed is None else seed,
            draws=DEFAULT_DRAWS if draws is None else draws,
            case_file=printable_path(str(path)),
            case_sha256=loaded.sha256,
            generated=today(),
            slices=slices,
        )
    if loaded.warnings:
        warnings = [*assessment.warnings, *(str(w) for w in loaded.warnings)]
        assessment = assessment.model_copy(update={"warnings": warnings})
    if loaded.quote_checks:
        # Reports mark each quotation verified or not (checked against local source texts while loading).
        assessment = assessment.model_copy(update={"quote_checks": loaded.quote_checks})
    return assessment, loaded
