"""Quote verification: find each evidence quotation in its source's local text, exactly or by fuzzy match."""

from __future__ import annotations

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


# The most of a source's wording a report or message shows: a window around the closest match, never the file.
MAX_WORDING = 300
# How far a matched span is widened to reach a word boundary (a text without spaces has none).
_MAX_WIDEN = 40


def _widen_to_words(text: str, start: int, end: int) -> str:
    """Extend a matched span to whole words, so the source's wording reads naturally, within MAX_WORDING
    characters: a long span keeps its middle, and no widening reaches further than _MAX_WIDEN characters."""
    if end - start > MAX_WORDING:
        middle = (start + end) // 2
        start, end = middle - MAX_WORDING // 2, middle + MAX_WORDING // 2
    floor, ceiling = max(0, start - _MAX_WIDEN), min(len(text), end + _MAX_WIDEN)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    while end < ceiling and not text[end].isspace():
        end += 1
    wording = text[start:end].strip()
    return wording if len(wording) <= MAX_WORDING else wording[:MAX_WORDING].rstrip()


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
    """A source text, read within the size cap (FileProblem for a device, a pipe or a file above it)."""
    from assess.loading.confine import read_bounded

    return read_bounded(path).decode("utf-8", errors="replace")


# A word broken at a line end ("con-\nstitutes"), or split by a soft hyphen as text taken from a PDF often is.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad][ \t]*\r?\n[ \t]*(?=[^\W\d_])")
_SOFT_HYPHEN = re.compile("\u00ad")

# How a verified quote was found, from the strictest form to the most forgiving; reports name the one that held.
MATCH_WORDING = {
    "exact": "exact",
    "normalised": "after normalising whitespace, quotes and dashes",
    "dehyphenated": "after joining words hyphenated at line ends",
}


class PreparedText:
    """One local copy read once, with the forms quotes are compared in (the forgiving ones made only if needed)."""

    def __init__(self, path: str, raw: str):
        self.path = path
        self.raw = raw
        self.normalised = normalise(raw)
        self._joined: tuple[str, str] | None = None

    def dehyphenated(self) -> tuple[str, str]:
        """The text with line-end hyphens removed ("con-\nstitutes" -> "constitutes") and, for compounds that
        happened to break there ("Nagorno-\nKarabakh"), kept: both normalised."""
        if self._joined is None:
            removed = _SOFT_HYPHEN.sub("", _LINE_END_HYPHEN.sub("", self.raw))
            kept = _SOFT_HYPHEN.sub("", _LINE_END_HYPHEN.sub("-", self.raw))
            self._joined = (normalise(removed), normalise(kept))
        return self._joined


@dataclass(frozen=True)
class Found:
    """A quote's best outcome over a source's copies: the Match, the copy it refers to and the form that held."""

    match: Match
    text: str | None
    variant: str | None


def find_quote(quote: str, texts: list[PreparedText]) -> Found:
    """The strictest form in which the quote is in any copy; else the closest wording over all copies."""
    wanted = normalise(quote)
    if wanted:
        for variant, holds in (
            ("exact", lambda t: quote.strip() in t.raw),
            ("normalised", lambda t: wanted in t.normalised),
            ("dehyphenated", lambda t: any(wanted in form for form in t.dehyphenated())),
        ):
            hit = next((t for t in texts if holds(t)), None)
            if hit is not None:
                return Found(Match("verified", 100.0, None), hit.path, variant)
    best = Found(Match("not_found", 0.0, None), None, None)
    for text in texts:
        found = match_quote(quote, text.normalised)
        if found.similarity > best.match.similarity:
            best = Found(found, text.path, None)
    return best


def check_quotes(case: Case, base_dir: Path) -> list[QuoteCheck]:
    """Check every quoted item against its first source's local copies, or, for a source read through another
    (`via:`), against that one's (each file read once)."""
    from assess.provenance import texts_for_quote

    sources = {s.id: s for s in case.sources}
    cache: dict[Path, PreparedText | None] = {}
    checks: list[QuoteCheck] = []
    for item in case.evidence:
        if not item.quote:
            continue
        cited = item.source[0].id
        holder, copies = texts_for_quote(cited, sources)
        texts = [t for t in (_prepared(base_dir, c.path, cache) for c in copies) if t is not None]
        read_via = holder.id if holder is not None and holder.id != cited else None
        if not texts:
            checks.append(QuoteCheck.model_construct(evidence=item.id, source=cited, status="no_text", read_via=read_via))
            continue
        found = find_quote(item.quote, texts)
        checks.append(
            QuoteCheck.model_construct(
                evidence=item.id,
                source=cited,
                status=found.match.status,  # type: ignore[arg-type]
                similarity=found.match.similarity,
                source_wording=found.match.wording,
                read_via=read_via,
                text=found.text,
                match=found.variant,
            )
        )
    return checks


def _prepared(base_dir: Path, relative: str, cache: dict[Path, PreparedText | None]) -> PreparedText | None:
    from assess.loading.confine import FileProblem
    from assess.provenance import local_problem

    path = base_dir / relative
    if path not in cache:
        # A copy outside the case's folder is never read (loading reports it); one that cannot be read is no text.
        try:
            cache[path] = None if local_problem(path, base_dir) else PreparedText(relative, read_text(path))
        except FileProblem:
            cache[path] = None
    return cache[path]


def quote_position(loaded: LoadedCase, evidence_id: str) -> tuple[int, int]:
    """Line and column of an evidence item's `quote:` in the case file."""
    index = loaded.evidence_index.get(evidence_id)
    return (1, 1) if index is None else loaded.doc.position(("evidence", index, "quote"))


def describe(check: QuoteCheck) -> str:
    """One plain sentence on a check's outcome, for warnings and `assess verify`."""
    where = f"'{check.source}'"
    if check.read_via:
        where = f"'{check.read_via}', through which '{check.source}' was read"
    if check.status == "verified":
        how = MATCH_WORDING.get(check.match or "", "")
        detail = ", ".join(part for part in (check.text if check.text else None, how) if part)
        return f"quote verified in {where}" + (f" ({detail})" if detail else "")
    if check.status == "no_text":
        return f"not checkable: source '{check.source}' has no local text"
    wording = f': "{_clip(check.source_wording)}"' if check.source_wording else ""
    if check.status == "close":
        return f"quote is only a close match (similarity {check.similarity}) in {where}; the source reads{wording}"
    return f"quote not found in {where} (closest similarity {check.similarity}{wording})"


def _clip(text: str | None, limit: int = 240) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
