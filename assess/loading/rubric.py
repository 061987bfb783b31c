"""Load a rubric: find it (path, case folder, ./rubrics, bundled), resolve `extends:`, validate, check it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess.errors import Diagnostic, InputError, located
from assess.loading.kinds import kind_of_data, wrong_kind
from assess.loading.locate import diagnostics_from
from assess.loading.suggest import did_you_mean
from assess.loading.yamlfile import YamlDocument, read_yaml_file
from assess.models.rubric import Rubric
from assess.resources import archived_rubric_refs, bundled_rubric_ids, shipped_path
from assess.scoring.measurement import non_monotone_bearings

MAX_EXTENDS = 8


def find_rubric(ref: str, base_dir: Path | None = None) -> Path | None:
    """Rubric lookup: an explicit path, then the case's folder and ./rubrics, then the bundled rubrics."""
    as_path = Path(ref)
    candidates: list[Path] = []
    if "@" in ref and not _is_path_ref(ref):
        # `un_guidance@1.0`: an earlier version of a shipped rubric, kept so that old results can be reproduced.
        name, version = ref.split("@", 1)
        return next((c for c in [shipped_path("rubrics") / "archive" / f"{name}-{version}.yaml"] if _is_file(c)), None)
    if as_path.suffix in (".yaml", ".yml") or "/" in ref or "\\" in ref:
        candidates += [base_dir / as_path] if base_dir and not as_path.is_absolute() else []
        candidates.append(as_path)
    else:
        for folder in ([base_dir, base_dir / "rubrics"] if base_dir else []) + [Path("rubrics")]:
            candidates += [folder / f"{ref}.yaml", folder / f"{ref}.yml"]
        candidates.append(shipped_path("rubrics") / f"{ref}.yaml")
    return next((c for c in candidates if _is_file(c)), None)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system is no file either
        return False


def _is_path_ref(ref: str) -> bool:
    return Path(ref).suffix in (".yaml", ".yml") or "/" in ref or "\\" in ref


def _allowed(path: Path, ref: str, folder: Path) -> bool:
    """A rubric a file names may be read from that file's folder, the shipped rubrics, a trusted folder and,
    when it is named by id, ./rubrics (where `rubric list` looks too)."""
    from assess.loading.confine import inside

    extra = [] if _is_path_ref(ref) else [Path("rubrics")]
    return inside(path, folder, shipped_path("rubrics"), *extra)


def _merge(parent: Any, child: Any) -> Any:
    """Child fields override the parent's; lists of mappings with ids merge item by item."""
    if isinstance(parent, dict) and isinstance(child, dict):
        merged = dict(parent)
        for key, value in child.items():
            merged[key] = _merge(parent[key], value) if key in parent else value
        return merged
    if (
        isinstance(parent, list)
        and isinstance(child, list)
        # Only plain ids can key a merge; anything else (a list, a mapping) is left for validation to report.
        and all(isinstance(i, dict) and isinstance(i.get("id"), (str, int)) for i in parent + child)
    ):
        by_id = {item["id"]: item for item in parent}
        order = [item["id"] for item in parent]
        for item in child:
            if item["id"] in by_id:
                by_id[item["id"]] = _merge(by_id[item["id"]], item)
            else:
                order.append(item["id"])
                by_id[item["id"]] = item
        return [by_id[i] for i in order]
    return child


def _resolve_extends(doc: YamlDocument, depth: int = 0, chain: list[tuple[Path, bytes | None]] | None = None) -> dict[str, Any]:
    data = dict(doc.data)
    parent_ref = data.get("extends")
    if not parent_ref:
        return data
    if not isinstance(parent_ref, str):
        raise InputError([doc.error(("extends",), "extends: expected a rubric id or path")])
    if depth >= MAX_EXTENDS:
        raise InputError([doc.error(("extends",), f"extends: more than {MAX_EXTENDS} levels (a cycle?)")])
    parent_path = find_rubric(parent_ref, Path(doc.path).parent)
    if parent_path is None:
        hint = did_you_mean(parent_ref, bundled_rubric_ids())
        raise InputError([doc.error(("extends",), f"extends: no rubric '{parent_ref}' found{hint}")])
    if not _allowed(parent_path, parent_ref, Path(doc.path).parent):
        from assess.loading.confine import outside_message

        raise InputError([doc.error(("extends",), outside_message("extends: a parent rubric", Path(doc.path).parent, "rubric") + " or use a shipped rubric's id")])
    if chain is not None:
        chain.append((parent_path, _snapshot(parent_path)))
    parent = _resolve_extends(read_yaml_file(parent_path), depth + 1, chain)
    parent.pop("extends", None)
    return _merge(parent, data)


def check_rubric(rubric: Rubric, doc: YamlDocument) -> list[Diagnostic]:
    """What the model alone cannot see: duplicate ids, levels that do not match the scale."""
    problems: list[Diagnostic] = []
    levels = {s.level for s in rubric.scale}
    seen: dict[str, str] = {}
    for fi, fundamental in enumerate(rubric.fundamentals):
        if fundamental.id in seen:
            problems.append(doc.error(("fundamentals", fi, "id"), f"duplicate id '{fundamental.id}'"))
        seen[fundamental.id] = "fundamental"
        for ci, criterion in enumerate(fundamental.criteria):
            where = ("fundamentals", fi, "criteria", ci)
            if criterion.id in seen:
                problems.append(doc.error(where + ("id",), f"duplicate id '{criterion.id}'"))
            seen[criterion.id] = "criterion"
            missing = sorted(levels - set(criterion.levels))
            extra = sorted(set(criterion.levels) - levels)
            if missing:
                problems.append(doc.error(where + ("levels",), f"criterion '{criterion.id}': no descriptor for level(s) {missing}"))
            if extra:
                problems.append(doc.error(where + ("levels",), f"criterion '{criterion.id}': level(s) {extra} are not on the scale"))
            for vi, vignette in enumerate(criterion.vignettes):
                if vignette.level not in levels:
                    problems.append(doc.error(where + ("vignettes", vi, "level"), (
                        f"criterion '{criterion.id}': vignette level {vignette.level} is not on the scale "
                        f"({min(levels)}-{max(levels)})")))
    broken = non_monotone_bearings(rubric.measurement.bearing_levels, rubric.weighting.strength)
    if broken:
        steps = ", ".join(f"{b:+d} -> {a:+d}" for a, b in broken)
        problems.append(doc.error(("weighting", "strength"), (
            f"with these strength factors and measurement.bearing_levels, lowering a bearing ({steps}) could raise "
            "a score; make each stronger bearing's factor squared at most the ratio of the two levels' distances "
            "from the far end of the scale (docs/method.md §1), e.g. strength {1: 1.0, 2: 1.4, 3: 3.0}")))
    rule_ids = [r.id for r in rubric.red_flags]
    criteria = set(rubric.criterion_ids())
    for ri, rule in enumerate(rubric.red_flags):
        if rule_ids.count(rule.id) > 1 and rule_ids.index(rule.id) != ri:
            problems.append(doc.error(("red_flags", ri, "id"), f"duplicate red-flag id '{rule.id}'"))
        for ki, crit in enumerate(rule.when.criteria):
            if crit not in criteria:
                problems.append(
                    doc.error(("red_flags", ri, "when", "criteria", ki), f"unknown criterion '{crit}'{did_you_mean(crit, criteria)}")
                )
    return problems + check_headline(rubric, doc)


def check_headline(rubric: Rubric, doc: YamlDocument) -> list[Diagnostic]:
    """`headline` names a fundamental, `non_compensation` a band id and needs a headline, confidence levels nest."""
    problems: list[Diagnostic] = []
    fundamentals = [f.id for f in rubric.fundamentals]
    if rubric.headline is not None and rubric.headline not in fundamentals:
        problems.append(doc.error(("headline",), f"headline: unknown fundamental '{rubric.headline}'{did_you_mean(rubric.headline, fundamentals)}"))
    rules = rubric.non_compensation
    if rules.max_bands_above_headline is not None and rubric.headline is None:
        problems.append(doc.error(("non_compensation", "max_bands_above_headline"), "non_compensation.max_bands_above_headline needs a `headline:` fundamental"))
    band_ids = [b.id for b in rubric.bands if b.id is not None]
    seen: set[str] = set()
    for bi, band in enumerate(rubric.bands):
        if band.id is not None and band.id in seen:
            problems.append(doc.error(("bands", bi, "id"), f"duplicate band id '{band.id}'"))
        seen.update([band.id] if band.id else [])
    if rules.red_flag_cap is not None and rules.red_flag_cap not in band_ids:
        known = f" (bands with an id: {', '.join(band_ids)})" if band_ids else " (give the band an `id:`)"
        hint = did_you_mean(rules.red_flag_cap, band_ids) or known
        problems.append(doc.error(("non_compensation", "red_flag_cap"), f"non_compensation.red_flag_cap: unknown band '{rules.red_flag_cap}'{hint}"))
    high, moderate = rubric.confidence.high, rubric.confidence.moderate
    looser = [name for name in ("min_coverage", "min_sources", "min_events", "min_agreement", "min_stability")
              if getattr(moderate, name) > getattr(high, name)]
    looser += ["max_top_source_share"] if moderate.max_top_source_share < high.max_top_source_share else []
    for name in looser:
        problems.append(doc.error(("confidence", "moderate", name), f"confidence.moderate.{name} is stricter than confidence.high.{name}: moderate confidence must need no more than high"))
    return problems


def load_rubric(path_or_id: str | Path, base_dir: str | Path | None = None, *, confined: bool = False) -> Rubric:
    """Load and check a rubric from a path or a bundled id; raise InputError with every located problem.

    `confined`: the rubric is named by a case in `base_dir`, so it must lie there (or be shipped or trusted)."""
    ref = str(path_or_id)
    path = find_rubric(ref, Path(base_dir) if base_dir else None)
    if path is None:
        hint = did_you_mean(ref, bundled_rubric_ids() + archived_rubric_refs())
        raise InputError([located(ref, 1, 1, f"no rubric '{ref}' found (looked for a file, ./rubrics and the bundled rubrics){hint}")])
    if confined and base_dir is not None and not _allowed(path, ref, Path(base_dir)):
        from assess.loading.confine import outside_message

        raise InputError([located(ref, 1, 1, outside_message("a rubric the case names", Path(base_dir)) + " or use a shipped rubric's id")])
    return _load_rubric_file(path)


# Loaded rubrics by file, with the bytes of every file each was built from (it and its `extends:` parents):
# batch and multi-file validate parse the rubric once instead of once per case, and any edit is seen next load.
_CACHE_SIZE = 16
_cache: dict[Path, tuple[tuple[tuple[Path, bytes | None], ...], Rubric]] = {}


def _snapshot(path: Path) -> bytes | None:
    from assess.loading.confine import FileProblem, read_bounded

    try:
        return read_bounded(path)  # within the size cap, never a device (read_yaml_file then says why)
    except FileProblem:
        return None


def rubric_files(path: Path) -> list[Path]:
    """The files a loaded rubric was built from: it and the rubrics it extends (just `path` if not loaded)."""
    cached = _cache.get(path.resolve())
    return [file for file, _ in cached[0]] if cached else [path]


def _load_rubric_file(path: Path) -> Rubric:
    key = path.resolve()
    cached = _cache.get(key)
    if cached is not None and all(_snapshot(file) == content for file, content in cached[0]):
        return cached[1]
    # Snapshot before parsing: an edit in between makes the snapshot differ next time, never a stale hit.
    chain = [(path, _snapshot(path))]
    doc = read_yaml_file(path)
    kind = kind_of_data(doc.data)
    if kind != "rubric" and "id" not in doc.data:  # a case or an assessor file named where a rubric is needed
        raise wrong_kind(path, kind, "rubric")
    data = _resolve_extends(doc, chain=chain)
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        raise InputError(diagnostics_from(exc, doc, Rubric)) from None
    problems = check_rubric(rubric, doc)
    if problems:
        raise InputError(problems)
    if all(content is not None for _, content in chain):
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (tuple(chain), rubric)
    return rubric
