"""`assess agreement FILE...`: how far several assessors of one case agree (Krippendorff's alpha and more)."""

from __future__ import annotations

import click

from assess.errors import MissingExtraError


def _reading(alpha: float | None) -> str:
    """Krippendorff's (2004) customary thresholds, as a plain reading of the number."""
    if alpha is None:
        return "undefined (too few assessors, shared criteria, or no variation)"
    if alpha >= 0.8:
        return "reliable (alpha >= 0.800)"
    if alpha >= 0.667:
        return "tentative only (0.667 <= alpha < 0.800)"
    return "not reliable (alpha < 0.667)"


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def format_table(result) -> str:  # noqa: ANN001 - an Agreement, imported lazily
    lines = [
        f"Agreement for case '{result.case_id}' ({result.case_file})",
        f"Assessors: {', '.join(result.assessors)}; criteria rated by two or more: {result.units}",
        f"Krippendorff's alpha (ordinal): {_num(result.alpha)}  "
        f"95% bootstrap interval {_num(result.alpha_low)} to {_num(result.alpha_high)} "
        f"({result.bootstrap_valid}/{result.bootstrap} resamples of criteria, seed {result.seed})",
        f"Reading: {_reading(result.alpha)}",
        "Percent agreement (pairwise exact): "
        + ("n/a" if result.percent_agreement is None else f"{100 * result.percent_agreement:.1f}%"),
        "",
    ]
    width = max([len(s.criterion) for s in result.criteria] + [9])
    header = f"{'criterion':<{width}}  " + "  ".join(f"{a:>8}" for a in result.assessors) + "  range"
    lines += [header, "-" * len(header)]
    for spread in result.criteria:
        cells = "  ".join(f"{spread.levels[a] if a in spread.levels else '-':>8}" for a in result.assessors)
        mark = "  <- most disagreement" if spread.criterion in result.most_disagreement else ""
        lines.append(f"{spread.criterion:<{width}}  {cells}  {spread.range:>5}{mark}")
    lines.append("")
    lines.append("Most disagreement: " + (", ".join(result.most_disagreement) or "none (all assessors agree)"))
    return "\n".join(lines) + "\n"


@click.command("agreement")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--bootstrap", "draws", type=click.IntRange(0, 100_000), default=1000, show_default=True,
              help="Bootstrap resamples of criteria for alpha's interval (0 = none).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None, help="Seed of the bootstrap (default: a fixed seed, printed).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def command(files: tuple[str, ...], fmt: str, draws: int, seed: int | None, output: str | None) -> int:
    """Agreement among several assessors of one case: Krippendorff's alpha (ordinal) with a bootstrap
    interval, percent agreement, and the criteria with the most disagreement.

    FILES are assessor files of one case (see docs/assessors.md), or one case file whose ratings carry
    `assessor:` ids, or both.

    \b
    Example:
      assess agreement cases/assessors/russia_nk.*.yaml
    """
    try:
        import krippendorff  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        raise MissingExtraError("assess agreement", "agreement") from None
    from assess.many.agreement import DEFAULT_SEED, assess_agreement
    from assess.many.assessors import gather_ratings

    ratings = gather_ratings(files)
    result = assess_agreement(ratings, draws=draws, seed=DEFAULT_SEED if seed is None else seed)
    text = result.model_dump_json(indent=2) + "\n" if fmt == "json" else format_table(result)
    if output:
        from assess.output import write_atomic

        write_atomic(output, text, inputs=[*files, str(ratings.case.path)])
    else:
        click.echo(text, nl=False)
    return 0
