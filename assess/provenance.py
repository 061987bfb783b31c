"""Source provenance: every local copy of every source, whether it is intact (sha256), and which text a quote is in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assess.models.case import Case, Source, SourceText


@dataclass(frozen=True)
class LocalCopy:
    """One local text of one source, with where it is written in the case file (to locate messages)."""

    source: str
    copy: SourceText
    at: tuple[Any, ...]  # the YAML path of the entry: ("sources", i) for `text:`, ("sources", i, "texts", j) else
    shorthand: bool  # True for the `text:`/`sha256:` form, whose fields sit on the source itself

    def position_of(self, field: str) -> tuple[Any, ...]:
        """The YAML path of `path` or `sha256` (in the shorthand form `path` is the source's `text`)."""
        if self.shorthand:
            return self.at + ("text" if field == "path" else field,)
        return self.at + (field,)


def local_copies(case: Case) -> list[LocalCopy]:
    """Every local text of every source, in file order, whichever items cite the source and wherever."""
    from assess.models.case import local_texts

    copies = []
    for i, source in enumerate(case.sources):
        for j, copy in enumerate(local_texts(source)):
            shorthand = source.text is not None and j == 0
            at = ("sources", i) if shorthand else ("sources", i, "texts", j - (source.text is not None))
            copies.append(LocalCopy(source.id, copy, at, shorthand))
    return copies


def sha256_of(path: Path) -> str:
    from assess.loading.confine import read_bounded

    return hashlib.sha256(read_bounded(path)).hexdigest()


def local_problem(path: Path, base_dir: Path) -> str | None:
    """Why the local copy at `path` may not be read (outside the case's folder), or None."""
    from assess.loading.confine import inside, outside_message

    if not inside(path, base_dir):
        return outside_message("source texts", base_dir)
    return None


@dataclass(frozen=True)
class HashCheck:
    """A local copy's state: `ok` (matches its sha256), `changed`, `unrecorded` (no sha256), `missing` (no file)
    or `unreadable` (outside the case's folder, not a regular file, above the size cap: `problem` says which)."""

    copy: LocalCopy
    status: str
    digest: str | None
    problem: str | None = None


def check_hashes(case: Case, base_dir: Path) -> list[HashCheck]:
    """Hash every local copy of every source (each file read once, however many sources share it)."""
    from assess.loading.confine import FileProblem

    digests: dict[Path, tuple[str | None, str | None]] = {}
    checks = []
    for copy in local_copies(case):
        path = base_dir / copy.copy.path
        if path not in digests:
            problem = local_problem(path, base_dir)
            try:
                digests[path] = (None, problem) if problem else (sha256_of(path), None)
            except FileProblem as exc:
                digests[path] = (None, str(exc))
        digest, problem = digests[path]
        if problem is not None:
            checks.append(HashCheck(copy, "missing" if problem == "not found" else "unreadable", None, problem))
            continue
        if digest is None:
            status = "missing"
        elif copy.copy.sha256 is None:
            status = "unrecorded"
        else:
            status = "ok" if digest == copy.copy.sha256 else "changed"
        checks.append(HashCheck(copy, status, digest))
    return checks


def reading_chain(source_id: str, sources: dict[str, Source]) -> list[Source]:
    """The cited source, then each source it was read through (`via:`), stopping at an unknown id or a loop."""
    chain: list[Source] = []
    current = sources.get(source_id)
    while current is not None and all(current.id != s.id for s in chain):
        chain.append(current)
        current = sources.get(current.via) if current.via else None
    return chain


def texts_for_quote(source_id: str, sources: dict[str, Source]) -> tuple[Source | None, list[SourceText]]:
    """Where a quote from `source_id` can be checked: its own local copies, or, when it has none, those of the
    first source along its `via:` chain that has some (the words were read there). (None, []) without any."""
    from assess.models.case import local_texts

    for source in reading_chain(source_id, sources):
        texts = local_texts(source)
        if texts:
            return source, texts
    return None, []


def used_source_ids(case: Case) -> set[str]:
    """Ids of sources some evidence item cites (in any position), and of every source those were read through."""
    sources = {s.id: s for s in case.sources}
    used: set[str] = set()
    for item in case.evidence:
        for ref in item.source:
            used.update(s.id for s in reading_chain(ref.id, sources))
    return used
