"""`assess validate FILE...`: check case files and rubrics, report every located problem."""

from __future__ import annotations

from pathlib import Path

import click

from assess.errors import ExitCode, InputError


_TOP_KEY = r"(?m)^[\"']?{}[\"']?[ \t]*:"


def _is_rubric(path: str) -> bool:
    """A rubric has a top-level `fundamentals:`. Decided from the text when it is plain to see, so that a case is
    parsed once, not twice; only odd layouts (flow or JSON style) need a full parse. A pipe is never read here
    (it can be read only once): it is taken as a case."""
    import re

    from assess.loading.yamlfile import max_bytes, read_capped, read_yaml_file

    file = Path(path)
    try:
        if not file.is_file():
            return False
        with file.open("rb") as handle:
            text = read_capped(handle, max_bytes(), file.stat().st_size).decode("utf-8", errors="replace")
    except OSError:
        return False  # unreadable: loading it as a case reports the located reason
    if re.search(_TOP_KEY.format("fundamentals"), text):
        return True
    if "fundamentals" not in text or re.search(_TOP_KEY.format("meta"), text):
        return False
    doc = read_yaml_file(path)
    return isinstance(doc.data, dict) and "fundamentals" in doc.data


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rubric", "rubric_ref", default=None, help="Rubric id or path (default: the case's meta.rubric).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
def command(files: tuple[str, ...], rubric_ref: str | None, quiet: bool) -> int:
    """Check case files (and rubrics) and report every problem with its file:line:col.

    Warnings (e.g. no evidence yet, unverified quotes) are printed but do not fail.

    \b
    Example:
      assess validate cases/russia_nk.yaml
      assess validate rubrics/un_guidance.yaml
    """
    from assess.loading import load_rubric, open_case

    failed = False
    for path in files:
        try:
            if _is_rubric(path):
                rubric = load_rubric(path)
                if not quiet:
                    click.echo(f"{path}: ok (rubric '{rubric.id}' {rubric.version}, {len(rubric.criteria())} criteria)")
                continue
            loaded = open_case(path, rubric_ref)
        except InputError as exc:
            failed = True
            for line in exc.lines():
                click.echo(line, err=True)
            continue
        for warning in loaded.warnings:
            click.echo(str(warning), err=True)
        if not quiet:
            case = loaded.case
            click.echo(
                f"{path}: ok ({len(case.evidence)} evidence items, {len(case.sources)} sources, "
                f"rubric '{loaded.rubric.id}' {loaded.rubric.version}"
                + (f", {len(loaded.warnings)} warning(s)" if loaded.warnings else "")
                + ")"
            )
    return int(ExitCode.INVALID_INPUT if failed else ExitCode.OK)
