"""The command-line shell: a click group, the commands registered on it, and the one error boundary."""

from __future__ import annotations

import sys

import click

from assess import __version__
from assess.commands import COMMANDS
from assess.errors import AssessError, ExitCode

EPILOG = """\b
Exit codes: 0 ok, 1 a gate not met (--fail-under, verify), 2 usage error,
3 invalid input, 4 output or rendering failure / missing optional extra.
Docs: docs/cli.md, docs/case-format.md, docs/method.md."""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="assess", message="%(prog)s %(version)s")
def cli() -> None:
    """Assess a mediator against the UN Guidance for Effective Mediation.

    \b
    Example:
      assess validate cases/russia_nk.yaml
      assess score cases/russia_nk.yaml
    """


for _command in COMMANDS():
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map every outcome to a documented exit code (no tracebacks)."""
    try:
        code = cli.main(args=argv, prog_name="assess", standalone_mode=False)
    except AssessError as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        sys.exit(int(exc.exit_code))
    except click.exceptions.Abort:
        click.echo("assess: aborted", err=True)
        sys.exit(int(ExitCode.USAGE))
    except click.ClickException as exc:
        exc.show()
        sys.exit(int(ExitCode.USAGE) if isinstance(exc, click.UsageError) else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("assess: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(int(ExitCode.OK))
    except RecursionError:
        click.echo("assess: error: input nested too deeply", err=True)
        sys.exit(int(ExitCode.INVALID_INPUT))
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, reported in one line
        click.echo(f"assess: internal error: {type(exc).__name__} (this is a bug; please report it)", err=True)
        sys.exit(70)
    sys.exit(int(code or 0))
