"""`assess score CASE`: score a case and print a table or JSON; `--fail-under` makes it a gate."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from assess.commands.dates import WINDOW_HELP, parse_as_of, parse_window
from assess.errors import GateError

if TYPE_CHECKING:
    from pathlib import Path

    from assess.loading import LoadedCase
    from assess.models.assessment import Assessment
    from assess.render import Format

FORMATS = ("table", "json")
# File formats for -o come from the render registry (html, md, pdf, json); --format with one of them forces it.
FILE_FORMATS = ("json", "html", "md", "pdf")


def emit(assessment: Assessment, fmt: str) -> None:
    """Print the assessment to stdout in `fmt` (the place where file outputs will also be written)."""
    if fmt == "json":
        from assess.render import render

        click.echo(render(assessment, "json"), nl=False)
    else:
        import sys

        from assess.render.terminal import print_table

        print_table(assessment, sys.stdout)


def write_reports(assessment: Assessment, loaded: LoadedCase, outputs: tuple[str, ...], fmt: str,
                  template_dir: str | None, rubric_ref: str | None, assessor_files: tuple[str, ...] = ()) -> None:
    """Render every -o file, then write them all or none (atomically, never over the case or its rubric).

    Every output's prerequisites are checked before anything is rendered (see planned_formats), so a run without
    the [pdf] extra writes no HTML either. Failures raise OutputProblemsError, OutputError or MissingExtraError:
    exit 4, one line each.
    """
    from assess.output import write_all_atomic
    from assess.render import render

    from pathlib import Path

    from assess.output import is_stdout

    inputs = _input_files(loaded, rubric_ref, template_dir) + [Path(f) for f in assessor_files]
    formats = planned_formats(outputs, fmt if fmt in FILE_FORMATS else None, inputs)
    rendered = [(path, render(assessment, spec.name, template_dir=template_dir)) for path, spec in zip(outputs, formats)]
    write_all_atomic(rendered, inputs=inputs)
    for path, spec in zip(outputs, formats):
        if not is_stdout(path):
            click.echo(f"wrote {path} ({spec.name})", err=True)


def _finite(value: float | None) -> float | None:
    """--fail-under must be a number a score can fall below: `nan` would make the gate never fail."""
    if value is not None and value != value:
        raise click.BadParameter("give a number from 0 to 100, not nan")
    return value


def _input_files(loaded: LoadedCase, rubric_ref: str | None, template_dir: str | None = None) -> list[Path]:
    """The files this run read and must never write over: the case, its rubric (and the rubrics it extends), its
    bibliography and source texts, the assessor files folded in, and the user's templates."""
    from pathlib import Path

    from assess.loading import find_rubric
    from assess.loading.rubric import rubric_files
    from assess.provenance import local_copies

    rubric_file = find_rubric(rubric_ref or loaded.case.meta.rubric, loaded.base_dir)
    files = [loaded.path, *(rubric_files(rubric_file) if rubric_file else [])]
    files += [loaded.base_dir / copy.copy.path for copy in local_copies(loaded.case)]
    if loaded.case.bibliography:
        files.append(loaded.base_dir / str(loaded.case.bibliography))
    if template_dir:
        try:
            files += [p for p in Path(template_dir).rglob("*") if p.is_file()]
        except OSError:
            pass  # an unreadable template folder is reported when a template is loaded
    return files


def planned_formats(outputs: tuple[str, ...], forced: str | None, inputs: list[Path]) -> list[Format]:
    """Each output's format, once every output's prerequisites hold: a known format, its extra installed, a
    writable place that is not an input. Otherwise OutputProblemsError with one line per problem.
    """
    from assess.errors import OutputError
    from assess.extras import extra_problem, install_hint
    from assess.output import OutputProblemsError, target_problems
    from assess.render import format_for

    problems: list[str] = []
    formats: list[Format] = []
    missing: dict[str, str | None] = {}
    from assess.output import is_stdout

    for path in outputs:
        if is_stdout(path) and forced is None:
            problems.append(f"{path}: error: give --format json, md or html to write the report to standard output")
            continue
        if is_stdout(path) and forced == "pdf":
            problems.append(f"{path}: error: a PDF cannot be written to standard output; give a file name")
            continue
        try:
            spec = format_for(path, forced)
        except OutputError as exc:
            problems.append(str(exc))
            continue
        formats.append(spec)
        if spec.extra and missing.setdefault(spec.extra, extra_problem(spec.extra)):
            problems.append(f"{path}: error: {spec.name.upper()} output needs the optional extra [{spec.extra}] "
                            f"({missing[spec.extra]}); install it with: {install_hint(spec.extra)}")
        problems += target_problems(path, inputs)
    if problems:
        raise OutputProblemsError(problems)
    return formats


def check_gate(assessment: Assessment, fail_under: float | None) -> None:
    """Raise GateError (exit 1) when the overall score is below `fail_under` or there is none."""
    if fail_under is None:
        return
    overall = assessment.overall.score
    if overall is None:
        why = assessment.overall.verdict.lower()  # insufficient evidence, or before the mediation
        raise GateError(f"{assessment.case_file}: error: no overall score ({why}), --fail-under {fail_under:g}")
    if overall < fail_under:
        raise GateError(f"{assessment.case_file}: error: overall score {overall:g} is below --fail-under {fail_under:g}")


@click.command("score")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("--rubric", "rubric_ref", metavar="ID|PATH", default=None,
              help="Rubric id or path (default: the case's meta.rubric).")
@click.option("--as-of", "as_of", metavar="DATE", callback=parse_as_of, expose_value=True,
              help="Score only evidence dated on or before DATE (YYYY-MM-DD; YYYY-MM or YYYY: its last day); undated evidence is left out.")
@click.option("--window", "window", metavar="LENGTH", callback=parse_window, default=None,
              help=f"Length of the windows scored beside the cumulative slices over time ({WINDOW_HELP}; default 1y).")
@click.option("--format", "fmt", type=click.Choice(tuple(dict.fromkeys(FORMATS + FILE_FORMATS))), default="table",
              show_default=True,
              help="A table for people or the full result as JSON; with -o, html/md/pdf/json force the files' format.")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Write a report to FILE (repeatable); the format comes from the suffix: .html .md .pdf .json; `-` with --format json|md|html prints it.")
@click.option("--template-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Look for report templates in DIR before the shipped ones.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None, help="Seed of the sensitivity analysis (default 12345).")
@click.option("--draws", type=click.IntRange(0, 100_000), default=None,
              help="Joint draws of the uncertainty and sensitivity analysis (default 1024; 0 skips it).")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="N", callback=lambda _c, _p, v: _finite(v),
              help="Exit 1 when the overall score is below N (or there is none).")
@click.option("--assessors", "assessor_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Fold an assessor file's ratings into the case (repeatable; see docs/assessors.md).")
def command(case_path: str, rubric_ref: str | None, as_of: date | None, window: int | None, fmt: str,
            outputs: tuple[str, ...], template_dir: str | None, seed: int | None, draws: int | None,
            fail_under: float | None, assessor_files: tuple[str, ...] = ()) -> int:
    """Score a case against its rubric: criteria, interval, verdict, party tilt, red flags, sensitivity.

    \b
    Example:
      assess score cases/russia_nk.yaml
      assess score cases/russia_nk.yaml --as-of 2008-12-31 --format json
      assess score cases/russia_nk.yaml --fail-under 40
      assess score cases/russia_nk.yaml -o report.html -o report.pdf -o report.md
    """
    from assess.pipeline import assess_file

    assessment, loaded = assess_file(case_path, rubric=rubric_ref, as_of=as_of, window_months=window, seed=seed,
                                     draws=draws, assessors=assessor_files)
    for warning in loaded.warnings:
        click.echo(str(warning), err=True)
    if outputs:
        write_reports(assessment, loaded, outputs, fmt, template_dir, rubric_ref, assessor_files)
    elif fmt in ("html", "md"):
        from assess.render import render

        click.echo(render(assessment, fmt, template_dir=template_dir), nl=False)
    elif fmt == "pdf":
        raise click.UsageError("--format pdf needs -o FILE (a PDF is not printed to the terminal)")
    else:
        emit(assessment, fmt)
    check_gate(assessment, fail_under)
    return 0
