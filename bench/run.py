"""Benchmarks of `assess` against floors, measured side by side in one run and printed as a table of ratios.

    python bench/run.py --quick     # about 30-40 s on a 2-core machine
    python bench/run.py             # full: bigger corpora, more repetitions

Never run as tests (timings are machine-dependent); see bench/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402 - bench/ is a folder of scripts, not a package
from measure import BenchFailure  # noqa: E402
from rows import ROWS, Context, Row  # noqa: E402


@dataclass(frozen=True)
class Settings:
    """How big and how repeated a run is."""

    cases: int  # seeded variants in the many-cases corpus (throughput, batch)
    validate_files: int  # how many of them `validate` and check-jsonschema check in one call
    reps: int  # repetitions per side (medians are reported)
    warmup: int  # untimed runs per side before timing
    rounds: int  # fresh worker pairs per in-process comparison
    heap_files: int  # files traced by tracemalloc per in-process worker (0: report peak RSS)
    skip: tuple[str, ...] = ()  # rows left out (diagnostics that are not targets)
    pdf_small: bool = False  # render a short case for the PDF row (a full Russia report is seconds of CPU)
    pdf_reps: int = 3
    batch_reps: int = 3
    big_reps: int = 3  # repetitions of the x100 case
    scales: tuple[int, ...] = (1, 10, 100)
    batch_cases: int = 0  # cases in the `batch -j` row's folder (0: the many-cases corpus itself)


# Quick: about 40 s of CPU in all. The PDF row renders a short case, the slowest rows run twice, the many-cases
# corpus is small. The batch row gets 200 cases: a speed-up from parallel workers is about batches where the
# work outweighs one process start (on 40 cases, under a second of work, start-up is a third of the time).
QUICK = Settings(
    cases=40, validate_files=4, reps=3, warmup=0, rounds=1, heap_files=0, skip=("validation",),
    pdf_small=True, pdf_reps=2, batch_reps=2, big_reps=2, batch_cases=200,
)
FULL = Settings(cases=400, validate_files=50, reps=5, warmup=1, rounds=2, heap_files=5)


def format_seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def format_kb(value: int) -> str:
    return f"{value / 1024:.0f} MB" if value >= 10240 else f"{value / 1024:.1f} MB"


def table(rows: list[Row]) -> str:
    """The ratio table, then each row's A and B spelled out, with notes."""
    head = ("#", "what", "A", "B", "ratio", "target", "result", "CPU ratio", "peak A", "peak B")
    lines = [head]
    for n, row in enumerate(rows, 1):
        if row.sample_a is None or row.sample_b is None:
            lines.append((str(n), row.what, "-", "-", "-", row.target, row.unavailable or "n/a", "-", "-", "-"))
            continue
        peak_kind = "heap" if row.sample_a.kind == "heap" else "RSS"
        lines.append(
            (
                str(n),
                row.what,
                format_seconds(row.sample_a.median),
                format_seconds(row.sample_b.median),
                f"{row.ratio:.2f}x",
                row.target,
                row.verdict,
                f"{row.cpu_ratio:.2f}x" if row.cpu_ratio is not None else "-",
                f"{format_kb(row.sample_a.peak)} {peak_kind}",
                f"{format_kb(row.sample_b.peak)} {peak_kind}",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    rendered = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines]
    rendered.insert(1, "  ".join("-" * w for w in widths))
    rendered.append("")
    for n, row in enumerate(rows, 1):
        rendered.append(f"{n}. A = {row.a}")
        rendered.append(f"   B = {row.b}")
        for note in row.notes:
            rendered.append(f"   note: {note}")
    return "\n".join(rendered)


def load_note() -> str:
    """The machine's load: wall-clock ratios are only fair when nothing else competes for the CPUs."""
    if not hasattr(os, "getloadavg"):
        return ""
    one, _, _ = os.getloadavg()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    busy = " (busy machine: trust the CPU ratios more than the wall-clock ones)" if one > cpus * 0.75 else ""
    return f"load average {one:.1f} on {cpus} CPU(s){busy}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small corpora and 3 repetitions (about 30-40 s).")
    parser.add_argument("--reps", type=int, help="Repetitions per side (default 3 quick, 5 full).")
    parser.add_argument("--cases", type=int, help="Cases in the many-cases corpus (default 40 quick, 400 full).")
    parser.add_argument("--draws", type=int, help="Monte Carlo draws of the sensitivity analysis (default: the batch and score default).")
    parser.add_argument("--only", help="Comma-separated row keys to run: " + ", ".join(ROWS) + ".")
    parser.add_argument("--keep", type=Path, help="Generate the corpora here and keep them (default: a temp dir).")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    reps = args.reps or settings.reps
    cases = args.cases or settings.cases
    selected = args.only.split(",") if args.only else [key for key in ROWS if key not in settings.skip]
    unknown = [key for key in selected if key not in ROWS]
    if unknown:
        parser.error(f"unknown row(s) {', '.join(unknown)}; choose from {', '.join(ROWS)}")

    work = args.keep or Path(tempfile.mkdtemp(prefix="assess-bench-"))
    started = time.perf_counter()
    try:
        many = corpus.write_many(work / "many", cases)
        batch_cases = max(settings.batch_cases, cases) if settings.batch_cases else cases
        batch_dir = many[0].parent if batch_cases == cases else corpus.write_many(work / "batch", batch_cases)[0].parent
        scaled = corpus.write_scaled(work / "scaled", list(settings.scales))
        ctx = Context(
            work=work, many=many, scaled=scaled, reps=reps, draws=args.draws,
            validate_files=min(settings.validate_files, len(many)), warmup=settings.warmup, rounds=settings.rounds,
            heap_files=settings.heap_files, pdf_reps=settings.pdf_reps,
            batch_reps=settings.batch_reps, big_reps=settings.big_reps, batch_dir=batch_dir, batch_count=batch_cases,
        )
        if settings.pdf_small:
            ctx.pdf_case = corpus.write_small(work / "small")
        print(
            f"assess bench ({'quick' if args.quick else 'full'}): Python {platform.python_version()}, "
            f"{ctx.cpus} CPU(s), {cases} cases, evidence x{'/x'.join(map(str, settings.scales))}, "
            f"{reps} repetitions, medians; scoring draws: {ctx.draws_label}; {load_note()}",
            flush=True,
        )
        rows = []
        for key in selected:
            print(f"  measuring {key} ...", file=sys.stderr, end="", flush=True)
            row_started = time.perf_counter()
            try:
                rows.append(ROWS[key](ctx))
            except BenchFailure as exc:
                rows.append(Row.failed(key, str(exc)))
            print(f" {time.perf_counter() - row_started:.1f} s", file=sys.stderr, flush=True)
        print()
        print(table(rows))
        print(f"\ntotal {time.perf_counter() - started:.1f} s; {load_note()}; corpora in {work}" + ("" if args.keep else " (removed)"))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
