"""`-o` never replaces a device or a pipe, `-o -` is standard output, and no file the run read is written over."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNCIL = ROOT / "cases" / "teaching_fictional_council.yaml"
FAST = ("--draws", "0")


@pytest.fixture
def case_copy(tmp_path):
    """The council case with its source text and bibliography, in a folder of its own."""
    shutil.copytree(ROOT / "cases" / "sources", tmp_path / "sources")
    shutil.copy(COUNCIL, tmp_path / "case.yaml")
    return tmp_path / "case.yaml"


def test_a_device_is_not_an_output(cli):
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    before = os.stat("/dev/null")
    result = cli("score", str(COUNCIL), *FAST, "-o", "/dev/null", "--format", "json")
    assert result.exit_code == 4, result.output
    assert "/dev/null: error: exists and is not a regular file" in result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_fifo_is_not_an_output(cli, tmp_path):
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    result = cli("score", str(COUNCIL), *FAST, "-o", str(fifo))
    assert result.exit_code == 4 and "not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_dash_is_standard_output(cli, tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    result = cli("score", str(COUNCIL), *FAST, "-o", "-", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    if fmt == "json":
        assert json.loads(result.stdout)["overall"]
    else:
        assert len(result.stdout) > 1000


def test_dash_needs_a_text_format(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("score", str(COUNCIL), *FAST, "-o", "-").exit_code == 4
    result = cli("score", str(COUNCIL), *FAST, "-o", "-", "--format", "pdf")
    assert result.exit_code == 4 and "standard output" in result.stderr
    assert not (tmp_path / "-").exists()


def test_compare_dash_is_standard_output(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("compare", str(COUNCIL), "--slices", "2000,2010", "-o", "-", "--format", "md")
    assert result.exit_code == 0 and "|" in result.stdout and not (tmp_path / "-").exists()


def test_no_file_the_run_read_is_an_output(cli, case_copy):
    from assess.loading import open_case
    from assess.provenance import local_copies

    loaded = open_case(case_copy)
    read = [case_copy.parent / c.copy.path for c in local_copies(loaded.case)]
    if loaded.case.bibliography:
        read.append(case_copy.parent / loaded.case.bibliography)
    assert read
    templates = case_copy.parent / "templates"
    templates.mkdir()
    (templates / "notes.md").write_text("x", encoding="utf-8")
    read.append(templates / "notes.md")
    for path in read:
        before = path.read_bytes()
        result = cli("score", str(case_copy), *FAST, "--template-dir", str(templates), "-o", str(path), "--format", "json")
        assert result.exit_code == 4, (path, result.output)
        assert "refusing to write over an input file" in result.stderr
        assert path.read_bytes() == before
