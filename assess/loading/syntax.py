"""YAML syntax errors in plain words, and in-memory repairs so that one run reports every broken line.

The parser stops at its first error, in its own vocabulary ("mapping values are not allowed in this context").
Users of the case format are analysts, not programmers: each error the parser reports is matched to the mistake
that commonly causes it (an unquoted ': ' in a text, a tab, an unclosed quote or bracket, a misaligned line) and
said with its fix. Where the fix is plain (quote the value, re-indent the line), the line is repaired *in memory*
and the text parsed again, so the next broken line, and then the field and cross-reference checks, are reported in
the same run. The user's file is never written: the repaired lines are reported as errors all the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# Enough for any real file; beyond it the user is told to fix these first (each reparse reads the whole text).
MAX_REPAIRS = 100

# `  - key: value` with the parts the recognisers need. Keys of the case format are plain words.
_KEY_LINE = re.compile(r"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[A-Za-z_][\w.\-]*)[ ]*:(?:[ ]+(?P<value>.*?))?[ ]*$")
_QUOTES = "\"'"
_BRACKETS = {"[": "]", "{": "}"}

# Messages, written once: the catalogue of common mistakes (docs/common-mistakes.md) quotes them.
COLON_IN_TEXT = (
    "this text contains ': ' (or ends with ':'), so YAML reads it as a new key; put the whole value in double "
    'quotes: {key}: "..."'
)
TAB_INDENT = "this line is indented with a tab; YAML needs spaces: replace the tab with spaces"
UNCLOSED_QUOTE = "the quote ({quote}) that opens this value is never closed: add {quote} at the end of the value"
APOSTROPHE = (
    "this text is in single quotes but contains an apostrophe, which ends it early: put the whole value in double "
    "quotes instead, or write the apostrophe twice ('')"
)
QUOTED_THEN_MORE = (
    "this value starts with a quote, so YAML ends it at the closing quote and cannot read the rest: put the whole "
    'value in double quotes, writing each " inside it as \\"'
)
BRACKET_THEN_MORE = (
    "this value starts with '{bracket}', so YAML reads a list or mapping and cannot read the rest: put the whole "
    "value in double quotes"
)
UNCLOSED_BRACKET = (
    "the '{bracket}' opened on this line is never closed: add '{closer}' at the end (if the bracket is part of a "
    "text, put the whole value in double quotes)"
)
FLOW_COMMA = (
    "inside '[ ]' or '{{ }}' items are separated by commas: check the commas here, and put a value that contains "
    "':', ',', '[' or '{{' in double quotes"
)
BAD_FIRST_CHARACTER = "a value cannot start with '{char}' in YAML: put the whole value in double quotes"
STAR_VALUE = "a value that starts with '*' is read as a YAML alias: put the whole value in double quotes"
DASH_AFTER_KEY = (
    "a list item ('- ') cannot follow a key on the same line: put each item on its own line below, indented, or "
    "write the list as [a, b]"
)
OVER_INDENTED = (
    "this line is indented more than line {above}, so YAML reads it as part of the value above: line '{key}:' up "
    "with the key above it (column {col})"
)
MISALIGNED_IN_LIST = (
    "this line is not lined up with the list item above: indent '{key}:' like that item's other fields (column "
    "{col}), or start a new item with '- ' at column {dash}"
)
MISALIGNED = (
    "this line is not lined up with the keys around it: indent it with spaces like the other fields of its "
    "section (here the section's fields start at column {col})"
)
GENERIC = (
    "YAML cannot read this line: check that it is indented with spaces like the lines around it, and put text "
    "that contains ':', ' #', quotes or brackets in double quotes"
)
COMMENT_CUT = (
    "the text of '{key}' stops here: YAML reads ' #' and the rest of the line as a comment and drops it; if the "
    "'#' is part of the text, put the whole value in double quotes"
)
TOO_MANY = "more than {n} lines YAML cannot read: fix these first, then run again"


# Fields that hold prose: an end-of-line comment after them is more likely a cut text than a note to oneself.
PROSE_FIELDS = frozenset({
    "claim", "quote", "title", "note", "notes", "rationale", "reason", "description", "reliability_note", "role",
    "locator",
})
_COMMENT_AFTER_TEXT = re.compile(r"\S[ \t]+#")


def comment_lines(text: str) -> frozenset[int]:
    """0-based numbers of the lines where ' #' follows some text (candidates for a text cut by a comment)."""
    return frozenset(i for i, line in enumerate(text.split("\n")) if _COMMENT_AFTER_TEXT.search(line))


def comment_follows(text: str, index: int) -> bool:
    """Whether a comment starts right after position `index` on the same line (after spaces or tabs)."""
    end = text.find("\n", index)
    rest = text[index : end if end != -1 else len(text)]
    return rest.lstrip(" \t").startswith("#") and rest[:1] in (" ", "\t")


@dataclass(frozen=True)
class Finding:
    """One broken line: where (1-based) and what to do."""

    line: int
    col: int
    message: str


def double_quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar (backslashes and quotes escaped)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(match: re.Match[str]) -> int:
    """0-based column where the key of a key line starts (after any '- ')."""
    return len(match["indent"]) + len(match["dash"] or "")


def _value_start(line: str, match: re.Match[str]) -> int:
    return match.start("value") if match["value"] is not None else len(line)


def _with_value(match: re.Match[str], value: str) -> str:
    return f"{match['indent']}{match['dash'] or ''}{match['key']}: {value}"


def _previous(lines: list[str], index: int) -> int | None:
    """Index of the nearest line above `index` that holds something other than a comment."""
    for i in range(index - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _continuation_end(lines: list[str], index: int, key_col: int) -> int:
    """Last line of a plain value that starts on `index` and goes on over more-indented lines without a key."""
    end = index
    for i in range(index + 1, len(lines)):
        line = lines[i]
        if not line.strip() or _indent(line) <= key_col or _KEY_LINE.match(line):
            break
        end = i
    return end


def explain(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[Finding, dict[int, str]]:
    """The plain-words finding for a parser error, with the repaired lines (index -> text; empty: no repair)."""
    found = _unclosed_quote(lines, exc)
    if found:
        return found
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    index, col = (mark.line, mark.column) if mark else (0, 0)
    line = lines[index] if index < len(lines) else ""
    for recognise in _RECOGNISERS:
        result = recognise(lines, index, col, line, problem, context, exc)
        if result:
            return result
    return Finding(index + 1, col + 1, GENERIC), {}


def _unclosed_quote(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[Finding, dict[int, str]] | None:
    """A value opened with a quote that its line, and the indented lines after it, never close.

    Checked first, and above the error: an unclosed quote runs on to the next quote in the file, so the parser
    complains lines further down, about a line that is fine.
    """
    mark = exc.problem_mark or exc.context_mark
    last = mark.line if mark else len(lines) - 1
    for index in range(min(last, len(lines) - 1) + 1):
        match = _KEY_LINE.match(lines[index])
        value = match["value"] if match else None
        if not value or value[0] not in _QUOTES or _closes(value):
            continue
        end = _continuation_end(lines, index, _key_column(match))
        if any(_closes(value[0] + lines[i].strip(), value[0]) for i in range(index + 1, end + 1)):
            continue  # a quoted text over several lines, closed further down: legal
        quote = value[0]
        finding = Finding(index + 1, _value_start(lines[index], match) + 1, UNCLOSED_QUOTE.format(quote=quote))
        return finding, {index: lines[index].rstrip() + quote}
    return None


def _closes(value: str, quote: str | None = None) -> bool:
    """Whether a value that starts with a quote has its closing quote on this line."""
    quote = quote or value[0]
    body = value[1:]
    if quote == "'":
        return "'" in body.replace("''", "")
    return re.search(r'(?<!\\)(?:\\\\)*"', body) is not None


def _tab(lines, index, col, line, problem, context, exc):  # noqa: ANN001, ARG001 - one recogniser signature
    lead = _lead(line)
    if "\t" not in line[:lead]:
        return None
    above = _previous(lines, index)
    target = 0
    if above is not None:
        prev = lines[above]
        match = _KEY_LINE.match(prev)
        target = _key_column(match) if match else _indent(prev)
        if prev.rstrip().endswith(":"):
            target += 2  # the line above opens a section: this one belongs inside it
    return Finding(index + 1, line.index("\t") + 1, TAB_INDENT), {index: " " * target + line[lead:]}


def _lead(line: str) -> int:
    """Length of the leading run of spaces and tabs."""
    return len(line) - len(line.lstrip(" \t"))


def _colon(lines, index, col, line, problem, context, exc):  # noqa: ANN001, ARG001
    if "mapping values are not allowed" not in problem:
        return None
    match = _KEY_LINE.match(line)
    if match and match["value"] is not None and col >= _value_start(line, match):
        value = match["value"]
        if value[0] in _QUOTES + "[{|>&*!":
            return None
        end = _continuation_end(lines, index, _key_column(match))
        repaired = {index: _with_value(match, '"' + _escape(value))}
        for i in range(index + 1, end + 1):
            repaired[i] = lines[i][: _indent(lines[i])] + _escape(lines[i].strip())
        repaired[end] = repaired[end] + '"'
        return Finding(index + 1, col + 1, COLON_IN_TEXT.format(key=match["key"])), repaired
    # The colon of this line's own key: the line is read as going on from the one above.
    above = _previous(lines, index)
    if match and above is not None:
        prev = _KEY_LINE.match(lines[above])
        if prev and prev["value"] and _indent(line) > _key_column(prev):
            target = _key_column(prev)
            message = OVER_INDENTED.format(above=above + 1, key=match["key"], col=target + 1)
            return Finding(index + 1, _indent(line) + 1, message), {index: " " * target + line.lstrip(" ")}
    return None


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _quoted_then_more(lines, index, col, line, problem, context, exc):  # noqa: ANN001, ARG001
    if "did not find expected key" not in problem:
        return None
    match = _KEY_LINE.match(line)
    value = match["value"] if match else None
    if not value or col < _value_start(line, match):
        return None
    first = value[0]
    if first == "'":
        inner = value[1:-1] if value.endswith("'") and len(value) > 1 else value[1:]
        return Finding(index + 1, col + 1, APOSTROPHE), {index: _with_value(match, double_quoted(inner))}
    if first == '"':
        return Finding(index + 1, col + 1, QUOTED_THEN_MORE), {index: _with_value(match, double_quoted(value))}
    if first in _BRACKETS:
        message = BRACKET_THEN_MORE.format(bracket=first)
        return Finding(index + 1, col + 1, message), {index: _with_value(match, double_quoted(value))}
    return None


def _unbalanced(text: str) -> list[str]:
    """The brackets a line opens and leaves open (outside quotes), innermost last."""
    stack: list[str] = []
    quote = None
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in _QUOTES:
            quote = ch
        elif ch in _BRACKETS:
            stack.append(ch)
        elif stack and ch == _BRACKETS[stack[-1]]:
            stack.pop()
    return stack


def _flow(lines, index, col, line, problem, context, exc):  # noqa: ANN001, ARG001
    if "while parsing a flow" not in context:
        return None
    start = exc.context_mark.line if exc.context_mark else index
    if start >= len(lines):  # the parser's mark may sit past the last line (a file without a final line break)
        return None
    opened = _unbalanced(lines[start])
    if opened:
        closers = "".join(_BRACKETS[b] for b in reversed(opened))
        message = UNCLOSED_BRACKET.format(bracket=opened[0], closer=_BRACKETS[opened[0]])
        bracket_col = lines[start].find(opened[0]) + 1
        return Finding(start + 1, bracket_col, message), {start: lines[start].rstrip() + closers}
    return Finding(index + 1, col + 1, FLOW_COMMA), {}


def _first_character(lines, index, col, line, problem, context, exc):  # noqa: ANN001, ARG001
    star = "while scanning an alias" in context or "undefined alias" in problem
    if not star and "cannot start any token" not in problem:
        return None
    match = _KEY_LINE.match(line)
    if not match or match["value"] is None:
        return None
    value = match["value"]
    message = STAR_VALUE if value.startswith("*") else BAD_FIRST_CHARACTER.format(char=value[0])
    return Finding(index + 1, _value_start(line, match) + 1, message), {index: _with_value(match, double_quoted(value))}


def _dash_after_key(lines, index, col, line, problem, context, exc):  # noqa: ANN001, ARG001
    if "block sequence entries are not allowed" not in problem:
        return None
    return Finding(index + 1, col + 1, DASH_AFTER_KEY), {}


def _misaligned(lines, index, col, line, problem, context, exc):  # noqa: ANN001, ARG001
    if "expected '-' indicator" not in problem and "did not find expected key" not in problem:
        return None
    match = _KEY_LINE.match(line)
    start = exc.context_mark
    if not match or match["dash"] or start is None or start.line >= len(lines):
        return None
    opener = lines[start.line]
    if "expected '-' indicator" in problem:
        field_col = start.column + 2  # the item's fields start after '- '
        message = MISALIGNED_IN_LIST.format(key=match["key"], col=field_col + 1, dash=start.column + 1)
        return Finding(index + 1, _indent(line) + 1, message), {index: " " * field_col + line.lstrip(" ")}
    opened = _KEY_LINE.match(opener)
    target = _key_column(opened) if opened and start.column == _key_column(opened) else start.column
    message = MISALIGNED.format(col=target + 1)
    return Finding(index + 1, _indent(line) + 1, message), {index: " " * target + line.lstrip(" ")}


_RECOGNISERS = (_tab, _colon, _quoted_then_more, _flow, _first_character, _dash_after_key, _misaligned)


def repair(text: str, exc: yaml.MarkedYAMLError, compose):  # noqa: ANN001, ANN201 - compose: text -> nodes
    """Explain `exc`, repair its line in memory and parse again, for as long as the lines can be repaired.

    Returns (what `compose` returned for the repaired text or None if it could not be repaired, the findings in
    file order). Each repair leaves the number of lines unchanged, so every later position stays right.
    """
    lines = text.split("\n")
    findings: list[Finding] = []
    while True:
        finding, repaired = explain(lines, exc)
        if finding in findings:  # the repair did not help: stop rather than loop
            return None, sorted(findings, key=_order)
        findings.append(finding)
        if not repaired or any(not 0 <= index < len(lines) for index in repaired):
            return None, sorted(findings, key=_order)
        if len(findings) >= MAX_REPAIRS:
            findings.append(Finding(finding.line, 1, TOO_MANY.format(n=MAX_REPAIRS)))
            return None, sorted(findings, key=_order)
        for index, new_line in repaired.items():
            lines[index] = new_line
        try:
            return compose("\n".join(lines)), sorted(findings, key=_order)
        except yaml.MarkedYAMLError as again:
            exc = again


def _order(finding: Finding) -> tuple[int, int]:
    return finding.line, finding.col
