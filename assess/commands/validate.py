"""`assess validate FILE...`: check case files and rubrics, report every located problem."""

from __future__ import annotations

from pathlib import Path

import click

from assess.errors import ExitCode, InputError


def file_kind(path: str) -> str:
    """`case`, `rubric`, `assessor` or `bibliography`. Decided from the name or the text when it is plain to see,
    so that a case is parsed once, not twice; only odd layouts (flow or JSON style) need a full parse. A pipe is
    never read here (it can be read only once): it is taken as a case."""
    import re

    from assess.loading.kinds import kind_of_data, kind_of_path, kind_of_text
    from assess.loading.yamlfile import max_bytes, read_capped, read_yaml_file

    file = Path(path)
    try:
        if not file.is_file():
            return "case"
        by_name = kind_of_path(file)
        if by_name is not None:
            return by_name
        with file.open("rb") as handle:
            text = read_capped(handle, max_bytes(), file.stat().st_size).decode("utf-8", errors="replace")
    except OSError:
        return "case"  # unreadable: loading it as a case reports the located reason
    kind = kind_of_text(text)
    if kind != "case" or re.search(r"(?m)^[\"']?meta[\"']?[ \t]*:", text):
        return kind
    if not any(word in text for word in ("fundamentals", "extends", "case")):
        return "case"
    try:
        return kind_of_data(read_yaml_file(path).data)
    except InputError:
        return "case"  # loading it as a case reports every problem, located


def _check(path: str, rubric_ref: str | None) -> tuple[str, list[str]]:
    """Check one file as what it is: (the `ok` line, warnings); InputError with every problem."""
    from assess.loading import load_rubric, open_case

    kind = file_kind(path)
    if kind == "rubric":
        rubric = load_rubric(path)
        return f"{path}: ok (rubric '{rubric.id}' {rubric.version}, {len(rubric.criteria())} criteria)", []
    if kind == "assessor":
        from assess.many.assessors import load_assessor_file

        loaded = load_assessor_file(path)
        return f"{path}: ok (assessor file: {len(loaded.file.ratings)} ratings of {loaded.case.path})", []
    if kind == "bibliography":
        from assess.loading.bibliography import read_bibliography

        entries = read_bibliography(Path(path), path)
        return f"{path}: ok (bibliography, {len(entries)} entries)", []
    loaded = open_case(path, rubric_ref)
    case = loaded.case
    ok = (
        f"{path}: ok ({len(case.evidence)} evidence items, {len(case.sources)} sources, "
        f"rubric '{loaded.rubric.id}' {loaded.rubric.version}"
        + (f", {len(loaded.warnings)} warning(s)" if loaded.warnings else "")
        + ")"
    )
    return ok, [str(w) for w in loaded.warnings]


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rubric", "rubric_ref", default=None, help="Rubric id or path (default: the case's meta.rubric).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
def command(files: tuple[str, ...], rubric_ref: str | None, quiet: bool) -> int:
    """Check case files, rubrics, assessor files and bibliographies; report every problem with its file:line:col.

    Warnings (e.g. no evidence yet, unverified quotes) are printed but do not fail.

    \b
    Example:
      assess validate cases/russia_nk.yaml
      assess validate rubrics/un_guidance.yaml
    """
    failed = False
    for path in files:
        try:
            ok, warnings = _check(path, rubric_ref)
        except InputError as exc:
            failed = True
            for line in exc.lines():
                click.echo(line, err=True)
            continue
        for warning in warnings:
            click.echo(warning, err=True)
        if not quiet:
            click.echo(ok)
    return int(ExitCode.INVALID_INPUT if failed else ExitCode.OK)
