"""`assess draft`: a candidate case from the seed essay that validates and recovers the hand-built quotes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CASES, RUSSIA, run_cli

from assess.authoring.drafting import event_date, evidence_kind
from assess.authoring.sentences import split_sentences
from assess.loading import open_case
from assess.quotes import normalise

ESSAY = CASES / "sources" / "russia_nk_essay.txt"
PARTIES = ("--party", "Armenia|Armenian", "--party", "Azerbaijan|Azerbaijani")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("draft")
    text = folder / "essay.txt"
    shutil.copy(ESSAY, text)
    out = folder / "draft.yaml"
    result = run_cli("draft", str(text), "--mediator", "Russia|Moscow|Russian", *PARTIES,
                     "--conflict", "Nagorno-Karabakh conflict", "-o", str(out))
    assert result.exit_code == 0, result.output
    return text, out


def test_draft_validates_and_every_quote_verifies(drafted: tuple[Path, Path]) -> None:
    _, out = drafted
    validated = run_cli("validate", str(out))
    assert validated.exit_code == 0, validated.output
    verified = run_cli("verify", str(out))
    assert verified.exit_code == 0, verified.output
    loaded = open_case(out)
    assert all(e.review and e.credibility == 6 for e in loaded.case.evidence)
    assert len(loaded.case.evidence) >= 25


def test_quotes_are_exact_substrings_and_footnotes_become_locators_and_sources(drafted: tuple[Path, Path]) -> None:
    text_path, out = drafted
    text = text_path.read_text(encoding="utf-8")
    case = open_case(out).case
    for item in case.evidence:
        assert item.quote and item.quote in text and "[" not in item.quote
    noted = [e for e in case.evidence if "footnote" in (e.locator or "")]
    assert [e.locator.split("footnote ")[1] for e in noted] == [f"[{n}]" for n in range(1, 7)]
    for item in noted:
        marker = item.locator.split("footnote [")[1].rstrip("]")
        cited = case.source(item.source[1].id)
        assert cited.unresolved and cited.locator == f"footnote [{marker}]"
        assert text[text.index(item.quote) + len(item.quote):].startswith(f"[{marker}]")
    essay = case.sources[0]
    assert essay.title == "What is the position of Russia in the Nagorno-Karabakh conflict?"
    assert essay.sha256 and essay.text == "essay.txt"


def test_kinds_dates_and_favoured_parties(drafted: tuple[Path, Path]) -> None:
    case = open_case(drafted[1]).case
    by_start = {e.quote[:40]: e for e in case.evidence if e.quote}

    def item(start: str):
        return next(e for key, e in by_start.items() if key.startswith(start))

    soviet = item("In Soviet times, particularly in 1990")
    assert soviet.date == "1990/1991" and soviet.favours == "azerbaijan"
    perceived = item("However, there were perceptions that Rus")
    assert perceived.kind == "perception" and perceived.favours == "armenia"
    assert "troops_in_combat" in perceived.tags
    assert item("In fact, Russia officially recognized").kind == "official_position"
    assert item("It is therefore assumed").kind == "perception"
    assert item("Moreover, mediators must be impartial").kind == "analysis"
    cst = item("Armenia is moreover a member of the Coll")
    assert cst.kind == "structural_tie" and cst.favours == "armenia" and "military_alliance" in cst.tags
    assert item("In 2011, after the Moscow declaration").date == "2011"
    assert item("Later, after the collapse of the Soviet").bears_on.get("balance") == 1


def test_draft_recovers_the_hand_built_quotes(drafted: tuple[Path, Path]) -> None:
    """Coverage: each hand-built quote from the essay is inside a drafted quote, or contains one."""
    drafted_quotes = [normalise(e.quote or "") for e in open_case(drafted[1]).case.evidence]
    hand = open_case(RUSSIA).case
    essay_ids = {s.id for s in hand.sources if s.text and Path(s.text).name == ESSAY.name}
    quotes = [normalise(e.quote) for e in hand.evidence if e.quote and e.source[0].id in essay_ids]
    assert len(quotes) >= 10
    recovered = [q for q in quotes if any(q in d or d in q for d in drafted_quotes)]
    coverage = len(recovered) / len(quotes)
    assert coverage >= 0.9, f"recovered {len(recovered)} of {len(quotes)}"


def test_refuses_to_overwrite_and_checks_its_inputs(tmp_path: Path) -> None:
    out = tmp_path / "d.yaml"
    out.write_text("keep\n", encoding="utf-8")
    args = ("draft", str(ESSAY), "--mediator", "Russia", *PARTIES, "-o", str(out))
    result = run_cli(*args)
    assert result.exit_code == 4 and result.stderr.strip() == f"{out}: error: already exists; use --force to overwrite it"
    assert out.read_text(encoding="utf-8") == "keep\n"
    assert run_cli(*args, "--force").exit_code == 0
    missing = run_cli("draft", str(tmp_path / "none.txt"), "--mediator", "R", *PARTIES, "-o", str(tmp_path / "x.yaml"))
    assert missing.exit_code == 3 and missing.stderr.startswith(f"{tmp_path / 'none.txt'}:1:1: error: no such file")
    one_party = run_cli("draft", str(ESSAY), "--mediator", "R", "--party", "A", "-o", str(tmp_path / "y.yaml"))
    assert one_party.exit_code == 2


def test_sentence_splitter_keeps_abbreviations_initials_decimals_and_quotes() -> None:
    text = 'Dr. J. Smith met the U.S. envoy, e.g. in Geneva. It cost 3.5 million.[2][3] He said "No." Then left\n\nNew para.'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Dr. J. Smith met the U.S. envoy, e.g. in Geneva.", "It cost 3.5 million.", 'He said "No."', "Then left", "New para.",
    ]
    assert sentences[1].footnotes == ("2", "3")
    assert [s.paragraph for s in sentences] == [0, 0, 0, 0, 1]


def test_heuristics() -> None:
    assert event_date("In 1992, and again in 1994") == "1992/1994"
    assert event_date("between 1990\u20131991") == "1990/1991"
    assert event_date("for two centuries") is None
    assert evidence_kind("The militia allegedly shelled the town.") == "allegation"
    assert evidence_kind("It is believed that talks stalled.") == "perception"
    assert evidence_kind("The two states signed a treaty.") == "structural_tie"
    assert evidence_kind("The envoy met both leaders.") == "fact"


def test_windows_line_endings_and_a_byte_order_mark(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_bytes("\ufeffA title\r\n\r\nRussia supported Armenia in 1994.[1] It was\r\nperceived as biased.\r\n".encode("utf-8"))
    out = tmp_path / "d.yaml"
    assert run_cli("draft", str(text), "--mediator", "Russia", *PARTIES, "-o", str(out)).exit_code == 0
    case = open_case(out).case
    assert case.sources[0].title == "A title"
    assert [e.quote for e in case.evidence] == ["Russia supported Armenia in 1994.", "It was\r\nperceived as biased."]
    assert case.evidence[0].favours == "armenia" and case.evidence[0].date == "1994"
    assert case.evidence[1].kind == "perception"
    assert run_cli("verify", str(out)).exit_code == 0


def test_the_splitter_looks_back_a_bounded_distance_from_each_full_stop():
    """A hostile text such as 'a.' repeated 40,000 times made splitting quadratic (each full stop walked back over
    the whole run); the look-back is bounded by the longest abbreviation, and the text still splits."""
    from assess.authoring.sentences import _LONGEST_ABBREVIATION, _word_before, split_sentences

    text = "Russia met Armenia " + "a." * 2000
    assert len(_word_before(text, len(text) - 1)) <= _LONGEST_ABBREVIATION + 2
    assert split_sentences(text)  # one (long) sentence, found
    assert [s.text for s in split_sentences("Talks began. Dr. Smith met the U.S. envoy. They agreed.")] == [
        "Talks began.", "Dr. Smith met the U.S. envoy.", "They agreed."]
