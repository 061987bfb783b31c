"""Helpers for the many-cases tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CASES = ROOT / "cases"
RUSSIA = CASES / "russia_nk.yaml"
TEACHING = CASES / "teaching_fictional.yaml"
COUNCIL = CASES / "teaching_fictional_council.yaml"
ASSESSOR_FILES = sorted((CASES / "assessors").glob("russia_nk.*.yaml"))


def shipped_case_files() -> list[Path]:
    """The shipped case files (not assessor files), sorted as batch sorts them."""
    return sorted((p for p in CASES.glob("*.yaml")), key=lambda p: p.as_posix())


def copy_cases(target: Path) -> Path:
    """A copy of the shipped cases folder (with sources and assessor files) under `target`."""
    folder = target / "cases"
    shutil.copytree(CASES, folder)
    return folder


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)
