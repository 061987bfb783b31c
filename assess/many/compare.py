"""Compare assessments side by side: criteria x columns (cases, or one case as of several dates)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from assess.models.assessment import Assessment, CriterionResult

OVERALL = "overall"
BEFORE = "before_mediation"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cell(_Out):
    """One criterion (or the overall result) in one column."""

    score: float | None = Field(description="0-100; None when insufficient or the column's rubric lacks it.")
    low: float | None = None
    high: float | None = None
    status: str = Field(
        description=(
            "`scored`, `rated`, `insufficient`, `absent` (not in that column's rubric), or `before_mediation` "
            "(the column's date is before the mediation starts: no score, no verdict)."
        )
    )
    label: str = Field("", description="Level label (criteria) or verdict (overall).")
    change: Literal["up", "down"] | None = Field(
        None, description="Set when the interval does not overlap the previous column's: higher (up) or lower (down)."
    )


class Column(_Out):
    """One assessment being compared."""

    label: str = Field(description="Case id, or the as-of date for slices.")
    case_file: str
    case_id: str
    mediator: str
    fictional: bool
    as_of: str | None
    window_start: str | None = Field(None, description="First day of the column's window (with `--window`).")
    mediation_start: str | None = Field(None, description="The first day a slice can have a verdict.")
    before_mediation: bool = Field(False, description="True when the column's date is before the mediation starts.")
    verdict: str
    tilts: dict[str, float] = Field(description="Party tilt by party id (positive = favoured).")
    party_names: dict[str, str]
    flags: list[str] = Field(description="Ids of red flags raised.")
    coverage: float = Field(description="Share of the overall weight scored or rated (0-1).")
    undated_evidence: int = Field(0, description="Scored evidence items without a date: in no slice.")
    undated_weight_share: float = Field(
        0.0, description="Share (0-1) of the full case's evidence weight that is undated and so in no slice."
    )


class Row(_Out):
    """A criterion across every column."""

    criterion: str
    title: str
    fundamental: str
    cells: list[Cell]


class Difference(_Out):
    """Two columns whose intervals for a criterion (or overall) do not overlap: a difference beyond the uncertainty."""

    criterion: str
    a: str = Field(description="Label of the first column.")
    b: str = Field(description="Label of the second column.")
    a_score: float
    b_score: float


class Comparison(_Out):
    """A comparison table: columns, the overall row, one row per criterion, and the differences beyond intervals."""

    mode: Literal["cases", "slices"]
    columns: list[Column]
    overall: list[Cell]
    rows: list[Row]
    differences: list[Difference]


def separated(a: Cell, b: Cell) -> bool:
    """True when both cells have intervals and they do not overlap."""
    if None in (a.low, a.high, b.low, b.high):
        return False
    return a.high < b.low or b.high < a.low  # type: ignore[operator]


def _with_changes(cells: list[Cell]) -> list[Cell]:
    marked = [cells[0]] if cells else []
    for previous, cell in zip(cells, cells[1:]):
        change = None
        if separated(previous, cell):
            change = "up" if (cell.score or 0) > (previous.score or 0) else "down"
        marked.append(cell.model_copy(update={"change": change}))
    return marked


def _column(label: str, a: Assessment) -> Column:
    time = a.timeline
    return Column(
        label=label, case_file=a.case_file, case_id=a.case.meta.id, mediator=a.case.mediator.name,
        fictional=a.case.meta.fictional, as_of=a.as_of, window_start=a.window_start,
        mediation_start=time.mediation_start, before_mediation=time.before_mediation, verdict=a.overall.verdict,
        tilts={p.id: p.tilt for p in a.parties}, party_names={p.id: p.name for p in a.parties},
        flags=[f.id for f in a.flags], coverage=a.coverage.weight_covered,
        undated_evidence=len(time.undated_evidence), undated_weight_share=time.undated_weight_share,
    )


def _cell(found: CriterionResult | None, before: bool) -> Cell:
    """A criterion's cell: absent from the column's rubric, before the mediation, or its score and level."""
    if found is None:
        return Cell(score=None, status="absent")
    if before:
        return Cell(score=None, status=BEFORE)
    return Cell(score=found.score, low=found.low, high=found.high, status=found.status, label=found.level_label or "")


def _overall_cell(a: Assessment) -> Cell:
    if a.timeline.before_mediation:
        return Cell(score=None, status=BEFORE, label=a.overall.verdict)
    return Cell(score=a.overall.score, low=a.overall.low, high=a.overall.high,
                status="scored" if a.overall.score is not None else "insufficient", label=a.overall.verdict)


def build_comparison(items: Sequence[tuple[str, Assessment]], mode: Literal["cases", "slices"]) -> Comparison:
    """The comparison of labelled assessments; criteria in the order they first appear in the columns' rubrics."""
    order: dict[str, tuple[str, str]] = {}
    for _, a in items:
        for c in a.criteria:
            order.setdefault(c.id, (c.title, c.fundamental))
    rows = []
    for criterion, (title, fundamental) in order.items():
        cells = []
        for _, a in items:
            found = next((c for c in a.criteria if c.id == criterion), None)
            cells.append(_cell(found, a.timeline.before_mediation))
        rows.append(Row(criterion=criterion, title=title, fundamental=fundamental, cells=_with_changes(cells)))
    overall = _with_changes([_overall_cell(a) for _, a in items])
    labels = [label for label, _ in items]
    differences = []
    for criterion, cells in [(OVERALL, overall)] + [(r.criterion, r.cells) for r in rows]:
        for i, j in combinations(range(len(cells)), 2):
            if separated(cells[i], cells[j]):
                differences.append(Difference(criterion=criterion, a=labels[i], b=labels[j],
                                              a_score=cells[i].score, b_score=cells[j].score))
    return Comparison(mode=mode, columns=[_column(label, a) for label, a in items], overall=overall, rows=rows,
                      differences=differences)


def unique_labels(assessments: Sequence[Assessment]) -> list[str]:
    """Column labels for several cases: the case id, made unique with the file name when two share an id."""
    ids = [a.case.meta.id for a in assessments]
    return [i if ids.count(i) == 1 else f"{i} ({a.case_file})" for i, a in zip(ids, assessments)]
