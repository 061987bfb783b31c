"""Scoring: the pure engine from a Case and a Rubric to an Assessment (see docs/method.md, Part 1)."""

from assess.scoring.aggregation import AGGREGATIONS
from assess.scoring.engine import score
from assess.scoring.sensitivity import DEFAULT_DRAWS, DEFAULT_SEED

__all__ = ["AGGREGATIONS", "DEFAULT_DRAWS", "DEFAULT_SEED", "score"]
