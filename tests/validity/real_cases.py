"""The real (non-fictional) cases shipped in `cases/`, found by reading them, so a new real case is checked at once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from assess.loading import open_case
from assess.models.assessment import Assessment
from assess.pipeline import assess_file
from conftest import CASES


@cache
def real_case_paths() -> tuple[Path, ...]:
    """Every top-level `cases/*.yaml` whose `meta.fictional` is false (assessor files live in `cases/assessors/`)."""
    return tuple(p for p in sorted(CASES.glob("*.yaml")) if not open_case(p).case.meta.fictional)


@cache
def real_assessments() -> dict[str, Assessment]:
    """Each real case scored with the full default analysis (1,024 joint draws), keyed by `meta.id`."""
    found = {}
    for path in real_case_paths():
        assessment, _ = assess_file(path)
        found[assessment.case.meta.id] = assessment
    return found
