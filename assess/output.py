"""Write output files atomically, never over an input, with one clear error when that fails."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from assess.errors import OutputError


def write_atomic(path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write `data` to `path` via a temporary file and a rename: readers never see a half-written file.

    Refuses to write over any of `inputs` (the case file, its rubric), and raises OutputError with the path on
    any OS failure (unwritable folder, full disk), leaving no partial file behind.
    """
    target = Path(path)
    shown = str(path)
    for source in inputs:
        try:
            if target.exists() and target.resolve() == Path(source).resolve():
                raise OutputError(shown, "refusing to write over an input file; choose another output name")
        except OSError:
            continue
    if target.is_dir():
        raise OutputError(shown, "is a directory; give a file name")
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
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputError(shown, f"cannot write: {reason}") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
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
