"""`assess verify CASE`: check every quotation against its source's local text, and each text's sha256."""

from __future__ import annotations

import click

from assess.errors import GateError


@click.command("verify")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("-q", "--quiet", is_flag=True, help="Print only quotes that are not verified, and the summary.")
def command(case_path: str, quiet: bool) -> int:
    """Check that every quote is verbatim in its source's local text (`text:` of the evidence's first source).

    Whitespace, curly quotes, dashes and footnote markers such as [3] are normalised first; a quote that is not
    word for word gets the source's closest wording and a similarity (close match at 90 or above, which still
    fails). Quotes whose source has no local text are listed as not checkable. Exit 1 when any checkable quote
    is not verified or a source text's sha256 differs from the recorded one.

    \b
    Example:
      assess verify cases/russia_nk.yaml
    """
    from assess.loading import open_case
    from assess.quotes import describe, quote_position, sha256_of

    loaded = open_case(case_path)
    checks = loaded.quote_checks
    for check in checks:
        line, col = quote_position(loaded, check.evidence)
        severity = {"verified": "ok", "no_text": "note"}.get(check.status, "error")
        if quiet and severity == "ok":
            continue
        click.echo(f"{case_path}:{line}:{col}: {severity}: evidence '{check.evidence}': {describe(check)}")

    cited = {c.source for c in checks}
    bad_texts = 0
    for index, source in enumerate(loaded.case.sources):
        if not source.text or source.id not in cited:
            continue
        line, col = loaded.doc.position(("sources", index, "sha256" if source.sha256 else "text"))
        digest = sha256_of(loaded.base_dir / source.text)
        if source.sha256 is None:
            click.echo(f"{case_path}:{line}:{col}: note: source '{source.id}': no sha256 recorded for '{source.text}' "
                       f"(it is {digest})")
        elif digest != source.sha256:
            bad_texts += 1
            click.echo(f"{case_path}:{line}:{col}: error: source '{source.id}': '{source.text}' has changed: "
                       f"sha256 {digest}, recorded {source.sha256}")
        elif not quiet:
            click.echo(f"{case_path}:{line}:{col}: ok: source '{source.id}': '{source.text}' matches its sha256")

    counts = {status: sum(c.status == status for c in checks) for status in ("verified", "close", "not_found", "no_text")}
    checkable = len(checks) - counts["no_text"]
    click.echo(
        f"{case_path}: {counts['verified']} of {checkable} checkable quotes verified, {counts['close']} close match, "
        f"{counts['not_found']} not found, {counts['no_text']} not checkable (no local text)"
    )
    failed = counts["close"] + counts["not_found"]
    if failed or bad_texts:
        what = [f"{failed} quote(s) not verified"] * bool(failed) + [f"{bad_texts} source text(s) changed"] * bool(bad_texts)
        raise GateError(f"{case_path}: error: " + " and ".join(what))
    return 0
