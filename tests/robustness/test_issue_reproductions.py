"""The reproductions of issue 16 that no other file covers, each in a temporary folder: names too long for the
file system and file names that are not UTF-8 end in a located message and a documented exit code, never 70."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "cases"
COUNCIL = CASES / "teaching_fictional_council.yaml"
LONG = "x" * 300  # longer than any file name the usual file systems allow (255 bytes)


def assert_not_internal(result, *codes: int) -> None:
    assert result.exit_code in codes, (result.exit_code, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def case_folder(tmp_path) -> Path:
    shutil.copytree(CASES / "sources", tmp_path / "sources")
    shutil.copy(COUNCIL, tmp_path / "council.yaml")
    return tmp_path


def _with(case_folder: Path, change) -> Path:
    data = yaml.safe_load(COUNCIL.read_text(encoding="utf-8"))
    change(data)
    path = case_folder / "changed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("field", ["text", "bibliography", "rubric"])
def test_a_path_too_long_in_a_case_is_a_located_input_error(cli, case_folder, field):
    def change(data):
        if field == "text":
            data["sources"][0]["text"] = f"sources/{LONG}.txt"
        elif field == "bibliography":
            data["bibliography"] = f"{LONG}.bib"
        else:
            data["meta"]["rubric"] = f"{LONG}.yaml"

    path = _with(case_folder, change)
    for command in ("validate", "verify", "score"):
        result = cli(command, str(path))
        assert_not_internal(result, 3)
        assert f"{path}:" in result.stderr


def test_extends_too_long_in_a_rubric_is_a_located_input_error(cli, tmp_path):
    rubric = tmp_path / "child.yaml"
    rubric.write_text(f"id: child\nversion: '1'\nextends: {LONG}.yaml\n", encoding="utf-8")
    result = cli("validate", str(rubric))
    assert_not_internal(result, 3)
    assert f"{rubric}:" in result.stderr


@pytest.mark.parametrize("argv", [
    ["score", str(COUNCIL), "--rubric", f"{LONG}.yaml"],
    ["rubric", "show", f"{LONG}.yaml"],
    ["validate", f"{LONG}.yaml"],
    ["draft", f"{LONG}.txt", "--mediator", "M", "--party", "A", "--party", "B", "-o", "d.yaml"],
], ids=["--rubric", "rubric show", "validate", "draft TEXT"])
def test_an_input_name_too_long_is_exit_3(cli, argv):
    assert_not_internal(cli(*argv), 3)


@pytest.mark.parametrize("argv", [
    ["new", "{tmp}/" + LONG + ".yaml", "--mediator", "M", "--conflict", "C", "--party", "A", "--party", "B"],
    ["draft", str(CASES / "sources" / "russia_nk_essay.txt"), "--mediator", "M", "--party", "A", "--party", "B",
     "-o", "{tmp}/" + LONG + ".yaml"],
    ["score", str(COUNCIL), "-o", "{tmp}/" + LONG + ".html"],
    ["batch", str(COUNCIL), "-o", "{tmp}/" + LONG + ".csv"],
], ids=["new PATH", "draft -o", "score -o", "batch -o"])
def test_an_output_name_too_long_is_exit_4_and_writes_nothing(cli, tmp_path, argv):
    result = cli(*[a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert_not_internal(result, 4)
    assert "cannot write: File name too long" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _undecodable(folder: Path) -> Path:
    """A copy of the council case whose file name is not UTF-8 (byte 0xff), as Python names it (PEP 383)."""
    path = Path(os.fsdecode(os.fsencode(str(folder)) + b"/council\xff.yaml"))
    shutil.copy(COUNCIL, path)
    return path


@pytest.mark.skipif(os.fsencode("\udcff") != b"\xff", reason="file names here are not bytes")
@pytest.mark.parametrize("suffix", ["csv", "jsonl", "sqlite"])
def test_a_batch_over_a_file_name_that_is_not_utf8_writes_every_format(cli, case_folder, tmp_path, suffix):
    _undecodable(case_folder)
    out = tmp_path / f"out.{suffix}"
    result = cli("batch", str(case_folder), "-o", str(out))
    assert_not_internal(result, 0)
    if suffix == "jsonl":
        files = [json.loads(line)["case_file"] for line in out.read_text(encoding="utf-8").splitlines()]
    elif suffix == "csv":
        files = [line.split(",")[0] for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    else:
        with sqlite3.connect(out) as db:
            files = [row[0] for row in db.execute("SELECT file FROM cases")]
    assert any(name.endswith("council\\xff.yaml") for name in files), files


@pytest.mark.skipif(os.fsencode("\udcff") != b"\xff", reason="file names here are not bytes")
def test_every_report_of_a_case_whose_name_is_not_utf8_is_written(cli, case_folder, tmp_path):
    case = _undecodable(case_folder)
    for fmt in ("json", "md", "html"):
        out = tmp_path / f"report.{fmt}"
        result = cli("score", str(case), "--draws", "0", "--format", fmt, "-o", str(out))
        assert_not_internal(result, 0)
        text = out.read_text(encoding="utf-8")
        shown = json.loads(text)["case_file"] if fmt == "json" else text
        assert "xff.yaml" in shown  # the byte shown as \\xff (escaped again where Markdown needs it)
    reports = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/reports\xfe"))
    result = cli("compare", str(case), str(COUNCIL), "--reports", str(reports), "-o", str(tmp_path / "cmp.html"))
    assert_not_internal(result, 0)
    assert 'href="reports%FE/' in (tmp_path / "cmp.html").read_text(encoding="utf-8")
