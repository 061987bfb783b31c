"""`assess verify CASE`: check every quotation against its source's local text, and each text's sha256."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from assess.errors import GateError

if TYPE_CHECKING:
    from assess.loading import LoadedCase


@click.command("verify")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("-q", "--quiet", is_flag=True, help="Print only quotes that are not verified, and the summary.")
def command(case_path: str, quiet: bool) -> int:
    """Check that every quote is verbatim in its source's local text, and every local text against its sha256.

    A quote is looked for in the local copies (`text:`, `texts:`) of the evidence's first source, or of the source
    it was read through (`via:`): exactly, then with whitespace, curly quotes, dashes and footnote markers such as
    [3] normalised, then with words hyphenated at line ends joined; each line says which form held. A quote that
    is not there gets the source's closest wording and a similarity (close match at 90 or above, which still
    fails). Quotes whose source has no local text are listed as not checkable. Every local copy of every source
    is hashed, whichever item cites it and wherever. Exit 1 when any checkable quote is not verified or a copy's
    sha256 differs from the recorded one.

    \b
    Example:
      assess verify cases/russia_nk.yaml
    """
    from assess.loading import open_case
    from assess.quotes import describe, quote_position

    loaded = open_case(case_path)
    checks = loaded.quote_checks
    for check in checks:
        line, col = quote_position(loaded, check.evidence)
        severity = {"verified": "ok", "no_text": "note"}.get(check.status, "error")
        if quiet and severity == "ok":
            continue
        click.echo(f"{case_path}:{line}:{col}: {severity}: evidence '{check.evidence}': {describe(check)}")
    bad_texts = _report_hashes(loaded, case_path, quiet)

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


def _report_hashes(loaded: LoadedCase, case_path: str, quiet: bool) -> int:
    """One line per local copy of every source, whichever items cite it; returns how many have changed."""
    from assess.provenance import check_hashes

    changed = 0
    for check in check_hashes(loaded.case, loaded.base_dir):
        copy = check.copy
        line, col = loaded.doc.position(copy.position_of("sha256" if copy.copy.sha256 else "path"))
        where = f"{case_path}:{line}:{col}"
        name = f"source '{copy.source}': '{copy.copy.path}'"
        if check.status == "unrecorded":
            click.echo(f"{where}: note: {name} has no sha256 recorded (it is {check.digest})")
        elif check.status == "changed":
            changed += 1
            click.echo(f"{where}: error: {name} has changed: sha256 {check.digest}, recorded {copy.copy.sha256}")
        elif check.status == "ok" and not quiet:
            click.echo(f"{where}: ok: {name} matches its sha256")
    return changed
