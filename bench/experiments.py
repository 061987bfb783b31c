"""The auditor's experiments against the old model, re-run on the shipped case under the measurement model.

    python bench/experiments.py            # about 5 s; exit 1 if any line says FAIL
    python bench/experiments.py --case cases/other.yaml

Each experiment changes `cases/russia_nk.yaml` in memory (nothing is written), scores before and after with the same
seed, and prints one line per law: PASS or FAIL, then the numbers. The laws are the ones
tests/scoring/test_measurement_laws.py states over random cases; here they meet the real case.

  (a) duplicating every item (x2, x10) moves no criterion and not the overall by a point or more
  (b) splitting f11 (the CSTO alliance) into three reports of its event: its criterion moves < 1 point, its 90%
      interval's width < 10%
  (c) omission never flatters: one weak allegation (credibility 4, strength 1) against `transparency` raises neither
      impartiality nor the overall (from a new source, and from the essay)
  (d) with all impartiality evidence deleted, impartiality sits at the prior and is provisional, and the overall is
      not "Largely meets ... very likely"
  (e) co-citing an F-graded source on an E-graded item changes nothing; an F-graded item counts no more than a D one
  (f) two assessors rating one criterion pool between their own scores (not the lower one)
  (g) lowering one impartiality item's bearing raises neither its criterion, impartiality, nor the overall
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assess.loading import open_case  # noqa: E402
from assess.models.case import Case  # noqa: E402
from assess.scoring import score  # noqa: E402

TOL = 0.01 + 1e-9  # results are rounded to 0.01
RESULTS: list[bool] = []


def report(ok: bool, label: str, detail: str) -> None:
    RESULTS.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {label}: {detail}")


def data_of(case: Case) -> dict[str, Any]:
    return case.model_dump(mode="json", exclude_none=True)


def rebuild(data: dict[str, Any]) -> Case:
    return Case.model_validate(data)


class Scorer:
    def __init__(self, rubric, seed: int) -> None:
        self.rubric, self.seed = rubric, seed

    def __call__(self, case: Case):
        return score(case, self.rubric, draws=0, seed=self.seed)


def crit(result, cid: str):
    return next(c for c in result.criteria if c.id == cid)


def fund(result, fid: str):
    return next(f for f in result.fundamentals if f.id == fid)


def fmt(value) -> str:
    return "None" if value is None else f"{value:.2f}"


def verdict(result) -> str:
    o = result.overall
    return f"{fmt(o.score)} [{fmt(o.low)}-{fmt(o.high)}] {o.verdict} ({o.likelihood}, p={o.probability})" + (
        " provisional" if o.provisional else "")


# ---------------------------------------------------------------- (a) duplication


def duplicated(data: dict[str, Any], k: int) -> dict[str, Any]:
    evidence = data["evidence"]
    dups = [{**e, "id": f"{e['id']}_dup{'' if j == 1 else j}"} for j in range(1, k) for e in evidence]
    return {**data, "evidence": [*evidence, *dups]}


def experiment_duplication(data, run, base) -> None:
    for k in (2, 10):
        result = run(rebuild(duplicated(data, k)))
        moves = [(abs(a.aggregate_score - b.aggregate_score), a.id, a.aggregate_score, b.aggregate_score)
                 for a, b in zip(base.criteria, result.criteria) if a.aggregate_score is not None]
        worst = max(moves)
        overall = abs(result.overall.score - base.overall.score)
        report(worst[0] < 1.0 and overall < 1.0, f"(a) every item x{k}",
               f"largest criterion move {worst[0]:.2f} ({worst[1]} {fmt(worst[2])} -> {fmt(worst[3])}), "
               f"overall {fmt(base.overall.score)} -> {fmt(result.overall.score)} (move {overall:.2f})")


# ---------------------------------------------------------------- (b) splitting


def experiment_split(data, run, base, target: str) -> None:
    evidence = data["evidence"]
    index = next((i for i, e in enumerate(evidence) if e["id"] == target), None)
    if index is None:  # the CSTO-alliance item under another id
        index = next(i for i, e in enumerate(evidence) if "csto" in e.get("tags", []) and e["kind"] == "structural_tie")
    original = evidence[index]
    event = original.get("event") or f"{original['id']}_event"
    parts = [{**original, "id": f"{original['id']}_{n}", "claim": f"{original['claim']} (part {n})", "event": event}
             for n in (1, 2, 3)]
    result = run(rebuild({**data, "evidence": [*evidence[:index], *parts, *evidence[index + 1:]]}))
    for cid in original["bears_on"]:
        a, b = crit(base, cid), crit(result, cid)
        move = abs(a.aggregate_score - b.aggregate_score)
        if a.low is not None and b.low is not None:
            wa, wb = a.high - a.low, b.high - b.low
        else:
            wa, wb = a.aggregate_high - a.aggregate_low, b.aggregate_high - b.aggregate_low
        change = abs(wb - wa) / wa if wa > 0 else 0.0
        report(move < 1.0 and change < 0.10, f"(b) {original['id']} split in three ({cid})",
               f"{fmt(a.aggregate_score)} [{fmt(a.low)}-{fmt(a.high)}] -> {fmt(b.aggregate_score)} "
               f"[{fmt(b.low)}-{fmt(b.high)}]: move {move:.2f}, width {wa:.2f} -> {wb:.2f} ({100 * change:.1f}%)")


# ---------------------------------------------------------------- (c) omission


def experiment_omission(data, run, base) -> None:
    fid = "impartiality"
    cid = "transparency"
    fresh_source = {"id": "auditor_allegation_source", "kind": "other", "title": "An unnamed commentator",
                    "reliability": "C"}
    variants = [("a new C-graded source", fresh_source["id"], [fresh_source]), ("the essay (C)", "essay", [])]
    for label, source, sources in variants:
        allegation = {"id": "auditor_allegation", "claim": "It is alleged that Russia kept the talks opaque.",
                      "source": [{"id": source}], "kind": "allegation", "credibility": 4, "bears_on": {cid: -1}}
        changed = {**data, "sources": [*data["sources"], *sources], "evidence": [*data["evidence"], allegation]}
        result = run(rebuild(changed))
        before = (crit(base, cid).aggregate_score, fund(base, fid).score, base.overall.score)
        after = (crit(result, cid).aggregate_score, fund(result, fid).score, result.overall.score)
        ok = all(a <= b + TOL for a, b in zip(after, before))
        report(ok, f"(c) weak allegation against {cid} from {label}",
               f"{cid} {fmt(before[0])} -> {fmt(after[0])}, {fid} {fmt(before[1])} -> {fmt(after[1])}, "
               f"overall {fmt(before[2])} -> {fmt(after[2])}")


# ---------------------------------------------------------------- (d) no impartiality evidence


def experiment_no_impartiality(data, run, base, rubric) -> None:
    fid = "impartiality"
    criteria = {c.id for f in rubric.fundamentals if f.id == fid for c in f.criteria}
    evidence = []
    for e in data["evidence"]:
        kept = {k: v for k, v in e.get("bears_on", {}).items() if k not in criteria}
        if kept or not e.get("bears_on"):
            evidence.append({**e, "bears_on": kept})
    ratings = [r for r in data.get("ratings", []) if r["criterion"] not in criteria]
    result = run(rebuild({**data, "evidence": evidence, "ratings": ratings}))
    f = fund(result, fid)
    statuses = {crit(result, c).status for c in criteria}
    at_prior = abs(f.score - 50.0) < 2.0 and statuses == {"insufficient"}
    overconfident = result.overall.verdict.startswith("Largely meets") and result.overall.likelihood == "very likely"
    report(at_prior and f.provisional, f"(d) all {fid} evidence deleted: {fid} at the prior, provisional",
           f"{fid} {fmt(fund(base, fid).score)} -> {fmt(f.score)} [{fmt(f.low)}-{fmt(f.high)}], provisional "
           f"{f.provisional}, criteria {sorted(statuses)}")
    report(not overconfident and result.overall.provisional, f"(d) all {fid} evidence deleted: overall",
           f"{verdict(base)} -> {verdict(result)}")


# ---------------------------------------------------------------- (e) F co-citation


def experiment_f_cocitation(data, run, base, target: str) -> None:
    e_source = {"id": "auditor_e_source", "kind": "web", "title": "An unreliable site", "reliability": "E"}
    d_source = {"id": "auditor_d_source", "kind": "web", "title": "A not usually reliable site", "reliability": "D"}
    f_source = next(s["id"] for s in data["sources"] if s["reliability"] == "F")
    sources = [*data["sources"], e_source, d_source]

    def cited(refs: list[str]):
        evidence = [{**e, "source": [{"id": r} for r in refs]} if e["id"] == target else e for e in data["evidence"]]
        return run(rebuild({**data, "sources": sources, "evidence": evidence}))

    e_alone, both, f_first = cited([e_source["id"]]), cited([e_source["id"], f_source]), cited([f_source, e_source["id"]])
    target_criteria = next(e for e in data["evidence"] if e["id"] == target)["bears_on"]

    def numbers(r):
        return [(c.id, c.aggregate_score, c.low, c.high, c.information) for c in r.criteria] + [r.overall.score]

    same = numbers(e_alone) == numbers(both) == numbers(f_first)
    shown = ", ".join(f"{cid} {fmt(crit(base, cid).aggregate_score)} as shipped, "
                      + "/".join(fmt(crit(r, cid).aggregate_score) for r in (e_alone, both, f_first))
                      for cid in target_criteria)
    report(same, f"(e) {target} cited to E, then co-cited with F ({f_source})",
           f"E alone / E+F / F+E: {shown}; overall "
           + "/".join(fmt(r.overall.score) for r in (e_alone, both, f_first)))
    d_alone, f_alone = cited([d_source["id"]]), cited([f_source])
    worse = [(cid, crit(f_alone, cid).information, crit(d_alone, cid).information) for cid in target_criteria]
    report(all(f <= d + 1e-3 for _, f, d in worse), f"(e) {target} cited to F alone never outweighs D alone",
           ", ".join(f"{cid} information F {f:.3f} vs D {d:.3f}" for cid, f, d in worse))


# ---------------------------------------------------------------- (f) two assessors


def experiment_two_assessors(data, run, base, cid: str) -> None:
    assessors = [*data["meta"]["assessors"], {"name": "Auditor One", "id": "aud1"}, {"name": "Auditor Two", "id": "aud2"}]
    meta = {**data["meta"], "assessors": assessors}

    def rate(levels: list[tuple[str, int]]):
        ratings = [*data.get("ratings", []), *({"criterion": cid, "level": lv, "assessor": who,
                                                "rationale": f"{who}'s reading."} for who, lv in levels)]
        return crit(run(rebuild({**data, "meta": meta, "ratings": ratings})), cid)

    one, two, both = rate([("aud1", 1)]), rate([("aud2", 3)]), rate([("aud1", 1), ("aud2", 3)])
    low, high = sorted((one.score, two.score))
    report(low + 1.0 < both.score < high - 1.0, f"(f) two assessors rate {cid} at levels 1 and 3",
           f"evidence alone {fmt(crit(base, cid).aggregate_score)} ({crit(base, cid).status}); level 1 alone "
           f"{fmt(one.score)} [{fmt(one.low)}-{fmt(one.high)}], level 3 alone {fmt(two.score)} "
           f"[{fmt(two.low)}-{fmt(two.high)}], both pooled {fmt(both.score)} [{fmt(both.low)}-{fmt(both.high)}]")


# ---------------------------------------------------------------- (g) monotonicity


def experiment_monotonicity(data, run, base, rubric) -> None:
    fid = "impartiality"
    criteria = [c.id for f in rubric.fundamentals if f.id == fid for c in f.criteria]

    def same_strength(value):
        """A lower level at the same strength (the weight stays): +s -> -s, -s or a level -> level 0."""
        if isinstance(value, int):
            return -value if value > 0 else ({"level": 0, "strength": -value} if value > -3 else None)
        return {**value, "level": 0} if value["level"] > 0 else None

    def one_step(value):
        """The next lower signed bearing (+1 -> -1), as an auditor would edit it (strength may change)."""
        if isinstance(value, int):
            return {3: 2, 2: 1, 1: -1, -1: -2, -2: -3}.get(value)
        return {**value, "level": value["level"] - 1} if value["level"] >= 1 else None

    for label, lower in (("at the same strength", same_strength), ("one signed step down", one_step)):
        tried, rises = 0, []
        for i, e in enumerate(data["evidence"]):
            for cid, value in e.get("bears_on", {}).items():
                new = lower(value) if cid in criteria else None
                if new is None:
                    continue
                tried += 1
                changed = [dict(x) for x in data["evidence"]]
                changed[i] = {**e, "bears_on": {**e["bears_on"], cid: new}}
                result = run(rebuild({**data, "evidence": changed}))
                pairs = (("criterion", crit(base, cid).aggregate_score, crit(result, cid).aggregate_score),
                         (fid, fund(base, fid).score, fund(result, fid).score),
                         ("overall", base.overall.score, result.overall.score))
                for name, before, after in pairs:
                    if after > before + TOL:
                        rises.append(f"{e['id']} {cid} {value} -> {new}: {name} {fmt(before)} -> {fmt(after)}")
        shown = "; ".join(rises[:3]) + (f"; ... {len(rises) - 3} more" if len(rises) > 3 else "")
        report(not rises, f"(g) lowering one {fid} bearing {label}",
               f"{tried} bearings lowered one at a time, {len(rises)} rises" + (f": {shown}" if rises else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default=str(HERE.parent / "cases" / "russia_nk.yaml"))
    parser.add_argument("--seed", type=int, default=None, help="seed of the posterior draws (default: the engine's)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    loaded = open_case(args.case)
    from assess.scoring import DEFAULT_SEED

    run = Scorer(loaded.rubric, DEFAULT_SEED if args.seed is None else args.seed)
    data = data_of(loaded.case)
    base = run(loaded.case)
    print(f"case {args.case}: {len(data['evidence'])} items; overall {verdict(base)}")
    experiment_duplication(data, run, base)
    experiment_split(data, run, base, "f11")
    experiment_omission(data, run, base)
    experiment_no_impartiality(data, run, base, loaded.rubric)
    experiment_f_cocitation(data, run, base, "e25")
    experiment_two_assessors(data, run, base, "balance")
    experiment_monotonicity(data, run, base, loaded.rubric)
    failed = RESULTS.count(False)
    print(f"{len(RESULTS) - failed} PASS, {failed} FAIL in {time.perf_counter() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
