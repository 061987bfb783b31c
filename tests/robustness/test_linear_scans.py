"""Checks stay linear on large hostile inputs: asserted on operation counts, never on time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assess.errors import InputError
from assess.loading import open_case
from assess.loading.suggest import MAX_SUGGESTIONS

DATA = Path(__file__).resolve().parents[1] / "data" / "valid"


@pytest.fixture
def count_fuzzy_searches(monkeypatch):
    import rapidfuzz.process

    calls = []
    real = rapidfuzz.process.extractOne

    def counting(*args, **kwargs):
        calls.append(len(args[1]) if len(args) > 1 else 0)
        return real(*args, **kwargs)

    monkeypatch.setattr(rapidfuzz.process, "extractOne", counting)
    return calls


def test_did_you_mean_is_computed_for_at_most_a_budget_of_errors(tmp_path, count_fuzzy_searches):
    n = 2_000
    shutil.copy(DATA / "mini_rubric.yaml", tmp_path)
    sources = "".join(f"  - {{id: src{i:05d}, kind: report, title: T{i}, reliability: B}}\n" for i in range(n))
    evidence = "".join(
        f"  - {{id: e{i:05d}, claim: C, source: srx{i:05d}, date: 2020-03, kind: fact, credibility: 2, "
        f"bears_on: {{balance: 2}}, favours: nobody{i}}}\n" for i in range(n)
    )
    head = (DATA / "minimal_case.yaml").read_text(encoding="utf-8").split("sources:")[0]
    (tmp_path / "big.yaml").write_text(head + "sources:\n" + sources + "evidence:\n" + evidence, encoding="utf-8")
    with pytest.raises(InputError) as info:
        open_case(tmp_path / "big.yaml")
    found = [d.message for d in info.value.diagnostics]
    assert sum("unknown source" in m for m in found) == n and sum("unknown party" in m for m in found) == n
    lines = info.value.lines()
    assert len(count_fuzzy_searches) <= MAX_SUGGESTIONS
    assert sum("did you mean" in line for line in lines) <= MAX_SUGGESTIONS
    assert "(did you mean 'src00000'?)" in "".join(lines)  # the first errors still get their hint


def test_csl_json_items_are_located_in_one_pass(tmp_path, monkeypatch):
    import json

    from assess.loading import bibliography

    passes = []
    real = bibliography._id_positions
    monkeypatch.setattr(bibliography, "_id_positions", lambda text: passes.append(1) or real(text))
    items = [{"id": f"k{i}", "title": f"T{i}", "type": "report"} for i in range(2_000)] + [{"title": "no id"}]
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        bibliography.read_bibliography(path, "refs.json")
    assert passes == [1]
    assert info.value.lines() == ["refs.json:1:1: error: item 2001 has no `id`"]
    items.pop()
    path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    entries = bibliography.read_bibliography(path, "refs.json")
    assert entries["k0"][1] == (2, 2) and entries["k1999"][1] == (2 + 5 * 1999, 2)


def test_bibtex_errors_and_entries_are_located_without_rescanning(tmp_path, monkeypatch):
    from assess.loading import bibtex

    scanned = []
    real_braced = bibtex._Reader.braced

    def counting_braced(self, closer):
        start = self.pos
        try:
            return real_braced(self, closer)
        finally:
            scanned.append(self.pos - start)

    monkeypatch.setattr(bibtex._Reader, "braced", counting_braced)
    n = 3_000
    unclosed = "".join(f"@article{{k{i}, title={{never closed\n" for i in range(n))
    good = "".join(f"@report{{g{i}, title={{T{i}}}, year={{2001}}}}\n" for i in range(n))
    text = unclosed + "\n" * 5_000 + good
    entries, problems = bibtex.parse_bibtex(text, "refs.bib")
    # Each unclosed value stops at the next entry instead of reading on to the end of the file.
    assert sum(scanned) < 3 * len(text)
    assert len(problems) == n and all("never closes" in p.message for p in problems)
    assert (problems[-1].line, problems[-1].col) == (n, len(f"@article{{k{n - 1}, title=") + 1)
    assert [e.key for e in entries] == [f"g{i}" for i in range(n)]
    assert (entries[-1].line, entries[-1].col) == (n + 5_000 + n, 1)


def test_a_failure_with_thousands_of_problems_prints_the_first_hundred_and_a_count(tmp_path):
    from assess.errors import MAX_SHOWN, InputError, located

    error = InputError([located("refs.bib", i, 1, "bad entry") for i in range(1, 1_001)])
    lines = error.lines()
    assert len(lines) == MAX_SHOWN + 1 == 101
    assert lines[0] == "refs.bib:1:1: error: bad entry" and lines[99] == "refs.bib:100:1: error: bad entry"
    assert lines[-1] == "refs.bib: note: 900 more problems not shown; fix those above and run again"
    assert len(error.diagnostics) == 1_000  # kept whole for --json and for tools
