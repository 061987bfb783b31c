"""Load a case file: validate it against the model, then check every cross-reference against its rubric."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess.errors import Diagnostic, InputError, located
from assess.gcpause import gc_paused
from assess.loading.kinds import kind_of_data, kind_of_path, wrong_kind
from assess.loading.locate import diagnostics_from
from assess.loading.partial import partial_case, rubric_ref
from assess.loading.rubric import load_rubric
from assess.loading.suggest import did_you_mean
from assess.loading.yamlfile import YamlDocument, read_yaml_file
from assess.models.assessment import QuoteCheck
from assess.models.case import Case, LevelBearing, Rating, favoured
from assess.models.rubric import Rubric


@dataclass
class LoadedCase:
    """A valid case with its rubric, where it came from, and the warnings loading found."""

    case: Case
    rubric: Rubric
    path: Path
    sha256: str
    doc: YamlDocument
    warnings: list[Diagnostic] = field(default_factory=list)
    quote_checks: list[QuoteCheck] = field(default_factory=list)  # attached to the Assessment by the pipeline

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @cached_property
    def evidence_index(self) -> dict[str, int]:
        """Where each evidence item sits in the case's list, by id (to locate many warnings without a search each)."""
        index: dict[str, int] = {}
        for i, item in enumerate(self.case.evidence):
            index.setdefault(item.id, i)
        return index


def _duplicates(doc: YamlDocument, items: Iterable[Any], where: tuple[Any, ...], what: str) -> list[Diagnostic]:
    problems = []
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id is None:
            continue
        if item.id in first:
            line = doc.position(where + (first[item.id], "id"))[0]
            problems.append(doc.error(where + (index, "id"), f"duplicate {what} id '{item.id}' (first at line {line})"))
        else:
            first[item.id] = index
    return problems


def shown_alike(text: str) -> str:
    """How a name looks to a reader: NFKC-normalised, invisible format characters (zero-width spaces, bidi
    controls) removed, case folded. Two different texts with the same form are look-alikes."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf").casefold().strip()


def look_alike_parties(case: Any, doc: YamlDocument) -> list[Diagnostic]:
    """A warning for each party whose name or alias looks like another party's once invisible characters and case
    are set aside (a zero-width space or a right-to-left override would make two parties read as one)."""
    seen: dict[str, str] = {}
    warnings = []
    for i, party in enumerate(getattr(case.conflict, "parties", []) or []):
        names = [("name", party.name), *(("aliases", a) for a in (getattr(party, "aliases", None) or []))]
        for field, name in names:
            if not isinstance(name, str):
                continue
            form = shown_alike(name)
            other = seen.get(form)
            if other is not None and other != party.id:
                warnings.append(doc.error(("conflict", "parties", i, "name" if field == "name" else "aliases"), (
                    f"party '{party.id}' is named like party '{other}' ({name!r}): they differ only by invisible "
                    "characters or case; rename one so readers can tell them apart"), severity="warning"))
            seen.setdefault(form, party.id)
    return warnings


def party_name_index(parties: Iterable[Any]) -> dict[str, tuple[str, str, str]]:
    """Every way a case names its parties, folded to lower case -> (party id, 'id'/'alias'/'name', as written)."""
    index: dict[str, tuple[str, str, str]] = {}
    for party in parties:
        if not isinstance(party.id, str):
            continue
        index.setdefault(party.id.casefold(), (party.id, "id", party.id))
        for alias in party.aliases or []:
            if isinstance(alias, str):
                index.setdefault(alias.casefold(), (party.id, "alias", alias))
        if isinstance(party.name, str):
            index.setdefault(party.name.casefold(), (party.id, "name", party.name))
    return index


def party_hint(ref: str, names: dict[str, tuple[str, str, str]]) -> str:
    """The suggestion for an unknown party reference: its id when `ref` is (close to) a party's id, alias or name.

    References take party ids, but people write what they read: 'LTTE' for the party `ltte_party` whose alias it
    is, or a misspelling of either.
    """
    folded = ref.casefold() if isinstance(ref, str) else ""
    if folded in names:
        party, kind, written = names[folded]
        if kind == "id":
            return f" (ids are case-sensitive: write '{party}')"
        return f" ('{written}' is the {kind} of party '{party}': write its id, '{party}')"
    from rapidfuzz import fuzz, process

    from assess.loading.suggest import may_suggest

    best = process.extractOne(folded, list(names), scorer=fuzz.ratio, score_cutoff=60) if folded and names and may_suggest() else None
    if not best:
        return ""
    party, kind, written = names[best[0]]
    return f" (did you mean '{party}'?)" if kind == "id" else f" (did you mean party '{party}', whose {kind} is '{written}'?)"


def check_rating(
    rating: Rating, doc: YamlDocument, at: tuple[Any, ...], rubric: Rubric, evidence_ids: Iterable[str], where: str = ""
) -> list[Diagnostic]:
    """A rating's references: its criterion, its level on the scale, the evidence it cites (`where`: in which file)."""
    problems: list[Diagnostic] = []
    criteria = rubric.criterion_ids()
    max_level = len(rubric.scale) - 1
    known = evidence_ids if isinstance(evidence_ids, (set, frozenset)) else set(evidence_ids)  # a set per rating: quadratic
    if rating.criterion is not None and rating.criterion not in criteria:
        problems.append(doc.error(at + ("criterion",), f"unknown criterion '{rating.criterion}'{did_you_mean(rating.criterion, criteria)}"))
    if rating.level is not None and rating.level > max_level:
        problems.append(doc.error(at + ("level",), f"level {rating.level} is not on the rubric's scale 0-{max_level}"))
    for j, ev in enumerate(rating.evidence):
        if ev not in known:
            problems.append(doc.error(at + ("evidence", j), f"unknown evidence '{ev}'{where}{did_you_mean(ev, known)}"))
    return problems


def check_case(case: Case, rubric: Rubric, doc: YamlDocument, extra_source_ids: Iterable[str] = ()) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Cross-reference checks: returns (errors, warnings), each located."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    errors += _duplicates(doc, case.conflict.parties, ("conflict", "parties"), "party")
    errors += _duplicates(doc, case.sources, ("sources",), "source")
    errors += _duplicates(doc, case.evidence, ("evidence",), "evidence")
    errors += _duplicates(doc, case.meta.assessors, ("meta", "assessors"), "assessor")

    criteria = rubric.criterion_ids()
    sources = {s.id for s in case.sources} | set(extra_source_ids)
    parties = [p.id for p in case.conflict.parties]
    party_names = party_name_index(case.conflict.parties)
    evidence_ids = {e.id for e in case.evidence}
    assessors = [a.id for a in case.meta.assessors if a.id]
    holders = parties + [a.id for a in case.conflict.actors if a.id]
    max_level = len(rubric.scale) - 1

    for i, item in enumerate(case.evidence):
        at = ("evidence", i)
        for j, ref in enumerate(item.source):
            if ref.id not in sources:
                errors.append(doc.error(at + ("source", j), f"evidence '{item.id}': unknown source '{ref.id}'{did_you_mean(ref.id, sources)}"))
        for criterion in item.bears_on:
            if criterion not in criteria:
                errors.append(
                    doc.error(at + ("bears_on", criterion), f"evidence '{item.id}': unknown criterion '{criterion}'{did_you_mean(criterion, criteria)}", key=True)
                )
            elif isinstance(item.bears_on[criterion], LevelBearing) and item.bears_on[criterion].level > max_level:
                errors.append(doc.error(at + ("bears_on", criterion, "level"), f"evidence '{item.id}': level {item.bears_on[criterion].level} is not on the rubric's scale 0-{max_level}"))
        for j, party in enumerate(favoured(item)):
            if party != "all" and party not in parties:
                # A scalar `favours:` has no element j: the position falls back to the scalar itself.
                errors.append(doc.error(at + ("favours", j), f"evidence '{item.id}': unknown party '{party}'{party_hint(party, party_names)} (or write `all` for a tie to every party)"))
        if item.held_by is not None:
            if item.kind is not None and item.kind not in ("perception", "allegation"):
                errors.append(doc.error(at + ("held_by",), f"evidence '{item.id}': `held_by` is for perceptions and allegations, not a {item.kind.replace('_', ' ')}: remove it or change `kind`"))
            elif item.held_by not in holders:
                hint = party_hint(item.held_by, party_names) or did_you_mean(item.held_by, holders)
                errors.append(doc.error(at + ("held_by",), f"evidence '{item.id}': unknown party or actor '{item.held_by}'{hint} (give the actor an `id` under conflict.actors)"))
        if item.context and item.bears_on:
            errors.append(doc.error(at + ("context",), f"evidence '{item.id}' is marked `context: true` but bears on criteria: remove one of the two"))
        elif not item.bears_on and not item.context and not getattr(item, "salvaged", False):
            warnings.append(
                doc.error(at, f"evidence '{item.id}' bears on no criterion: it will not be scored (mark it `context: true` if that is intended)", severity="warning")
            )
        if item.review:
            warnings.append(doc.error(at + ("review",), f"evidence '{item.id}' is a draft awaiting review", severity="warning"))

    seen_ratings: dict[tuple[str, str | None], int] = {}
    for i, rating in enumerate(case.ratings):
        at = ("ratings", i)
        errors += check_rating(rating, doc, at, rubric, evidence_ids)
        if rating.assessor is not None and rating.assessor not in assessors:
            errors.append(doc.error(at + ("assessor",), f"unknown assessor '{rating.assessor}'{did_you_mean(rating.assessor, assessors)}"))
        key = (rating.criterion, rating.assessor)
        if key in seen_ratings:
            errors.append(doc.error(at + ("criterion",), f"criterion '{rating.criterion}' is rated twice (first at line {doc.position(('ratings', seen_ratings[key]))[0]})"))
        seen_ratings[key] = i

    seen_na: dict[str, int] = {}
    rated = {r.criterion for r in case.ratings}
    for i, na in enumerate(case.not_applicable):
        at = ("not_applicable", i, "criterion")
        if na.criterion is None:
            continue
        if na.criterion not in criteria:
            errors.append(doc.error(at, f"unknown criterion '{na.criterion}'{did_you_mean(na.criterion, criteria)}"))
        elif na.criterion in seen_na:
            errors.append(doc.error(at, f"criterion '{na.criterion}' is marked not applicable twice (first at line {doc.position(('not_applicable', seen_na[na.criterion]))[0]})"))
        elif na.criterion in rated:
            errors.append(doc.error(at, f"criterion '{na.criterion}' is marked not applicable but also rated: remove the rating or this entry"))
        seen_na.setdefault(na.criterion, i)

    source_ids = [s.id for s in case.sources]
    for i, source in enumerate(case.sources):
        if source.via is None:
            continue
        if source.via == source.id:
            errors.append(doc.error(("sources", i, "via"), f"source '{source.id}' cannot be read via itself"))
        elif source.via not in sources:
            errors.append(doc.error(("sources", i, "via"), f"source '{source.id}': unknown source '{source.via}'{did_you_mean(source.via, source_ids)}"))

    for i, source in enumerate(case.sources):
        if source.aligned_with is not None and source.aligned_with not in parties:
            errors.append(doc.error(("sources", i, "aligned_with"), f"source '{source.id}': unknown party '{source.aligned_with}'{party_hint(source.aligned_with, party_names)} (`aligned_with` names a party id under conflict.parties)"))

    errors_, warnings_ = _check_provenance(case, doc)
    errors += errors_
    warnings += warnings_
    warnings += look_alike_parties(case, doc)
    if not case.evidence:
        warnings.append(doc.error((), "the case has no evidence yet: every criterion will be 'insufficient'", severity="warning"))
    return errors, warnings


def _check_provenance(case: Case, doc: YamlDocument) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Every local copy of every source exists and matches its sha256 (wherever items cite the source), and
    every source is cited by an item or read through by one that is: (errors, warnings), located."""
    from assess.provenance import check_hashes, used_source_ids

    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for check in check_hashes(case, Path(doc.path).parent):
        copy = check.copy
        if check.status == "missing":
            errors.append(doc.error(copy.position_of("path"), f"source '{copy.source}': text file '{copy.copy.path}' not found"))
        elif check.status == "unreadable":
            errors.append(doc.error(copy.position_of("path"), f"source '{copy.source}': text file '{copy.copy.path}': {check.problem}"))
        elif check.status == "changed":
            warnings.append(doc.error(copy.position_of("sha256"), f"source '{copy.source}': '{copy.copy.path}' has changed since its sha256 was recorded", severity="warning"))
    used = used_source_ids(case)
    for i, source in enumerate(case.sources):
        if source.id not in used:
            warnings.append(doc.error(("sources", i, "id"), f"source '{source.id}' is cited by no evidence item (nor read through by one): cite it or remove it", severity="warning"))
    return errors, warnings


def open_case(path: str | Path, rubric: Rubric | str | Path | None = None) -> LoadedCase:
    """Load, validate and cross-check a case file (and its rubric); raise InputError with every problem."""
    from assess.loading.suggest import suggestion_budget

    with gc_paused(), suggestion_budget():  # see assess.gcpause: collections made big cases superlinear
        return _open_case(Path(path), rubric)


def _open_case(case_path: Path, rubric: Rubric | str | Path | None) -> LoadedCase:
    kind = kind_of_path(case_path)
    if kind is not None:
        raise wrong_kind(case_path, kind, "case")
    doc = read_yaml_file(case_path, keep_going=True)
    kind = kind_of_data(doc.data)
    if kind != "case":
        raise wrong_kind(case_path, kind, "case")
    from assess.loading.bibliography import merge_bibliography

    try:
        data, bibliography_warnings = merge_bibliography(doc)
    except InputError as exc:
        raise InputError(doc.problems + exc.diagnostics) from None
    # One round: field errors, the rubric's and the cross-references of every part that parsed, all together.
    errors: list[Diagnostic] = list(doc.problems)
    try:
        case: Case | None = Case.model_validate(data)
    except ValidationError as exc:
        errors += diagnostics_from(exc, doc, Case)
        case = None
    checked = case if case is not None else partial_case(data)
    named = case.meta.rubric if case is not None else rubric_ref(data)
    loaded_rubric, rubric_errors = _case_rubric(doc, rubric, named, case_path.parent)
    errors += rubric_errors
    warnings: list[Diagnostic] = []
    if loaded_rubric is not None:
        cross_errors, warnings = check_case(checked, loaded_rubric, doc)
        errors += cross_errors
    if errors or case is None:
        raise InputError(list(dict.fromkeys(errors)))
    # The hash of the bytes parsed, not of a second read: the file may change in between (or be a pipe).
    loaded = LoadedCase(case=case, rubric=loaded_rubric, path=case_path, sha256=doc.sha256, doc=doc,
                        warnings=doc.warnings + warnings + bibliography_warnings)
    _check_quotes(loaded)
    return loaded


def _case_rubric(doc: YamlDocument, given: Rubric | str | Path | None, named: str, base: Path) -> tuple[Rubric | None, list[Diagnostic]]:
    """The rubric to check the case against, or its problems (located at the case's `meta.rubric` when it is
    the case that names a rubric that cannot be found)."""
    if isinstance(given, Rubric):
        return given, []
    try:
        return load_rubric(given or named, base_dir=base, confined=given is None), []
    except InputError as exc:
        if given is not None:
            return None, exc.diagnostics
        return None, [doc.error(("meta", "rubric"), d.message) if d.path == named else d for d in exc.diagnostics]


def _check_quotes(loaded: LoadedCase) -> None:
    """Check quotes against local source texts (exact first, fuzzy only on failures); warn for unverified ones."""
    from assess.quotes import check_quotes, describe, quote_position

    loaded.quote_checks = check_quotes(loaded.case, loaded.base_dir)
    for check in loaded.quote_checks:
        if check.status in ("close", "not_found"):
            line, col = quote_position(loaded, check.evidence)
            loaded.warnings.append(located(loaded.doc.path, line, col, f"evidence '{check.evidence}': {describe(check)}", "warning"))


def load_case(path: str | Path, rubric: Rubric | str | Path | None = None) -> Case:
    """Public API: the validated Case from a case file (InputError with located problems if invalid)."""
    return open_case(path, rubric).case
