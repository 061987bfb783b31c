"""Read one YAML file safely into plain data plus a map from data paths to file positions.

PyYAML's C composer gives nodes with marks; we construct Python values from the nodes ourselves so that we can
refuse what would lose or corrupt data (duplicate keys, aliases, custom tags, several documents) and resolve
plain scalars by YAML 1.2's core schema: `NO` stays the string "NO" (Norway), `1:30` stays "1:30", and dates
stay strings for the models to parse and locate.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assess.errors import Diagnostic, InputError, located
from assess.gcpause import gc_paused
from assess.loading import syntax

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
# Integers beyond this many bits (about 300 digits) are refused: no field needs them, and printing them can fail.
MAX_INT_BITS = 1000
# Below this bound (see _nesting_allowance) libyaml cannot nest deep enough to hurt; well under its ~25,000.
SAFE_NESTING_BOUND = 1000
Path_ = tuple[Any, ...]

_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_STD = "tag:yaml.org,2002:"
_DOC_START = re.compile(r"^---(?=\s|$)", re.MULTILINE)
# Every line break YAML 1.1 knows (libyaml also breaks lines at \r, NEL, LS and PS).
_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")
_COMPACT = ("- ", "-\t", "? ", "?\t")  # indicators that open a block collection further along a line
_IMPLICIT_TAGS = {_STD + t for t in ("bool", "int", "float", "null", "timestamp", "value", "yaml")}
_STR = _STD + "str"
_PLAIN = _STD + "value"  # what our resolver gives every plain scalar: typed while building


def max_bytes() -> int:
    """The input size cap; `ASSESS_MAX_BYTES` overrides the 20 MB default."""
    try:
        return int(os.environ.get("ASSESS_MAX_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


@dataclass
class YamlDocument:
    """Plain data from one YAML file, with the node tree that says where each value and key sits in the file.

    Positions are looked up on demand by walking the nodes along a data path: only a file with problems needs
    them, so valid files (nearly all of a batch) do not pay for recording thousands of positions.
    """

    path: str
    data: Any
    root: Any = field(default=None, repr=False, compare=False)  # the composed yaml.Node tree, marks included
    sha256: str = ""  # of the exact bytes parsed, so a result names what was scored (set by read_yaml_file)
    # Syntax errors of lines repaired in memory (only with keep_going: the caller reports them with its own),
    # and warnings about text the file holds but YAML drops (a ' #' that starts a comment inside a text).
    problems: list[Diagnostic] = field(default_factory=list, repr=False, compare=False)
    warnings: list[Diagnostic] = field(default_factory=list, repr=False, compare=False)

    def position(self, data_path: Path_, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value (or key) at `data_path`, or of its nearest located ancestor."""
        node = self.root
        if node is None:
            return (1, 1)
        last = len(data_path) - 1
        for depth, step in enumerate(data_path):
            child = None
            if type(node) is yaml.MappingNode:
                for key_node, value_node in node.value:
                    if type(key_node) is yaml.ScalarNode and _key_of(key_node) == step:
                        if key and depth == last:
                            return _mark(key_node)
                        child = value_node
                        break  # the first of duplicated keys is the one kept
            elif type(node) is yaml.SequenceNode and type(step) is int and 0 <= step < len(node.value):
                child = node.value[step]
            if child is None:
                break
            node = child
        return _mark(node)

    def error(self, data_path: Path_, message: str, *, key: bool = False, severity: str = "error") -> Diagnostic:
        line, col = self.position(data_path, key=key)
        return located(self.path, line, col, message, severity)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _key_of(key_node: yaml.ScalarNode) -> Any:
    """A mapping key as the builder stores it (see `_as_key`), for finding it again."""
    if key_node.style or key_node.tag != _PLAIN:
        return key_node.value
    return _as_key(_resolve_plain(key_node.value), key_node)


def _as_key(key: Any, key_node: yaml.ScalarNode) -> Any:
    """A key resolved like any plain scalar, but never a float, bool or null: those keep their text."""
    return key_node.value if key is None or isinstance(key, (float, bool)) else key


# Plain scalars that can be anything but a string start with one of these (digits, signs, '.', '~', null/true/false).
_NOT_TEXT_START = frozenset("0123456789+-.~nNtTfF")


def _resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema for plain scalars; everything else stays a string."""
    if not value:
        return None
    if value[0] not in _NOT_TEXT_START:  # most plain scalars are words: skip the patterns
        return value
    if value in ("~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if value in (".inf", "+.inf", ".Inf", "+.Inf", ".INF", "+.INF"):
        return float("inf")
    if value in ("-.inf", "-.Inf", "-.INF"):
        return float("-inf")
    if value in (".nan", ".NaN", ".NAN"):
        return float("nan")
    return value


class _Loader(yaml.CSafeLoader):
    """libyaml's C composer with a trivial resolver: plain scalars are typed by `_resolve_plain` (YAML 1.2)
    while building, so PyYAML's YAML 1.1 regex resolver, run in Python for every scalar, is not needed."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:  # noqa: ARG002 (PyYAML's signature)
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STD + "str"  # quoted, or the non-specific tag `!`
            return _STD + "merge" if value == "<<" else _PLAIN
        return _STD + ("map" if kind is yaml.MappingNode else "seq")


class _Builder:
    """Walks the node tree once: builds values and collects every problem, located by the nodes' marks."""

    def __init__(self, path: str, aliases_possible: bool, text: str = ""):
        self.path = path
        self.problems: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.text = text
        # Only lines where a ' #' follows some text can hold a text cut short by a comment: most files have none.
        self.comment_lines = syntax.comment_lines(text) if " #" in text or "\t#" in text else frozenset()
        self.seen: set[int] | None = set() if aliases_possible else None
        self.alias_problems: set[Diagnostic] = set()
        self.too_deep = False

    def _at(self, node: yaml.Node, message: str) -> None:
        self.problems.append(located(self.path, *_mark(node), message))

    def build(self, node: yaml.Node, depth: int, alias_at: yaml.Node | None = None) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:
                # The composer hands back the anchored node again for every alias: refusing the second visit stops
                # "billion laughs" expansion before it starts. The alias has no mark of its own: point at its key.
                problem = located(self.path, *_mark(alias_at or node), "aliases (*name) are not supported: write the value out in full")
                if problem not in self.alias_problems:  # a list of nine aliases is one problem, not nine
                    self.alias_problems.add(problem)
                    self.problems.append(problem)
                return None
            self.seen.add(id(node))
        kind = type(node)
        tag = node.tag or ""
        if kind is yaml.ScalarNode:
            if tag == _PLAIN:
                value = node.value
                if value and value[0] not in _NOT_TEXT_START:  # the common case: a plain word
                    return value
            elif tag == _STR:  # quoted or block scalars
                return node.value
            return self._scalar(node, tag)
        if depth >= MAX_DEPTH:
            # Counted as in _refuse_deep_nesting: the root is the first level. Said once: one cause, one line.
            if not self.too_deep:
                self.too_deep = True
                self._at(node, f"nesting deeper than {MAX_DEPTH} levels is not supported")
            return None
        if not tag.startswith(_STD):
            self._at(node, f"custom tag '{tag[:40]}' is not supported: remove it")
            return None
        if kind is yaml.SequenceNode:
            if tag != _STD + "seq":
                self._at(node, f"tag '{tag}' is not supported here")
            depth += 1
            return [self.build(item, depth, node) for item in node.value]
        if kind is yaml.MappingNode:
            if tag != _STD + "map":
                self._at(node, f"tag '{tag}' is not supported here: use a plain mapping")
            return self._mapping(node, depth)
        self._at(node, "unsupported YAML node")
        return None

    def _comment_cut(self, key: Any, node: yaml.Node) -> None:
        """Warn when a plain text in a prose field is followed by ' #' on its line: YAML dropped the rest."""
        if type(node) is not yaml.ScalarNode or node.style or key not in syntax.PROSE_FIELDS:
            return
        end = node.end_mark
        if end.line == node.start_mark.line and syntax.comment_follows(self.text, end.index):
            self.warnings.append(located(self.path, end.line + 1, end.column + 2, syntax.COMMENT_CUT.format(key=key), "warning"))

    def _scalar(self, node: yaml.ScalarNode, tag: str) -> Any:
        if not tag.startswith(_STD):
            self._at(node, f"custom tag '{tag[:40]}' is not supported: remove it")
            return None
        if node.style:  # a quoted or block scalar with a standard tag (`!!int "3"`) stays text
            return node.value
        if tag in _IMPLICIT_TAGS:
            try:
                value = _resolve_plain(node.value)
            except ValueError:  # Python refuses to read integers of more than 4,300 digits
                value = None
                too_big = True
            else:
                too_big = type(value) is int and value.bit_length() > MAX_INT_BITS
            if too_big:
                # Such numbers also break printing (str(int) has the same limit): refuse them where they are.
                self._at(node, "number too large to be meant as one: put it in quotes if it is text")
                return None
            return value
        if tag == _STD + "merge":
            self._at(node, "merge keys (<<) are not supported: write the keys out")
            return None
        self._at(node, f"tag '{tag}' is not supported")
        return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        depth += 1
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                self._at(key_node, "mapping keys must be plain words or numbers")
                continue
            key = _as_key(self.build(key_node, depth), key_node)
            if key in first_seen:
                self._at(
                    key_node,
                    f"duplicate key '{key}' (first at line {first_seen[key]}): YAML would silently keep only "
                    "the last one; merge them",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, depth, key_node)
            if self.comment_lines and value_node.start_mark.line in self.comment_lines:
                self._comment_cut(key, value_node)
        return result


def _decode(path: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([located(path, line, col, "file is not valid UTF-8: save it as UTF-8")]) from None
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        raise InputError([located(path, line, col, "file contains a NUL byte: it is not a text file")])
    return text.removeprefix("\ufeff")


def _nesting_allowance(text: str, bound: int, compact: int) -> int:
    """The indentation (in columns) up to which `text` cannot nest collections deeper than `bound`.

    Flow collections need a `[` or `{` each. Open block collections sit at distinct indentation columns (two
    per column at most: a sequence may sit at its key's indentation), except that a compact `- `/`? ` indicator
    opens one further along its line; one that starts past every line's indentation cannot continue on another
    line, so all of those sit on one line. Hence depth <= flow + compact + 2 * (indentation + 1), where compact
    counts the indicators on one line (or, cheaper and looser, in the whole file).
    """
    flow = text.count("[") + text.count("{")
    return (bound - flow - compact) // 2 - 1


def _compact_in_file(text: str) -> int:
    return sum(text.count(indicator) for indicator in _COMPACT)


def _compact_on_one_line(text: str) -> int:
    # Splitting at "\n" alone can only merge YAML lines (at \r, NEL, LS, PS), which over-counts: still a bound.
    return max(sum(line.count(indicator) for indicator in _COMPACT) for line in text.split("\n"))


def _indented_past(text: str, column: int) -> bool:
    """Whether some line is indented by more than `column` spaces (True for a negative column)."""
    if column < 0:
        return True
    too_far = " " * (column + 1)
    return text.startswith(too_far) or any(brk + too_far in text for brk in _LINE_BREAKS)


@functools.cache
def _composer_limits_nesting() -> bool:
    """Whether this libyaml refuses absurd nesting itself: probed once (a few ms), with 1,001 levels of flow and
    of block nesting (far below the ~25,000 that crash an unprotected one)."""
    deep = SAFE_NESTING_BOUND + 1
    probes = ("[" * deep + "]" * deep, "- " * deep + "a")  # flow, and block (compact sequences, on one line)
    for probe in probes:
        try:
            yaml.compose(probe, Loader=_Loader)
        except yaml.YAMLError as exc:
            if "nesting depth" not in str(exc):
                return False
        else:
            return False
    return True


def _refuse_deep_nesting(path: str, text: str) -> None:
    """Refuse absurd nesting before composing: libyaml's composer recurses in C and crashes the process
    (a segmentation fault, measured at about 25,000 levels) where Python's recursion limit cannot help.

    Most files are cleared by the cheap bound. Newer libyaml (bundled with PyYAML 6.0.4's wheels) refuses
    nesting past 1,000 levels itself, so the rest (big or odd files) need no more; with an older one they get
    a tighter bound (indicators per line), and what that cannot clear pays for the event scan.
    """
    if not _indented_past(text, _nesting_allowance(text, SAFE_NESTING_BOUND, _compact_in_file(text))):
        return
    if _composer_limits_nesting():
        return
    if not _indented_past(text, _nesting_allowance(text, SAFE_NESTING_BOUND, _compact_on_one_line(text))):
        return
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        kind = type(event)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise InputError(
                    [located(path, mark.line + 1, mark.column + 1, f"nesting deeper than {MAX_DEPTH} levels is not supported")]
                )
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1


def _compose_one(text: str) -> tuple[Any, Any]:
    """The first document's node tree, and the second document's if there is one (it is refused)."""
    nodes = yaml.compose_all(text, Loader=_Loader)
    return next(nodes, None), next(nodes, None)


def _compose(path: str, text: str) -> tuple[Any, Any, str, list[Diagnostic]]:
    """Compose the text; on a syntax error, explain it in plain words and go on with repaired lines where possible.

    Returns (root, second document, the text composed, the syntax problems found); raises InputError when the
    text cannot be read even with repairs.
    """
    try:
        _refuse_deep_nesting(path, text)
        return (*_compose_one(text), text, [])
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or ""):
            # PyYAML 6.0.4 and later stop at their own depth limit before our event scan gets there.
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise InputError([located(path, line, col, f"nesting deeper than {MAX_DEPTH} levels is not supported")]) from None
        # Repairs work on lines split at "\n": with other line breaks (lone \r, NEL, LS, PS) the line numbers the
        # parser counts would differ, so such a file gets the first problem only. CRLF is the same lines.
        plain = text.replace("\r\n", "\n")
        if any(brk in plain for brk in _LINE_BREAKS[1:]):
            finding, _ = syntax.explain(plain.split("\n"), exc)
            raise InputError([located(path, finding.line, finding.col, finding.message)]) from None
        composed: list[str] = []

        def compose(repaired: str) -> tuple[Any, Any]:
            composed.append(repaired)
            return _compose_one(repaired)

        nodes, findings = syntax.repair(plain, exc, compose)
        problems = [located(path, f.line, f.col, f.message) for f in findings]
        if nodes is None:
            raise InputError(problems) from None
        return (*nodes, composed[-1], problems)


def read_yaml_text(path: str, text: str, *, keep_going: bool = False) -> YamlDocument:
    """Parse YAML text into a YamlDocument; raise InputError with every located problem.

    Syntax errors whose line could be repaired in memory (see assess.loading.syntax) are raised together with the
    builder's problems, or, with `keep_going`, left in `doc.problems` so that the caller can run its field and
    cross-reference checks on the rest and report everything in one run.
    """
    doc = YamlDocument(path=path, data=None)
    with gc_paused():  # thousands of nodes and containers, none of them cyclic garbage
        try:
            root, extra, text, syntax_problems = _compose(path, text)
        except yaml.YAMLError as exc:
            raise InputError([located(path, 1, 1, f"YAML cannot read this file ({type(exc).__name__})")]) from None
        except RecursionError:
            raise InputError([located(path, 1, 1, "YAML nested too deeply")]) from None
        if extra is not None:
            # Point at the `---` that starts the second document (its first node may sit lines further down).
            marker = None
            for marker in _DOC_START.finditer(text, 0, extra.start_mark.index + 1):
                pass
            line = text.count("\n", 0, marker.start()) + 1 if marker else extra.start_mark.line + 1
            raise InputError(syntax_problems + [located(path, line, 1, "more than one YAML document ('---'): keep one per file")])
        if root is None:
            raise InputError(syntax_problems or [located(path, 1, 1, "file is empty: expected a mapping of fields")])
        builder = _Builder(path, aliases_possible="&" in text, text=text)
        doc.data = builder.build(root, 0)
        doc.root = root
    if builder.problems or (syntax_problems and not keep_going):
        raise InputError(syntax_problems + builder.problems)
    if not isinstance(doc.data, dict):
        raise InputError(syntax_problems + [doc.error((), f"the file must be a mapping of fields, not a {_kind(doc.data)}")])
    doc.problems = syntax_problems
    doc.warnings = builder.warnings
    return doc


def _kind(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(type(value), "value")


def read_capped(handle: Any, cap: int, size_hint: int) -> bytes:
    """At most `cap + 1` bytes, in chunks: `read(cap + 1)` reserves the whole cap (20 MB) for every file it reads."""
    chunks: list[bytes] = []
    total = 0
    step = max(size_hint + 1, 1 << 16)
    while total <= cap:
        chunk = handle.read(min(step, cap + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


# How long a named pipe given as an input may wait for its writer (documented in docs/cli.md).
PIPE_WAIT_SECONDS = 10


def _read_pipe(file: Path, cap: int) -> bytes:
    """A named pipe's bytes, capped, or b"" when nothing writes to it within PIPE_WAIT_SECONDS. A plain open waits for
    a writer forever; this opens without waiting, waits a bounded time for the first bytes, then reads to the end."""
    import select

    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        if not poller.poll(PIPE_WAIT_SECONDS * 1000):
            return b""
        os.set_blocking(fd, True)
        return read_capped(handle, cap, 0)


def read_yaml_file(path: str | os.PathLike[str], *, keep_going: bool = False) -> YamlDocument:
    """Read and parse a YAML file with the size cap and encoding checks; InputError on any problem
    (with `keep_going`, repaired syntax errors are left in `doc.problems`, see read_yaml_text)."""
    shown = str(path)
    file = Path(path)
    try:
        info = file.stat()
        size = info.st_size
        if file.is_dir():
            raise InputError([located(shown, 1, 1, "is a directory, not a YAML file")])
        # A device (/dev/zero, /dev/tty) is refused unread; a pipe named on the command line (`<(...)`) is read, capped.
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise InputError([located(shown, 1, 1, "is not a regular file (a device or a socket): give a YAML file")])
        cap = max_bytes()
        if size > cap:
            raise InputError(
                [located(shown, 1, 1, f"file is {size:,} bytes, above the {cap:,}-byte limit (ASSESS_MAX_BYTES)")]
            )
        # Never read more than the cap: a pipe (`<(...)`) or a device such as /dev/zero reports size 0 and never ends.
        if stat.S_ISFIFO(info.st_mode):
            raw = _read_pipe(file, cap)
            if not raw:
                raise InputError([located(shown, 1, 1, f"is a named pipe that gave no input (none came within {PIPE_WAIT_SECONDS} s): give a YAML file")])
        else:
            with file.open("rb") as handle:
                raw = read_capped(handle, cap, size)
        if len(raw) > cap:
            raise InputError([located(shown, 1, 1, f"input is more than the {cap:,}-byte limit (ASSESS_MAX_BYTES)")])
    except FileNotFoundError:
        raise InputError([located(shown, 1, 1, "no such file")]) from None
    except PermissionError:
        raise InputError([located(shown, 1, 1, "permission denied")]) from None
    except OSError as exc:
        raise InputError([located(shown, 1, 1, f"cannot read file: {exc.strerror or type(exc).__name__}")]) from None
    doc = read_yaml_text(shown, _decode(shown, raw), keep_going=keep_going)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return doc
