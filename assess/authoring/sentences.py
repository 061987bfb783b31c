"""A careful sentence splitter for source texts: spans into the original text, footnote markers kept apart.

Sentences end at `.`, `!` or `?` (with closing quotes or brackets) followed by space and a capital, digit, quote
or the end of the paragraph. Abbreviations (`e.g.`, `Dr.`, `U.S.`), initials (`J. Smith`) and decimals do not end
a sentence. Footnote markers right after the end (`.[1]`, `.[2][3]`) belong to the sentence but not to its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "e.g", "i.e", "cf", "al", "etc.al", "fig", "figs", "p", "pp", "vol", "vols", "ed", "eds", "no", "nos", "art",
    "arts", "para", "paras", "sec", "ch", "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "capt", "sgt",
    "sen", "rep", "gov", "pres", "amb", "rev", "hon", "jr", "sr", "inc", "ltd", "co", "corp", "dept", "univ",
    "approx", "ca", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "u.s.s.r", "op", "cit", "ibid", "viz", "resp", "esp",
}
_FOOTNOTES = re.compile(r"(?:\[\d{1,4}\])+")
_MARKER = re.compile(r"\[(\d{1,4})\]")
_CLOSERS = "\"'\u201d\u2019)]\u00bb"
_END = re.compile(r"[.!?]+[" + re.escape(_CLOSERS) + r"]*")
_STARTS = re.compile(r"[\s]+(?=[A-Z0-9\"'\u201c\u2018(\u00ab\[]|[^\x00-\x7f])")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its span in the text (without trailing footnote markers) and the markers that follow it."""

    start: int
    end: int
    text: str
    footnotes: tuple[str, ...]
    paragraph: int


_LONGEST_ABBREVIATION = 12  # characters; no abbreviation or initialism is longer, so no need to look further back


def _word_before(text: str, dot: int) -> str:
    # Bounded: an unbounded walk back over a run such as "a.a.a.a..." made splitting quadratic in its length.
    start = dot
    floor = max(dot - _LONGEST_ABBREVIATION - 1, 0)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    if start == floor and start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        return text[start - 1:dot]  # longer than any abbreviation: a word, not an abbreviation
    return text[start:dot]


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _word_before(text, dot)
    if not word:
        return False
    if word.lower() in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: J. Smith
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word)) and len(word) <= 7  # U.S, e.g (undotted end)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: runs of text separated by blank lines."""
    spans = []
    # A byte-order mark is not text; `\r` lets Windows line endings separate paragraphs too.
    for match in re.finditer(r"[^\s\ufeff](?:.*?\S)?(?=\r?\n[ \t\r]*\n|\s*\Z)", text, re.S):
        spans.append((match.start(), match.end()))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of every paragraph, in order, as spans into `text`."""
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        start = p_start
        for end_match in _END.finditer(text, p_start, p_end):
            end = end_match.end()
            terminator = text[end_match.start()]
            if terminator == "." and end_match.group(0) == "." and _is_abbreviation(text, end_match.start()):
                continue
            if terminator == "." and end_match.end() < p_end and text[end_match.end()].isdigit():
                continue  # a decimal such as 3.5
            notes = _FOOTNOTES.match(text, end)
            after = notes.end() if notes else end
            if after < p_end and not _STARTS.match(text, after):
                continue
            sentences.append(_make(text, start, end, notes.group(0) if notes else "", number))
            start = after
            while start < p_end and text[start].isspace():
                start += 1
        if start < p_end:
            tail = text[start:p_end]
            notes = re.search(r"(?:\[\d{1,4}\])+$", tail)
            end = p_end - (len(notes.group(0)) if notes else 0)
            sentences.append(_make(text, start, end, notes.group(0) if notes else "", number))
    return [s for s in sentences if s.text.strip()]


def _make(text: str, start: int, end: int, markers: str, paragraph: int) -> Sentence:
    return Sentence(start, end, text[start:end], tuple(_MARKER.findall(markers)), paragraph)
