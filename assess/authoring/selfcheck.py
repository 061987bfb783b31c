"""`new` and `draft` load the case they are about to write from its staged copy, before it is put in place: a case
that would not validate is never left on disk (the check raises, and the atomic writer removes every staged file)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assess.errors import InputError, located


class LoadsBeforeWriting:
    """A `check` for `output.write_all_atomic`: open the staged case as the target would be opened."""

    def __init__(self, target: Path, shown: str, trusted: Sequence[Path] = ()):
        self.target = target
        self.shown = shown
        self.trusted = list(trusted)
        self.loaded: Any = None

    def __call__(self, staged: dict[Path, Path]) -> None:
        from assess.loading import open_case
        from assess.loading.confine import trusting

        copy = staged[self.target]
        try:
            with trusting(*self.trusted):
                self.loaded = open_case(copy)
        except InputError as exc:
            # The staged copy's name means nothing to the user: its problems are the target's.
            problems = [located(self.shown, d.line, d.col, d.message, d.severity) if d.path == str(copy) else d
                        for d in exc.diagnostics]
            problems.append(located(self.shown, 1, 1, "was not written, because the case it would hold does not "
                                    "validate; change the options, or report this if they look right",
                                    "note"))
            raise InputError(problems) from None
