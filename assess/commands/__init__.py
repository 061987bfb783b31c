"""The CLI commands, one module each; `COMMANDS()` lists them for the group in cli.py."""

from __future__ import annotations

import click


def COMMANDS() -> list[click.Command]:  # noqa: N802 - reads as the registry it is
    # Each module imports only click and light helpers at import time; heavy work happens inside the command.
    from assess.commands import schema, validate
    from assess.commands import score
    from assess.commands import agreement, batch, compare
    from assess.commands import draft, new, rubric, verify

    return [validate.command, score.command, schema.command, agreement.command, batch.command, compare.command, new.command, rubric.command, verify.command, draft.command]
