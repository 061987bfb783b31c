"""Find the case files a batch runs over: YAML files under folders, minus rubrics and assessor files."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")
# A rubric has a top-level `fundamentals:`; an assessor file a top-level `case:` (see many/assessors.py). Looking at
# top-level keys in the text (column 0) is enough to sort files without parsing every one of them twice; a file
# that is not even YAML is kept, so the batch reports it as invalid instead of hiding it.
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:", re.M)


@dataclass
class Discovery:
    """The case files found (in output order) and the files skipped, with why."""

    cases: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def kind_of(path: Path) -> str:
    """`rubric`, `assessor` or `case`, from the file's top-level keys."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            text = handle.read(1_000_000)
    except OSError:
        return "case"  # unreadable: let loading report it with its located message
    keys = set(_TOP_KEY.findall(text))
    if "fundamentals" in keys:
        return "rubric"
    if "case" in keys:
        return "assessor"
    return "case"


def _walk(folder: Path) -> list[Path]:
    """YAML files under `folder`, recursively, sorted by path; hidden folders and files are skipped."""
    found = [
        p for p in folder.rglob("*")
        if p.suffix.lower() in YAML_SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(found, key=lambda p: p.as_posix())


def discover(targets: Iterable[str | Path]) -> Discovery:
    """Case files from files and folders, in argument order, each folder's files sorted; duplicates dropped."""
    result = Discovery()
    seen: set[Path] = set()
    for target in targets:
        path = Path(target)
        candidates = _walk(path) if path.is_dir() else [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key in seen:
                continue
            seen.add(key)
            kind = kind_of(candidate) if candidate.is_file() else "case"
            if kind == "case":
                result.cases.append(candidate)
            else:
                result.skipped.append((candidate, f"{kind} file"))
    return result
