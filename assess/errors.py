"""The one exception tree, located diagnostics, and the documented exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes every command uses (documented in docs/cli.md)."""

    OK = 0
    GATE = 1  # a gate such as --fail-under or `assess verify` was not met
    USAGE = 2  # click's own usage errors
    INVALID_INPUT = 3  # a case, rubric or other input file is invalid
    OUTPUT = 4  # an output could not be written or rendered, or an optional extra is missing


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem: `path:line:col: severity: message` (line and column are 1-based)."""

    path: str
    line: int
    col: int
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{one_line(self.path)}:{self.line}:{self.col}: {self.severity}: {one_line(self.message)}"


# Characters that would break a diagnostic's one line, or make a terminal show text other than what the file holds
# (bidirectional overrides, "Trojan Source"): shown as escapes instead. Messages quote what users wrote.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable_path(path: str) -> str:
    """A file name as UTF-8 text: bytes that are not UTF-8 (kept by Python as surrogate escapes, PEP 383) become
    `\\xNN`, so one oddly named file cannot make a report or a whole data set unwritable."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_invisible_control(ch: str) -> bool:
    """A control character, line or paragraph separator, or bidi control: shown as an escape in messages, and
    refused in names typed on the command line (assess.commands.names)."""
    import unicodedata

    return ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def one_line(text: str) -> str:
    """`text` with line breaks, other control characters and bidi controls escaped (`\\n`, `\\x85`, `\\u202e`)."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif is_invisible_control(ch):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


class AssessError(Exception):
    """Base of every error `assess` reports to a user; carries its exit code."""

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def lines(self) -> list[str]:
        return [f"error: {self}"]


# How many located problems one failure prints.
MAX_SHOWN = 100


class InputError(AssessError):
    """One or more located problems in an input file."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__(str(self.diagnostics[0]) if self.diagnostics else "invalid input")

    def lines(self) -> list[str]:
        shown = [str(d) for d in self.diagnostics[:MAX_SHOWN]]
        hidden = len(self.diagnostics) - MAX_SHOWN
        if hidden > 0:
            # Thousands of lines help nobody and scroll the first (often the cause of the rest) out of sight.
            last = self.diagnostics[MAX_SHOWN - 1]
            shown.append(f"{one_line(last.path)}: note: {hidden} more problems not shown; fix those above and run again")
        return shown


class OutputError(AssessError):
    """An output could not be written or rendered."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: error: {message}")

    def lines(self) -> list[str]:
        return [str(self)]


class MissingExtraError(AssessError):
    """An optional dependency (an extra such as [pdf]) is not installed."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, what: str, extra: str, path: str = "assess"):
        from assess.extras import install_hint  # the hint depends on how assess was installed

        self.extra = extra
        super().__init__(f"{path}: error: {what} needs the optional extra [{extra}]; install it with: {install_hint(extra)}")

    def lines(self) -> list[str]:
        return [str(self)]


class GateError(AssessError):
    """A quality gate (e.g. --fail-under) was not met."""

    exit_code = ExitCode.GATE

    def lines(self) -> list[str]:
        return [str(self)]


def located(path: str, line: int, col: int, message: str, severity: str = "error") -> Diagnostic:
    """Build a diagnostic; a shorthand used throughout loading."""
    return Diagnostic(path, line, col, severity, message)
