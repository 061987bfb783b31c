"""`assess batch DIR|FILE... -o OUT`: assess many case files into one data set (CSV, JSON Lines or SQLite)."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from datetime import date

import click

from assess.commands.dates import parse_as_of
from assess.errors import ExitCode, InputError, located


def _progress(total: int):  # noqa: ANN202 - a rich Progress or a no-op context
    """A progress bar on stderr when it is a terminal; nothing otherwise (logs and pipes stay clean)."""
    if not sys.stderr.isatty() or total < 2:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("assessing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )


@click.command("batch")
@click.argument("targets", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The data set to write: .csv, .jsonl or .sqlite (format from the suffix).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes.")
@click.option("--draws", type=click.IntRange(0, 1_000_000), default=0, show_default=True,
              help="Joint draws per case of the uncertainty and sensitivity analysis; 0 (the default) skips it, so "
                   "likelihoods rest on the posterior draws. Its results are in the .jsonl records only.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None, help="Seed for every case's sampling (default: the pipeline's).")
@click.option("--as-of", "as_of", callback=parse_as_of, default=None, metavar="DATE",
              help="Assess every case as of this date (YYYY-MM-DD; YYYY-MM or YYYY: its last day): later evidence is left out.")
@click.option("--csv-formulas", is_flag=True,
              help="Write CSV cells as they are. By default a text cell beginning with = + - @ is prefixed with ' "
                   "so a spreadsheet does not run it as a formula.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def command(targets: tuple[str, ...], output: str, jobs: int, draws: int | None, seed: int | None,
            as_of: date | None, csv_formulas: bool, quiet: bool) -> int:
    """Assess many case files into one data set, one result per case in sorted file order.

    Folders are searched recursively for *.yaml and *.yml case files; rubric files (with `fundamentals:`)
    and assessor files (with a top-level `case:`) are skipped. An invalid file is reported with its
    located problems and skipped; the others are still written, and the exit code is 3. Columns and
    tables: docs/datasets.md.

    \b
    Example:
      assess batch cases -o cases.csv
      assess batch cases -o cases.jsonl -j 2 --draws 1024
    """
    from assess.many.batch import run_batch, worker_pool
    from assess.many.discover import discover
    from assess.many.writers import format_for

    fmt = format_for(output)
    if csv_formulas and fmt.name == "csv":
        from dataclasses import replace

        from assess.many.writers import RawCsvWriter

        fmt = replace(fmt, writer=RawCsvWriter)
    found = discover(targets)
    if not found.cases:
        raise InputError([located(str(targets[0]), 1, 1, "no case files found (*.yaml, *.yml; rubrics and assessor files are skipped)")])
    # Workers first: the progress bar runs a thread, and a process with threads must not fork.
    workers = min(jobs, len(found.cases))
    with worker_pool(workers) as pool, _progress(len(found.cases)) as bar:
        task = bar.add_task("assessing", total=len(found.cases)) if bar is not None else None
        summary = run_batch(
            found.cases, output, fmt, jobs=workers, draws=draws, seed=seed, as_of=as_of, pool=pool,
            report=lambda line: click.echo(line, err=True),
            advance=(lambda: bar.advance(task)) if bar is not None else (lambda: None),
        )
    if not quiet:
        skipped = f", {len(found.skipped)} rubric/assessor file(s) skipped" if found.skipped else ""
        click.echo(
            f"assess batch: {summary.written} case(s) written to {output}"
            + (f", {len(summary.invalid)} invalid file(s) skipped: {', '.join(summary.invalid)}" if summary.invalid else "")
            + skipped,
            err=True,
        )
    return int(ExitCode.INVALID_INPUT if summary.invalid else ExitCode.OK)
