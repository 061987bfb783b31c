"""Find the case files a batch runs over: YAML files under folders, minus rubrics and assessor files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")
# Rubrics and assessor files are told apart from cases by their top-level keys (assess.loading.kinds); a file that
# is not even YAML is kept, so the batch reports it as invalid instead of hiding it.


@dataclass
class Discovery:
    """The case files found (in output order) and the files skipped, with why."""

    cases: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def kind_of(path: Path) -> str:
    """`rubric`, `assessor` or `case`, from the file's top-level keys (the same rules as `assess validate`)."""
    from assess.loading.kinds import kind_of_text

    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            text = handle.read(1_000_000)
    except OSError:
        return "case"  # unreadable: let loading report it with its located message
    return kind_of_text(text)


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
