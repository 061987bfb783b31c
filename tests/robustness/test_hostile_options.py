"""Options a user (or a script passed along with a case) can get wrong: usage errors, exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUSSIA = str(ROOT / "cases" / "russia_nk.yaml")
ASSESSORS = sorted(str(p) for p in (ROOT / "cases" / "assessors").glob("russia_nk.*.yaml"))


@pytest.mark.parametrize("argv", [
    ["agreement", *ASSESSORS, "--seed=-5"],
    ["score", RUSSIA, "--seed", "-1"],
    ["compare", RUSSIA, "--slices", "2000", "--seed", "-3"],
    ["score", RUSSIA, "--fail-under", "nan"],
    ["score", RUSSIA, "--fail-under", "101"],
], ids=["agreement seed", "score seed", "compare seed", "fail-under nan", "fail-under 101"])
def test_bad_option_values_are_usage_errors(cli, argv):
    result = cli(*argv)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Invalid value for" in result.stderr and "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_data_set_is_never_written_over_a_device(cli, tmp_path):
    """`-o /dev/null` must not replace the device node with a file (as root, a rename over it would)."""
    import os

    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null here")
    before = os.stat("/dev/null")
    result = cli("batch", str(ROOT / "cases"), "-o", "/dev/null")
    assert result.exit_code == 4  # no data-set suffix: refused before anything is opened
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = cli("batch", str(ROOT / "cases" / "teaching_fictional_council.yaml"), "-o", str(fifo))
    assert result.exit_code == 4 and "not a regular file" in result.stderr
    assert os.stat("/dev/null").st_rdev == before.st_rdev and not os.path.isfile("/dev/null")


def test_sigterm_during_a_batch_leaves_no_temporary_file(tmp_path):
    """A batch stopped by SIGTERM exits 143 and removes its temporary data set."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "assess", "batch", str(ROOT / "cases"), "-o", str(out), "--draws", "1024"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.sqlite.*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.2)  # well inside the batch's work, past the temporary file's creation
    if proc.poll() is not None:
        pytest.skip("the batch finished before it could be stopped")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert not list(tmp_path.glob(".out.sqlite.*")) and not out.exists()


@pytest.mark.parametrize(("name", "text"), [
    ("refs.json", '[{"id": "k1", "type": "book", "title": "T", "issued": {"date-parts": [[1e400]]}}]'),
    ("refs.bib", "@book{k1, title={T}, year={\u00b2}}"),
], ids=["CSL date-parts 1e400", "BibTeX year superscript two"])
def test_odd_bibliography_years_are_no_year_not_a_crash(cli, tmp_path, name, text):
    import shutil

    import yaml

    council = ROOT / "cases" / "teaching_fictional_council.yaml"
    shutil.copytree(council.parent / "sources", tmp_path / "sources")
    data = yaml.safe_load(council.read_text(encoding="utf-8"))
    data["bibliography"] = name
    (tmp_path / name).write_text(text, encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("validate", str(case))
    assert result.exit_code in (0, 3) and "internal error" not in result.stderr, result.stderr


def test_a_template_dir_name_too_long_is_an_output_error(cli, tmp_path):
    result = cli("score", RUSSIA, "--template-dir", str(tmp_path / ("x" * 300)), "-o", str(tmp_path / "r.md"))
    assert result.exit_code == 4 and "cannot use this template directory" in result.stderr
    assert "internal error" not in result.stderr
