"""`assess compare CASE... [--slices DATES [--window LENGTH]]`: criteria x cases (or periods of a case) side by side."""

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
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None, help="Seed for the sampling (default: the pipeline's).")
@click.option("--draws", type=click.IntRange(0, 1_000_000), default=None, help="Monte Carlo draws per assessment.")
def command(cases: tuple[str, ...], slices: list[date] | None, window: int | None, fmt: str | None,
            output: str | None, seed: int | None, draws: int | None) -> int:
    """Compare cases (or one case as of several dates): scores, intervals, verdicts and party tilts per
    criterion. A cell is marked when its interval does not overlap the previous column's.

    \b
    Example:
      assess compare cases/teaching_fictional.yaml cases/teaching_fictional_council.yaml -o cmp.html
      assess compare cases/russia_nk.yaml --slices 1994-12-31,2008-12-31,2020-12-31 --format json
      assess compare cases/russia_nk.yaml --slices 1994,2008,2020 --window 1y
    """
    from pathlib import Path

    from assess.many.compare import build_comparison, unique_labels
    from assess.many.compare_render import RENDERERS, SUFFIXES
    from assess.pipeline import assess_file

    if slices is not None and len(cases) != 1:
        raise click.UsageError("--slices compares one case over time: give exactly one CASE")
    if window is not None and slices is None:
        raise click.UsageError("--window needs --slices: it sets the period before each slice's date that is scored")
    if slices is None and len(cases) < 2:
        raise click.UsageError("give two or more CASE files, or one CASE with --slices")
    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        if output and suffix not in SUFFIXES:
            raise OutputError(output, f"cannot tell the format from '{suffix or 'no suffix'}': use --format or one of {', '.join(SUFFIXES)}")
        fmt = SUFFIXES.get(suffix, "table")
    if slices is not None:
        items = [_slice(cases[0], d, window, seed, draws) for d in slices]
        mode = "slices"
    else:
        assessments, problems = [], []
        for path in cases:  # report every invalid case, not only the first
            try:
                assessments.append(assess_file(path, seed=seed, draws=draws)[0])
            except InputError as exc:
                problems += exc.diagnostics
        if problems:
            raise InputError(problems)
        items = list(zip(unique_labels(assessments), assessments))
        mode = "cases"
    text = RENDERERS[fmt](build_comparison(items, mode))
    if output:
        from assess.output import write_atomic

        write_atomic(output, text, inputs=cases)
    else:
        click.echo(text, nl=False)
    return 0


def _slice(path: str, as_of: date, window: int | None, seed: int | None, draws: int | None) -> tuple[str, object]:
    """One column of `--slices`: the case as of a date (label `1994-12-31`) or over the window ending there
    (label `1994-01-01/1994-12-31`, the case format's way of writing a period)."""
    from assess.pipeline import assess_file
    from assess.scoring.timeline import window_start

    since = window_start(as_of, window) if window is not None else None
    label = f"{since.isoformat()}/{as_of.isoformat()}" if since else as_of.isoformat()
    return label, assess_file(path, as_of=as_of, since=since, seed=seed, draws=draws)[0]
