"""The assessor-file model: one assessor's independent ratings of a case kept in another file."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from assess.models.base import Id, NonBlank, Strict
from assess.models.case import Rating


class AssessorInfo(Strict):
    """Who made the ratings in an assessor file."""

    id: Id = Field(description="Short id of the assessor, e.g. `coder_a`; unique among the case's assessors.")
    name: NonBlank = Field(description="The assessor's name or label, e.g. `Project coder A (illustrative)`.")
    affiliation: str | None = Field(None, description="Institution, if any.")


class AssessorRating(Strict):
    """One criterion rated by the file's assessor."""

    criterion: str = Field(description="The criterion's id in the case's rubric.")
    level: int = Field(ge=0, le=10, description="Level on the rubric's scale (0 = does not meet).")
    rationale: NonBlank = Field(description="Why this level, in the assessor's words.")
    evidence: list[str] = Field(default_factory=list, description="Ids of the case's evidence items it rests on.")


class AssessorFile(Strict):
    """An assessor file: independent ratings of a shared case, kept apart from the case file."""

    case: NonBlank = Field(description="The case file rated, as a path relative to this file, e.g. `../russia_nk.yaml`.")
    assessor: AssessorInfo = Field(description="Who rated: id, name, affiliation.")
    assessed: date | None = Field(None, description="When the ratings were made (YYYY-MM-DD).")
    notes: str | None = Field(None, description="How the assessor worked, in Markdown.")
    ratings: list[AssessorRating] = Field(min_length=1, description="The assessor's ratings, one per criterion.")

    def case_ratings(self) -> list[Rating]:
        """The ratings as case ratings carrying this file's assessor id (as if written inside the case)."""
        return [
            Rating(criterion=r.criterion, level=r.level, rationale=r.rationale, evidence=list(r.evidence),
                   assessor=self.assessor.id)
            for r in self.ratings
        ]
