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

    @property
    def cpus(self) -> int:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

    @cached_property
    def commands(self) -> dict[str, object]:
        from assess.cli import cli

        return dict(cli.commands)

    def has(self, command: str) -> bool:
        return command in self.commands

    @cached_property
    def batch_default_draws(self) -> int | None:
        batch = self.commands.get("batch")
        for param in getattr(batch, "params", []):
            if param.name == "draws" and isinstance(param.default, int):
                return param.default
        return None

    @property
    def effective_draws(self) -> int | None:
        return self.draws if self.draws is not None else self.batch_default_draws

    @property
    def draws_label(self) -> str:
        if self.draws is not None:
            return f"--draws {self.draws}"
        if self.batch_default_draws is not None:
            return f"{self.batch_default_draws} (batch default)"
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


def cold_score(ctx: Context) -> Row:
    row = Row(
        "cold `assess score` vs bare imports",
        f"`assess score {RUSSIA.relative_to(ROOT)}` in a fresh process, stdout to /dev/null",
        "`python -c 'import click, pydantic, jinja2, yaml'` in a fresh process",
        "<= 1.60x",
        lambda r: r <= 1.6,
    )
    if not ctx.has("score"):
        return _unavailable(row, "`assess score` has not landed")
    row.sample_a, row.sample_b = compare(
        assess_argv("score", str(RUSSIA)), [sys.executable, "-c", "import click, pydantic, jinja2, yaml"], ctx.reps * 2
    )
    return row


def _throughput_args(ctx: Context, name: str, paths: list[Path], draws: bool) -> list[str]:
    args = ["--files-from", str(ctx.file_list(name, paths))]
    if draws and ctx.effective_draws is not None:
        args += ["--draws", str(ctx.effective_draws)]
    return args


def throughput(ctx: Context) -> Row:
    row = Row(
        "validate+score throughput vs bare parse",
        f"`assess.pipeline.assess_file` over {len(ctx.many)} cases in one process (draws: {ctx.draws_label})",
        f"`yaml.load(text, Loader=yaml.CSafeLoader)` of the same {len(ctx.many)} files in one process",
        "<= 1.50x",
        lambda r: r <= 1.5,
    )
    if importlib.util.find_spec("assess.pipeline") is None:
        return _unavailable(row, "`assess.pipeline` has not landed")
    row.sample_a, row.sample_b = compare_in_process(
        ("pipeline", _throughput_args(ctx, "many", ctx.many, True)), ("parse", _throughput_args(ctx, "many", ctx.many, False)), ctx.reps
    )
    row.notes.append(f"per file: A {row.sample_a.median / len(ctx.many) * 1000:.2f} ms, B {row.sample_b.median / len(ctx.many) * 1000:.2f} ms")
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
        ("load", _throughput_args(ctx, "many", ctx.many, False)), ("parse", _throughput_args(ctx, "many", ctx.many, False)), ctx.reps
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
    reps = {f: max(ctx.reps, min(30, 3 * ctx.reps * 100 // (f * 10))) for f in (big, small)}
    row.sample_a = in_process(job, _throughput_args(ctx, f"x{big}", [ctx.scaled[big]], True), reps[big])
    row.sample_b = in_process(job, _throughput_args(ctx, f"x{small}", [ctx.scaled[small]], True), reps[small])
    return row


def _evidence_count(ctx: Context, factor: int) -> int:
    return ctx.scaled[factor].read_text(encoding="utf-8").count("\n- id: ") - ctx.scaled[factor].read_text(encoding="utf-8").split("\nevidence:", 1)[0].count("\n- id: ")


def scaling_10(ctx: Context) -> Row:
    return _scaling(ctx, 10, 1)


def scaling_100(ctx: Context) -> Row:
    return _scaling(ctx, 100, 10)


def batch_parallel(ctx: Context) -> Row:
    row = Row(
        "`batch -j 2` speed-up over `-j 1`",
        f"`assess batch DIR -o OUT -j 2` over {len(ctx.many)} cases",
        "the same with `-j 1`",
        ">= 1.70x",
        lambda r: r >= 1.7,
        speedup=True,
    )
    if not ctx.has("batch"):
        return _unavailable(row, "`assess batch` has not landed")
    if ctx.cpus < 2:
        row.notes.append(f"only {ctx.cpus} CPU available: no speed-up is possible here")
    many_dir = str(ctx.many[0].parent)
    out = ctx.work / "batch-out"
    row.sample_a, row.sample_b = compare(
        assess_argv("batch", many_dir, "-o", str(out / "j2"), "-j", "2", *ctx.draws_args()),
        assess_argv("batch", many_dir, "-o", str(out / "j1"), "-j", "1", *ctx.draws_args()),
        ctx.reps,
        a_ok=(0, 1, 3),
        b_ok=(0, 1, 3),
    )
    row.notes.append("peak RSS is the largest single process of the batch (the parent or one worker)")
    return row


WEASYPRINT_ALONE = (
    "import sys, weasyprint; "
    "weasyprint.HTML(string=open(sys.argv[1], encoding='utf-8').read()).write_pdf(sys.argv[2])"
)


def pdf(ctx: Context) -> Row:
    row = Row(
        "PDF report vs WeasyPrint alone",
        f"`assess score {RUSSIA.relative_to(ROOT)} -o report.pdf` in a fresh process",
        "`weasyprint.HTML(string=<the same report's HTML>).write_pdf()` in a fresh process (import included)",
        "<= 1.30x",
        lambda r: r <= 1.3,
    )
    if not ctx.has("score"):
        return _unavailable(row, "`assess score` has not landed")
    if importlib.util.find_spec("weasyprint") is None:
        return _unavailable(row, "WeasyPrint is not installed (pip install 'assess[pdf]')")
    html = ctx.work / "report.html"
    try:
        run_once(assess_argv("score", str(RUSSIA), "-o", str(html)))
    except BenchFailure as exc:
        return _unavailable(row, f"HTML report not available: {exc}")
    row.sample_a, row.sample_b = compare(
        assess_argv("score", str(RUSSIA), "-o", str(ctx.work / "report.pdf")),
        [sys.executable, "-c", WEASYPRINT_ALONE, str(html), str(ctx.work / "weasyprint.pdf")],
        ctx.reps,
    )
    return row


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
    row.sample_a, row.sample_b = compare(assess_argv("validate", "-q", *files), b_argv, ctx.reps, b_ok=(0, 1))
    _, _, out = run_once(b_argv, ok_codes=(0, 1))
    verdict = out.decode("utf-8", "replace").strip().splitlines()
    row.notes.append(f"check-jsonschema said: {verdict[0][:100] if verdict else '(nothing)'}")
    return row


ROWS: dict[str, Callable[[Context], Row]] = {
    "cold-score": cold_score,
    "throughput": throughput,
    "validation": validation_share,
    "scale-10": scaling_10,
    "scale-100": scaling_100,
    "batch": batch_parallel,
    "pdf": pdf,
    "validate": validate_vs_jsonschema,
}
