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
