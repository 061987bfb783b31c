"""Every file of the invalid corpus fails with exit 3, a located `name.yaml:LINE:` message and no traceback."""

from __future__ import annotations

import shutil

import pytest

from assess.cli import cli as assess_group
from invalid_corpus_files import INVALID, corpus

CASES = corpus()
IDS = [e.name for e in CASES]


def check(result, expected, command: str) -> None:
    output = result.output
    assert "Traceback" not in output, f"{command}: traceback for {expected.name}"
    assert result.exit_code == expected.exit, f"{command} {expected.name}: exit {result.exit_code}\n{output}"
    located = [line for line in output.splitlines() if f"{expected.name}:{expected.line}:" in line]
    assert located, f"{command} {expected.name}: nothing located at line {expected.line}\n{output}"
    assert any(expected.msg in line for line in located), f"{command} {expected.name}: {expected.msg!r} not in\n{output}"


def test_corpus_is_big_enough():
    assert len(CASES) >= 25
    assert (INVALID / "README.md").is_file()


@pytest.mark.parametrize("expected", CASES, ids=IDS)
def test_validate(expected, cli):
    check(cli("validate", str(expected.path)), expected, "validate")


def test_validate_reports_every_file_at_once(cli):
    result = cli("validate", *(str(e.path) for e in CASES))
    assert result.exit_code == 3
    for expected in CASES:
        assert f"{expected.name}:{expected.line}:" in result.stderr, expected.name


def test_huge_input_refused_before_parsing(tmp_path, cli):
    # Generated here rather than committed: 21 MB of otherwise valid YAML, just above the default 20 MB cap.
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("notes: |\n")
        line = "  " + "x" * 1021 + "\n"  # 1 KiB a line
        for _ in range(21 * 1024):
            handle.write(line)
    result = cli("validate", str(path))
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert "huge.yaml:1:1: error: file is 22,020,105 bytes, above the 20,971,520-byte limit" in result.stderr


def test_huge_input_respects_configured_cap(tmp_path, cli):
    path = tmp_path / "big.yaml"
    path.write_text("notes: " + "y" * 5000 + "\n")
    result = cli("validate", str(path), env={"ASSESS_MAX_BYTES": "4096"})
    assert result.exit_code == 3 and "big.yaml:1:1: error:" in result.stderr and "4,096-byte limit" in result.stderr


needs_score = pytest.mark.skipif("score" not in assess_group.commands, reason="`assess score` has not landed yet")
needs_batch = pytest.mark.skipif("batch" not in assess_group.commands, reason="`assess batch` has not landed yet")
CASE_FILES = [e for e in CASES if e.only in (None, "score")]


@needs_score
@pytest.mark.parametrize("expected", CASE_FILES, ids=[e.name for e in CASE_FILES])
def test_score(expected, cli):
    check(cli("score", str(expected.path)), expected, "score")


@needs_batch
@pytest.mark.parametrize("expected", CASE_FILES, ids=[e.name for e in CASE_FILES])
def test_batch(expected, tmp_path, cli):
    # A valid case beside it: one bad file must fail the batch and be named, whatever else succeeds.
    valid = tmp_path / "valid"
    shutil.copytree(INVALID.parent / "valid", valid)
    out = tmp_path / "out.csv"
    result = cli("batch", str(valid / "minimal_case.yaml"), str(expected.path), "-o", str(out))
    assert "Traceback" not in result.output
    assert result.exit_code == 3, result.output
    assert expected.name in result.output
