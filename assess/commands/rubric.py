"""`assess rubric list` and `assess rubric show ID|PATH`: the rubrics, and what one asks of a mediator."""

from __future__ import annotations

from pathlib import Path

import click

from assess.errors import ExitCode, InputError


@click.group("rubric")
def command() -> None:
    """Browse rubrics: list the available ones, show one's criteria, weights and levels.

    \b
    Example:
      assess rubric list
      assess rubric show un_guidance --format md
    """


def _rubric_files() -> list[Path]:
    """Bundled rubrics first, then ./rubrics (each file once, even when both are the same folder)."""
    from assess.resources import shipped_path

    seen: set[Path] = set()
    files = []
    for folder in (shipped_path("rubrics"), Path("rubrics")):
        if not folder.is_dir():
            continue
        for path in sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml"))):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
    return files


@command.command("list")
def list_command() -> int:
    """List bundled rubrics and those in ./rubrics: id, version, criteria, title.

    \b
    Example:
      assess rubric list
    """
    from assess.loading import load_rubric

    rows = []
    failed = False
    for path in _rubric_files():
        try:
            rubric = load_rubric(path)
        except InputError as exc:
            failed = True
            click.echo(f"{exc.lines()[0]} (skipped)", err=True)
            continue
        rows.append((rubric.id, rubric.version, str(len(rubric.criteria())), rubric.title, str(path)))
    if not rows:
        click.echo("no rubrics found", err=True)
        return int(ExitCode.INVALID_INPUT)
    header = ("id", "version", "criteria", "title", "file")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    for row in [header] + rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4])
    return int(ExitCode.INVALID_INPUT if failed else ExitCode.OK)


@command.command("show")
@click.argument("rubric_ref", metavar="ID|PATH")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True)
def show_command(rubric_ref: str, fmt: str) -> int:
    """Show a rubric: criteria by fundamental, weights, level descriptors, Guidance references, cue words.

    \b
    Example:
      assess rubric show un_guidance
      assess rubric show rubrics/my_rubric.yaml --format json
    """
    from assess.authoring.rubric_view import VIEWS
    from assess.loading import load_rubric

    click.echo(VIEWS[fmt](load_rubric(rubric_ref)), nl=False)
    return 0
