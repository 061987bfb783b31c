"""The one way every command reads a date from the command line (`--as-of`, `--slices`)."""

from __future__ import annotations

from datetime import date

import click

AS_OF_HELP = "YYYY-MM-DD; YYYY-MM or YYYY means its last day"


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
