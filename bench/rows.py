"""The comparisons the benchmark table shows, one function per row, registered in ROWS in table order."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from measure import ROOT, BenchFailure, Sample, assess_argv, compare, compare_in_process, in_process, run_once, tool_argv

RUSSIA = ROOT / "cases" / "russia_nk.yaml"
NOT_AVAILABLE = "n/a (not available)"


@dataclass
class Context:
    """What every row may use: the generated corpora, repetitions, and what the installed assess offers."""

    work: Path
    many: list[Path]
    scaled: dict[int, Path]
    reps: int
    draws: int | None
    validate_files: int
    warmup: int = 1  # untimed runs of each side first (page cache); quick mode relies on earlier rows for that
    rounds: int = 2  # fresh worker pairs per in-process comparison
    heap_files: int = 5  # files traced by tracemalloc per worker; 0 = report the worker's peak RSS instead
    pdf_case: Path = RUSSIA  # quick mode renders a short case: a full Russia PDF takes seconds of CPU per run
    pdf_reps: int = 3
    batch_reps: int = 3
    big_reps: int = 3  # repetitions of the x100 case (seconds each)
    batch_dir: Path | None = None  # the folder the batch row assesses (default: the many-cases corpus)
    batch_count: int = 0
    _samples: dict[tuple[str, int], Sample] = field(default_factory=dict)

    @property
    def cpus(self) -> int:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

    @cached_property
    def commands(self) -> dict[str, object]:
        from assess.cli import cli

        return dict(cli.commands)

    def has(self, command: str) -> bool:
        return command in self.commands

    def has_option(self, command: str, flag: str) -> bool:
        return any(flag in getattr(param, "opts", ()) for param in getattr(self.commands.get(command), "params", []))

    @cached_property
    def batch_default_draws(self) -> int | None:
        """`assess batch` defaults to `--draws 0` (no joint analysis: seconds a case); read from its option."""
        option = next((p for p in getattr(self.commands.get("batch"), "params", []) if "--draws" in getattr(p, "opts", ())), None)
        return None if option is None or option.default is None else int(option.default)

    @property
    def effective_draws(self) -> int | None:
        return self.draws if self.draws is not None else self.batch_default_draws

    @property
    def draws_label(self) -> str:
        if self.draws is not None:
            return f"--draws {self.draws}"
        if self.batch_default_draws is not None:
            return f"{self.batch_default_draws} (the batch default)"
        return "the commands' defaults"

    def draws_args(self) -> list[str]:
        return ["--draws", str(self.draws)] if self.draws is not None else []

    def file_list(self, name: str, paths: list[Path]) -> Path:
        listing = self.work / f"{name}.txt"
        listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        return listing


@dataclass
class Row:
    """One line of the table: A measured against B, with the ratio's target."""

    what: str
    a: str
    b: str
    target: str
    passes: Callable[[float], bool] | None
    sample_a: Sample | None = None
    sample_b: Sample | None = None
    speedup: bool = False  # ratio is B/A (how many times faster A is), not A/B
    notes: list[str] = field(default_factory=list)
    unavailable: str | None = None

    @property
    def ratio(self) -> float:
        a, b = self.sample_a.median, self.sample_b.median
        return b / a if self.speedup else a / b

    @property
    def cpu_ratio(self) -> float | None:
        """The same ratio in CPU seconds (user+sys): steadier on a busy machine; meaningless for a speed-up."""
        a, b = self.sample_a.cpu_median, self.sample_b.cpu_median
        if self.speedup or not a or not b:
            return None
        return a / b

    @property
    def verdict(self) -> str:
        if self.passes is None:
            return "info"
        return "PASS" if self.passes(self.ratio) else "MISS"

    @classmethod
    def failed(cls, key: str, reason: str) -> Row:
        return cls(what=key, a="-", b="-", target="-", passes=None, unavailable="FAILED", notes=[reason])


def _unavailable(row: Row, why: str) -> Row:
    row.unavailable = NOT_AVAILABLE
    row.notes.append(why)
    return row


CORE_IMPORTS = "import click, pydantic, jinja2, yaml, rich, rapidfuzz, numpy, scipy"  # pyproject's dependencies


def cold_score(ctx: Context) -> Row:
    row = Row(
        "cold `assess score` (full analysis) vs bare imports",
        f"`assess score {RUSSIA.relative_to(ROOT)}` in a fresh process with the default joint uncertainty analysis "
        "(1,024 joint draws, Sobol indices, leave-one-source/event-out), stdout to /dev/null",
        f"`python -c '{CORE_IMPORTS}'` in a fresh process",
        "<= 2.00x",
        lambda r: r <= 2.0,
    )
    if not ctx.has("score"):
        return _unavailable(row, "`assess score` has not landed")
    row.sample_a, row.sample_b = compare(
        assess_argv("score", str(RUSSIA)), [sys.executable, "-c", CORE_IMPORTS], ctx.reps, warmup=ctx.warmup,
    )
    row.notes.append("the analysis imports scipy.stats (about 0.3 s) and evaluates the model about 6,600 times")
    return row


def cold_score_light(ctx: Context) -> Row:
    row = Row(
        "cold `assess score --draws 0` vs bare imports",
        f"`assess score {RUSSIA.relative_to(ROOT)} --draws 0` in a fresh process (point estimate only)",
        f"`python -c '{CORE_IMPORTS}'` in a fresh process",
        "(diagnostic)",
        None,
    )
    if not ctx.has("score"):
        return _unavailable(row, "`assess score` has not landed")
    row.sample_a, row.sample_b = compare(
        assess_argv("score", str(RUSSIA), "--draws", "0"), [sys.executable, "-c", CORE_IMPORTS], ctx.reps,
        warmup=ctx.warmup,
    )
    return row


def pydantic_floor(ctx: Context) -> Row:
    row = Row(
        "one pydantic model vs bare imports",
        "`python -c` importing click, jinja2, yaml and defining one one-field pydantic model, in a fresh process",
        "`python -c 'import click, pydantic, jinja2, yaml'` in a fresh process",
        "(diagnostic)",
        None,
    )
    # `import pydantic` alone is lazy; the first model class loads the schema machinery every validating CLI
    # built on pydantic pays before its own models. This row shows that floor beside row 1's target.
    one_model = "import click, jinja2, yaml\nfrom pydantic import BaseModel\nclass Probe(BaseModel):\n    x: int\n"
    row.sample_a, row.sample_b = compare(
        [sys.executable, "-c", one_model], [sys.executable, "-c", "import click, pydantic, jinja2, yaml"], ctx.reps,
        warmup=ctx.warmup,
    )
    return row


def _throughput_args(ctx: Context, name: str, paths: list[Path], draws: bool, slices: bool = True) -> list[str]:
    args = ["--files-from", str(ctx.file_list(name, paths))]
    if draws and ctx.effective_draws is not None:
        args += ["--draws", str(ctx.effective_draws)]
    return args if slices else [*args, "--no-slices"]


def throughput(ctx: Context) -> Row:
    row = Row(
        "validate+score throughput vs bare parse",
        f"`assess.pipeline.assess_file` over {len(ctx.many)} cases in one process (draws: {ctx.draws_label}), "
        "without time slices, as `assess batch -o OUT.csv` scores",
        f"`yaml.load(text, Loader=yaml.CSafeLoader)` of the same {len(ctx.many)} files in one process",
        "<= 1.50x",
        lambda r: r <= 1.5,
    )
    if importlib.util.find_spec("assess.pipeline") is None:
        return _unavailable(row, "`assess.pipeline` has not landed")
    row.sample_a, row.sample_b = compare_in_process(
        ("pipeline", _throughput_args(ctx, "many", ctx.many, True, slices=False)),
        ("parse", _throughput_args(ctx, "many", ctx.many, False)), ctx.reps,
        rounds=ctx.rounds, heap_files=ctx.heap_files,
    )
    row.notes.append(f"per file: A {row.sample_a.median / len(ctx.many) * 1000:.2f} ms, B {row.sample_b.median / len(ctx.many) * 1000:.2f} ms")
    return row


def throughput_with_slices(ctx: Context) -> Row:
    row = Row(
        "validate+score with time slices, vs bare parse",
        f"`assess_file(path, draws=0)` over {len(ctx.many)} cases in one process, with the time slices (as for "
        "a JSON Lines record)",
        "`yaml.load(text, Loader=yaml.CSafeLoader)` of the same files",
        "(diagnostic)",
        None,
    )
    if importlib.util.find_spec("assess.pipeline") is None:
        return _unavailable(row, "`assess.pipeline` has not landed")
    args = ["--files-from", str(ctx.file_list("many", ctx.many)), "--draws", "0"]
    row.sample_a, row.sample_b = compare_in_process(
        ("pipeline", args), ("parse", _throughput_args(ctx, "many", ctx.many, False)), ctx.reps,
        rounds=ctx.rounds, heap_files=ctx.heap_files,
    )
    return row


def validation_share(ctx: Context) -> Row:
    row = Row(
        "validation alone vs bare parse",
        f"`assess.loading.open_case` (located parse, models, cross-references) over {len(ctx.many)} cases",
        "`yaml.load(text, Loader=yaml.CSafeLoader)` of the same files",
        "(diagnostic)",
        None,
    )
    row.sample_a, row.sample_b = compare_in_process(
        ("load", _throughput_args(ctx, "many", ctx.many, False)), ("parse", _throughput_args(ctx, "many", ctx.many, False)), ctx.reps,
        rounds=ctx.rounds, heap_files=ctx.heap_files,
    )
    return row


def _scaling(ctx: Context, big: int, small: int) -> Row:
    row = Row(
        f"{big // small}x evidence: x{big} vs x{small}",
        f"validate+score one case with x{big} the evidence ({_evidence_count(ctx, big)} items), in process",
        f"the same with x{small} ({_evidence_count(ctx, small)} items)",
        f"<= {big // small * 1.2:.0f}x (linear)",
        lambda r: r <= big / small * 1.2,
    )
    job = "pipeline" if importlib.util.find_spec("assess.pipeline") else "load"
    if job == "load":
        row.notes.append("`assess.pipeline` has not landed: measured validation (open_case) only")
    # Small inputs take milliseconds: repeat them more so the medians are as steady as the big one's.
    reps = {f: max(ctx.reps, min(30, 3 * ctx.reps * 100 // (f * 10))) if f < 100 else ctx.big_reps for f in (big, small)}
    warm = ctx.scaled[min(ctx.scaled)]  # imports and caches warmed on the smallest case, not a second big run
    heap = min(ctx.heap_files, 1)
    for factor in (big, small):  # x10 serves two rows: measured once
        if (job, factor) not in ctx._samples:
            args = _throughput_args(ctx, f"x{factor}", [ctx.scaled[factor]], True)
            ctx._samples[job, factor] = in_process(job, args, reps[factor], heap_files=heap, warmup=warm)
    row.sample_a, row.sample_b = ctx._samples[job, big], ctx._samples[job, small]
    return row


def _evidence_count(ctx: Context, factor: int) -> int:
    return ctx.scaled[factor].read_text(encoding="utf-8").count("\n- id: ") - ctx.scaled[factor].read_text(encoding="utf-8").split("\nevidence:", 1)[0].count("\n- id: ")


def scaling_10(ctx: Context) -> Row:
    return _scaling(ctx, 10, 1)


def scaling_100(ctx: Context) -> Row:
    return _scaling(ctx, 100, 10)


def batch_parallel(ctx: Context) -> Row:
    many_dir = str(ctx.batch_dir or ctx.many[0].parent)
    count = ctx.batch_count or len(ctx.many)
    row = Row(
        "`batch -j 2` speed-up over `-j 1`",
        f"`assess batch DIR -o OUT -j 2` over {count} cases",
        "the same with `-j 1`",
        ">= 1.70x",
        lambda r: r >= 1.7,
        speedup=True,
    )
    if not ctx.has("batch"):
        return _unavailable(row, "`assess batch` has not landed")
    if ctx.cpus < 2:
        row.notes.append(f"only {ctx.cpus} CPU available: no speed-up is possible here")
    row.sample_a, row.sample_b = compare(
        assess_argv("batch", many_dir, "-o", str(ctx.work / "batch-j2.csv"), "-j", "2", *ctx.draws_args()),
        assess_argv("batch", many_dir, "-o", str(ctx.work / "batch-j1.csv"), "-j", "1", *ctx.draws_args()),
        ctx.batch_reps,
        warmup=ctx.warmup,
    )
    if count < 100:
        row.notes.append(f"{count} cases is a small batch: one process start (~0.25 s) weighs in against the work")
    row.notes.append("peak RSS is the largest single process of the batch (the parent or one worker)")
    cpu_1, cpu_2 = row.sample_b.cpu_median, row.sample_a.cpu_median
    if cpu_1 and cpu_2:
        # With other load on the machine the workers get no free CPU; their CPU time still says how much extra
        # work -j 2 does, hence what an otherwise idle 2-CPU machine could reach at best.
        row.notes.append(f"CPU time -j 2 / -j 1: {cpu_2 / cpu_1:.2f}x, so at best {2 * cpu_1 / cpu_2:.2f}x on an idle 2-CPU machine")
    return row


WEASYPRINT_ALONE = (
    "import sys, weasyprint; "
    "weasyprint.HTML(string=open(sys.argv[1], encoding='utf-8').read()).write_pdf(sys.argv[2])"
)


def pdf(ctx: Context) -> Row:
    row = Row(
        "PDF report vs WeasyPrint alone",
        f"`assess score {_shown(ctx.pdf_case)} -o report.pdf` in a fresh process",
        "`weasyprint.HTML(string=<the same report's HTML>).write_pdf()` in a fresh process (import included)",
        "<= 1.30x",
        lambda r: r <= 1.3,
    )
    if not ctx.has_option("score", "--output"):
        return _unavailable(row, "`assess score -o FILE` (HTML/PDF reports) has not landed")
    if importlib.util.find_spec("weasyprint") is None:
        return _unavailable(row, "WeasyPrint is not installed (pip install '.[pdf]')")
    html = ctx.work / "report.html"
    try:
        run_once(assess_argv("score", str(ctx.pdf_case), "-o", str(html)))
    except BenchFailure as exc:
        return _unavailable(row, f"HTML report not available: {exc}")
    row.sample_a, row.sample_b = compare(
        assess_argv("score", str(ctx.pdf_case), "-o", str(ctx.work / "report.pdf")),
        [sys.executable, "-c", WEASYPRINT_ALONE, str(html), str(ctx.work / "weasyprint.pdf")],
        ctx.pdf_reps,
        warmup=ctx.warmup,
    )
    return row


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else f"{path.name} (the Russia case cut to its first evidence items)"


def validate_vs_jsonschema(ctx: Context) -> Row:
    files = [str(p) for p in ctx.many[: ctx.validate_files]]
    row = Row(
        "`assess validate` vs check-jsonschema",
        f"`assess validate` on {len(files)} case files in one call (models + cross-references, located errors)",
        f"`check-jsonschema --schemafile <assess schema case>` on the same {len(files)} files",
        "< 1.00x (faster)",
        lambda r: r < 1.0,
    )
    checker = tool_argv("check-jsonschema")
    if checker is None:
        return _unavailable(row, "check-jsonschema is not installed beside this Python")
    schema = ctx.work / "case.schema.json"
    run_once(assess_argv("schema", "case", "-o", str(schema)))
    b_argv = [*checker, "--schemafile", str(schema), *files]
    # Exit 1 may mean "some files are invalid" (still a full run) or "the schema itself is unusable" (no run).
    _, _, out, err, _ = run_once(b_argv, ok_codes=(0, 1))
    said = (out + err).decode("utf-8", "replace").strip().splitlines()
    if said and "schemafile was not valid" in said[0]:
        raise BenchFailure(f"check-jsonschema rejects the exported case schema: {' '.join(said[:3])[:150]}")
    row.sample_a, row.sample_b = compare(assess_argv("validate", "-q", *files), b_argv, ctx.reps, warmup=ctx.warmup, b_ok=(0, 1))
    row.notes.append(f"check-jsonschema said: {said[0][:100] if said else '(nothing)'}")
    return row


ROWS: dict[str, Callable[[Context], Row]] = {
    "cold-score": cold_score,
    "cold-score-light": cold_score_light,
    "pydantic-floor": pydantic_floor,
    "throughput": throughput,
    "with-slices": throughput_with_slices,
    "validation": validation_share,
    "scale-10": scaling_10,
    "scale-100": scaling_100,
    "batch": batch_parallel,
    "pdf": pdf,
    "validate": validate_vs_jsonschema,
}
