"""The terminal table: everything a reader needs is there, and text from case files is never read as markup."""

from __future__ import annotations

import io
import re

from assess.render.terminal import print_table
from assess.scoring import score
from scoring_builders import item, make_case, make_rubric


def _table(case, rubric) -> str:
    out = io.StringIO()
    print_table(score(case, rubric, draws=20), out)
    return out.getvalue()


def test_the_table_shows_scores_statuses_verdict_tilt_flags_and_sensitivity():
    rules = [{"id": "alliance", "label": "Alliance with a party", "description": "d",
              "when": {"kinds": ["structural_tie"], "favours_a_party": True}}]
    case = make_case(
        [item("e1", {"balance": 3}), item("e2", {"balance": -1}),
         item("e3", {"ties": -3}, kind="structural_tie", favours="north")],
        ratings=[{"criterion": "consent", "level": 2, "rationale": "Half."}],
    )
    text = _table(case, make_rubric(min_items=1, red_flags=rules))
    assert "93.3" in text and "rated" in text and "structural" in text  # balance: see test_measurement_worked
    assert "Overall" in text and "Mixed" in text
    assert re.search(r"— (almost no chance|very unlikely|unlikely|roughly even chance|likely|very likely|almost certain) "
                     r"\(p = 0\.\d\d, ICD 203, that the score lies in this band\)", text)  # ICD 203 words
    # One strong tie is not yet a clear lean: Beta(4, 1) puts 6% of the share below one half (docs/method.md §6).
    assert "North" in text and "+0." in text and "no clear lean" in text and "90% interval" in text
    assert "Alliance with a party → north (e3)" in text
    assert "seed 12345" in text and "joint draws" in text and "most sensitive to" in text
    assert "hinges on" in text or "no single source or event changes" in text


def test_case_text_is_printed_literally_not_as_rich_markup():
    case = make_case([item("e1", {"balance": 1})], parties=[("n", "[bold red]North[/]"), ("s", "South [x]")])
    text = _table(case, make_rubric())
    assert "[bold red]North[/]" in text and "South [x]" in text


def test_escape_sequences_and_invisible_characters_from_a_case_never_reach_the_terminal_raw():
    """A hostile name cannot clear the screen, recolour or plant a hidden hyperlink, and a zero-width space or a
    right-to-left override that makes two names look alike is shown."""
    parties = [("n", "North\x1b[2J\x1b]8;;https://evil.example\x07x\x1b]8;;\x07"), ("s", "So\u200buth\u202e")]
    text = _table(make_case([item("e1", {"balance": 1})], parties=parties), make_rubric())
    assert "\x1b" not in text and "\x07" not in text and "\u200b" not in text and "\u202e" not in text
    assert "North\\x1b[2J" in text and "So\\u200buth\\u202e" in text


def test_nothing_scored_says_insufficient_evidence():
    text = _table(make_case([]), make_rubric())
    assert "Verdict: Insufficient evidence" in text and "Red flags: none" in text
