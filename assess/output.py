"""Write output files atomically, never over an input, all or none, with one clear error line per problem."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from assess.errors import AssessError, ExitCode, OutputError


class OutputProblemsError(AssessError):
    """Several outputs cannot be written: one `path: error: ...` line each, exit 4, and nothing was written."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return self.problems


def target_problems(path: str | Path, inputs: Iterable[str | Path] = ()) -> list[str]:
    """Why `path` cannot be written, checked before anything is rendered: `path: error: ...` lines (empty if fine).

    Cheap checks only (an input file, a folder, a missing or unwritable folder); a full disk still shows up when
    the file is written, and then nothing is written either (see write_all_atomic).
    """
    shown = str(path)
    if is_stdout(path):
        return []
    target = Path(path)
    kind = target_kind(target, shown)
    if kind:
        return [kind]
    if is_an_input(target, inputs):
        return [f"{shown}: error: refusing to write over an input file; choose another output name"]
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        return [f"{shown}: error: cannot write: the folder '{folder}' does not exist"]
    if not folder.is_dir():
        return [f"{shown}: error: cannot write: '{folder}' is not a folder"]
    # root passes any os.access test; then the write itself (all or none) is the check.
    if not os.access(folder, os.W_OK | os.X_OK):
        return [f"{shown}: error: cannot write: the folder '{folder}' is not writable"]
    return []


STDOUT = "-"


def already_exists(path: str | Path) -> bool:
    """Whether something (a file, a folder, even a dangling symlink) is at an output path; OutputError when the
    path cannot even be looked at (a name too long for the file system, a folder that cannot be searched)."""
    try:
        os.lstat(path)
        return True
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise OutputError(str(path), f"cannot write: {exc.strerror or type(exc).__name__}") from None


def is_stdout(path: str | Path) -> bool:
    """`-o -` means standard output (text formats only), never a file named `-`."""
    return str(path) == STDOUT


def target_kind(target: Path, shown: str) -> str | None:
    """Why an existing `target` cannot be replaced by a file (a folder, a device, a pipe), or None."""
    import stat

    try:
        info = target.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None  # a new file (its folder is checked next)
    except OSError as exc:
        return f"{shown}: error: cannot write: {exc.strerror or type(exc).__name__}"
    if stat.S_ISDIR(info.st_mode):
        return f"{shown}: error: is a directory; give a file name"
    if not stat.S_ISREG(info.st_mode):
        return f"{shown}: error: exists and is not a regular file (a device or a pipe); give a file name"
    return None


def is_an_input(target: Path, inputs: Iterable[str | Path]) -> bool:
    for source in inputs:
        try:
            if target.exists() and target.resolve() == Path(source).resolve():
                return True
        except (OSError, RuntimeError, ValueError):
            continue
    return False


def write_atomic(path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write `data` to `path` via a temporary file and a rename: readers never see a half-written file.

    Refuses to write over any of `inputs` (the case file, its rubric), and raises OutputError with the path on
    any OS failure (unwritable folder, full disk), leaving no partial file behind.
    """
    write_all_atomic([(path, data)], inputs=inputs)


def write_all_atomic(
    files: Sequence[tuple[str | Path, str | bytes]], *, inputs: Iterable[str | Path] = (),
    check: Callable[[dict[Path, Path]], None] | None = None,
) -> None:
    """Write several files all or none: every one is staged as a temporary file beside its target first, and only
    when all are staged are they renamed into place. A failure removes every staged file and raises OutputError.

    `check`, given each target's staged copy, runs before anything is renamed: whatever it raises leaves no file
    (`new` and `draft` load their case this way, so a case that would not validate is never written).
    """
    inputs = list(inputs)
    staged: list[tuple[str, Path, str]] = []
    to_stdout: list[str | bytes] = []
    renamed = 0
    try:
        for path, data in files:
            if is_stdout(path):
                if isinstance(data, bytes):
                    raise OutputError(STDOUT, "a binary format (PDF) cannot be written to standard output; give a file name")
                to_stdout.append(data)
                continue
            target = Path(path)
            kind = target_kind(target, str(path))
            if kind:
                raise OutputError(str(path), kind.split(": error: ", 1)[1])
            if is_an_input(target, inputs):
                raise OutputError(str(path), "refusing to write over an input file; choose another output name")
            staged.append((_stage(target, str(path), data), target, str(path)))
        if check is not None:
            check({target: Path(tmp_name) for tmp_name, target, _ in staged})
        for tmp_name, target, shown in staged:
            try:
                os.replace(tmp_name, target)  # a rename within one folder: all but certain once the copy is there
            except OSError as exc:
                raise OutputError(shown, f"cannot write: {exc.strerror or type(exc).__name__}") from None
            renamed += 1
        for text in to_stdout:  # last: only when every file is in place
            import sys

            sys.stdout.write(text)
            sys.stdout.flush()
    finally:
        for tmp_name, _, _ in staged[renamed:]:
            _remove(tmp_name)


def _stage(target: Path, shown: str, data: str | bytes) -> str:
    """A complete temporary copy of `data` beside `target`, with the mode the final file should get."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); a report should get the mode any new file would get.
        os.chmod(tmp_name, _mode_for(target))
        return tmp_name
    except OSError as exc:
        if tmp_name is not None:
            _remove(tmp_name)
        raise OutputError(shown, f"cannot write: {exc.strerror or type(exc).__name__}") from None


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(umask)
        return 0o666 & ~umask
