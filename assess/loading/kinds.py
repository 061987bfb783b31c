"""Which kind of file a file is (case, rubric, assessor file, bibliography), and the one line for a wrong one.

Every command that takes files asks here, so that `assess validate`, `score`, `compare`, `batch` and `agreement`
tell the kinds apart the same way, and a file given to the wrong command gets "this is an assessor file, not a
case: use `assess agreement ...`" instead of a page of "required field is missing".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assess.errors import InputError, located

# Top-level keys that only one kind of file has (see the models: Case, Rubric, AssessorFile).
_CASE_KEYS = frozenset({"meta", "mediator", "conflict", "evidence", "sources", "bibliography", "not_applicable"})
_RUBRIC_KEYS = frozenset({"fundamentals", "extends", "scale", "weighting", "bands", "red_flags", "headline"})
_ASSESSOR_KEYS = frozenset({"case", "assessor"})
_TOP_KEY = re.compile(r"^[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?[ \t]*:", re.M)
BIBLIOGRAPHY_SUFFIXES = (".bib", ".bibtex")

WHAT = {
    "case": "a case file",
    "rubric": "a rubric",
    "assessor": "an assessor file (one assessor's ratings of the case its `case:` names)",
    "bibliography": "a bibliography",
}
# What to do with a file of each kind, said when it was given where another kind is needed.
USE = {
    "case": "check it with `assess validate {path}` and score it with `assess score {path}`",
    "rubric": "check it with `assess validate {path}`, and name it in a case's `meta.rubric` (or `--rubric {path}`)",
    "assessor": "use `assess agreement {path} ...` or `assess score CASE --assessors {path}`",
    "bibliography": "name it in a case's `bibliography:` field, then validate the case",
}


def kind_of_keys(keys: set[Any]) -> str:
    """`case`, `rubric` or `assessor` from a file's top-level keys; `case` when nothing tells (the common file)."""
    if keys & _CASE_KEYS:
        return "case"
    if keys & _RUBRIC_KEYS:
        return "rubric"
    if keys & _ASSESSOR_KEYS:
        return "assessor"
    return "case"


def kind_of_data(data: Any) -> str:
    return kind_of_keys(set(data)) if isinstance(data, dict) else "case"


def kind_of_text(text: str) -> str:
    """The kind from the keys at column 0 of the text: enough to sort files without parsing each twice."""
    return kind_of_keys(set(_TOP_KEY.findall(text)))


def kind_of_path(path: Path) -> str | None:
    """`bibliography` for a BibTeX file, or a JSON file holding a list (CSL-JSON); None when the name cannot tell."""
    suffix = path.suffix.lower()
    if suffix in BIBLIOGRAPHY_SUFFIXES:
        return "bibliography"
    if suffix == ".json":
        try:
            with path.open("rb") as handle:
                start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        except OSError:
            return None
        return "bibliography" if start.startswith(b"[") else None
    return None


def wrong_kind(path: str | Path, kind: str, wanted: str, line: int = 1, col: int = 1) -> InputError:
    """The one located line for a file of `kind` given where `wanted` is needed (exit code 3, invalid input)."""
    shown = str(path)
    message = f"this is {WHAT[kind]}, not {WHAT[wanted].split(' (')[0]}: {USE[kind].format(path=shown)}"
    return InputError([located(shown, line, col, message)])
