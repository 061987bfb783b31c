"""Output faults: unwritable paths, a full disk, writing over an input -> one clear line, exit 4, nothing left."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from assess.cli import cli as assess_group
from assess.errors import ExitCode, OutputError
from assess.output import write_atomic


def leftovers(folder) -> list[str]:
    """Temporary files write_atomic might have left (`.NAME.*.tmp`)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_writes_and_replaces(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_text() == "second" and leftovers(tmp_path) == []


def test_new_file_gets_the_usual_mode_not_a_private_one(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.html", "<p>x</p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "new"


def test_path_under_a_regular_file(tmp_path):
    (tmp_path / "file.txt").write_text("not a folder")
    target = tmp_path / "file.txt" / "out.json"
    with pytest.raises(OutputError) as info:
        write_atomic(target, "x")
    assert str(info.value) == f"{target}: error: cannot write: Not a directory"
    assert info.value.exit_code == ExitCode.OUTPUT
    assert (tmp_path / "file.txt").read_text() == "not a folder"


def test_missing_folder(tmp_path):
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "absent" / "out.json", "x")
    assert "cannot write: No such file or directory" in str(info.value)


def test_target_is_a_directory(tmp_path):
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path, "x")
    assert "is a directory" in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError) as info:
            write_atomic(folder / "out.json", "x")
        assert "Permission denied" in str(info.value)
    finally:
        folder.chmod(0o700)


class FullDisk:
    """A file handle that writes a little and then fails as a full disk does."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[:10])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


@pytest.fixture
def full_disk(monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: FullDisk(real_fdopen(fd, *a, **k)))


def test_full_disk_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, full_disk):
    target = tmp_path / "report.json"
    target.write_text("the previous report")
    with pytest.raises(OutputError) as info:
        write_atomic(target, "x" * 10_000)
    assert str(info.value) == f"{target}: error: cannot write: No space left on device"
    assert target.read_text() == "the previous report"
    assert leftovers(tmp_path) == []


def test_full_disk_on_a_new_file_leaves_nothing(tmp_path, full_disk):
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "new.json", "x" * 10_000)
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_write_over_an_input(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("meta: {}\n")
    for target in (case, tmp_path / "." / "case.yaml"):
        with pytest.raises(OutputError) as info:
            write_atomic(target, "report", inputs=[case])
        assert "refusing to write over an input file" in str(info.value)
    link = tmp_path / "link.yaml"
    link.symlink_to(case)
    with pytest.raises(OutputError):
        write_atomic(link, "report", inputs=[case])
    assert case.read_text() == "meta: {}\n" and leftovers(tmp_path) == []


# --- through the CLI: `assess schema -o` ------------------------------------------------------------------------


def assert_one_line_exit_4(result, path) -> None:
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output
    # Loading warnings about the case (located, `: warning:`) may come first; the failure itself is one line.
    lines = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert len(lines) == 1 and lines[0].startswith(f"{path}: error: "), lines


def test_schema_to_a_path_under_a_file(tmp_path, cli):
    (tmp_path / "file.txt").write_text("x")
    target = tmp_path / "file.txt" / "out.json"
    assert_one_line_exit_4(cli("schema", "case", "-o", str(target)), target)


def test_schema_on_a_full_disk(tmp_path, cli, full_disk):
    target = tmp_path / "case.schema.json"
    assert_one_line_exit_4(cli("schema", "case", "-o", str(target)), target)
    assert list(tmp_path.iterdir()) == []


def test_schema_to_a_directory_is_a_usage_error(tmp_path, cli):
    result = cli("schema", "case", "-o", str(tmp_path))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_schema_writes_the_file(tmp_path, cli):
    target = tmp_path / "case.schema.json"
    result = cli("schema", "case", "-o", str(target))
    assert result.exit_code == 0 and target.read_text().startswith("{")


# --- `assess score CASE -o FILE`, once the report engineer's option lands ----------------------------------------


def _score_has_output_option() -> bool:
    command = assess_group.commands.get("score")
    return command is not None and any("-o" in p.opts for p in command.params if hasattr(p, "opts"))


needs_score_output = pytest.mark.skipif(not _score_has_output_option(), reason="`assess score -o` has not landed yet")


@pytest.fixture
def case_copy(tmp_path):
    import shutil

    shutil.copytree(Path(__file__).resolve().parent.parent.parent / "cases", tmp_path / "cases")
    return tmp_path / "cases" / "russia_nk.yaml"


@needs_score_output
def test_score_output_over_its_input(case_copy, cli):
    before = case_copy.read_bytes()
    result = cli("score", str(case_copy), "--format", "json", "-o", str(case_copy))
    assert_one_line_exit_4(result, case_copy)
    assert "input" in result.stderr and case_copy.read_bytes() == before


@needs_score_output
def test_score_output_under_a_file(case_copy, cli, tmp_path):
    target = case_copy / "report.html"
    assert_one_line_exit_4(cli("score", str(case_copy), "-o", str(target)), target)


@needs_score_output
def test_score_output_on_a_full_disk(case_copy, cli, tmp_path, full_disk):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.json"
    assert_one_line_exit_4(cli("score", str(case_copy), "-o", str(target)), target)
    assert list(out.iterdir()) == []
