"""Deterministic benchmark corpora made from a real case: many seeded variants, and 10x/100x-evidence cases.

Every generated file stays valid against the case's rubric: ids are renamed consistently (ratings follow their
evidence), bearings keep their criteria and only change sign or strength, grades stay on their scales, and the
local source texts and bibliography a case refers to are copied beside the generated files.

Run alone to write a corpus for manual use:  python bench/corpus.py OUT_DIR [--cases 200] [--scales 1,10,100]
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE_CASE = ROOT / "cases" / "russia_nk.yaml"
RELIABILITY = "ABCDEF"


def read_base(path: Path = BASE_CASE) -> dict[str, Any]:
    """The base case as plain data, read through assess's own loader (dates stay strings, no YAML 1.1 surprises)."""
    if str(ROOT) not in sys.path:  # run as a script from anywhere: use this checkout's assess
        sys.path.insert(0, str(ROOT))
    from assess.loading.yamlfile import read_yaml_file

    return read_yaml_file(path).data


def dump(data: dict[str, Any]) -> str:
    """YAML text; the C dumper quotes every string that a resolver could read as anything but a string."""
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=110)


def _copy_local_files(base: dict[str, Any], base_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Copy the source texts and bibliography next to the corpus; point anything outside the tree at its original."""
    data = copy.deepcopy(base)
    refs: list[tuple[dict[str, Any], str]] = [(s, "text") for s in data.get("sources", []) if s.get("text")]
    if data.get("bibliography"):
        refs.append((data, "bibliography"))
    for holder, key in refs:
        rel = Path(holder[key])
        original = (base_dir / rel).resolve()
        if rel.is_absolute() or ".." in rel.parts:
            holder[key] = str(original)
        elif original.is_file():
            (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(original, out_dir / rel)
    rubric = data.get("meta", {}).get("rubric")
    if isinstance(rubric, str) and (rubric.endswith((".yaml", ".yml")) or "/" in rubric):
        data["meta"]["rubric"] = str((base_dir / rubric).resolve())
    return data


def _rename_evidence(data: dict[str, Any], rename: dict[str, str]) -> None:
    for item in data.get("evidence", []):
        item["id"] = rename[item["id"]]
    for rating in data.get("ratings", []):
        rating["evidence"] = [rename.get(e, e) for e in rating.get("evidence", [])]


def variant(base: dict[str, Any], number: int, seed: int) -> dict[str, Any]:
    """One seeded variant: new ids, shuffled evidence, re-graded credibility, re-weighted bearings and sources."""
    rng = random.Random(seed * 1_000_003 + number)
    data = copy.deepcopy(base)
    meta = data["meta"]
    meta["id"] = f"{meta['id']}_{number:05d}"
    meta["title"] = f"{meta['title']} (benchmark variant {number})"
    evidence = data.get("evidence", [])
    _rename_evidence(data, {e["id"]: f"v{number}-{e['id']}" for e in evidence})
    rng.shuffle(evidence)
    for item in evidence:
        item["credibility"] = rng.randint(1, 6)
        bears = item.get("bears_on") or {}
        item["bears_on"] = {k: rng.choice((-3, -2, -1, 1, 2, 3)) for k in bears}
        item["claim"] = f"{item['claim']} [variant {number}]"
    for source in data.get("sources", []):
        source["reliability"] = rng.choice(RELIABILITY)
    return data


def scaled(base: dict[str, Any], factor: int) -> dict[str, Any]:
    """The case with every evidence item repeated `factor` times under new ids (ratings keep the originals)."""
    data = copy.deepcopy(base)
    data["meta"]["id"] = f"{data['meta']['id']}_x{factor}"
    original = data.get("evidence", [])
    items = list(original)
    for round_ in range(1, factor):
        for item in original:
            clone = copy.deepcopy(item)
            clone["id"] = f"{item['id']}.x{round_}"
            clone["claim"] = f"{item['claim']} (copy {round_})"
            items.append(clone)
    data["evidence"] = items
    return data


def trimmed(base: dict[str, Any], keep: int) -> dict[str, Any]:
    """The case with only its first `keep` evidence items, the sources they cite, and ratings' remaining references."""
    data = copy.deepcopy(base)
    data["meta"]["id"] = f"{data['meta']['id']}_first{keep}"
    data["evidence"] = data.get("evidence", [])[:keep]
    kept = {item["id"] for item in data["evidence"]}
    cited = {ref if isinstance(ref, str) else ref.get("id") for item in data["evidence"] for ref in _refs(item)}
    data["sources"] = [source for source in data.get("sources", []) if source["id"] in cited]
    for rating in data.get("ratings", []):
        if "evidence" in rating:
            rating["evidence"] = [e for e in rating["evidence"] if e in kept]
    return data


def _refs(item: dict[str, Any]) -> list[Any]:
    source = item.get("source", [])
    return [source] if isinstance(source, str) else list(source)


def write_small(out_dir: Path, keep: int = 6, base_path: Path = BASE_CASE) -> Path:
    """A short version of the base case (for a PDF that renders in about a second)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base = _copy_local_files(read_base(base_path), base_path.parent, out_dir)
    path = out_dir / f"first{keep}.yaml"
    path.write_text(dump(trimmed(base, keep)), encoding="utf-8")
    return path


def write_many(out_dir: Path, count: int, seed: int = 20121, base_path: Path = BASE_CASE) -> list[Path]:
    """`count` seeded variants of the base case in `out_dir`; returns their paths in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base = _copy_local_files(read_base(base_path), base_path.parent, out_dir)
    paths = []
    for number in range(1, count + 1):
        path = out_dir / f"case_{number:05d}.yaml"
        path.write_text(dump(variant(base, number, seed)), encoding="utf-8")
        paths.append(path)
    return paths


def write_scaled(out_dir: Path, factors: list[int], base_path: Path = BASE_CASE) -> dict[int, Path]:
    """One case per evidence factor (1 = the base case re-dumped), so all sizes pass through the same writer."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base = _copy_local_files(read_base(base_path), base_path.parent, out_dir)
    paths = {}
    for factor in factors:
        path = out_dir / f"scaled_x{factor}.yaml"
        path.write_text(dump(scaled(base, factor)), encoding="utf-8")
        paths[factor] = path
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="Directory to write into (created).")
    parser.add_argument("--cases", type=int, default=200, help="Number of seeded variants (default 200).")
    parser.add_argument("--scales", default="1,10,100", help="Evidence factors, comma-separated (default 1,10,100).")
    parser.add_argument("--seed", type=int, default=20121, help="Seed of the variants (default 20121).")
    parser.add_argument("--base", type=Path, default=BASE_CASE, help="Case to derive from (default cases/russia_nk.yaml).")
    args = parser.parse_args(argv)
    many = write_many(args.out / "many", args.cases, args.seed, args.base)
    sizes = write_scaled(args.out / "scaled", [int(f) for f in args.scales.split(",")], args.base)
    print(f"{len(many)} variants in {args.out / 'many'}; scaled cases: {', '.join(str(p) for p in sizes.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
