"""The data models: what a case file, a rubric and an assessment result may contain."""

from assess.models.case import Case, Evidence, Party, Rating, Source
from assess.models.rubric import Criterion, Fundamental, Rubric

__all__ = ["Case", "Evidence", "Party", "Rating", "Source", "Criterion", "Fundamental", "Rubric"]
