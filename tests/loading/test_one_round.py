"""Issue 15: every problem of a file in one run, in plain words, and every kind of file recognised."""

from __future__ import annotations

import shutil

import pytest

from conftest import CASES, ROOT, run_cli
from loading_helpers import MINIMAL, VALID, line_of, work, write  # noqa: F401 - fixtures

JARGON = ("mapping values", "scanner", "Input should", "while parsing", "while scanning", "should be", "<block")

# Five unquoted ': ' in texts, a tab, and a misspelt party alias: seven problems that used to take seven runs.
SEVEN = (
    MINIMAL.replace("    - {id: west, name: Westland}", "    - {id: west, name: Westland, aliases: [LTTE]}")
    .replace("  title: A minimal fictional case", "  title: Norland: a fictional case")
    .replace("  name: The Valley dispute", "  name: The Valley dispute: 2019-2021")
    .replace("    title: A fictional report", "    title: Report: the valley")
    .replace("    claim: The mediator met both parties equally often.", "    claim: The mediator said: both parties\n    note: Read again: p. 3")
    .replace("  kind: state", "\tkind: state")
    + "    favours: LTEE\n"
)


def test_seven_problems_in_one_run_in_plain_words(write):
    path = write(SEVEN)
    done = run_cli("validate", str(path))
    assert done.exit_code == 3
    lines = done.stderr.splitlines()
    assert len(lines) == 7, lines
    colon_lines = [line_of(SEVEN, n) for n in ("Norland:", "dispute:", "Report:", "said:", "again:")]
    for line in colon_lines:
        assert any(m.startswith(f"{path}:{line}:") and "put the whole value in double quotes" in m for m in lines)
    tab = line_of(SEVEN, "\tkind")
    assert any(m.startswith(f"{path}:{tab}:1: error: this line is indented with a tab") for m in lines)
    favours = line_of(SEVEN, "favours: LTEE")
    assert any(m.startswith(f"{path}:{favours}:") and "unknown party 'LTEE' (did you mean party 'west', whose alias is 'LTTE'?)" in m for m in lines)
    assert not any(word in done.stderr for word in JARGON)
    assert "Traceback" not in done.output


def test_the_user_file_is_never_rewritten(write):
    path = write(SEVEN)
    run_cli("validate", str(path))
    assert path.read_text(encoding="utf-8") == SEVEN


def test_an_alias_written_for_a_party_id_names_the_id(write):
    text = MINIMAL.replace("    - {id: west, name: Westland}", "    - {id: west, name: Westland, aliases: [LTTE]}")
    done = run_cli("validate", str(write(text + "    favours: LTTE\n")))
    assert "unknown party 'LTTE' ('LTTE' is the alias of party 'west': write its id, 'west')" in done.stderr


def test_cross_references_come_with_field_errors(write):
    # A field error in one item and an unknown source in another: both in the same run, not in two rounds.
    text = MINIMAL.replace("credibility: 2", "credibility: 7") + (
        "  - {id: e02, claim: c, source: reprot, kind: fact, credibility: 3, bears_on: {balanse: 1}}\n"
    )
    lines = run_cli("validate", str(write(text))).stderr.splitlines()
    assert any("credibility is a whole number 1–6 on the Admiralty scale" in m and m.endswith("got 7") for m in lines)
    assert any("unknown source 'reprot' (did you mean 'report'?)" in m for m in lines)
    assert any("unknown criterion 'balanse' (did you mean 'balance'?)" in m for m in lines)
    assert len(lines) == 3, lines


def test_references_inside_an_invalid_item_are_checked_too(write):
    text = MINIMAL.replace("credibility: 2", "credibility: 9").replace("source: report", "source: reprot")
    lines = run_cli("validate", str(write(text))).stderr.splitlines()
    assert len(lines) == 2 and any("unknown source 'reprot'" in m for m in lines)


def test_a_source_with_a_field_error_is_still_known_to_evidence(write):
    lines = run_cli("validate", str(write(MINIMAL.replace("reliability: B", "reliability: G")))).stderr.splitlines()
    assert len(lines) == 1 and "reliability is a letter A–F" in lines[0] and lines[0].endswith("got 'G'")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("    quote: 'Russia's role'", "contains an apostrophe"),
        ('    quote: "The Guidance" for mediation', "starts with a quote"),
        ("    quote: [Redacted] the mediator", "starts with '['"),
        ("    quote: @user said", "cannot start with '@'"),
        ("    quote: *bold* text", "read as a YAML alias"),
        ('    quote: "unclosed', "is never closed: add \""),
        ("    tags: [a, b", "'[' opened on this line is never closed"),
        ("     note: indented one too far", "indented more than line"),
    ],
)
def test_common_yaml_mistakes_are_explained_and_the_rest_still_checked(write, line, fragment):
    text = MINIMAL.replace("    kind: fact\n", f"    kind: fact\n{line}\n") + "    favours: wset\n"
    lines = run_cli("validate", str(write(text))).stderr.splitlines()
    at = line_of(text, line.strip()[:12])
    assert any(m.split(":")[1] == str(at) and fragment in m for m in lines), lines
    assert any("unknown party 'wset'" in m for m in lines), lines  # checking went on past the broken line
    assert not any(word in m for m in lines for word in JARGON)


def test_a_comment_that_cuts_a_text_short_is_a_warning(write):
    text = MINIMAL.replace("equally often.", "equally often, see UNSCR #1244 on it.")
    done = run_cli("validate", str(write(text)))
    assert done.exit_code == 0
    assert f":{line_of(text, '#1244')}:" in done.stderr and "the text of 'claim' stops here" in done.stderr


def test_a_rubric_that_extends_another_is_validated_as_a_rubric(tmp_path):
    shutil.copy(VALID / "mini_rubric.yaml", tmp_path / "mini_rubric.yaml")
    child = tmp_path / "child.yaml"
    child.write_text('extends: mini_rubric.yaml\nid: child\ntitle: A child rubric\nversion: "1.1"\n', encoding="utf-8")
    done = run_cli("validate", str(child))
    assert done.exit_code == 0, done.output
    assert "ok (rubric 'child'" in done.stdout


def test_an_assessor_file_is_validated_as_one_and_named_by_compare():
    assessor = CASES / "assessors" / "russia_nk.coder_a.yaml"
    assert run_cli("validate", str(assessor)).exit_code == 0
    done = run_cli("compare", str(assessor), str(CASES / "russia_nk.yaml"))
    assert done.exit_code == 3
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{assessor}:1:1: error: this is an assessor file") and "not a case" in line
    assert "assess agreement" in line and "required field" not in done.stderr


@pytest.mark.parametrize("command", [("score",), ("verify",)])
def test_a_rubric_given_as_a_case_is_named(command):
    rubric = ROOT / "rubrics" / "un_guidance.yaml"
    done = run_cli(*command, str(rubric))
    assert done.exit_code == 3
    assert done.stderr.startswith(f"{rubric}:1:1: error: this is a rubric, not a case file: check it with `assess validate")


def test_a_case_given_as_a_rubric_is_named():
    case = CASES / "russia_nk.yaml"
    done = run_cli("validate", str(case), "--rubric", str(case))
    assert done.exit_code == 3 and "this is a case file, not a rubric" in done.stderr


def test_a_bibliography_is_recognised(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{smith2020, title = {On mediation}, author = {Smith, Jane}, year = {2020}}\n", encoding="utf-8")
    assert "ok (bibliography, 1 entries)" in run_cli("validate", str(bib)).stdout
    done = run_cli("score", str(bib))
    assert done.exit_code == 3 and "this is a bibliography, not a case file" in done.stderr


def test_batch_skips_a_rubric_that_only_extends(tmp_path):
    from assess.many.discover import discover

    (tmp_path / "child.yaml").write_text("extends: un_guidance\nid: child\n", encoding="utf-8")
    found = discover([tmp_path])
    assert found.cases == [] and found.skipped[0][1] == "rubric file"
