"""The one way every command reads a date (`--as-of`, `--slices`) or a window length (`--window`)."""

from __future__ import annotations

import re
from datetime import date

import click

AS_OF_HELP = "YYYY-MM-DD; YYYY-MM or YYYY means its last day"
WINDOW_HELP = "a number of years or months: 1y (the calendar year of a year-end date), 5y, 6m"
MAX_WINDOW_MONTHS = 100 * 12
_WINDOW = re.compile(r"(\d+)\s*([ym]?)", re.IGNORECASE)


def as_of_date(text: str) -> date:
    """`2020-09-27`, or `2020-09` / `2020` meaning their last day; ValueError with a user message otherwise."""
    from assess.models.base import date_bounds

    cleaned = text.strip()
    try:
        if "/" in cleaned:
            raise ValueError(cleaned)
        return date_bounds(cleaned)[1]
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a date: write YYYY-MM-DD (e.g. 2020-09-27), YYYY-MM or YYYY") from None


def parse_as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """click callback for a single `--as-of DATE` option."""
    if value is None:
        return None
    try:
        return as_of_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def parse_date_list(ctx: click.Context, param: click.Parameter, value: str | None) -> list[date] | None:
    """click callback for `DATE,DATE,...` (at least two dates)."""
    if value is None:
        return None
    try:
        dates = [as_of_date(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise click.BadParameter(f"{exc} (give DATE,DATE,...)") from None
    if len(dates) < 2:
        raise click.BadParameter("give at least two dates, comma-separated")
    return dates


def window_months(text: str) -> int:
    """`1y`, `5y`, `6m`, `18m` or a bare number of years, as months; ValueError with a user message otherwise."""
    cleaned = text.strip()
    match = _WINDOW.fullmatch(cleaned)
    if not match:
        raise ValueError(f"'{cleaned}' is not a window length: write a number of years or months, e.g. 1y, 5y or 6m")
    months = int(match[1]) * (1 if match[2].lower() == "m" else 12)
    if not 1 <= months <= MAX_WINDOW_MONTHS:
        raise ValueError(f"'{cleaned}' is out of range: a window is from 1 month (1m) to 100 years (100y) long")
    return months


def parse_window(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """click callback for `--window LENGTH`."""
    if value is None:
        return None
    try:
        return window_months(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
