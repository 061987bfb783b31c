"""Load assessor files (located errors, cross-checked against their case) and gather every assessor's ratings."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from assess.errors import Diagnostic, InputError, located
from assess.loading.case import LoadedCase, check_rating, open_case
from assess.loading.locate import diagnostics_from
from assess.loading.yamlfile import YamlDocument, read_yaml_file
from assess.models.assessors import AssessorFile
from assess.models.case import Assessor, Case, Rating

# A top-level `case:` marks an assessor file: a case file has no such field, so even a misspelt assessor file
# (say `assesor:`) is recognised and gets the assessor model's located errors, not a case's.
ASSESSOR_FILE_KEY = "case"


@dataclass
class LoadedAssessorFile:
    """A valid assessor file, the case it rates, and where it came from."""

    file: AssessorFile
    path: Path
    doc: YamlDocument
    case: LoadedCase


@dataclass
class RatingSet:
    """Every assessor's ratings of one case, whichever way they were written down."""

    case: LoadedCase
    assessors: list[Assessor] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)  # each with `assessor` set
    sources: dict[str, str] = field(default_factory=dict)  # assessor id -> file it came from


def is_assessor_data(data: object) -> bool:
    """True for the parsed top level of an assessor file (it names the `case:` it rates)."""
    return isinstance(data, dict) and ASSESSOR_FILE_KEY in data


def check_assessor_file(file: AssessorFile, doc: YamlDocument, case: LoadedCase) -> list[Diagnostic]:
    """Cross-reference checks against the case and its rubric; every problem located in the assessor file."""
    problems: list[Diagnostic] = []
    evidence_ids = [e.id for e in case.case.evidence]
    first: dict[str, int] = {}
    for i, rating in enumerate(file.ratings):
        at = ("ratings", i)
        problems += check_rating(rating, doc, at, case.rubric, evidence_ids, where=f" in {case.path.name}")
        if rating.criterion in first:
            line = doc.position(("ratings", first[rating.criterion]))[0]
            problems.append(doc.error(at + ("criterion",), f"criterion '{rating.criterion}' is rated twice (first at line {line})"))
        else:
            first[rating.criterion] = i
    clash = [a for a in case.case.meta.assessors if a.id == file.assessor.id]
    if clash:
        problems.append(doc.error(("assessor", "id"), f"assessor id '{file.assessor.id}' is already used inside {case.path.name}: choose another"))
    return problems


def load_assessor_file(path: str | Path, cases: dict[Path, LoadedCase] | None = None) -> LoadedAssessorFile:
    """Load and cross-check an assessor file and the case it names; InputError with every located problem.

    `cases` caches opened cases by resolved path, so several assessor files of one case open it once.
    """
    file_path = Path(path)
    doc = read_yaml_file(file_path)
    try:
        file = AssessorFile.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(diagnostics_from(exc, doc, AssessorFile)) from None
    case_path = Path(os.path.normpath(file_path.parent / file.case))
    if not case_path.is_file():
        raise InputError([doc.error(("case",), f"case file '{file.case}' not found (paths are relative to this file)")])
    key = case_path.resolve()
    cache = cases if cases is not None else {}
    if key not in cache:
        cache[key] = open_case(case_path)
    loaded = cache[key]
    problems = check_assessor_file(file, doc, loaded)
    if problems:
        raise InputError(problems)
    return LoadedAssessorFile(file=file, path=file_path, doc=doc, case=loaded)


def gather_ratings(paths: Sequence[str | Path]) -> RatingSet:
    """All assessors' ratings from assessor files and/or one case file with per-assessor ratings.

    Every file must concern the same case; a case file contributes its ratings that carry an `assessor:` id.
    Raises InputError (all problems of all files) when a file is invalid or the files concern different cases.
    """
    problems: list[Diagnostic] = []
    cases: dict[Path, LoadedCase] = {}
    loaded_files: list[tuple[str, LoadedCase, list[Assessor], list[Rating]]] = []
    for path in paths:
        try:
            doc = read_yaml_file(path)
            if is_assessor_data(doc.data):
                af = load_assessor_file(path, cases)
                who = Assessor(name=af.file.assessor.name, id=af.file.assessor.id, affiliation=af.file.assessor.affiliation)
                loaded_files.append((str(path), af.case, [who], af.file.case_ratings()))
            else:
                key = Path(path).resolve()
                if key not in cases:
                    cases[key] = open_case(path)
                lc = cases[key]
                rated = [r for r in lc.case.ratings if r.assessor]
                ids = {r.assessor for r in rated}
                loaded_files.append((str(path), lc, [a for a in lc.case.meta.assessors if a.id in ids], rated))
        except InputError as exc:
            problems += exc.diagnostics
    if problems:
        raise InputError(problems)
    first_case = loaded_files[0][1]
    for shown, lc, _, _ in loaded_files[1:]:
        if lc.path.resolve() != first_case.path.resolve():
            problems.append(located(shown, 1, 1, f"rates '{lc.path}', but the first file rates '{first_case.path}': give files of one case"))
    result = RatingSet(case=first_case)
    for shown, _, assessors, ratings in loaded_files:
        for who in assessors:
            if who.id in result.sources:
                problems.append(located(shown, 1, 1, f"assessor '{who.id}' already rated this case in {result.sources[who.id]}"))
                continue
            result.sources[str(who.id)] = shown
            result.assessors.append(who)
        result.ratings += [r for r in ratings if r.assessor in {a.id for a in assessors}]
    if problems:
        raise InputError(problems)
    return result


def fold_assessor_files(loaded: LoadedCase, paths: Iterable[str | Path]) -> LoadedCase:
    """The case with the assessor files' ratings (and assessors) added, as if written inside it."""
    cases = {loaded.path.resolve(): loaded}
    problems: list[Diagnostic] = []
    assessors = list(loaded.case.meta.assessors)
    ratings = list(loaded.case.ratings)
    for path in paths:
        try:
            af = load_assessor_file(path, cases)
        except InputError as exc:
            problems += exc.diagnostics
            continue
        if af.case is not loaded:
            problems.append(af.doc.error(("case",), f"rates '{af.case.path}', not '{loaded.path}'"))
            continue
        if any(a.id == af.file.assessor.id for a in assessors):
            problems.append(af.doc.error(("assessor", "id"), f"assessor '{af.file.assessor.id}' is given twice"))
            continue
        info = af.file.assessor
        assessors.append(Assessor(name=info.name, id=info.id, affiliation=info.affiliation))
        ratings += af.file.case_ratings()
    if problems:
        raise InputError(problems)
    meta = loaded.case.meta.model_copy(update={"assessors": assessors})
    case = Case.model_validate({**loaded.case.model_dump(), "meta": meta.model_dump(), "ratings": [r.model_dump() for r in ratings]})
    return dataclasses.replace(loaded, case=case)
