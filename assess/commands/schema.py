"""`assess schema case|rubric|result`: JSON Schema generated from the models."""

from __future__ import annotations

import json

import click


def schema_json(which: str) -> str:
    """The JSON Schema of a case file, a rubric or a result, as stable, indented JSON text."""
    if which == "case":
        from assess.models.case import Case as model
    elif which == "rubric":
        from assess.models.rubric import Rubric as model
    else:
        from assess.models.assessment import Assessment as model
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", f"assess {which}")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@click.command("schema")
@click.argument("which", type=click.Choice(["case", "rubric", "result"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def command(which: str, output: str | None) -> int:
    """Print the JSON Schema of a case file, a rubric, or a score result.

    Editors use it for completion and checking (see docs/case-format.md).

    \b
    Example:
      assess schema case -o case.schema.json
    """
    text = schema_json(which)
    if output:
        from assess.output import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    return 0
