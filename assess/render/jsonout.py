"""JSON output: the Assessment model dumped as it is (never a template)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assess.models.assessment import Assessment


def render_json(assessment: Assessment) -> str:
    """Stable, indented JSON of the whole assessment (same model, same bytes)."""
    return assessment.model_dump_json(indent=2) + "\n"
