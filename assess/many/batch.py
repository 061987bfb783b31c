"""Run many case files through the pipeline in worker processes and stream the results, in input order, to a writer.

Memory stays flat: at most a few chunks of results are in flight (a bounded window of futures), and each result
is written and dropped as soon as it is next in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from assess.errors import InputError
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

    try:
        assessment, loaded = assess_file(task.path, as_of=task.as_of, seed=task.seed, draws=task.draws)
    except InputError as exc:
        return Outcome(path=task.path, problems=exc.lines())
    return Outcome(path=task.path, record=FORMATS[task.fmt].extract(assessment, task.path), warnings=len(loaded.warnings))


def _run_chunk(tasks: list[Task]) -> list[Outcome]:
    return [assess_task(t) for t in tasks]


def _chunks(items: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered_outcomes(tasks: Sequence[Task], jobs: int, chunksize: int = 4) -> Iterator[Outcome]:
    """Outcomes in task order; with jobs > 1 from a process pool with at most 2 x jobs chunks in flight."""
    if jobs <= 1:
        for task in tasks:
            yield assess_task(task)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # `spawn` rather than `fork`: forking a process that runs threads (a progress bar) is unsafe.
    context = multiprocessing.get_context("spawn")
    chunks = _chunks(tasks, chunksize)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        window = deque(pool.submit(_run_chunk, chunk) for chunk in islice(chunks, 2 * jobs))
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
) -> BatchSummary:
    """Assess `files` and write every valid result to `output` (atomically); invalid files are reported and skipped."""
    tasks = [Task(path=str(p), fmt=fmt.name, draws=draws, seed=seed, as_of=as_of) for p in files]
    summary = BatchSummary()
    with atomic_path(output, inputs=files) as tmp:
        writer = fmt.writer(tmp)
        try:
            for outcome in ordered_outcomes(tasks, jobs):
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
