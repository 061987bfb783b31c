"""The engine builds results without validation (model_construct): they must be exactly what validation gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assess.models.assessment import Assessment
from assess.pipeline import assess_file

CASES = Path(__file__).resolve().parents[2] / "cases"


@pytest.mark.parametrize(
    ("case", "kwargs"),
    [
        ("russia_nk.yaml", {}),
        ("russia_nk.yaml", {"as_of": date(2008, 12, 31)}),
        ("russia_nk.yaml", {"assessors": [CASES / "assessors" / "russia_nk.coder_a.yaml", CASES / "assessors" / "russia_nk.coder_b.yaml"]}),
        ("teaching_fictional.yaml", {}),
        ("teaching_fictional_council.yaml", {"draws": 0}),
    ],
)
def test_results_survive_validation_unchanged(case, kwargs):
    assessment, _ = assess_file(CASES / case, **kwargs)
    written = assessment.model_dump_json()
    # Validation would turn an int given for a float into 1.0, a tuple into a list, ...: the JSON would differ.
    again = Assessment.model_validate_json(written)
    assert again.model_dump_json() == written
    assert again == assessment
