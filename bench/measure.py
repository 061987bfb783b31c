"""Timing primitives: one subprocess with its own peak RSS, interleaved A/B repetitions, in-process workers."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
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
    cpu: list[float] = field(default_factory=list)  # user+sys CPU seconds: less disturbed by other load than wall time
    peak_kb: list[int] = field(default_factory=list)
    kind: str = "rss"  # "rss": peak resident set of the process; "heap": tracemalloc peak of the measured work

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def peak(self) -> int:
        return max(self.peak_kb) if self.peak_kb else 0


TIME = Path("/usr/bin/time")


def run_once(argv: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None, ok_codes: tuple[int, ...] = (0,)) -> tuple[float, int, bytes, bytes, float]:
    """Run argv once: (wall seconds, peak RSS in KB, stdout, stderr, CPU seconds user+sys).

    Peak RSS comes from GNU time (`/usr/bin/time -f %M`), the largest member of the process tree (e.g. one batch
    worker): the rusage of a child forked straight from this benchmark would count this process's own memory
    as the child's, since Linux carries the parent's high-water mark over fork and exec. Output goes to
    temporary files, not pipes: no pipe can fill up and stall the child.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        wrapped = ["/usr/bin/time", "-f", "%M", "-o", rss.name, *argv] if TIME.is_file() else argv
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, cwd=cwd, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        numbers = [line for line in rss.read().splitlines() if line.strip().isdigit()]
        peak = int(numbers[-1]) if numbers else int(usage.ru_maxrss)
    if proc.returncode not in ok_codes:
        lines = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
        shown = " ".join(Path(a).name if "/" in a else a for a in argv[:3])
        raise BenchFailure(f"`{shown} ...` exit {proc.returncode}: {(lines[-1] if lines else '(no message)')[:120]}")
    return elapsed, peak, stdout, stderr, usage.ru_utime + usage.ru_stime


def compare(a: list[str], b: list[str], reps: int, *, warmup: int = 1, a_ok: tuple[int, ...] = (0,), b_ok: tuple[int, ...] = (0,)) -> tuple[Sample, Sample]:
    """Time two commands in alternation (A, B, A, B, ...) so that drift in machine load hits both alike."""
    for _ in range(warmup):  # fill the OS page cache for both, so neither pays for the first disk read
        run_once(a, ok_codes=a_ok)
        run_once(b, ok_codes=b_ok)
    sa, sb = Sample(), Sample()
    for _ in range(reps):
        for argv, sample, ok in ((a, sa, a_ok), (b, sb, b_ok)):
            seconds, peak, _, _, cpu = run_once(argv, ok_codes=ok)
            sample.seconds.append(seconds)
            sample.cpu.append(cpu)
            sample.peak_kb.append(peak)
    return sa, sb


def in_process(job: str, args: list[str], reps: int, *, heap_files: int = 5, warmup: Path | None = None) -> Sample:
    """Run a worker job (see worker.py) in a fresh interpreter; its timings exclude start-up and imports.

    Peak memory is tracemalloc's peak of the work itself when `heap_files` > 0, else the worker's peak RSS
    (interpreter and imports included): tracing a 100x case costs more time than a quick run has.
    """
    argv = [sys.executable, str(WORKER), job, "--reps", str(reps), "--heap-files", str(heap_files), *args]
    if warmup is not None:
        argv += ["--warmup", str(warmup)]
    _, rss, out, _, _ = run_once(argv)
    result = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    if heap_files:
        return Sample(seconds=result["seconds"], cpu=result["cpu"], peak_kb=[result["heap_peak_kb"]], kind="heap")
    return Sample(seconds=result["seconds"], cpu=result["cpu"], peak_kb=[rss], kind="rss")


def compare_in_process(a: tuple[str, list[str]], b: tuple[str, list[str]], reps: int, *, rounds: int = 2, heap_files: int = 5) -> tuple[Sample, Sample]:
    """In-process jobs A and B, in `rounds` alternating fresh workers (A, B, A, B); all timings pooled."""
    sa, sb = Sample(), Sample()
    per_round = max(1, -(-reps // rounds))
    for _ in range(rounds):
        for (job, args), sample in ((a, sa), (b, sb)):
            got = in_process(job, args, per_round, heap_files=heap_files)
            sample.seconds += got.seconds
            sample.cpu += got.cpu
            sample.peak_kb += got.peak_kb
            sample.kind = got.kind
    return sa, sb


def assess_argv(*args: str) -> list[str]:
    """The installed `assess` script (what users run; not a pyenv shim, whose own start-up is not ours)."""
    script = Path(sys.executable).parent / "assess"
    return [str(script), *args] if script.is_file() else [sys.executable, "-m", "assess", *args]


def tool_argv(name: str, *args: str) -> list[str] | None:
    """Another console script installed beside this Python (e.g. check-jsonschema), or None."""
    script = Path(sys.executable).parent / name
    return [str(script), *args] if script.is_file() else None
