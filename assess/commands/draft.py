"""`assess draft TEXT -o CASE`: a candidate case file from a source text, every item marked for review."""

from __future__ import annotations

from pathlib import Path

import click

from assess.commands.names import checked, name_option
from assess.errors import InputError, OutputError, located


@click.command("draft")
@click.argument("text_path", metavar="TEXT", type=click.Path(dir_okay=False))
@click.option("--mediator", callback=name_option, required=True, help="The mediator; add aliases with '|': 'Russia|Moscow|Russian'.")
@click.option("--party", "parties", callback=name_option, multiple=True, required=True,
              help="A conflict party (at least two); aliases with '|': 'Azerbaijan|Baku|Azerbaijani'.")
@click.option("--conflict", callback=name_option, default=None, help="The conflict's name (default: taken from the text's title).")
@click.option("--rubric", "rubric_ref", default="un_guidance", show_default=True, help="Rubric id or path (its cue words suggest criteria).")
@click.option("--source-kind", default="essay", show_default=True,
              type=click.Choice(["essay", "academic", "book", "official_document", "treaty", "statement", "news", "report", "web", "other"]),
              help="What sort of source the text is.")
@click.option("--assessor", callback=name_option, default="Your Name", show_default=True, help="Who will review the draft.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The case file to write.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def command(text_path: str, mediator: str, parties: tuple[str, ...], conflict: str | None, rubric_ref: str,
            source_kind: str, assessor: str, output: str, force: bool) -> int:
    """Draft a case file from a plain-text source, for human review.

    Each sentence becomes a candidate evidence item with a verbatim quote; footnote markers [n] become locators
    and unresolved sources; years become dates; hedges ("perceived", "it is assumed", "allegedly") make a
    perception or allegation, "officially" an official position; cue words suggest criteria. Every item has
    `review: true` and credibility 6 until you check it. The text is referenced with its sha256.

    \b
    Example:
      assess draft sources/essay.txt --mediator 'Russia|Moscow' --party Armenia \\
          --party 'Azerbaijan|Azerbaijani' -o cases/draft.yaml
    """
    from assess.authoring.draft_case import DraftInput, draft_text, parse_names
    from assess.authoring.scaffold import CaseHead, rubric_ref_for, schema_beside
    from assess.clock import today
    from assess.loading import load_rubric
    from assess.output import already_exists, write_all_atomic

    if len(parties) < 2:
        raise click.UsageError(f"give at least two --party options ({len(parties)} given)")
    source = Path(text_path)
    target = Path(output)
    try:
        found = source.is_file()
    except OSError as exc:  # a name too long for the file system
        raise InputError([located(text_path, 1, 1, f"cannot be read: {exc.strerror or type(exc).__name__}")]) from None
    if not found:
        raise InputError([located(text_path, 1, 1, "no such file")])
    if already_exists(target) and not force:
        raise OutputError(output, "already exists; use --force to overwrite it")
    try:
        source.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([located(text_path, 1, 1, f"not UTF-8 text (byte {exc.start})")]) from None
    mediator_name, mediator_aliases = parse_names(mediator)
    named = [parse_names(p) for p in parties]
    rubric = load_rubric(rubric_ref, base_dir=target.parent)
    head = CaseHead(
        mediator=mediator_name, conflict=conflict or f"(name the conflict described in {source.name})", parties=[n for n, _ in named],
        rubric_ref=rubric_ref_for(rubric_ref, target), assessed=today().isoformat(), assessor=assessor,
    )
    spec = DraftInput(source, target, head, mediator_aliases, tuple(a for _, a in named), source_kind)
    text, count = draft_text(spec, rubric)
    schema_files, note = schema_beside(target)  # so the draft's modeline resolves outside the checkout too
    from assess.authoring.selfcheck import LoadsBeforeWriting
    from assess.loading.confine import outside_note

    # The text and rubric were named on the command line: this check trusts them; later runs need them inside.
    check = LoadsBeforeWriting(target, output, [source.parent, *_rubric_folder(rubric_ref, target)])
    write_all_atomic([(target, text), *schema_files], inputs=[source], check=check)
    loaded = check.loaded
    if note:
        click.echo(note, err=True)
    notes = [outside_note(source, target, "the source text"), _rubric_note(rubric_ref, target)]
    for line in filter(None, notes):
        click.echo(line, err=True)
    click.echo(f"{output}: drafted {count} evidence items from {text_path} "
               f"({len(loaded.warnings)} warning(s), all items marked for review)")
    return 0


def _rubric_folder(rubric_ref: str, target: Path) -> list[Path]:
    from assess.loading import find_rubric

    found = find_rubric(rubric_ref, target.parent)
    return [found.parent] if found is not None else []


def _rubric_note(rubric_ref: str, target: Path) -> str | None:
    """A note when a rubric given as a path lies outside the new case's folder (an id is found anywhere)."""
    from assess.loading.confine import outside_note
    from assess.loading.rubric import _is_path_ref

    found = _rubric_folder(rubric_ref, target)
    return outside_note(Path(rubric_ref), target, "the rubric") if found and _is_path_ref(rubric_ref) else None
