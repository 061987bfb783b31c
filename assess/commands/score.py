"""`assess score CASE`: score a case and print a table or JSON; `--fail-under` makes it a gate."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from assess.errors import GateError

if TYPE_CHECKING:
    from assess.models.assessment import Assessment

FORMATS = ("table", "json")


def parse_as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """`--as-of` takes a calendar date YYYY-MM-DD (a year alone means its last day)."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 12, 31)
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date: write YYYY-MM-DD (e.g. 2020-09-27) or a year") from None


def emit(assessment: Assessment, fmt: str) -> None:
    """Print the assessment to stdout in `fmt` (the place where file outputs will also be written)."""
    if fmt == "json":
        from assess.render import render

        click.echo(render(assessment, "json"), nl=False)
    else:
        from assess.render.terminal import print_table

        print_table(assessment, click.get_text_stream("stdout"))


def check_gate(assessment: Assessment, fail_under: float | None) -> None:
    """Raise GateError (exit 1) when the overall score is below `fail_under` or there is none."""
    if fail_under is None:
        return
    overall = assessment.overall.score
    if overall is None:
        raise GateError(f"{assessment.case_file}: error: no overall score (insufficient evidence), --fail-under {fail_under:g}")
    if overall < fail_under:
        raise GateError(f"{assessment.case_file}: error: overall score {overall:g} is below --fail-under {fail_under:g}")


@click.command("score")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("--rubric", "rubric_ref", metavar="ID|PATH", default=None,
              help="Rubric id or path (default: the case's meta.rubric).")
@click.option("--as-of", "as_of", metavar="DATE", callback=parse_as_of, expose_value=True,
              help="Score only evidence dated on or before DATE (YYYY-MM-DD); undated evidence is left out.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="A table for people or the full result as JSON.")
@click.option("--seed", type=int, default=None, help="Seed of the sensitivity analysis (default 12345).")
@click.option("--draws", type=click.IntRange(1, 100_000), default=None,
              help="Monte Carlo draws of the sensitivity analysis (default 200).")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="N",
              help="Exit 1 when the overall score is below N (or there is none).")
def command(case_path: str, rubric_ref: str | None, as_of: date | None, fmt: str, seed: int | None,
            draws: int | None, fail_under: float | None) -> int:
    """Score a case against its rubric: criteria, interval, verdict, party tilt, red flags, sensitivity.

    \b
    Example:
      assess score cases/russia_nk.yaml
      assess score cases/russia_nk.yaml --as-of 2008-12-31 --format json
      assess score cases/russia_nk.yaml --fail-under 40
    """
    from assess.pipeline import assess_file

    assessment, loaded = assess_file(case_path, rubric=rubric_ref, as_of=as_of, seed=seed, draws=draws)
    for warning in loaded.warnings:
        click.echo(str(warning), err=True)
    emit(assessment, fmt)
    check_gate(assessment, fail_under)
    return 0
