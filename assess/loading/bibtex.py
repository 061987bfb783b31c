"""A small, forgiving BibTeX reader: entries with located errors, @string macros, `#` joins, LaTeX accents."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from assess.errors import Diagnostic, located

MONTHS = {m: str(i) for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328", "r": "\u030a",
}
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł",
    "L": "Ł", "i": "ı", "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
}
_ACCENT_CMD = re.compile(r"\\([`'^\"~=.]|[cvuHkr](?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))")
_SYMBOL_CMD = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|[oOlLi](?![A-Za-z])|[&%$#_{}])")
_FORMAT_CMD = re.compile(r"\\(?:emph|textit|textbf|textsc|texttt|textup|mkbibquote|url)\s*(?=\{)")


@dataclass
class BibEntry:
    """One entry: its type, key, fields (lower-cased names) and where it starts (1-based)."""

    type: str
    key: str
    line: int
    col: int
    fields: dict[str, str] = field(default_factory=dict)
    protected: dict[str, str] = field(default_factory=dict)  # field values with their braces, for names


def latex_to_text(value: str) -> str:
    """Turn common LaTeX in a field into plain Unicode text (accents, escapes, dashes, braces, ~)."""

    def accent(match: re.Match[str]) -> str:
        letter = (match.group(2) or match.group(3) or "").lstrip("\\")
        letter = {"i": "i", "j": "j"}.get(letter, letter)
        return _unicodedata_nfc(letter + _ACCENTS[match.group(1)])

    value = _ACCENT_CMD.sub(accent, value)
    value = _SYMBOL_CMD.sub(lambda m: _SYMBOLS[m.group(1)], value)
    value = _FORMAT_CMD.sub("", value)
    value = value.replace("---", "\u2014").replace("--", "\u2013").replace("~", " ")
    value = value.replace("``", "\u201c").replace("''", "\u201d")
    value = value.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", value).strip()


def _unicodedata_nfc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", text)


# `[ \t]*`, not `\s*`: a run of blank lines would otherwise be rescanned from every line start in it.
_ENTRY_START = re.compile(r"^[ \t]*@", re.M)
_NAME = re.compile(r"[^\s,={}()\"#%'~]+")


class _Reader:
    """A cursor over the text that knows its line and column, for located errors."""

    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path
        self.pos = 0
        self.macros: dict[str, str] = dict(MONTHS)
        # Line starts found once: locating by counting newlines from the top made a file of many entries or many
        # errors quadratic.
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, pos: int | None = None) -> tuple[int, int]:
        pos = self.pos if pos is None else pos
        line = bisect.bisect_right(self.line_starts, pos)
        return line, pos - self.line_starts[line - 1] + 1

    def fail(self, message: str, pos: int | None = None) -> Diagnostic:
        return located(self.path, *self.where(pos), message)

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def expect(self, chars: str) -> str:
        self.skip_space()
        if self.pos >= len(self.text) or self.text[self.pos] not in chars:
            found = repr(self.text[self.pos]) if self.pos < len(self.text) else "end of file"
            raise _Stop(self.fail(f"expected {' or '.join(repr(c) for c in chars)}, found {found}"))
        self.pos += 1
        return self.text[self.pos - 1]

    def name(self, what: str) -> str:
        self.skip_space()
        match = _NAME.match(self.text, self.pos)
        if not match:
            raise _Stop(self.fail(f"expected {what}"))
        self.pos = match.end()
        return match.group(0)

    def braced(self, closer: str) -> str:
        """Text up to the matching closer (after an opening brace or quote), braces kept."""
        start = self.pos
        depth = 0
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "\n" and _ENTRY_START.match(self.text, self.pos + 1):
                # A value still open when the next entry starts is unclosed; scanning on to the end of the file for
                # every such value made a file of many of them quadratic.
                break
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif char == closer and depth == 0:
                self.pos += 1
                return self.text[start : self.pos - 1]
            self.pos += 1
        raise _Stop(self.fail("unbalanced braces: this value never closes (add the missing '}' or quote)", start - 1))

    def value(self) -> str:
        """A field value: pieces in braces, quotes, numbers or macros, joined with `#`."""
        parts = []
        while True:
            self.skip_space()
            char = self.text[self.pos : self.pos + 1]
            if char == "{":
                self.pos += 1
                parts.append(self.braced("}"))
            elif char == '"':
                self.pos += 1
                parts.append(self.braced('"'))
            else:
                start = self.pos
                token = self.name("a value in braces, quotes, a number or a @string name")
                if token.isdigit():
                    parts.append(token)
                elif token.lower() in self.macros:
                    parts.append(self.macros[token.lower()])
                else:
                    raise _Stop(self.fail(f"unknown @string macro '{token}' (put text values in braces)", start))
            self.skip_space()
            if self.text[self.pos : self.pos + 1] != "#":
                return "".join(parts)
            self.pos += 1


class _Stop(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def parse_bibtex(text: str, path: str) -> tuple[list[BibEntry], list[Diagnostic]]:
    """Every entry of a BibTeX file, and every problem located as `path:line:col` (a bad entry is skipped)."""
    reader = _Reader(text, path)
    entries: list[BibEntry] = []
    problems: list[Diagnostic] = []
    while True:
        at = text.find("@", reader.pos)
        if at < 0:
            return entries, problems
        reader.pos = at + 1
        try:
            kind = reader.name("an entry type after '@'").lower()
            if kind == "comment":
                continue
            opener = reader.expect("{(")
            closer = "}" if opener == "{" else ")"
            if kind in ("preamble",):
                reader.braced(closer)
                continue
            if kind == "string":
                name = reader.name("a @string name")
                reader.expect("=")
                reader.macros[name.lower()] = reader.value()
                reader.expect(closer)
                continue
            entry = BibEntry(kind, reader.name("a citation key"), *reader.where(at))
            while True:
                separator = reader.expect("," + closer)
                if separator == closer:
                    break
                reader.skip_space()
                if reader.text[reader.pos : reader.pos + 1] == closer:
                    reader.pos += 1
                    break
                field_at = reader.pos
                field_name = reader.name("a field name").lower()
                reader.expect("=")
                raw = reader.value()
                if field_name in entry.fields:
                    problems.append(reader.fail(f"entry '{entry.key}': field '{field_name}' given twice", field_at))
                entry.protected[field_name] = raw
                entry.fields[field_name] = latex_to_text(raw)
            entries.append(entry)
        except _Stop as stop:
            problems.append(stop.diagnostic)
            # Resume at the next line that starts an entry.
            next_entry = _ENTRY_START.search(text, reader.pos + 1 if reader.pos < len(text) else len(text))
            reader.pos = next_entry.start() if next_entry else len(text)


def split_names(raw: str) -> list[str]:
    """BibTeX names as display strings: `{Institution}` kept whole, `Family, Given` kept, `Given Family` turned."""
    names: list[str] = []
    depth = 0
    current = ""
    tokens = re.split(r"(\{|\}|\s+and\s+)", raw)
    for token in tokens:
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append(current)
            current = ""
        else:
            current += token
    names.append(current)
    return [n for n in (_display_name(name.strip()) for name in names) if n]


def _display_name(name: str) -> str:
    if name.startswith("{") and name.endswith("}") and _balanced_inside(name):
        return latex_to_text(name[1:-1])  # an institution: never split into given and family names
    if "," in _top_level(name):
        return latex_to_text(name)
    words = _top_level_words(name)
    if len(words) < 2:
        return latex_to_text(name)
    # "Given von Family": lower-case particles belong to the family name.
    split = len(words) - 1
    while split > 1 and words[split - 1][:1].islower():
        split -= 1
    return latex_to_text(" ".join(words[split:]) + ", " + " ".join(words[:split]))


def _balanced_inside(name: str) -> bool:
    depth = 0
    for char in name[1:-1]:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _top_level(name: str) -> str:
    out, depth = [], 0
    for char in name:
        depth += {"{": 1, "}": -1}.get(char, 0)
        out.append(char if depth == 0 or char in "{}" else "_")
    return "".join(out)


def _top_level_words(name: str) -> list[str]:
    words, current, depth = [], "", 0
    for char in name:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char.isspace() and depth == 0:
            if current:
                words.append(current)
            current = ""
        else:
            current += char
    if current:
        words.append(current)
    return words
