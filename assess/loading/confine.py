"""Which files a case may make `assess` read: those inside its own folder, the shipped rubrics and trusted folders.

A case received from someone else names files (`text:`, `texts:`, `bibliography:`, `meta.rubric`, a rubric's
`extends:`); without this rule `text: /etc/passwd` or `text: ../../.ssh/id_rsa` would be read and its wording
copied into a report. `ASSESS_TRUSTED_DIRS` (folders separated by `os.pathsep`) lets a user allow more.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

TRUSTED_ENV = "ASSESS_TRUSTED_DIRS"
# Folders trusted for one command only: those of files the user named on its command line (`draft TEXT`).
_trusted_now: ContextVar[tuple[Path, ...]] = ContextVar("trusted_now", default=())


@contextmanager
def trusting(*folders: Path) -> Iterator[None]:
    """Within the block, also trust `folders` (files the user named on the command line lie there)."""
    token = _trusted_now.set(_trusted_now.get() + tuple(folders))
    try:
        yield
    finally:
        _trusted_now.reset(token)


def outside_note(path: Path, case_file: Path, what: str) -> str | None:
    """A note for `new`/`draft` when the file the new case names lies outside its folder, or None."""
    if inside(path, case_file.parent):
        return None
    folder = resolved(path.parent) or path.parent
    return (f"{case_file}: note: {what} '{path}' is outside the case's folder, so other commands will refuse it: "
            f"copy it there, or trust its folder with {TRUSTED_ENV}={folder}")


def trusted_dirs() -> list[Path]:
    """The folders the user trusts beyond each case's own (`ASSESS_TRUSTED_DIRS`), resolved."""
    folders = list(_trusted_now.get())
    for part in os.environ.get(TRUSTED_ENV, "").split(os.pathsep):
        if part.strip():
            try:
                folders.append(Path(part).expanduser().resolve())
            except (OSError, RuntimeError, ValueError):
                continue
    return folders


def resolved(path: Path) -> Path | None:
    """`path` with symlinks and `..` resolved, or None when it cannot be (a loop, a name too long)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def inside(path: Path, *folders: Path) -> bool:
    """True when `path`, symlinks resolved, lies within one of `folders` or a trusted folder."""
    target = resolved(path)
    if target is None:
        return False
    for folder in [*folders, *trusted_dirs()]:
        root = resolved(folder)
        if root is not None and target.is_relative_to(root):
            return True
    return False


def outside_message(what: str, folder: Path, owner: str = "case") -> str:
    """The located message for a file outside the case's (or rubric's) folder, naming the rule and the way out."""
    shown = resolved(folder) or folder
    return f"{what} must be inside the {owner}'s folder ({shown}); copy the file there (or trust its folder with {TRUSTED_ENV})"


class FileProblem(Exception):
    """Why a file a case names cannot be read, in plain words (the caller locates it at the case's line)."""


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file no larger than `ASSESS_MAX_BYTES`; FileProblem otherwise.

    Opened without blocking and checked to be a regular file first, so a FIFO or a device named as a source
    text never hangs the run, and never more than the cap + 1 bytes are read (the file may grow meanwhile).
    """
    import stat

    from assess.loading.yamlfile import max_bytes, read_capped

    cap = max_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FileProblem("not found") from None
    except IsADirectoryError:
        raise FileProblem("is a folder, not a file") from None
    except PermissionError:
        raise FileProblem("cannot be read: permission denied") from None
    except OSError as exc:
        raise FileProblem(f"cannot be read: {exc.strerror or type(exc).__name__}") from None
    # Checked on the descriptor before it becomes a file object: os.open opens a folder, and os.fdopen then raises.
    try:
        info = os.fstat(fd)
        kind = None if stat.S_ISREG(info.st_mode) else "folder" if stat.S_ISDIR(info.st_mode) else "other"
    except OSError:
        kind = "other"
    if kind is not None:
        os.close(fd)
        raise FileProblem("is a folder, not a file" if kind == "folder" else "is not a regular file (a device or a pipe): give a file")
    with os.fdopen(fd, "rb") as handle:
        try:
            if info.st_size > cap:
                raise FileProblem(f"is {info.st_size:,} bytes, above the {cap:,}-byte limit (ASSESS_MAX_BYTES)")
            raw = read_capped(handle, cap, info.st_size)
        except OSError as exc:
            raise FileProblem(f"cannot be read: {exc.strerror or type(exc).__name__}") from None
    if len(raw) > cap:
        raise FileProblem(f"is more than the {cap:,}-byte limit (ASSESS_MAX_BYTES)")
    return raw
