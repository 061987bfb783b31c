"""The invalid-input corpus in tests/data/invalid: each file with its expected exit code, line and message."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

INVALID = Path(__file__).resolve().parent.parent / "data" / "invalid"
_EXPECT = re.compile(r'^# expect: exit=(?P<exit>\d+) line=(?P<line>\d+) msg="(?P<msg>[^"]*)"(?: only=(?P<only>\w+))?\s*$')


@dataclass(frozen=True)
class Expectation:
    path: Path
    exit: int
    line: int
    msg: str
    only: str | None = None  # e.g. "validate" for rubric files, which `score` and `batch` do not take

    @property
    def name(self) -> str:
        return self.path.name


def corpus() -> list[Expectation]:
    """Every corpus file with its expectation (first-line comment, or EXPECTED.json for binary files)."""
    binary = json.loads((INVALID / "EXPECTED.json").read_text(encoding="utf-8"))
    found = []
    for path in sorted(INVALID.glob("*.yaml")):
        if path.name in binary:
            entry = binary[path.name]
            found.append(Expectation(path, entry["exit"], entry["line"], entry["msg"], entry.get("only")))
            continue
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = _EXPECT.match(first)
        assert match, f"{path.name}: first line must be an expectation comment (see README.md)"
        found.append(Expectation(path, int(match["exit"]), int(match["line"]), match["msg"], match["only"]))
    return found
