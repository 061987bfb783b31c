"""`assess compare --reports DIR`: each column's HTML report written into DIR, and the links its heading uses."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from assess.errors import OutputError

if TYPE_CHECKING:
    from assess.models.assessment import Assessment


def report_names(assessments: Sequence[Assessment]) -> list[str]:
    """One file name per column: the case file's stem, then the slice's date (or window); `-2`, `-3` for repeats."""
    names = []
    for a in assessments:
        stem = Path(a.case_file).stem
        if a.as_of:
            stem += f"-{a.window_start}-to-{a.as_of}" if a.window_start else f"-{a.as_of}"
        name, n = stem, 1
        while f"{name}.html" in names:
            n += 1
            name = f"{stem}-{n}"
        names.append(f"{name}.html")
    return names


def write_reports(assessments: Sequence[Assessment], folder: str | Path, *,
                  inputs: Iterable[str | Path] = ()) -> list[Path]:
    """Write every column's HTML report into `folder` (created if missing); the same assessments as the columns."""
    from assess.output import write_atomic
    from assess.render.html import render_html

    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputError(str(folder), f"cannot create the reports folder: {reason}") from None
    inputs = list(inputs)
    paths = [target / name for name in report_names(assessments)]
    for a, path in zip(assessments, paths):
        write_atomic(path, render_html(a), inputs=inputs)
    return paths


def report_links(paths: Sequence[Path], output: str | Path | None) -> list[str]:
    """Links to `paths` as the comparison sees them: relative to the output file's folder (the current folder when
    printing), percent-encoded, with `/` separators."""
    start = Path(output).parent if output else Path(".")
    links = []
    for path in paths:
        try:
            relative = os.path.relpath(path, start)
        except ValueError:  # another drive (Windows): no relative path exists
            links.append(path.resolve().as_uri())
            continue
        # As bytes: a folder name that is not UTF-8 is percent-encoded byte for byte, so the link still opens it.
        links.append(quote(os.fsencode(Path(relative).as_posix())))
    return links
