"""Streaming data-set writers (CSV, JSON Lines, SQLite), chosen by the output's suffix, each written atomically.

Each format has an `extract` function that runs in the worker process (it turns an Assessment into small,
picklable records) and a writer that appends those records to a temporary file in the target folder; the file
is renamed over the target only when every case has been written, so readers never see half a data set.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assess.errors import OutputError
from assess.many.records import CSV_COLUMNS, SQL_TABLES, create_statements, csv_row, sql_rows

if TYPE_CHECKING:
    from assess.models.assessment import Assessment


@contextmanager
def atomic_path(target: str | Path, *, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """A temporary path beside `target`, renamed over it when the block succeeds and removed when it fails."""
    from assess.output import is_an_input, target_kind

    target = Path(target)
    shown = str(target)
    # The report writer's checks (a folder, a device or a pipe, a name the file system refuses): renaming over
    # /dev/null or a pipe would replace the device node with a file (as root) or fail late.
    kind = target_kind(target, shown)
    if kind:
        raise OutputError(shown, kind.split(": error: ", 1)[1])
    if is_an_input(target, inputs):
        raise OutputError(shown, "refusing to write over an input file; choose another output name")
    folder = target.parent if str(target.parent) else Path(".")
    tmp: Path | None = None
    try:
        # Created inside the try: a signal arriving right after mkstemp still reaches the `finally` below.
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            tmp = Path(name)
            os.close(fd)
        except OSError as exc:
            raise OutputError(shown, f"cannot write: {exc.strerror or type(exc).__name__}") from None
        yield tmp
        tmp.chmod(0o666 & ~_umask())  # mkstemp's 0600 suits a temporary file, not a data set others read
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(shown, f"cannot write: {exc.strerror or type(exc).__name__}") from None
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (it begins with = + - @, a tab or a carriage return)
    gets a leading apostrophe, as OWASP advises for CSV injection; numbers and other text are unchanged. A case
    received from someone else must not run code in the spreadsheet of whoever opens the data set."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """One row per case; see records.CSV_COLUMNS. Text cells are made spreadsheet-safe (`spreadsheet_safe`)."""

    guard = True

    def __init__(self, path: Path):
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.handle, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        cell = spreadsheet_safe if self.guard else (lambda v: v)
        self.writer.writerow({k: "" if v is None else cell(v) for k, v in record.items()})


    def close(self) -> None:
        self.handle.close()


class RawCsvWriter(CsvWriter):
    """CSV with every cell as it is (`assess batch --csv-formulas`): for tools that are not spreadsheets."""

    guard = False


class JsonlWriter:
    """One complete Assessment as JSON per line."""

    def __init__(self, path: Path):
        self.handle = path.open("w", encoding="utf-8", newline="\n")

    def write(self, record: str) -> None:
        self.handle.write(record + "\n")

    def close(self) -> None:
        self.handle.close()


class SqliteWriter:
    """Tables with keys (see records.SQL_TABLES); cases are numbered 1, 2, ... in input order."""

    COMMIT_EVERY = 200

    def __init__(self, path: Path):
        path.unlink()  # mkstemp made an empty file; let SQLite create a proper database
        self.db = sqlite3.connect(path)
        for statement in create_statements():
            self.db.execute(statement)
        self.inserts = {
            name: f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})"
            for name, (columns, _) in SQL_TABLES.items()
        }
        self.key = 0

    def write(self, record: dict[str, list[tuple[Any, ...]]]) -> None:
        self.key += 1
        for table, rows in record.items():
            self.db.executemany(self.inserts[table], [(self.key, *row) for row in rows])
        if self.key % self.COMMIT_EVERY == 0:
            self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()


def _jsonl_record(assessment: Assessment, file: str) -> str:
    return assessment.model_dump_json()


@dataclass(frozen=True)
class DataFormat:
    """A batch output format: its suffixes, the record extractor (run in workers), the writer class, and whether
    its records hold the time slices (when not, workers do not compute them)."""

    name: str
    suffixes: tuple[str, ...]
    extract: Callable[[Any, str], Any]
    writer: type
    slices: bool = False


FORMATS: dict[str, DataFormat] = {
    f.name: f
    for f in (
        DataFormat("csv", (".csv",), csv_row, CsvWriter),
        DataFormat("jsonl", (".jsonl", ".ndjson"), _jsonl_record, JsonlWriter, slices=True),
        DataFormat("sqlite", (".sqlite", ".sqlite3", ".db"), sql_rows, SqliteWriter),
    )
}


def format_for(path: str | Path) -> DataFormat:
    """The data format for an output path, from its suffix; OutputError naming the known suffixes otherwise."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
    raise OutputError(str(path), f"cannot tell the data format from '{suffix or 'no suffix'}': use one of {known}")

