"""Shared fixtures: paths to the shipped files and a CLI runner that goes through the real error boundary."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# The same examples on every run (CI and here), so a green run is reproducible; `HYPOTHESIS_PROFILE=explore`
# searches afresh with random examples, as a session hunting for new counterexamples should.
settings.register_profile("reproducible", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
RUSSIA = CASES / "russia_nk.yaml"
RUBRICS = ROOT / "rubrics"
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Run `assess ARGS` in-process through `assess.cli.main`, capturing exit code, stdout and stderr."""
    from assess.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, list(args), env=env, input=input, prog_name="assess", catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def run_subprocess(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120) -> Result:
    """Run `python -m assess ARGS` in a real process (for start-up, tracebacks, real terminals)."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "assess", *args], cwd=cwd or ROOT, env=full_env, capture_output=True, text=True,
        timeout=timeout,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def cli():
    return run_cli


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden", action="store_true", default=False,
        help="Rewrite the golden report files under tests/render/golden/ instead of comparing against them.",
    )


@pytest.fixture
def regen_golden(request) -> bool:
    return bool(request.config.getoption("--regen-golden"))
