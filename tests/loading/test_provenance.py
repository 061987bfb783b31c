"""Sources with provenance: several local copies, every copy hashed wherever the source is cited, `via:` texts,
line-end hyphenation, unused sources, languages."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest
from conftest import run_cli

from assess.errors import InputError
from assess.loading import open_case

HEAD = """\
meta: {id: t, title: T, assessors: [me], assessed: 2024-01-01}
mediator: {name: M, kind: state}
conflict: {name: C, parties: [{id: a, name: A}, {id: b, name: B}]}
"""


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_case(folder: Path, sources: str, evidence: str) -> Path:
    case = folder / "case.yaml"
    case.write_text(HEAD + "sources:\n" + textwrap.indent(textwrap.dedent(sources), "  ")
                    + "evidence:\n" + textwrap.indent(textwrap.dedent(evidence), "  "), encoding="utf-8")
    return case


def line_of(case: Path, needle: str) -> int:
    return next(n for n, line in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


ITEM = "- {{id: {id}, claim: c, quote: {quote!r}, source: {source}, kind: fact, credibility: 2, bears_on: {{balance: 1}}{extra}}}\n"


def item(id: str, quote: str, source: str, extra: str = "") -> str:
    return ITEM.format(id=id, quote=quote, source=source, extra=extra)


def test_a_second_position_source_with_a_wrong_hash_is_reported_where_it_is_written(tmp_path):
    (tmp_path / "first.txt").write_text("The parties met in Geneva.\n")
    (tmp_path / "second.txt").write_text("A report on the meeting in Geneva.\n")
    case = write_case(tmp_path, f"""\
        - {{id: first, kind: news, title: F, reliability: B, text: first.txt, sha256: {sha(tmp_path / 'first.txt')}}}
        - {{id: second, kind: report, title: S, reliability: B, text: second.txt, sha256: {'ab' * 32}}}
        """, item("e1", "The parties met in Geneva.", "[first, second]"))
    line = line_of(case, "id: second")

    verified = run_cli("verify", str(case))
    assert verified.exit_code == 1
    errors = [ln for ln in verified.stdout.splitlines() if ": error: " in ln]
    assert errors == [f"{case}:{line}:{errors[0].split(':')[2]}: error: source 'second': 'second.txt' has changed: "
                      f"sha256 {sha(tmp_path / 'second.txt')}, recorded {'ab' * 32}"]
    assert verified.stderr.strip() == f"{case}: error: 1 source text(s) changed"

    validated = run_cli("validate", str(case))
    assert validated.exit_code == 0
    assert f"{case}:{line}:" in validated.stderr and "source 'second': 'second.txt' has changed" in validated.stderr


def test_a_word_hyphenated_at_a_line_end_still_matches_and_the_form_is_named(tmp_path):
    (tmp_path / "law.txt").write_text(
        "Mediators work within the framework con-\n  stituted by the rules of law. The Nagorno-\nKarabakh talks went on.\n"
        "Exactly this.\n"
    )
    quotes = {"h1": "the framework constituted by the rules of law", "h2": "The Nagorno-Karabakh talks",
              "h3": "Exactly this.", "h4": "the   framework con- stituted"}
    evidence = "".join(item(k, v, "law") for k, v in quotes.items())
    case = write_case(tmp_path, "- {id: law, kind: report, title: L, reliability: B, text: law.txt}\n", evidence)
    checks = {c.evidence: c for c in open_case(case).quote_checks}
    assert {k: (c.status, c.match) for k, c in checks.items()} == {
        "h1": ("verified", "dehyphenated"), "h2": ("verified", "dehyphenated"),
        "h3": ("verified", "exact"), "h4": ("verified", "normalised"),
    }
    result = run_cli("verify", str(case))
    assert result.exit_code == 0, result.output
    assert "evidence 'h1': quote verified in 'law' (law.txt, after joining words hyphenated at line ends)" in result.stdout
    assert "evidence 'h3': quote verified in 'law' (law.txt, exact)" in result.stdout


def test_hyphens_inside_a_line_are_not_joined(tmp_path):
    (tmp_path / "t.txt").write_text("a well-known fact\n")
    case = write_case(tmp_path, "- {id: t, kind: report, title: T, reliability: B, text: t.txt}\n",
                      item("x", "a wellknown fact", "t"))
    assert open_case(case).quote_checks[0].status != "verified"


def test_a_source_no_item_cites_is_a_warning_unless_a_cited_one_was_read_through_it(tmp_path):
    case = write_case(tmp_path, """\
        - {id: treaty, kind: treaty, title: T, reliability: A, via: database}
        - {id: database, kind: web, title: D, reliability: B}
        - {id: forgotten, kind: news, title: F, reliability: C}
        """, item("e1", "", "treaty"))
    warnings = [str(w) for w in open_case(case).warnings]
    assert warnings == [f"{case}:{line_of(case, 'id: forgotten')}:10: warning: source 'forgotten' is cited by no evidence "
                        "item (nor read through by one): cite it or remove it"]


def test_several_copies_per_source_each_hashed_and_each_searched(tmp_path):
    (tmp_path / "en.txt").write_text("The mediator met both sides.\n")
    (tmp_path / "fr.txt").write_text("Le m\u00e9diateur a rencontr\u00e9 les deux parties.\n")
    case = write_case(tmp_path, f"""\
        - id: report
          kind: report
          title: R
          reliability: B
          language: en
          text: en.txt
          sha256: {sha(tmp_path / 'en.txt')}
          retrieved: 2024-03-01
          texts:
            - path: fr.txt
              sha256: {'cd' * 32}
              language: fr
              url: https://example.org/fr
              retrieved: 2024-03-02
              excerpt: true
        """, item("q1", "Le m\u00e9diateur a rencontr\u00e9 les deux parties.", "report", ", language: fr"))
    loaded = open_case(case)
    check = loaded.quote_checks[0]
    assert (check.status, check.text, check.match) == ("verified", "fr.txt", "exact")
    assert [t.path for t in loaded.case.sources[0].local_texts()] == ["en.txt", "fr.txt"]
    assert loaded.case.evidence[0].language == "fr"

    result = run_cli("verify", str(case))
    assert result.exit_code == 1
    sha_line = line_of(case, "sha256: " + "cd" * 32)
    assert f"{case}:{sha_line}:" in result.stdout and "source 'report': 'fr.txt' has changed" in result.stdout
    assert "source 'report': 'en.txt' matches its sha256" in result.stdout


def test_a_missing_copy_under_texts_is_an_error_at_its_path(tmp_path):
    case = write_case(tmp_path, """\
        - id: s
          kind: web
          title: S
          reliability: C
          texts:
            - path: gone.txt
        """, item("e1", "x", "s"))
    with pytest.raises(InputError) as info:
        open_case(case)
    assert [str(d) for d in info.value.diagnostics] == [
        f"{case}:{line_of(case, 'path: gone.txt')}:15: error: source 's': text file 'gone.txt' not found"
    ]


def test_a_quote_from_a_source_read_through_another_is_checked_in_that_ones_text(tmp_path):
    (tmp_path / "record.txt").write_text("Article 1. The parties agree to a ceasefire.\n")
    case = write_case(tmp_path, """\
        - {id: protocol, kind: official_document, title: P, reliability: A, via: record}
        - {id: record, kind: web, title: R, reliability: B, text: record.txt}
        """, item("p1", "The parties agree to a ceasefire.", "protocol")
        + item("p2", "The parties agree to a truce.", "protocol"))
    checks = {c.evidence: c for c in open_case(case).quote_checks}
    assert (checks["p1"].status, checks["p1"].read_via, checks["p1"].text) == ("verified", "record", "record.txt")
    assert checks["p2"].status in ("close", "not_found")
    result = run_cli("verify", str(case))
    assert "evidence 'p1': quote verified in 'record', through which 'protocol' was read (record.txt, exact)" in result.stdout
    assert "evidence 'p2': quote not found in 'record', through which 'protocol' was read (closest similarity" in result.stdout
    assert result.exit_code == 1  # p2 is not in the record


def test_copy_details_without_a_text_are_an_error(tmp_path):
    case = write_case(tmp_path, "- {id: s, kind: web, title: S, reliability: C, retrieved: 2024-01-01}\n",
                      item("e1", "x", "s"))
    with pytest.raises(InputError) as info:
        open_case(case)
    assert "`retrieved` describes the local `text` copy, but the source has no `text`" in str(info.value)


def test_a_language_must_be_a_language_code(tmp_path):
    case = write_case(tmp_path, "- {id: s, kind: web, title: S, reliability: C, language: English language}\n",
                      item("e1", "x", "s"))
    with pytest.raises(InputError) as info:
        open_case(case)
    assert "sources[0].language" in str(info.value)
