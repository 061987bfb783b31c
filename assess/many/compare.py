"""Compare assessments side by side: headline, overall, fundamentals and their criteria x columns (cases, or one
case as of several dates)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from assess.models.assessment import Assessment, CriterionResult, FundamentalResult

BEFORE = "before_mediation"
RowKind = Literal["headline", "overall", "fundamental", "criterion"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cell(_Out):
    """One score (headline, overall, a fundamental or a criterion) in one column."""

    score: float | None = Field(description="0-100; None when insufficient, not applicable or absent.")
    low: float | None = Field(None, description="Lower end of the 90% interval (None: no interval to compare).")
    high: float | None = Field(None, description="Upper end of the 90% interval.")
    status: str = Field(
        description=(
            "`scored`, `rated` (an assessor's rating pooled with the evidence: the interval is that posterior's), "
            "`insufficient`, `not_applicable`, `absent` (not in that column's rubric), or `before_mediation` (the "
            "column's date is before the mediation starts: no score, no verdict)."
        )
    )
    label: str = Field("", description="Level label (criteria) or verdict (headline, overall).")
    provisional: bool = Field(
        False, description="True when less than the rubric's threshold of its weight is evidenced."
    )
    change: Literal["up", "down"] | None = Field(
        None, description="Set when the interval does not overlap the previous column's: higher (up) or lower (down)."
    )


class HeadlineCell(Cell):
    """The headline fundamental (impartiality) in one column: its verdict, likelihood and confidence too."""

    likelihood: str = Field("", description="ICD 203 words for the probability that the score lies in its band.")
    probability: float | None = Field(None, description="That probability (0-1).")
    confidence: str | None = Field(None, description="Analytic confidence in the headline: low, moderate or high.")


class OverallCell(Cell):
    """The overall result in one column: its verdict and whether a non-compensation rule capped it."""

    score_band: str = Field("", description="The band the score lies in: the verdict unless a cap lowered it.")
    capped: bool = Field(False, description="True when a rule lowered the verdict below `score_band`.")
    cap_reasons: list[str] = Field(default_factory=list, description="Why the verdict was capped.")


class Column(_Out):
    """One assessment being compared."""

    label: str = Field(description="The column's name: mediator and conflict for cases, the date for slices.")
    case_file: str
    case_id: str
    case_title: str
    mediator: str
    conflict: str
    fictional: bool
    report: str | None = Field(None, description="Link (relative path) to this column's HTML report, with --reports.")
    as_of: str | None
    window_start: str | None = Field(None, description="First day of the column's window (with `--window`).")
    mediation_start: str | None = Field(None, description="The first day a slice can have a verdict.")
    before_mediation: bool = Field(False, description="True when the column's date is before the mediation starts.")
    verdict: str
    tilts: dict[str, float] = Field(description="Party tilt by party id (positive = favoured).")
    party_names: dict[str, str]
    flags: list[str] = Field(description="Ids of red flags raised.")
    flag_labels: list[str] = Field(default_factory=list, description="Short names of those red flags.")
    coverage: float = Field(description="Share of the overall weight scored or rated (0-1).")
    joint_draws: int = Field(
        0, description="Draws of the joint uncertainty analysis (0: skipped; likelihoods from the posterior draws)."
    )
    undated_evidence: int = Field(0, description="Scored evidence items without a date: in no slice.")
    undated_weight_share: float = Field(
        0.0, description="Share (0-1) of the full case's evidence weight that is undated and so in no slice."
    )


class HeadlineRow(_Out):
    """The rubric's headline fundamental across every column."""

    fundamental: str = Field(description="Its id.")
    title: str
    cells: list[HeadlineCell]


class FundamentalRow(_Out):
    """A fundamental across every column; its criteria are the `rows` whose `fundamental` is its id."""

    fundamental: str
    title: str
    cells: list[Cell]


class Row(_Out):
    """A criterion across every column."""

    criterion: str
    title: str
    fundamental: str
    cells: list[Cell]


class Difference(_Out):
    """Two columns whose 90% intervals for one row do not overlap: a difference beyond the uncertainty."""

    kind: RowKind
    id: str | None = Field(description="Fundamental or criterion id (None for overall).")
    title: str
    a: str = Field(description="Label of the first column.")
    b: str = Field(description="Label of the second column.")
    a_column: int = Field(description="0-based index of the first column.")
    b_column: int = Field(description="0-based index of the second column.")
    a_score: float
    b_score: float
    a_low: float
    a_high: float
    b_low: float
    b_high: float
    rated: bool = Field(description="True when an assessor's rating drives either side (a `rated` criterion).")


class Comparison(_Out):
    """A comparison: columns; headline, overall, fundamental and criterion rows; the differences beyond intervals."""

    mode: Literal["cases", "slices"]
    rubrics: list[str] = Field(description="Titles of the columns' rubrics, each once.")
    columns: list[Column]
    headline: HeadlineRow | None = Field(description="The headline fundamental (None when no rubric names one).")
    overall: list[OverallCell]
    fundamentals: list[FundamentalRow]
    rows: list[Row] = Field(description="One row per criterion, in rubric order.")
    differences: list[Difference]


def interval(low: float | None, high: float | None) -> tuple[float | None, float | None]:
    """An interval to compare, or none: a zero-width interval is a point, not an uncertainty, so it is never used."""
    if low is None or high is None or high <= low:
        return None, None
    return low, high


def separated(a: Cell, b: Cell) -> bool:
    """True when both cells have scores and intervals and the intervals do not overlap."""
    if None in (a.score, b.score, a.low, a.high, b.low, b.high):
        return False
    return a.high < b.low or b.high < a.low  # type: ignore[operator]


def _with_changes(cells: list) -> list:
    marked = cells[:1]
    for previous, cell in zip(cells, cells[1:]):
        change = None
        if separated(previous, cell):
            change = "up" if cell.score > previous.score else "down"
        marked.append(cell.model_copy(update={"change": change}))
    return marked


def column_names(assessments: Sequence[Assessment]) -> list[str]:
    """Column names for several cases: mediator and conflict, then the case title, then the file if still alike."""
    names = [f"{a.case.mediator.name} \u2014 {a.case.conflict.name}" for a in assessments]
    named = [n if names.count(n) == 1 else f"{n} ({a.case.meta.title})" for n, a in zip(names, assessments)]
    return [n if named.count(n) == 1 else f"{n} ({a.case_file})" for n, a in zip(named, assessments)]


def _column(label: str, a: Assessment, report: str | None) -> Column:
    time = a.timeline
    return Column(
        label=label, case_file=a.case_file, case_id=a.case.meta.id, case_title=a.case.meta.title,
        mediator=a.case.mediator.name, conflict=a.case.conflict.name, fictional=a.case.meta.fictional, report=report,
        as_of=a.as_of, window_start=a.window_start, mediation_start=time.mediation_start,
        before_mediation=time.before_mediation, verdict=a.overall.verdict,
        tilts={p.id: p.tilt for p in a.parties}, party_names={p.id: p.name for p in a.parties},
        flags=[f.id for f in a.flags], flag_labels=[f.label for f in a.flags], coverage=a.coverage.weight_covered,
        joint_draws=a.sensitivity.draws if a.sensitivity is not None else 0,
        undated_evidence=len(time.undated_evidence), undated_weight_share=time.undated_weight_share,
    )


def criterion_cell(found: CriterionResult | None, before: bool) -> Cell:
    """A criterion's cell. Scored and rated alike carry their posterior's 90% interval: a rating is pooled with
    the evidence (docs/method.md), so a rated criterion has an uncertainty like any other, never a point."""
    if found is None:
        return Cell(score=None, status="absent")
    if before:
        return Cell(score=None, status=BEFORE)
    low, high = interval(found.low, found.high)
    if low is None and found.score is not None:
        low, high = interval(found.aggregate_low, found.aggregate_high)
    return Cell(score=found.score, low=low, high=high, status=found.status, label=found.level_label or "")


def fundamental_cell(found: FundamentalResult | None, before: bool) -> Cell:
    """A fundamental's cell: its score and 90% interval, provisional when too little of its weight is evidenced."""
    if found is None:
        return Cell(score=None, status="absent")
    if before:
        return Cell(score=None, status=BEFORE)
    low, high = interval(found.low, found.high)
    status = "scored" if found.score is not None else "not_applicable"
    return Cell(score=found.score, low=low, high=high, status=status, provisional=found.provisional)


def headline_cell(a: Assessment, fundamental: str) -> HeadlineCell:
    """The headline in one column: score, interval, verdict, ICD 203 likelihood and confidence."""
    h = a.headline
    if h is None or h.fundamental != fundamental:
        return HeadlineCell(score=None, status="absent")
    if a.timeline.before_mediation:
        return HeadlineCell(score=None, status=BEFORE, label=h.verdict)
    low, high = interval(h.low, h.high)
    return HeadlineCell(
        score=h.score, low=low, high=high, status="scored" if h.score is not None else "insufficient",
        label=h.verdict, provisional=h.provisional, likelihood=h.likelihood, probability=h.probability,
        confidence=h.confidence.level,
    )


def overall_cell(a: Assessment) -> OverallCell:
    """The overall result in one column: score, interval, verdict, and the cap that lowered it (if any)."""
    o = a.overall
    if a.timeline.before_mediation:
        return OverallCell(score=None, status=BEFORE, label=o.verdict)
    low, high = interval(o.low, o.high)
    return OverallCell(
        score=o.score, low=low, high=high, status="scored" if o.score is not None else "insufficient",
        label=o.verdict, provisional=o.provisional, score_band=o.score_band, capped=o.capped,
        cap_reasons=list(o.cap_reasons),
    )


def _headline_row(assessments: Sequence[Assessment]) -> HeadlineRow | None:
    first = next((a.headline for a in assessments if a.headline is not None), None)
    if first is None:
        return None
    cells = _with_changes([headline_cell(a, first.fundamental) for a in assessments])
    return HeadlineRow(fundamental=first.fundamental, title=first.title, cells=cells)


def _fundamental_rows(assessments: Sequence[Assessment]) -> list[FundamentalRow]:
    titles: dict[str, str] = {}
    for a in assessments:
        for f in a.fundamentals:
            titles.setdefault(f.id, f.title)
    rows = []
    for fid, title in titles.items():
        cells = [fundamental_cell(next((f for f in a.fundamentals if f.id == fid), None), a.timeline.before_mediation)
                 for a in assessments]
        rows.append(FundamentalRow(fundamental=fid, title=title, cells=_with_changes(cells)))
    return rows


def _criterion_rows(assessments: Sequence[Assessment]) -> list[Row]:
    order: dict[str, tuple[str, str]] = {}
    for a in assessments:
        for c in a.criteria:
            order.setdefault(c.id, (c.title, c.fundamental))
    rows = []
    for cid, (title, fundamental) in order.items():
        cells = [criterion_cell(next((c for c in a.criteria if c.id == cid), None), a.timeline.before_mediation)
                 for a in assessments]
        rows.append(Row(criterion=cid, title=title, fundamental=fundamental, cells=_with_changes(cells)))
    return rows


def _differences(kind: RowKind, row_id: str | None, title: str, cells: Sequence[Cell],
                 labels: Sequence[str]) -> list[Difference]:
    """Every pair of columns whose intervals on this row do not overlap."""
    found = []
    for i, j in combinations(range(len(cells)), 2):
        a, b = cells[i], cells[j]
        if separated(a, b):
            found.append(Difference(
                kind=kind, id=row_id, title=title, a=labels[i], b=labels[j], a_column=i, b_column=j,
                a_score=a.score, b_score=b.score, a_low=a.low, a_high=a.high, b_low=b.low, b_high=b.high,
                rated="rated" in (a.status, b.status),
            ))
    return found


def _all_differences(comparison: Comparison) -> list[Difference]:
    labels = [c.label for c in comparison.columns]
    found = []
    if comparison.headline is not None:
        found += _differences("headline", comparison.headline.fundamental, comparison.headline.title,
                              comparison.headline.cells, labels)
    found += _differences("overall", None, "Overall", comparison.overall, labels)
    headline_id = comparison.headline.fundamental if comparison.headline else None
    for f in comparison.fundamentals:
        if f.fundamental != headline_id:  # the headline row already says it
            found += _differences("fundamental", f.fundamental, f.title, f.cells, labels)
    for r in comparison.rows:
        found += _differences("criterion", r.criterion, r.title, r.cells, labels)
    return found


def build_comparison(items: Sequence[tuple[str, Assessment]], mode: Literal["cases", "slices"],
                     reports: Sequence[str | None] | None = None) -> Comparison:
    """The comparison of labelled assessments; rows in the order they first appear in the columns' rubrics.
    `reports` gives each column's link to its HTML report (or None)."""
    assessments = [a for _, a in items]
    links = list(reports) if reports is not None else [None] * len(items)
    comparison = Comparison(
        mode=mode, rubrics=list(dict.fromkeys(a.rubric.title for a in assessments)),
        columns=[_column(label, a, link) for (label, a), link in zip(items, links)],
        headline=_headline_row(assessments), overall=_with_changes([overall_cell(a) for a in assessments]),
        fundamentals=_fundamental_rows(assessments), rows=_criterion_rows(assessments), differences=[],
    )
    return comparison.model_copy(update={"differences": _all_differences(comparison)})


def criteria_of(comparison: Comparison, fundamental: str) -> list[Row]:
    """The criterion rows grouped under one fundamental."""
    return [r for r in comparison.rows if r.fundamental == fundamental]
