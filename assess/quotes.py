"""Quote verification: find each evidence quotation in its source's local text, exactly or by fuzzy match."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assess.models.assessment import QuoteCheck

if TYPE_CHECKING:
    from assess.loading.case import LoadedCase
    from assess.models.case import Case

# At or above this similarity (0-100) a quote that is not word for word is a "close match" (still not verified).
CLOSE_MATCH = 90.0

_QUOTES = {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`"} | {
    ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
}
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
# Footnote markers such as [3] or [12] sit in source texts but never in a quotation of them.
_FOOTNOTE = re.compile(r"\[\d{1,4}\]")


_REPLACEMENTS = {chr(k): v for k, v in (_QUOTES | _DASHES).items()} | {"\u2026": "...", "\u00a0": " ", "\ufeff": ""}
# One regex pass finds the few characters to replace: str.translate looks up every character in a dict.
_TO_REPLACE = re.compile("[" + re.escape("".join(_REPLACEMENTS)) + "]")


def _replacement(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


def normalise(text: str) -> str:
    """The form quotes and sources are compared in: one space, straight quotes, ASCII hyphens, no footnote markers."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = _TO_REPLACE.sub(_replacement, text)
    text = _FOOTNOTE.sub("", text)
    return " ".join(text.split())  # str.split() splits at exactly what `\s` matches (Py_UNICODE_ISSPACE)


@dataclass(frozen=True)
class Match:
    """How one quote fares against one text."""

    status: str  # verified | close | not_found
    similarity: float
    wording: str | None


def _widen_to_words(text: str, start: int, end: int) -> str:
    """Extend a matched span to whole words, so the source's wording reads naturally."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip()


def match_quote(quote: str, normalised_text: str) -> Match:
    """Verified when the normalised quote occurs in the normalised text; else the closest wording (rapidfuzz)."""
    wanted = normalise(quote)
    if not wanted:
        return Match("not_found", 0.0, None)
    if wanted in normalised_text:
        return Match("verified", 100.0, None)
    from rapidfuzz import fuzz  # imported here: only failed quotes need it

    alignment = fuzz.partial_ratio_alignment(wanted.lower(), normalised_text.lower())
    if alignment is None:
        return Match("not_found", 0.0, None)
    wording = _widen_to_words(normalised_text, alignment.dest_start, alignment.dest_end) or None
    # partial_ratio compares windows of the quote's length; a changed word of a different length shifts the
    # window, so the whole-word wording is compared with the quote too and the better score kept.
    whole = fuzz.ratio(wanted.lower(), wording.lower()) if wording else 0.0
    similarity = round(max(float(alignment.score), whole), 1)
    return Match("close" if similarity >= CLOSE_MATCH else "not_found", similarity, wording)


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_quotes(case: Case, base_dir: Path) -> list[QuoteCheck]:
    """Check every quoted evidence item against the local text of its first source (texts read once each)."""
    sources = {s.id: s for s in case.sources}
    texts: dict[str, str | None] = {}
    checks: list[QuoteCheck] = []
    for item in case.evidence:
        if not item.quote:
            continue
        source_id = item.source[0].id
        source = sources.get(source_id)
        if source_id not in texts:
            path = base_dir / source.text if source is not None and source.text else None
            texts[source_id] = normalise(read_text(path)) if path is not None and path.is_file() else None
        text = texts[source_id]
        if text is None:
            checks.append(QuoteCheck.model_construct(evidence=item.id, source=source_id, status="no_text"))
            continue
        found = match_quote(item.quote, text)
        checks.append(
            QuoteCheck.model_construct(
                evidence=item.id,
                source=source_id,
                status=found.status,  # type: ignore[arg-type]
                similarity=found.similarity,
                source_wording=found.wording,
            )
        )
    return checks


def quote_position(loaded: LoadedCase, evidence_id: str) -> tuple[int, int]:
    """Line and column of an evidence item's `quote:` in the case file."""
    index = loaded.evidence_index.get(evidence_id)
    return (1, 1) if index is None else loaded.doc.position(("evidence", index, "quote"))


def describe(check: QuoteCheck) -> str:
    """One plain sentence on a check's outcome, for warnings and `assess verify`."""
    if check.status == "verified":
        return f"quote verified in '{check.source}'"
    if check.status == "no_text":
        return f"not checkable: source '{check.source}' has no local text"
    wording = f': "{_clip(check.source_wording)}"' if check.source_wording else ""
    if check.status == "close":
        return f"quote is only a close match (similarity {check.similarity}) in '{check.source}'; the source reads{wording}"
    return f"quote not found in '{check.source}' (closest similarity {check.similarity}{wording})"


def _clip(text: str | None, limit: int = 240) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
