"""The strict base model and the small shared types (ids, grades, dates) every model uses."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema


class Strict(BaseModel):
    """Base of every user-facing model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*$", max_length=80),
    Field(description="An identifier: a letter, then letters, digits, '_', '-' or '.' (e.g. `balance`, `e07`)."),
]

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]

RELIABILITY_LABELS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY_LABELS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}

_DATE_PART = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_EVENT_DATE = re.compile(rf"^(?P<start>{_DATE_PART})(?:/(?P<end>{_DATE_PART}|\.\.))?$")
# The same pattern for JSON Schema, whose regexes are ECMA-262: Python's `(?P<name>` is not valid there.
_EVENT_DATE_JSON = rf"^{_DATE_PART}(?:/(?:{_DATE_PART}|\.\.))?$"


def _part_bounds(text: str) -> tuple[date, date]:
    """First and last day a partial date (`1994`, `1994-05`, `1994-05-12`) covers; ValueError if impossible."""
    pieces = [int(p) for p in text.split("-")]
    if len(pieces) == 1:
        return date(pieces[0], 1, 1), date(pieces[0], 12, 31)
    if len(pieces) == 2:
        year, month = pieces
        first = date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1)
    day = date(*pieces)
    return day, day


def date_bounds(value: str) -> tuple[date, date]:
    """The first and last day an event date or period covers (an open end `..` means today's unknown: max)."""
    match = _EVENT_DATE.match(value)
    if not match:
        raise ValueError(f"not a date: {value!r}")
    start, end = _part_bounds(match["start"])
    if match["end"] == "..":
        end = date.max
    elif match["end"]:
        end = _part_bounds(match["end"])[1]
    return start, end


def _check_event_date(value: object) -> str:
    if isinstance(value, bool):
        raise ValueError("expected a date such as 1994, 1994-05, 1994-05-12 or a period 1990/1991")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("expected a date such as 1994, 1994-05, 1994-05-12 or a period 1990/1991")
    value = value.strip()
    if not _EVENT_DATE.match(value):
        raise ValueError(
            f"'{value[:40]}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, or a period START/END such as 1990/1991"
        )
    try:
        start, end = date_bounds(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a real calendar date") from None
    if end < start:
        raise ValueError(f"period '{value}' ends before it starts")
    return value


_EVENT_DATE_HELP = (
    "When it happened: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a period `START/END` (e.g. `1990/1991`; "
    "`1994/..` for one still going on). This is the date of the event, not of the report."
)

EventDate = Annotated[
    str,
    BeforeValidator(_check_event_date),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "pattern": _EVENT_DATE_JSON}, {"type": "integer"}],
            "description": _EVENT_DATE_HELP,
        }
    ),
    Field(description=_EVENT_DATE_HELP),
]


def _no_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


NonBlank = Annotated[str, AfterValidator(_no_blank)]
