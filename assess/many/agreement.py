"""Inter-assessor agreement: Krippendorff's ordinal alpha with a bootstrap interval, percent agreement, spread.

numpy and krippendorff are imported inside the functions that need them (the optional [agreement] extra).
"""

from __future__ import annotations

from itertools import combinations

from pydantic import BaseModel, ConfigDict, Field

from assess.many.assessors import RatingSet

DEFAULT_BOOTSTRAP = 1000
DEFAULT_SEED = 20120625  # the date of A/66/811, so the default is memorable and fixed


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CriterionSpread(_Out):
    """How the assessors rated one criterion."""

    criterion: str
    title: str
    levels: dict[str, int] = Field(description="Level per assessor id (only those who rated it).")
    low: int
    high: int
    range: int = Field(description="Highest minus lowest level.")
    pairs: int = Field(description="Pairs of assessors who both rated it.")
    agreeing_pairs: int = Field(description="Of those, pairs giving the same level.")


class Agreement(_Out):
    """Agreement among several assessors on one case."""

    case_file: str
    case_id: str
    assessors: list[str] = Field(description="Assessor ids, in the order their files were given.")
    scale: list[int] = Field(description="The rubric's scale levels (the ordinal value domain).")
    units: int = Field(description="Criteria rated by at least two assessors (the units alpha is computed over).")
    alpha: float | None = Field(description="Krippendorff's alpha (ordinal); None when it is undefined.")
    alpha_low: float | None = Field(description="2.5th percentile of the bootstrap over criteria.")
    alpha_high: float | None = Field(description="97.5th percentile of the bootstrap over criteria.")
    bootstrap: int = Field(description="Bootstrap resamples requested.")
    bootstrap_valid: int = Field(description="Resamples where alpha was defined (some lack any variation).")
    seed: int
    percent_agreement: float | None = Field(description="Share of assessor pairs giving the same level (0-1).")
    criteria: list[CriterionSpread] = Field(description="Per-criterion spread, rubric order.")
    most_disagreement: list[str] = Field(description="Criteria sharing the widest spread (all ties named).")


def reliability_matrix(ratings: RatingSet) -> tuple[list[str], list[str], list[list[float]]]:
    """(assessor ids, criterion ids, rows of levels per assessor with NaN where a criterion was not rated)."""
    assessors = [str(a.id) for a in ratings.assessors]
    rated = {(r.assessor, r.criterion): r.level for r in ratings.ratings}
    criteria = [c for c in ratings.case.rubric.criterion_ids() if any((a, c) in rated for a in assessors)]
    rows = [[float(rated.get((a, c), float("nan"))) for c in criteria] for a in assessors]
    return assessors, criteria, rows


def percent_agreement(rows: list[list[float]]) -> tuple[int, int]:
    """(agreeing pairs, pairs) over all units: pairwise exact agreement among assessors who both rated a unit."""
    agree = total = 0
    for unit in range(len(rows[0]) if rows else 0):
        values = [row[unit] for row in rows if row[unit] == row[unit]]  # NaN != NaN
        for a, b in combinations(values, 2):
            total += 1
            agree += a == b
    return agree, total


def ordinal_alpha(rows: list[list[float]], scale: list[int]) -> float | None:
    """Krippendorff's alpha, ordinal metric, over the given value domain; None when undefined."""
    import krippendorff
    import numpy as np

    data = np.array(rows, dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    data = data[:, pairable]
    if data.shape[1] == 0 or len(np.unique(data[~np.isnan(data)])) < 2:
        return None  # no pairable values, or no variation at all: alpha is 0/0
    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=scale))
    return None if value != value else value


def bootstrap_alpha(rows: list[list[float]], scale: list[int], draws: int, seed: int) -> tuple[float | None, float | None, int]:
    """Percentile interval (2.5, 97.5) of alpha over criteria resampled with replacement; (low, high, valid draws)."""
    import numpy as np

    data = np.array(rows, dtype=float)
    units = data.shape[1] if data.ndim == 2 else 0
    if units < 2 or draws <= 0:
        return None, None, 0
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(draws):
        pick = rng.integers(0, units, size=units)
        value = ordinal_alpha(data[:, pick].tolist(), scale)
        if value is not None:
            values.append(value)
    if not values:
        return None, None, 0
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high), len(values)


def assess_agreement(ratings: RatingSet, *, draws: int = DEFAULT_BOOTSTRAP, seed: int = DEFAULT_SEED) -> Agreement:
    """Agreement statistics for every assessor of one case."""
    assessors, criteria, rows = reliability_matrix(ratings)
    scale = [s.level for s in ratings.case.rubric.scale]
    titles = {c.id: c.title for c in ratings.case.rubric.criteria()}
    spreads = []
    for unit, criterion in enumerate(criteria):
        levels = {a: int(rows[i][unit]) for i, a in enumerate(assessors) if rows[i][unit] == rows[i][unit]}
        agree, pairs = percent_agreement([[float(v)] for v in levels.values()])
        spreads.append(CriterionSpread(
            criterion=criterion, title=titles[criterion], levels=levels, low=min(levels.values()),
            high=max(levels.values()), range=max(levels.values()) - min(levels.values()), pairs=pairs,
            agreeing_pairs=agree,
        ))
    agree, pairs = percent_agreement(rows)
    alpha = ordinal_alpha(rows, scale) if len(assessors) >= 2 else None
    low, high, valid = bootstrap_alpha(rows, scale, draws, seed) if alpha is not None else (None, None, 0)
    # Every criterion sharing the widest range (ties are all named, not cut at an arbitrary count), those with
    # the larger share of disagreeing pairs first.
    widest = max((s.range for s in spreads), default=0)
    ranked = sorted((s for s in spreads if widest > 0 and s.range == widest), key=lambda s: s.agreeing_pairs / max(s.pairs, 1))
    return Agreement(
        case_file=str(ratings.case.path), case_id=ratings.case.case.meta.id, assessors=assessors, scale=scale,
        units=sum(1 for s in spreads if s.pairs > 0), alpha=alpha, alpha_low=low, alpha_high=high,
        bootstrap=draws, bootstrap_valid=valid, seed=seed,
        percent_agreement=(agree / pairs) if pairs else None, criteria=spreads,
        most_disagreement=[s.criterion for s in ranked],
    )
