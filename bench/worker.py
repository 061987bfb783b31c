"""In-process benchmark jobs, run by measure.in_process in a fresh interpreter; prints one JSON line.

Each job warms up on the first file (so lazy imports are not timed), times `--reps` passes over all files, then
makes one extra, untimed pass under tracemalloc over `--heap-files` files for the peak Python heap of the work itself.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_job(args: argparse.Namespace) -> Callable[[Path], object]:
    """The floor: libyaml's C parser building plain Python data, nothing else."""
    import yaml

    def run(path: Path) -> object:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle.read(), Loader=yaml.CSafeLoader)

    return run


def load_job(args: argparse.Namespace) -> Callable[[Path], object]:
    """Validation only: located parse, models, cross-references (what `assess validate` does per file)."""
    from assess.loading import open_case

    return open_case


def pipeline_job(args: argparse.Namespace) -> Callable[[Path], object]:
    """Validate and score one file through the public pipeline, as batch does (`--no-slices`: as batch does for
    a CSV or SQLite data set, which records no time slices)."""
    from assess.pipeline import assess_file

    accepted = inspect.signature(assess_file).parameters
    kwargs: dict[str, object] = {"draws": args.draws} if args.draws is not None and "draws" in accepted else {}
    if args.no_slices and "slices" in accepted:
        kwargs["slices"] = False

    def run(path: Path) -> object:
        return assess_file(path, **kwargs)

    return run


JOBS = {"parse": parse_job, "load": load_job, "pipeline": pipeline_job}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("job", choices=sorted(JOBS))
    parser.add_argument("--files-from", type=Path, required=True, help="A file listing one input path a line.")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--draws", type=int, default=None)
    parser.add_argument("--no-slices", action="store_true", help="Score without the time slices (a CSV data set).")
    parser.add_argument("--warmup", type=Path, help="Warm up on this (small) file instead of the first one.")
    parser.add_argument("--heap-files", type=int, default=5, help="Files in the tracemalloc pass (0: none).")
    args = parser.parse_args()
    files = [Path(line) for line in args.files_from.read_text(encoding="utf-8").splitlines() if line]
    run = JOBS[args.job](args)
    run(args.warmup or files[0])
    seconds, cpu = [], []
    for _ in range(args.reps):
        start, start_cpu = time.perf_counter(), time.process_time()
        for path in files:
            run(path)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    heap_peak = 0
    if args.heap_files:
        tracemalloc.start()
        for path in files[: args.heap_files]:
            run(path)
        heap_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "heap_peak_kb": heap_peak // 1024, "files": len(files)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
