"""The hostile inputs of issue 16 at the sizes reported there, each timed once through the real command.

    python bench/hostile.py            # about 30 s; prints one row per input with its wall time and exit code

Each must finish well under 10 s (the issue's acceptance); this script measures, it does not gate. The tests
check the same inputs' work by operation counts at smaller sizes (tests/robustness/test_linear_scans.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "data" / "valid" / "minimal_case.yaml"
RUBRIC = ROOT / "tests" / "data" / "valid" / "mini_rubric.yaml"
LIMIT = 10.0


def _head(folder: Path, extra: str = "") -> str:
    (folder / "mini_rubric.yaml").write_bytes(RUBRIC.read_bytes())
    return MINIMAL.read_text(encoding="utf-8").split("sources:")[0] + extra


def bibtex_errors(folder: Path) -> list[str]:
    """BibTeX with an error in every entry (the issue's file: 960 KB, 55 s)."""
    text = "".join(f"@article{{k{i}, title={{never closed\n@@@ {i} }}}}}}\n" for i in range(24_000))
    (folder / "refs.bib").write_text(text, encoding="utf-8")
    (folder / "case.yaml").write_text(_head(folder, "bibliography: refs.bib\nsources: []\nevidence: []\n"), encoding="utf-8")
    return ["validate", str(folder / "case.yaml")]


def csl_entries(folder: Path) -> list[str]:
    """CSL-JSON with 40,000 entries, one without an id (the issue's: 1.9 MB, 112 s)."""
    items = [{"id": f"k{i}", "type": "report", "title": f"T{i}"} for i in range(40_000)] + [{"title": "no id"}]
    (folder / "refs.json").write_text(json.dumps(items, indent=1), encoding="utf-8")
    (folder / "case.yaml").write_text(_head(folder, "bibliography: refs.json\nsources: []\nevidence: []\n"), encoding="utf-8")
    return ["validate", str(folder / "case.yaml")]


def unknown_sources(folder: Path) -> list[str]:
    """40,000 items citing unknown sources beside 40,000 sources (did-you-mean over every pair: 578 s)."""
    n = 40_000
    sources = "".join(f"  - {{id: src{i:05d}, kind: report, title: T{i}, reliability: B}}\n" for i in range(n))
    evidence = "".join(
        f"  - {{id: e{i:05d}, claim: C, source: srx{i:05d}, date: 2020-03, kind: fact, credibility: 2, "
        f"bears_on: {{balance: 2}}}}\n" for i in range(n)
    )
    (folder / "case.yaml").write_text(_head(folder, "sources:\n" + sources + "evidence:\n" + evidence), encoding="utf-8")
    return ["validate", str(folder / "case.yaml")]


def draft_dots(folder: Path) -> list[str]:
    """`draft` on 'Russia met Armenia ' + 'a.' * 40000 (80 KB: 214 s)."""
    (folder / "text.txt").write_text("Russia met Armenia " + "a." * 40_000, encoding="utf-8")
    return ["draft", str(folder / "text.txt"), "--mediator", "Russia", "--party", "Armenia", "--party", "Azerbaijan",
            "-o", str(folder / "draft.yaml")]


def sparse_text(folder: Path) -> list[str]:
    """A 600 MB sparse source text (3 min 54 s and 21 GB before the cap applied to source texts)."""
    with open(folder / "big.txt", "wb") as handle:
        handle.truncate(600 * 1024 * 1024)
    case = MINIMAL.read_text(encoding="utf-8").replace("    title: A fictional report\n", "    title: A fictional report\n    text: big.txt\n", 1)
    (folder / "mini_rubric.yaml").write_bytes(RUBRIC.read_bytes())
    (folder / "case.yaml").write_text(case, encoding="utf-8")
    return ["verify", str(folder / "case.yaml")]


INPUTS = [bibtex_errors, csl_entries, unknown_sources, draft_dots, sparse_text]


def main() -> int:
    print(f"{'input':<18} {'seconds':>8} {'exit':>5}  within {LIMIT:.0f} s")
    worst = 0.0
    for make in INPUTS:
        with tempfile.TemporaryDirectory() as tmp:
            argv = make(Path(tmp))
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "assess", *argv], capture_output=True, text=True,
                                  env={**os.environ, "NO_COLOR": "1"}, cwd=tmp)
            seconds = time.perf_counter() - start
        worst = max(worst, seconds)
        internal = " INTERNAL ERROR" if done.returncode == 70 else ""
        print(f"{make.__name__:<18} {seconds:>8.2f} {done.returncode:>5}  {'yes' if seconds < LIMIT else 'NO'}{internal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
