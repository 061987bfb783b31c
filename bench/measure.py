"""Timing primitives: one subprocess with its own peak RSS, interleaved A/B repetitions, in-process workers."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKER = HERE / "worker.py"


class BenchFailure(RuntimeError):
    """A measured command did not succeed: the table shows the reason instead of a number."""


@dataclass
class Sample:
    """Repeated measurements of one side of a comparison."""

    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    kind: str = "rss"  # "rss": peak resident set of the process; "heap": tracemalloc peak of the measured work

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> int:
        return max(self.peak_kb) if self.peak_kb else 0


def run_once(argv: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None, ok_codes: tuple[int, ...] = (0,)) -> tuple[float, int, bytes]:
    """Run argv once: (wall seconds, peak RSS in KB of the process tree's largest member, stdout bytes).

    `os.wait4` gives this child's own rusage (and that of its waited-for children, e.g. batch workers), unlike
    RUSAGE_CHILDREN, which accumulates over every child this benchmark has ever run.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.stdout.read(), proc.stderr.read()  # small outputs: reading both in turn cannot deadlock here
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok_codes:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["(no message)"]
        raise BenchFailure(f"`{' '.join(Path(a).name if '/' in a else a for a in argv[:3])} ...` exit {proc.returncode}: {tail[0][:120]}")
    return elapsed, int(usage.ru_maxrss), out


def compare(a: list[str], b: list[str], reps: int, *, warmup: int = 1, a_ok: tuple[int, ...] = (0,), b_ok: tuple[int, ...] = (0,)) -> tuple[Sample, Sample]:
    """Time two commands in alternation (A, B, A, B, ...) so that drift in machine load hits both alike."""
    for _ in range(warmup):  # fill the OS page cache for both, so neither pays for the first disk read
        run_once(a, ok_codes=a_ok)
        run_once(b, ok_codes=b_ok)
    sa, sb = Sample(), Sample()
    for _ in range(reps):
        for argv, sample, ok in ((a, sa, a_ok), (b, sb, b_ok)):
            seconds, peak, _ = run_once(argv, ok_codes=ok)
            sample.seconds.append(seconds)
            sample.peak_kb.append(peak)
    return sa, sb


def in_process(job: str, args: list[str], reps: int) -> Sample:
    """Run a worker job (see worker.py) in a fresh interpreter; its timings exclude start-up and imports."""
    argv = [sys.executable, str(WORKER), job, "--reps", str(reps), *args]
    _, _, out = run_once(argv)
    result = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    return Sample(seconds=result["seconds"], peak_kb=[result["heap_peak_kb"]], kind="heap")


def compare_in_process(a: tuple[str, list[str]], b: tuple[str, list[str]], reps: int, rounds: int = 2) -> tuple[Sample, Sample]:
    """In-process jobs A and B, each in `rounds` alternating fresh workers of `reps` repetitions; all timings pooled."""
    sa, sb = Sample(kind="heap"), Sample(kind="heap")
    per_round = max(1, reps // rounds)
    for _ in range(rounds):
        for (job, args), sample in ((a, sa), (b, sb)):
            got = in_process(job, args, per_round)
            sample.seconds += got.seconds
            sample.peak_kb += got.peak_kb
    return sa, sb


def assess_argv(*args: str) -> list[str]:
    """The installed `assess` script (what users run; not a pyenv shim, whose own start-up is not ours)."""
    script = Path(sys.executable).parent / "assess"
    return [str(script), *args] if script.is_file() else [sys.executable, "-m", "assess", *args]


def tool_argv(name: str, *args: str) -> list[str] | None:
    """Another console script installed beside this Python (e.g. check-jsonschema), or None."""
    script = Path(sys.executable).parent / name
    return [str(script), *args] if script.is_file() else None
