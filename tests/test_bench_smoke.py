"""The benchmark scripts start, and the corpora they generate are valid cases (no timing is ever asserted here)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from assess.loading import open_case

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def corpus():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "corpus.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


def test_run_help_lists_modes_and_rows():
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout and "cold-score" in done.stdout and "validate" in done.stdout


def test_run_refuses_unknown_row():
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--only", "nope"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "unknown row(s) nope" in done.stderr


def test_variants_are_valid_distinct_and_deterministic(corpus, tmp_path):
    first = corpus.write_many(tmp_path / "a", 4)
    again = corpus.write_many(tmp_path / "b", 4)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    loaded = [open_case(p) for p in first]
    assert len({case.case.meta.id for case in loaded}) == 4
    base = open_case(corpus.BASE_CASE).case
    for item in loaded:
        assert len(item.case.evidence) == len(base.evidence)
        assert {e.id for e in item.case.evidence}.isdisjoint(e.id for e in base.evidence)


def test_scaled_cases_are_valid_with_that_much_evidence(corpus, tmp_path):
    paths = corpus.write_scaled(tmp_path, [1, 10])
    base = open_case(corpus.BASE_CASE).case
    assert len(open_case(paths[1]).case.evidence) == len(base.evidence)
    big = open_case(paths[10]).case
    assert len(big.evidence) == 10 * len(base.evidence)
    assert len({e.id for e in big.evidence}) == len(big.evidence)


def test_hostile_inputs_are_generated_at_the_issue_sizes(tmp_path):
    """bench/hostile.py builds each hostile input (it is timed only when the script runs, never here)."""
    spec = importlib.util.spec_from_file_location("bench_hostile", BENCH / "hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for make in module.INPUTS:
        folder = tmp_path / make.__name__
        folder.mkdir()
        argv = make(folder)
        assert argv[0] in ("validate", "draft", "verify") and Path(argv[1]).exists()
    assert (tmp_path / "bibtex_errors" / "refs.bib").stat().st_size > 900_000
    assert (tmp_path / "sparse_text" / "big.txt").stat().st_size == 600 * 1024 * 1024
