"""Run many case files through the pipeline in worker processes and stream the results, in input order, to a writer.

Memory stays flat: at most a few chunks of results are in flight (a bounded window of futures), and each result
is written and dropped as soon as it is next in order.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from assess.errors import InputError, printable_path
from assess.many.writers import DataFormat, atomic_path


@dataclass(frozen=True)
class Task:
    """One case file to assess, with the run's settings (picklable, sent to a worker)."""

    path: str
    fmt: str
    draws: int | None = None
    seed: int | None = None
    as_of: date | None = None


@dataclass
class Outcome:
    """What a worker sends back: the record to write, or the located problems of an invalid file."""

    path: str
    record: Any = None
    problems: list[str] = field(default_factory=list)
    warnings: int = 0


def assess_task(task: Task) -> Outcome:
    """Assess one file (in a worker). Invalid input becomes an Outcome with its located problems, not an exception."""
    from assess.many.writers import FORMATS
    from assess.pipeline import assess_file

    shown = printable_path(task.path)
    try:
        assessment, loaded = assess_file(task.path, as_of=task.as_of, seed=task.seed, draws=task.draws,
                                         slices=FORMATS[task.fmt].slices)
    except InputError as exc:
        return Outcome(path=shown, problems=exc.lines())
    except OSError as exc:  # a file the case points to that cannot be read (too long a name, no permission)
        what = exc.strerror or type(exc).__name__
        where = printable_path(exc.filename) if isinstance(exc.filename, str) else "a file it points to"
        return Outcome(path=shown, problems=[f"{shown}:1:1: error: cannot read {where}: {what}; the case is skipped"])
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        # One case that the loader could not turn into a located error must not abort the others' data set.
        return Outcome(path=shown, problems=[f"{shown}:1:1: error: this case could not be read ({type(exc).__name__}); "
                                             "it is skipped; run `assess validate` on it for details"])
    return Outcome(path=shown, record=FORMATS[task.fmt].extract(assessment, shown), warnings=len(loaded.warnings))


def _run_chunk(tasks: list[Task]) -> list[Outcome]:
    return [assess_task(t) for t in tasks]


def _chunks(items: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _start_method() -> str:
    """`fork` where it is safe and cheap (Linux, no other thread yet), else `spawn`.

    Forked workers inherit the imported pipeline and built models: no interpreter start-up and no imports per
    worker. Forking a process that runs threads (a progress bar's) can deadlock, and macOS forks badly.
    """
    import threading

    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def _import_the_pipeline() -> None:
    """Everything assessing a file imports (the pipeline imports some lazily, to start fast): once here,
    inherited by every forked worker, rather than once in each."""
    import assess.clock  # noqa: F401
    import assess.loading.bibliography  # noqa: F401
    import assess.many.writers  # noqa: F401
    import assess.pipeline  # noqa: F401
    import assess.quotes  # noqa: F401
    import assess.scoring  # noqa: F401


@contextmanager
def worker_pool(jobs: int) -> Iterator[Executor | None]:
    """A process pool of `jobs` workers, started now; None for one job (work stays in this process).

    Enter it before starting threads (a progress bar) or opening the output, so that workers fork clean.
    """
    if jobs <= 1:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import gc

    method = _start_method()
    if method == "fork":
        _import_the_pipeline()
        gc.freeze()  # what exists now is left alone by the workers' collections: they do not copy shared pages
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
            if method == "fork":
                pool.submit(int).result()  # forks every worker now (a fork pool starts them all at the first task)
            yield pool
    finally:
        if method == "fork":
            gc.unfreeze()  # this process collects as before (a library caller may run many batches)


def ordered_outcomes(tasks: Sequence[Task], jobs: int = 1, chunksize: int = 4, pool: Executor | None = None) -> Iterator[Outcome]:
    """Outcomes in task order: in this process for one job, else from `pool` (or a pool of `jobs` workers
    started here), with at most 2 chunks per worker in flight."""
    if pool is None and jobs > 1:
        with worker_pool(jobs) as own:
            yield from ordered_outcomes(tasks, jobs, chunksize, own)
        return
    if pool is None:
        for task in tasks:
            yield assess_task(task)
        return
    chunks = _chunks(tasks, chunksize)
    window = deque(pool.submit(_run_chunk, chunk) for chunk in islice(chunks, 2 * max(jobs, 1)))
    while window:
        done = window.popleft().result()
        following = next(chunks, None)
        if following is not None:
            window.append(pool.submit(_run_chunk, following))
        yield from done


@dataclass
class BatchSummary:
    """How a batch went."""

    written: int = 0
    invalid: list[str] = field(default_factory=list)


def run_batch(
    files: Sequence[Path],
    output: str | Path,
    fmt: DataFormat,
    *,
    jobs: int = 1,
    draws: int | None = None,
    seed: int | None = None,
    as_of: date | None = None,
    report: Callable[[str], None] = lambda line: None,
    advance: Callable[[], None] = lambda: None,
    pool: Executor | None = None,
) -> BatchSummary:
    """Assess `files` and write every valid result to `output` (atomically); invalid files are reported and skipped.

    `pool` (from `worker_pool(jobs)`) lets a caller start the workers before its own threads; without it,
    a pool of `jobs` workers is started here, before the output is opened.
    """
    if pool is None and jobs > 1:
        with worker_pool(jobs) as own:
            return run_batch(files, output, fmt, jobs=jobs, draws=draws, seed=seed, as_of=as_of,
                             report=report, advance=advance, pool=own)
    tasks = [Task(path=str(p), fmt=fmt.name, draws=draws, seed=seed, as_of=as_of) for p in files]
    summary = BatchSummary()
    with atomic_path(output, inputs=files) as tmp:
        writer = fmt.writer(tmp)
        try:
            for outcome in ordered_outcomes(tasks, jobs, pool=pool):
                if outcome.problems:
                    summary.invalid.append(outcome.path)
                    for line in outcome.problems:
                        report(line)
                else:
                    writer.write(outcome.record)
                    summary.written += 1
                advance()
        finally:
            writer.close()
    return summary
