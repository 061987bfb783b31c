"""`assess compare CASE... [--slices DATES [--window LENGTH]]`: headline, overall, fundamentals and criteria x cases
(or periods of a case) side by side."""

from __future__ import annotations

from datetime import date

import click

from assess.commands.dates import WINDOW_HELP, parse_date_list, parse_window
from assess.errors import InputError, OutputError


@click.command("compare")
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--slices", callback=parse_date_list, metavar="DATE,DATE,...",
              help="Compare one case as of several dates (a trajectory) instead of several cases.")
@click.option("--window", "window", metavar="LENGTH", callback=parse_window, default=None,
              help=f"With --slices: score each date's window only, the LENGTH before it ({WINDOW_HELP}), "
                   "instead of all evidence up to it.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md", "html"]), default=None,
              help="Output format (default: from -o's suffix, else table).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--reports", "reports", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Also write each column's HTML report into DIR (created if missing) and link each column "
                   "heading to it (links relative to -o's folder, or to the current folder when printing).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None, help="Seed for the sampling (default: the pipeline's).")
@click.option("--draws", type=click.IntRange(0, 1_000_000), default=0, show_default=True,
              help="Joint draws per column of the uncertainty and sensitivity analysis; 0 (the default) skips it "
                   "(seconds per column), so intervals and likelihoods rest on the posterior draws.")
def command(cases: tuple[str, ...], slices: list[date] | None, window: int | None, fmt: str | None,
            output: str | None, reports: str | None, seed: int | None, draws: int) -> int:
    """Compare cases (or one case as of several dates): the headline (impartiality) with its verdict and
    likelihood, the overall result, each fundamental and its criteria, with 90% intervals, party tilts and red
    flags. A cell is marked when its interval does not overlap the previous column's.

    \b
    Example:
      assess compare cases/teaching_fictional.yaml cases/teaching_fictional_council.yaml -o cmp.html
      assess compare cases/*.yaml -o out/compare.html --reports out/reports
      assess compare cases/russia_nk.yaml --slices 1994-12-31,2008-12-31,2020-12-31 --format json
      assess compare cases/russia_nk.yaml --slices 1994,2008,2020 --window 1y
    """
    from assess.many.compare import build_comparison, column_names
    from assess.many.compare_render import RENDERERS

    _check_usage(cases, slices, window)
    fmt = fmt or _format_from(output)
    if slices is not None:
        items = [_slice(cases[0], d, window, seed, draws) for d in slices]
        mode = "slices"
    else:
        assessments = _assess_all(cases, seed, draws)
        items = list(zip(column_names(assessments), assessments))
        mode = "cases"
    links = _write_reports([a for _, a in items], reports, output, cases) if reports else None
    text = RENDERERS[fmt](build_comparison(items, mode, reports=links))
    if output:
        from assess.output import write_atomic

        write_atomic(output, text, inputs=cases)
    else:
        click.echo(text, nl=False)
    return 0


def _check_usage(cases: tuple[str, ...], slices: list[date] | None, window: int | None) -> None:
    if slices is not None and len(cases) != 1:
        raise click.UsageError("--slices compares one case over time: give exactly one CASE")
    if window is not None and slices is None:
        raise click.UsageError("--window needs --slices: it sets the period before each slice's date that is scored")
    if slices is None and len(cases) < 2:
        raise click.UsageError("give two or more CASE files, or one CASE with --slices")


def _format_from(output: str | None) -> str:
    """The format named by -o's suffix, else the text table; an unknown suffix is an output error (exit 4)."""
    from pathlib import Path

    from assess.many.compare_render import SUFFIXES

    suffix = Path(output).suffix.lower() if output else ""
    if output and suffix not in SUFFIXES:
        raise OutputError(output, f"cannot tell the format from '{suffix or 'no suffix'}': use --format or one of "
                                  f"{', '.join(SUFFIXES)}")
    return SUFFIXES.get(suffix, "table")


def _assess_all(cases: tuple[str, ...], seed: int | None, draws: int) -> list:
    """Every case assessed; every invalid case reported at once (not only the first)."""
    from assess.pipeline import assess_file

    assessments, problems = [], []
    for path in cases:
        try:
            assessments.append(assess_file(path, seed=seed, draws=draws)[0])
        except InputError as exc:
            problems += exc.diagnostics
    if problems:
        raise InputError(problems)
    return assessments


def _write_reports(assessments: list, folder: str, output: str | None, cases: tuple[str, ...]) -> list[str]:
    from assess.many.compare_reports import report_links, write_reports

    inputs = [*cases, *([output] if output else [])]
    return report_links(write_reports(assessments, folder, inputs=inputs), output)


def _slice(path: str, as_of: date, window: int | None, seed: int | None, draws: int) -> tuple[str, object]:
    """One column of `--slices`: the case as of a date (label `1994-12-31`) or over the window ending there
    (label `1994-01-01/1994-12-31`, the case format's way of writing a period)."""
    from assess.pipeline import assess_file
    from assess.scoring.timeline import window_start

    since = window_start(as_of, window) if window is not None else None
    label = f"{since.isoformat()}/{as_of.isoformat()}" if since else as_of.isoformat()
    return label, assess_file(path, as_of=as_of, since=since, seed=seed, draws=draws)[0]
