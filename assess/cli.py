"""The command-line shell: a click group, the commands registered on it, and the one error boundary."""

from __future__ import annotations

from typing import Any

import click

from assess import __version__
from assess.commands import COMMANDS
from assess.errors import AssessError, ExitCode

INTERNAL_ERROR = 70

EPILOG = """\b
Exit codes: 0 ok, 1 a gate not met (--fail-under, verify), 2 usage error,
3 invalid input, 4 output or rendering failure / missing optional extra,
70 internal error (a bug: please report it).
Docs: docs/cli.md, docs/case-format.md, docs/method.md."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like an interrupt, so every temporary output is removed on the way."""

    def __init__(self, signal_number: int):
        super().__init__(signal_number)
        self.signal = signal_number


def _interrupt_on_termination() -> None:
    """Turn SIGTERM and SIGHUP into `Terminated`, raised where the program is, so `finally` blocks (the removal of
    a data set's temporary file) run instead of the process vanishing mid-write."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(number: int, _frame: object) -> None:
        raise Terminated(number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


class AssessGroup(click.Group):
    """A click group that is also the one error boundary: every outcome becomes a documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        _interrupt_on_termination()
        try:
            result = super().invoke(ctx)
        except AssessError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(int(exc.exit_code))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("assess: interrupted", err=True)
            ctx.exit(130)
        except Terminated as exc:
            click.echo(f"assess: stopped by signal {exc.signal}; nothing half-written was left", err=True)
            ctx.exit(128 + exc.signal)
        except BrokenPipeError:
            ctx.exit(int(ExitCode.OK))
        except RecursionError:
            click.echo("assess: error: input nested too deeply", err=True)
            ctx.exit(int(ExitCode.INVALID_INPUT))
        except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, reported in one line
            click.echo(f"assess: internal error: {type(exc).__name__} (this is a bug; please report it)", err=True)
            ctx.exit(INTERNAL_ERROR)
        if isinstance(result, int) and result:
            ctx.exit(result)
        return result


@click.group(cls=AssessGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    """Console entry point."""
    cli.main(args=argv, prog_name="assess")
