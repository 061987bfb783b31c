"""`assess verify` and quote warnings: quotes found word for word in local source texts, or named with file:line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CASES, RUSSIA, run_cli

from assess.loading import open_case
from assess.quotes import match_quote, normalise

ESSAY_QUOTE = "Later, after the collapse of the Soviet Union, Russia tried to maintain the balance between the parties to the conflict."


def test_the_shipped_case_passes() -> None:
    result = run_cli("verify", str(RUSSIA))
    assert result.exit_code == 0, result.output
    loaded = open_case(RUSSIA)
    quoted = [e for e in loaded.case.evidence if e.quote]
    summary = result.stdout.strip().splitlines()[-1]
    checkable = sum(1 for c in loaded.quote_checks if c.status != "no_text")
    assert checkable >= 20
    assert f"{checkable} of {checkable} checkable quotes verified" in summary
    assert len(loaded.quote_checks) == len(quoted)
    assert "matches its sha256" in result.stdout


@pytest.fixture
def case_copy(tmp_path: Path) -> Path:
    """A copy of the shipped case and its sources folder, to tamper with."""
    shutil.copytree(CASES / "sources", tmp_path / "sources")
    target = tmp_path / "russia_nk.yaml"
    shutil.copy(RUSSIA, target)
    return target


def _first_verified_quote(case: Path) -> tuple[str, str, int]:
    loaded = open_case(case)
    check = next(c for c in loaded.quote_checks if c.status == "verified")
    index = next(i for i, e in enumerate(loaded.case.evidence) if e.id == check.evidence)
    line, _ = loaded.doc.position(("evidence", index, "quote"))
    return check.evidence, loaded.case.evidence[index].quote or "", line


def test_one_changed_word_fails_naming_the_item_and_its_line(case_copy: Path) -> None:
    evidence_id, quote, line = _first_verified_quote(case_copy)
    words = quote.split()
    changed_quote = " ".join(words[:3] + ["Xylophone"] + words[4:])
    text = case_copy.read_text(encoding="utf-8")
    assert text.count(quote) >= 1
    case_copy.write_text(text.replace(quote, changed_quote, 1), encoding="utf-8")

    result = run_cli("verify", str(case_copy))
    assert result.exit_code == 1
    failing = [ln for ln in result.stdout.splitlines() if ": error: " in ln]
    assert len(failing) == 1
    assert failing[0].startswith(f"{case_copy}:{line}:")
    assert f"evidence '{evidence_id}'" in failing[0]
    assert "the source reads" in failing[0] or "closest similarity" in failing[0]
    assert result.stderr.strip() == f"{case_copy}: error: 1 quote(s) not verified"

    # validate and score still pass, but show the unverified quote as a located warning.
    validated = run_cli("validate", str(case_copy))
    assert validated.exit_code == 0
    assert re.search(rf"{re.escape(str(case_copy))}:{line}:\d+: warning: evidence '{evidence_id}': quote", validated.stderr)


def test_a_changed_source_text_fails_the_sha256_check(case_copy: Path) -> None:
    essay = case_copy.parent / "sources" / "russia_nk_essay.txt"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    result = run_cli("verify", str(case_copy))
    assert result.exit_code == 1
    assert "has changed: sha256" in result.stdout
    assert "1 source text(s) changed" in result.stderr


def _mini_case(tmp_path: Path, quotes: list[str], with_text: bool = True) -> Path:
    (tmp_path / "s.txt").write_text(
        "It said \u201cthe talks\u2014at last\u2014resumed\u201d in   Geneva.[3] Then nothing happened.\n", encoding="utf-8"
    )
    items = "".join(
        f"  - {{id: q{i}, claim: c, quote: {json.dumps(q)}, source: src, kind: fact, credibility: 3, bears_on: {{balance: 1}}}}\n"
        for i, q in enumerate(quotes)
    )
    text_line = "text: s.txt, " if with_text else ""
    case = tmp_path / "c.yaml"
    case.write_text(
        "meta: {id: t, title: T, assessors: [me], assessed: 2024-01-01}\n"
        "mediator: {name: M, kind: state}\n"
        "conflict: {name: C, parties: [{id: a, name: A}, {id: b, name: B}]}\n"
        f"sources: [{{id: src, kind: web, title: S, reliability: C, {text_line}}}]\n"
        f"evidence:\n{items}",
        encoding="utf-8",
    )
    return case


def test_normalisation_of_quotes_dashes_whitespace_and_footnote_markers(tmp_path: Path) -> None:
    case = _mini_case(tmp_path, ['It said "the talks-at last-resumed" in Geneva. Then nothing', "the talks--at last"])
    result = run_cli("verify", str(case))
    lines = result.stdout.splitlines()
    assert lines[0].endswith("ok: evidence 'q0': quote verified in 'src' (s.txt, after normalising whitespace, quotes and dashes)")
    assert "evidence 'q1'" in lines[1] and ": error: " in lines[1]
    assert result.exit_code == 1


def test_close_match_reports_wording_and_similarity_and_still_fails() -> None:
    text = normalise("Russia tried to maintain the balance between the parties to the conflict.")
    found = match_quote("Russia tried to keep the balance between the parties to the conflict.", text)
    assert found.status == "close" and 90 <= found.similarity < 100
    assert found.wording == "Russia tried to maintain the balance between the parties to the conflict."
    assert match_quote("russia tried to maintain the balance", text).status == "close"  # case differs
    assert match_quote("Nothing of the sort was ever written here at all.", text).status == "not_found"


def test_quotes_without_local_text_are_not_checkable_not_failures(tmp_path: Path) -> None:
    case = _mini_case(tmp_path, ["anything"], with_text=False)
    result = run_cli("verify", str(case))
    assert result.exit_code == 0
    assert "note: evidence 'q0': not checkable: source 'src' has no local text" in result.stdout
    assert "0 of 0 checkable quotes verified" in result.stdout


def test_score_json_carries_the_quote_checks(tmp_path: Path) -> None:
    case = _mini_case(tmp_path, ["Then nothing happened.", "Then everything happened at once."])
    result = run_cli("score", str(case), "--format", "json")
    assert result.exit_code == 0, result.output
    checks = {c["evidence"]: c["status"] for c in json.loads(result.stdout)["quote_checks"]}
    assert checks == {"q0": "verified", "q1": "not_found"}
