"""Bibliography files a case may name (CSL-JSON or BibTeX): entries become the case's sources, inline fields win.

Only entries that evidence cites (or that an inline source extends) join the case, as pandoc does. An entry
without a reliability grade (from the file's non-standard `reliability` field or an inline source with the same
id) is graded F, "cannot be judged", with a warning.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assess.errors import Diagnostic, InputError, located
from assess.loading.yamlfile import YamlDocument

GRADES = set("ABCDEF")

CSL_KINDS = {
    "article-journal": "academic", "article": "academic", "paper-conference": "academic", "thesis": "academic",
    "book": "book", "chapter": "book", "report": "report", "treaty": "treaty", "legislation": "official_document",
    "legal_case": "official_document", "bill": "official_document", "regulation": "official_document",
    "document": "official_document", "speech": "statement", "interview": "statement",
    "article-newspaper": "news", "article-magazine": "news", "broadcast": "news",
    "webpage": "web", "post": "web", "post-weblog": "web",
}
BIBTEX_KINDS = {
    "article": "academic", "inproceedings": "academic", "conference": "academic", "phdthesis": "academic",
    "mastersthesis": "academic", "thesis": "academic", "book": "book", "inbook": "book", "incollection": "book",
    "booklet": "book", "techreport": "report", "report": "report", "manual": "official_document",
    "online": "web", "electronic": "web", "www": "web", "unpublished": "other", "misc": "other",
}


def _doi(value: str | None) -> str | None:
    if not value:
        return None
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I) or None


def _url(value: str | None) -> str | None:
    # Only web links: a `file:` or `javascript:` URL from a reference manager never reaches a report.
    return value.strip() if value and re.match(r"^https?://", value.strip(), re.I) else None


def _text(value: Any) -> str | None:
    """A CSL field as text (CSL-JSON from other tools sometimes holds numbers or lists where text belongs)."""
    if value is None or isinstance(value, (dict, bool)):
        return None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if isinstance(v, (str, int))) or None
    return str(value)


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in (None, "", [])}


def _csl_name(name: Any) -> str | None:
    if not isinstance(name, dict):
        return str(name) if name else None
    if name.get("literal"):
        return str(name["literal"])  # institutions are literal names: never split
    family = " ".join(str(name[k]) for k in ("non-dropping-particle", "family") if name.get(k))
    given = " ".join(str(name[k]) for k in ("given", "dropping-particle") if name.get(k))
    if family and given:
        return f"{family}, {given}"
    return family or given or None


def _csl_date(issued: Any) -> tuple[int | None, str | None]:
    if not isinstance(issued, dict):
        return None, None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(p) for p in parts[0][:3]]
        except (TypeError, ValueError, OverflowError):  # 1e400 is infinity: no year
            return None, None
        if not all(0 <= n <= 9999 for n in numbers):
            return None, None
        year = numbers[0]
        precise = "-".join([f"{year:04d}"] + [f"{n:02d}" for n in numbers[1:]]) if len(numbers) > 1 else None
        return year, precise
    raw = str(issued.get("raw") or issued.get("literal") or "")
    match = re.search(r"\b(\d{4})\b", raw)
    return (int(match.group(1)), None) if match else (None, None)


def csl_to_source(item: dict[str, Any]) -> dict[str, Any]:
    """One CSL-JSON item (as Zotero exports it) as the fields of a `Source`."""
    names = item.get("author") or item.get("editor") or []
    authors = [n for n in (_csl_name(a) for a in (names if isinstance(names, list) else [names])) if n]
    year, precise = _csl_date(item.get("issued"))
    grade = str(item.get("reliability", "")).strip().upper()
    return _clean(
        {
            "id": str(item.get("id", "")),
            "kind": CSL_KINDS.get(str(item.get("type", "")), "other"),
            "title": str(item.get("title") or item.get("id") or ""),
            "authors": authors,
            "year": year,
            "date": precise,
            "container": _text(item.get("container-title")),
            "publisher": _text(item.get("publisher") or item.get("authority")),
            "url": _url(_text(item.get("URL"))),
            "doi": _doi(_text(item.get("DOI"))),
            "reliability": grade if grade in GRADES else None,
        }
    )


def bibtex_to_source(entry: Any) -> dict[str, Any]:
    """One BibTeX entry as the fields of a `Source`."""
    from assess.loading.bibtex import split_names

    fields = entry.fields
    names = entry.protected.get("author") or entry.protected.get("editor") or ""
    year_text = fields.get("year") or fields.get("date", "")[:4]
    # `isdigit` accepts '²' and other digits int() refuses: only ASCII 0-9 make a year.
    year = int(year_text) if year_text.isascii() and year_text.isdigit() and len(year_text) <= 4 else None
    date = fields.get("date") if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", fields.get("date", "")) else None
    grade = fields.get("reliability", "").strip().upper()
    kind = BIBTEX_KINDS.get(entry.type, "other")
    if kind == "other" and fields.get("url"):
        kind = "web"
    return _clean(
        {
            "id": entry.key,
            "kind": kind,
            "title": fields.get("title") or entry.key,
            "authors": split_names(names) if names else [],
            "year": year,
            "date": date,
            "container": fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle"),
            "publisher": fields.get("publisher") or fields.get("institution") or fields.get("organization")
            or fields.get("school"),
            "url": _url(fields.get("url")),
            "doi": _doi(fields.get("doi")),
            "reliability": grade if grade in GRADES else None,
        }
    )


def read_bibliography(path: Path, shown: str) -> dict[str, tuple[dict[str, Any], tuple[int, int]]]:
    """Entries by key: the fields of a Source and where the entry starts. InputError with located problems."""
    from assess.loading.confine import FileProblem, read_bounded

    try:
        text = read_bounded(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([located(shown, 1, 1, "bibliography is not UTF-8 text")]) from None
    except FileProblem as exc:
        raise InputError([located(shown, 1, 1, f"bibliography {exc}")]) from None
    if path.suffix.lower() in (".json", ".csljson"):
        return _read_csl(text, shown)
    if path.suffix.lower() == ".bib":
        return _read_bibtex(text, shown)
    raise InputError([located(shown, 1, 1, "unknown bibliography format: use CSL-JSON (.json) or BibTeX (.bib)")])


def _read_csl(text: str, shown: str) -> dict[str, tuple[dict[str, Any], tuple[int, int]]]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([located(shown, exc.lineno, exc.colno, f"bibliography is not valid CSL-JSON: {exc.msg}")]) from None
    if isinstance(items, dict) and isinstance(items.get("items"), list):
        items = items["items"]
    if not isinstance(items, list):
        raise InputError([located(shown, 1, 1, "CSL-JSON must be a list of items")])
    entries: dict[str, tuple[dict[str, Any], tuple[int, int]]] = {}
    problems = []
    where = _id_positions(text)
    for index, item in enumerate(items):
        position = _json_position(text, item.get("id") if isinstance(item, dict) else None, where)
        if not isinstance(item, dict) or not item.get("id"):
            problems.append(located(shown, *position, f"item {index + 1} has no `id`"))
            continue
        entries[str(item["id"])] = (csl_to_source(item), position)
    if problems:
        raise InputError(problems)
    return entries


_JSON_ID = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*)')


@dataclass(frozen=True)
class _IdPositions:
    """Where each `"id": ...` of a CSL-JSON text starts, and where its lines start: one pass over the text, so
    locating 40,000 items is linear (a search and a line count per item was quadratic)."""

    first: dict[str, int]
    line_starts: list[int]


def _id_positions(text: str) -> _IdPositions:
    first: dict[str, int] = {}
    for match in _JSON_ID.finditer(text):
        first.setdefault(match.group(1), match.start())
    return _IdPositions(first, [0] + [m.end() for m in re.finditer("\n", text)])


def _json_position(text: str, key: Any, where: _IdPositions | None = None) -> tuple[int, int]:
    where = where or _id_positions(text)
    try:
        offset = where.first.get(json.dumps(key, ensure_ascii=False)) if key is not None else None
    except (TypeError, ValueError):
        offset = None
    if offset is None:
        return (1, 1)
    start = text.rfind("{", max(0, offset - 10_000), offset)
    start = offset if start < 0 else start
    line = bisect.bisect_right(where.line_starts, start)
    return line, start - where.line_starts[line - 1] + 1


def _read_bibtex(text: str, shown: str) -> dict[str, tuple[dict[str, Any], tuple[int, int]]]:
    from assess.loading.bibtex import parse_bibtex

    parsed, problems = parse_bibtex(text, shown)
    entries: dict[str, tuple[dict[str, Any], tuple[int, int]]] = {}
    for entry in parsed:
        if entry.key in entries:
            problems.append(located(shown, entry.line, entry.col, f"duplicate key '{entry.key}'"))
        entries[entry.key] = (bibtex_to_source(entry), (entry.line, entry.col))
    if problems:
        raise InputError(problems)
    return entries


def _cited_ids(data: dict[str, Any]) -> list[str]:
    cited: list[str] = []
    evidence = data.get("evidence")
    for item in evidence if isinstance(evidence, list) else []:
        refs = item.get("source") if isinstance(item, dict) else None
        for ref in [refs] if isinstance(refs, str) else refs if isinstance(refs, list) else []:
            key = ref if isinstance(ref, str) else ref.get("id") if isinstance(ref, dict) else None
            if isinstance(key, str) and key not in cited:
                cited.append(key)
    return cited


_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")


def merge_bibliography(doc: YamlDocument) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The case data with the bibliography's cited entries merged into `sources`, and the warnings that raised.

    An inline source whose id is a key extends the entry (its fields win), e.g. to add `reliability: B`.
    """
    data = doc.data
    name = data.get("bibliography") if isinstance(data, dict) else None
    if isinstance(name, (int, float)) and not isinstance(name, bool):
        name = str(name)  # the model accepts a number as a file name too
    if not isinstance(name, str) or not name.strip():
        return data, []
    path = Path(doc.path).parent / name
    shown = str(Path(doc.path).parent / name) if str(Path(doc.path).parent) != "." else name
    from assess.loading.confine import FileProblem, inside, outside_message, read_bounded

    if not inside(path, Path(doc.path).parent):
        raise InputError([doc.error(("bibliography",), outside_message("a bibliography", Path(doc.path).parent.resolve()))])
    try:
        read_bounded(path)
    except FileProblem as exc:
        message = f"bibliography file '{name}' not found" if str(exc) == "not found" else f"bibliography file '{name}' {exc}"
        raise InputError([doc.error(("bibliography",), message)]) from None
    entries = read_bibliography(path, shown)
    if not isinstance(data.get("sources", []), list):
        return data, []  # not a list: the model reports it, located
    inline = data.get("sources") or []
    # Only text ids: any other (`id: [a]`) is the model's to report, located, and cannot be hashed here.
    inline_ids = {s.get("id") for s in inline if isinstance(s, dict) and isinstance(s.get("id"), str)}
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    merged_sources: list[Any] = []
    for source in inline:
        key = source.get("id") if isinstance(source, dict) else None
        if isinstance(key, str) and key in entries:
            fields, position = entries[key]
            source = {**fields, **source}
            if "reliability" not in source:
                source["reliability"] = "F"
                warnings.append(_ungraded(shown, position, key))
        merged_sources.append(source)
    for key in _cited_ids(data):
        if key in entries and key not in inline_ids:
            fields, position = entries[key]
            if not _ID.match(key):
                problems.append(located(shown, *position, f"key '{key}' cannot be a source id: use letters, digits, '_', '-', '.'"))
                continue
            if "reliability" not in fields:
                fields = {**fields, "reliability": "F"}
                warnings.append(_ungraded(shown, position, key))
            merged_sources.append(fields)
    if problems:
        raise InputError(problems)
    return {**data, "sources": merged_sources}, warnings


def _ungraded(shown: str, position: tuple[int, int], key: str) -> Diagnostic:
    return located(
        shown, *position,
        f"source '{key}' has no reliability grade: counted as F (cannot be judged); grade it with an inline source "
        f"`{{id: {key}, reliability: B}}` in the case",
        "warning",
    )
