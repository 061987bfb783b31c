"""`assess new PATH`: write a commented case-file scaffold that validates at once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assess.commands.names import checked, name_option
from assess.errors import OutputError

# The model's mediator kinds (assess.models.case.MediatorKind), spelt out so that start-up need not import the
# models; a test keeps the two equal.
MEDIATOR_KINDS = ("state", "intergovernmental", "sovereign_entity", "ngo", "individual")


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask_missing(mediator: str | None, conflict: str | None, parties: list[str]) -> tuple[str, str, list[str]]:
    """Prompt for what is missing on a terminal; otherwise a usage error naming every missing option."""
    missing = [name for name, value in (("--mediator", mediator), ("--conflict", conflict)) if not value]
    if len(parties) < 2:
        missing.append(f"--party (at least two; {len(parties)} given)")
    if not missing:
        return mediator or "", conflict or "", parties
    if not _interactive():
        raise click.UsageError("missing " + ", ".join(missing) + " (no terminal to ask on)")
    # A typed answer is checked as the option would be; click asks again after a BadParameter.
    mediator = mediator or click.prompt("Mediator (e.g. Norway)", value_proc=lambda v: checked("--mediator", v))
    conflict = conflict or click.prompt("Conflict (e.g. Sri Lankan civil war)", value_proc=lambda v: checked("--conflict", v))
    while len(parties) < 2:
        parties.append(click.prompt(f"Party {len(parties) + 1}", value_proc=lambda v: checked("--party", v)))
    while True:
        more = click.prompt(f"Party {len(parties) + 1} (empty to finish)", default="", show_default=False)
        if not more.strip():
            break
        parties.append(checked("--party", more))
    return mediator, conflict, parties


@click.command("new")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--mediator", callback=name_option, help="The mediator's name, e.g. Norway.")
@click.option("--conflict", callback=name_option, help="The conflict's name, e.g. 'Sri Lankan civil war'.")
@click.option("--party", "parties", callback=name_option, multiple=True, help="A conflict party's name (give at least two).")
@click.option("--rubric", "rubric_ref", default="un_guidance", show_default=True, help="Rubric id or path.")
@click.option(
    "--kind", "mediator_kind", type=click.Choice(MEDIATOR_KINDS),
    default="state", show_default=True, help="What sort of mediator.",
)
@click.option("--assessor", callback=name_option, default="Your Name", show_default=True, help="Who codes the case.")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def command(
    path: str, mediator: str | None, conflict: str | None, parties: tuple[str, ...], rubric_ref: str,
    mediator_kind: str, assessor: str, force: bool,
) -> int:
    """Write a commented case-file scaffold that validates at once.

    It starts with a schema modeline for editor completion and lists the rubric's criteria ids in comments.
    Missing options are asked for on a terminal. An existing PATH is kept unless --force (exit 4).

    \b
    Example:
      assess new cases/norway_sl.yaml --mediator Norway --conflict "Sri Lankan civil war" \\
          --party "Government of Sri Lanka" --party LTTE
    """
    from assess.authoring.scaffold import CaseHead, rubric_ref_for, scaffold_text, schema_beside
    from assess.clock import today
    from assess.commands.draft import _rubric_folder, _rubric_note
    from assess.loading import load_rubric
    from assess.output import already_exists, write_all_atomic

    target = Path(path)
    if already_exists(target) and not force:
        raise OutputError(path, "already exists; use --force to overwrite it")
    mediator, conflict, names = _ask_missing(mediator, conflict, list(parties))
    rubric = load_rubric(rubric_ref, base_dir=target.parent)
    head = CaseHead(
        mediator=mediator, conflict=conflict, parties=names, rubric_ref=rubric_ref_for(rubric_ref, target), assessed=today().isoformat(),
        mediator_kind=mediator_kind, assessor=assessor,
    )
    schema_files, note = schema_beside(target)
    from assess.authoring.selfcheck import LoadsBeforeWriting

    write_all_atomic([(target, scaffold_text(head, rubric, target)), *schema_files],
                     check=LoadsBeforeWriting(target, path, _rubric_folder(rubric_ref, target)))
    click.echo(f"{path}: written ({len(names)} parties, rubric '{rubric.id}'); next: add sources and evidence")

    rubric_note = _rubric_note(rubric_ref, target)
    if rubric_note:
        click.echo(rubric_note, err=True)
    for schema_path, _ in schema_files:
        click.echo(f"{schema_path}: written (the case schema its first line names, for your editor)")
    if note:
        click.echo(note, err=True)
    return 0
