"""ASSESS_MAX_BYTES applies to every file a run reads, and a device or a pipe named as a source text is refused."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "valid"


def _case(tmp_path: Path, source_lines: str = "", tail: str = "") -> Path:
    folder = tmp_path / "case"
    folder.mkdir(exist_ok=True)
    shutil.copy(DATA / "mini_rubric.yaml", folder)
    text = (DATA / "minimal_case.yaml").read_text(encoding="utf-8")
    text = text.replace("    reliability: B\n", "    reliability: B\n" + source_lines, 1) + tail
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return folder / "case.yaml"


def test_a_source_text_above_the_cap_is_refused(cli, tmp_path, monkeypatch):
    case = _case(tmp_path, "    text: big.txt\n")
    (case.parent / "big.txt").write_text("x" * 10_000, encoding="utf-8")
    monkeypatch.setenv("ASSESS_MAX_BYTES", "9000")
    result = cli("validate", str(case))
    assert result.exit_code == 3, result.output
    assert "case.yaml:" in result.stderr and "above the 9,000-byte limit (ASSESS_MAX_BYTES)" in result.stderr


def test_a_bibliography_above_the_cap_is_refused(cli, tmp_path, monkeypatch):
    case = _case(tmp_path, tail="bibliography: refs.bib\n")
    (case.parent / "refs.bib").write_text("@misc{a, title={A}}\n" * 1000, encoding="utf-8")
    monkeypatch.setenv("ASSESS_MAX_BYTES", "9000")
    result = cli("validate", str(case))
    assert result.exit_code == 3 and "above the 9,000-byte limit" in result.stderr, result.output


def test_a_rubric_above_the_cap_is_refused(cli, tmp_path, monkeypatch):
    case = _case(tmp_path)
    rubric = case.parent / "mini_rubric.yaml"
    rubric.write_text(rubric.read_text(encoding="utf-8") + "#" * 20_000 + "\n", encoding="utf-8")
    monkeypatch.setenv("ASSESS_MAX_BYTES", str(case.stat().st_size + 100))
    result = cli("validate", str(case))
    assert result.exit_code == 3 and "mini_rubric.yaml:1:1:" in result.stderr and "ASSESS_MAX_BYTES" in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_device_as_a_source_text_is_refused_without_blocking(cli, tmp_path, kind):
    case = _case(tmp_path, "    text: special.txt\n")
    if kind == "fifo":
        os.mkfifo(case.parent / "special.txt")  # no writer: opening it for reading would block forever
    else:
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero")
        os.symlink("/dev/zero", case.parent / "special.txt")
    # The symlink leads out of the case's folder: trust /dev so that the device check itself is what refuses it.
    result = cli("validate", str(case), env={"ASSESS_TRUSTED_DIRS": "/dev" if kind == "device" else ""})
    assert result.exit_code == 3, result.output
    assert "is not a regular file" in result.stderr and "case.yaml:" in result.stderr


def test_a_device_as_a_case_is_refused(cli):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    result = cli("validate", "/dev/zero")
    assert result.exit_code == 3 and "/dev/zero:1:1: error: is not a regular file" in result.stderr
