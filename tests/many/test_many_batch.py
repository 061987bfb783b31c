"""`assess batch`: invalid files reported and skipped, CSV/JSONL/SQLite data sets, -j N equals -j 1."""

from __future__ import annotations

import csv
import shutil
import json
import sqlite3

import pytest

from assess.loading import open_case
from assess.many.batch import Task, ordered_outcomes
from assess.many.discover import discover
from assess.models.assessment import Assessment
from many_helpers import COUNCIL, copy_cases, line_of, shipped_case_files

BROKEN = "meta:\n  id: broken\n  title: Broken\n  assessors: [x]\n  assessed: 2026-01-01\nmediator: {name: X, kind: wizard}\n"


@pytest.fixture
def folder(tmp_path):
    """The shipped cases (with sources and assessor files) plus one broken case file."""
    cases = copy_cases(tmp_path)
    (cases / "zz_broken.yaml").write_text(BROKEN, encoding="utf-8")
    return cases


def _dump(path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def _valid(folder) -> list:
    return sorted((p for p in folder.glob("*.yaml") if p.name != "zz_broken.yaml"), key=lambda p: p.as_posix())


def test_broken_file_reported_and_the_rest_written(cli, folder, tmp_path):
    out = tmp_path / "out.csv"
    result = cli("batch", str(folder), "-o", str(out), "--draws", "20")
    assert result.exit_code == 3
    broken = folder / "zz_broken.yaml"
    assert f"{broken}:{line_of(BROKEN, 'wizard')}:" in result.stderr  # located, with the loader's message
    assert "1 invalid file(s) skipped" in result.stderr and "zz_broken.yaml" in result.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    valid = _valid(folder)
    assert len(valid) >= 3
    assert [r["file"] for r in rows] == [str(p) for p in valid]
    assert [r["case_id"] for r in rows] == [open_case(p).case.meta.id for p in valid]
    for row in rows:
        tilts = json.loads(row["tilts"])
        assert isinstance(tilts, dict) and len(tilts) >= 2
        assert len(row["sha256"]) == 64


def test_shipped_cases_batch_cleanly(cli, tmp_path):
    out = tmp_path / "ok.csv"
    result = cli("batch", str(shipped_case_files()[0].parent), "-o", str(out), "--draws", "20")
    assert result.exit_code == 0, result.stderr
    assert "assessor file(s) skipped" in result.stderr
    assert len(list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))) == len(shipped_case_files())


def test_sqlite_tables_and_counts(cli, folder, tmp_path):
    out = tmp_path / "out.sqlite"
    assert cli("batch", str(folder), "-o", str(out), "--draws", "20").exit_code == 3
    db = sqlite3.connect(out)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"cases", "criterion_scores", "evidence", "parties", "flags"} <= tables
    loaded = [open_case(p) for p in _valid(folder)]
    count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("cases") == len(loaded)
    assert count("criterion_scores") == sum(len(lc.rubric.criterion_ids()) for lc in loaded)
    assert count("evidence") == sum(len(lc.case.evidence) for lc in loaded)
    assert count("parties") == sum(len(lc.case.conflict.parties) for lc in loaded)
    # Keys join: every criterion score belongs to a case, and each case's rows carry its own id.
    orphans = db.execute("SELECT count(*) FROM criterion_scores s LEFT JOIN cases c USING (case_key) WHERE c.case_id IS NULL")
    assert orphans.fetchone()[0] == 0
    ids = [row[0] for row in db.execute("SELECT case_id FROM cases ORDER BY case_key")]
    assert ids == [lc.case.meta.id for lc in loaded]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO cases (case_key, file, case_id) VALUES (1, 'x', 'dup')")
    db.close()


def test_jsonl_lines_are_assessments(cli, folder, tmp_path):
    out = tmp_path / "out.jsonl"
    assert cli("batch", str(folder), "-o", str(out), "--draws", "20").exit_code == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(_valid(folder))
    results = [Assessment.model_validate_json(line) for line in lines]
    assert [r.case_file for r in results] == [str(p) for p in _valid(folder)]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".sqlite"])
def test_parallel_output_equals_serial(cli, folder, tmp_path, suffix):
    for n in range(4):  # more files than one chunk, so order across chunks and workers is exercised
        (folder / f"copy_{n}.yaml").write_text(COUNCIL.read_text(encoding="utf-8"), encoding="utf-8")
    serial, parallel = tmp_path / f"s{suffix}", tmp_path / f"p{suffix}"
    assert cli("batch", str(folder), "-o", str(serial), "--draws", "20").exit_code == 3
    assert cli("batch", str(folder), "-o", str(parallel), "--draws", "20", "-j", "2").exit_code == 3
    if suffix == ".sqlite":
        assert _dump(serial) == _dump(parallel)
    else:
        assert serial.read_bytes() == parallel.read_bytes()


def test_outcomes_stream_in_input_order():
    tasks = [Task(path=str(COUNCIL), fmt="csv", draws=10), Task(path="missing.yaml", fmt="csv")] * 3
    stream = ordered_outcomes(tasks, jobs=2, chunksize=1)
    assert iter(stream) is stream  # a generator: results are consumed one by one, never gathered
    outcomes = list(stream)
    assert [o.path for o in outcomes] == [t.path for t in tasks]
    assert [bool(o.problems) for o in outcomes] == [False, True] * 3


def test_workers_fork_only_without_threads():
    import sys
    import threading

    from assess.many.batch import _start_method

    assert _start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _start_method() == "spawn"  # forking a process with threads can deadlock
    finally:
        stop.set()
        thread.join()


def test_pool_started_before_the_progress_thread_serves_the_batch(tmp_path):
    import threading

    from assess.many.batch import run_batch, worker_pool
    from assess.many.writers import format_for

    files = [COUNCIL] * 3
    with worker_pool(2) as pool:
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)  # stands for the progress bar's refresh thread
        thread.start()
        try:
            summary = run_batch(files, tmp_path / "out.csv", format_for(str(tmp_path / "out.csv")), jobs=2, draws=5, pool=pool)
        finally:
            stop.set()
            thread.join()
    assert summary.written == 3
    assert len((tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()) == 4


def test_discovery_skips_rubrics_assessor_files_and_hidden_folders(folder):
    (folder / "rubric_copy.yaml").write_text("id: r\nfundamentals: []\n", encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.yaml").write_text("meta: {}\n", encoding="utf-8")
    found = discover([folder])
    names = [p.name for p in found.cases]
    assert names == sorted(names) and "zz_broken.yaml" in names
    skipped = {p.name: why for p, why in found.skipped}
    assert skipped["rubric_copy.yaml"] == "rubric file"
    assert all(skipped[p.name] == "assessor file" for p in (folder / "assessors").glob("*.yaml"))
    assert "x.yaml" not in names


def test_no_case_files(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("batch", str(tmp_path / "empty"), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3 and "no case files found" in result.stderr


def test_output_errors_leave_nothing_behind(cli, tmp_path):
    bad_suffix = cli("batch", str(COUNCIL), "-o", str(tmp_path / "o.xlsx"))
    assert bad_suffix.exit_code == 4 and "o.xlsx" in bad_suffix.stderr
    missing_dir = cli("batch", str(COUNCIL), "-o", str(tmp_path / "nowhere" / "o.csv"))
    assert missing_dir.exit_code == 4 and "cannot write" in missing_dir.stderr
    copy = tmp_path / "case.csv"  # a case file whose name looks like an output
    copy.write_text(COUNCIL.read_text(encoding="utf-8"), encoding="utf-8")
    over_input = cli("batch", str(copy), "-o", str(copy))
    assert over_input.exit_code == 4 and "refusing to write over an input" in over_input.stderr
    assert copy.read_text(encoding="utf-8") == COUNCIL.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_no_progress_bar_when_not_a_terminal(cli, tmp_path):
    result = cli("batch", str(COUNCIL), str(COUNCIL), "-o", str(tmp_path / "o.csv"), "--draws", "10")
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines() == [f"assess batch: 1 case(s) written to {tmp_path / 'o.csv'}"]


def test_example_queries_in_the_docs_run(cli, tmp_path):
    import re

    from many_helpers import ROOT

    out = tmp_path / "cases.sqlite"
    assert cli("batch", str(ROOT / "cases"), "-o", str(out), "--draws", "10").exit_code == 0
    text = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    sql = re.search(r"```sql\n(.*?)```", text, re.S).group(1)
    db = sqlite3.connect(out)
    try:
        results = [db.execute(statement).fetchall() for statement in sql.split(";") if statement.strip()]
    finally:
        db.close()
    assert len(results) == 5 and all(results[:4])


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cli, tmp_path):
    """OWASP CSV injection: a case's title or mediator beginning with = + - @ must not become a formula."""
    import yaml as _yaml

    data = _yaml.safe_load(COUNCIL.read_text(encoding="utf-8"))
    data["meta"]["title"] = '=HYPERLINK("https://example.org/x","click")'
    data["mediator"]["name"] = "+cmd|' /C calc'!A0"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copytree(COUNCIL.parent / "sources", folder / "sources")  # the stored texts the case points to
    case = folder / "hostile.yaml"
    case.write_text(_yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    guarded, raw = tmp_path / "guarded.csv", tmp_path / "raw.csv"
    assert cli("batch", str(folder), "-o", str(guarded)).exit_code == 0
    assert cli("batch", str(folder), "-o", str(raw), "--csv-formulas").exit_code == 0
    (row,) = list(csv.DictReader(guarded.read_text(encoding="utf-8").splitlines()))
    cells = [v for v in row.values() if v]
    assert not any(v.startswith(("=", "+", "@")) for v in cells), cells
    assert "'=HYPERLINK(\"https://example.org/x\",\"click\")" in cells and "'+cmd|' /C calc'!A0" in cells
    (raw_row,) = list(csv.DictReader(raw.read_text(encoding="utf-8").splitlines()))
    assert '=HYPERLINK("https://example.org/x","click")' in raw_row.values()


def test_a_case_whose_source_text_cannot_be_read_is_skipped_and_the_rest_written(cli, tmp_path):
    """One bad case (a `text:` path too long for the file system) is reported at the case and skipped; the other
    cases are written, exit 3, and the output is not blamed."""
    import yaml as _yaml

    folder = copy_cases(tmp_path)
    data = _yaml.safe_load(COUNCIL.read_text(encoding="utf-8"))
    source = next(s for s in data["sources"] if s.get("text"))
    source["text"] = "sources/" + "x" * 300 + ".txt"
    (folder / "zz_long_name.yaml").write_text(_yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = cli("batch", str(folder), "-o", str(out))
    assert result.exit_code == 3, result.stderr
    assert "zz_long_name.yaml:" in result.stderr and "internal error" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error:" in line]
    assert errors and not any("out.csv" in line for line in errors)
    assert any("zz_long_name.yaml:" in line and "File name too long" in line for line in errors)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == len(_valid(folder)) - 1  # every other case written


@pytest.mark.parametrize("name", ["csv", "sqlite"])
def test_formats_without_slices_record_what_a_full_score_gives(name):
    """CSV and SQLite hold no time slices, so batch skips them: every value those records hold is unchanged."""
    from assess.many.writers import FORMATS
    from assess.pipeline import assess_file

    fmt = FORMATS[name]
    assert not fmt.slices
    for path in shipped_case_files():
        full, _ = assess_file(path, draws=0)
        light, _ = assess_file(path, draws=0, slices=False)
        assert full.trajectory and not light.trajectory and not light.windows
        assert fmt.extract(light, str(path)) == fmt.extract(full, str(path)), path


def test_jsonl_records_carry_the_time_slices(cli, tmp_path):
    from assess.pipeline import assess_file

    case = shipped_case_files()[0]
    out = tmp_path / "one.jsonl"
    assert cli("batch", str(case), "-o", str(out)).exit_code == 0
    (record,) = [Assessment.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    full, _ = assess_file(case, draws=0)
    assert record.trajectory and record.trajectory == full.trajectory and record.windows == full.windows
