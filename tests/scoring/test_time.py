"""Time slices (docs/method.md §8): windows beside the cumulative view, no verdict before the mediation starts,
and the undated share of the evidence weight."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assess.commands.dates import window_months
from assess.pipeline import assess_file
from assess.scoring import score
from assess.scoring.timeline import window_start
from scoring_builders import item, make_case_with, make_rubric

LATE = Path(__file__).resolve().parent.parent / "data" / "valid" / "late_mediation_case.yaml"


def test_a_mediation_that_starts_in_1999_has_no_slice_before_it():
    result = assess_file(LATE, draws=0)[0]
    assert result.timeline.mediation_start == "1999-01-01"
    # e02 (1988/2000) starts in 1988 but counts only from the mediation's first year; e01 (1988) is background.
    assert [p.as_of for p in result.trajectory] == ["1999-12-31", "2000-12-31"]
    assert [p.as_of for p in result.windows] == ["1999-12-31", "2000-12-31"]
    assert result.background == ["e01"]


def test_as_of_1988_gets_no_verdict_but_before_the_mediation():
    early = assess_file(LATE, as_of=date(1988, 12, 31), draws=0)[0]
    assert early.timeline.before_mediation
    assert early.overall.score is None and early.overall.verdict == "Before the mediation"
    assert "1999-01-01" in early.overall.verdict_description
    assert all(c.score is None for c in early.criteria) and early.trajectory == []
    assert all(f.score is None and f.low is None for f in early.fundamentals)
    russia = assess_file(Path(__file__).resolve().parents[2] / "cases" / "russia_nk.yaml", as_of=date(1990, 12, 31),
                         draws=0)[0]
    assert (russia.headline.verdict, russia.headline.score) == ("Before the mediation", None)
    assert "not yet mediating" in russia.headline.statement
    after = assess_file(LATE, as_of=date(1999, 12, 31), draws=0)[0]
    assert not after.timeline.before_mediation and after.overall.score is not None


def _good_then_bad():
    """Three separate supporting facts in 1994, three separate undermining facts in 2010."""
    evidence = [item(f"early{i}", {"balance": 3}, source=s, date="1994") for i, s in enumerate(("s_a", "s_b", "s_c"))]
    evidence += [item(f"late{i}", {"balance": -3}, source=s, date="2010") for i, s in enumerate(("s_a", "s_b", "s_c"))]
    return make_case_with(evidence)


def test_windows_score_each_period_alone_where_the_cumulative_view_mixes_them():
    result = score(_good_then_bad(), make_rubric(), draws=0)
    as_of = {p.as_of[:4]: p for p in result.trajectory}
    window = {p.as_of[:4]: p for p in result.windows}
    assert all(p.mode == "cumulative" and p.start is None for p in result.trajectory)
    assert window["2010"].mode == "window" and window["2010"].start == "2010-01-01"
    # 1994: nothing earlier, so both views agree.
    assert window["1994"].score == as_of["1994"].score
    # 2010: the window sees only the bad year; the cumulative view still carries the good one.
    assert (window["2010"].evidence_count, as_of["2010"].evidence_count) == (3, 6)
    assert window["2010"].score < as_of["2010"].score < as_of["1994"].score


def test_a_longer_window_reaches_back_to_earlier_evidence():
    result = score(_good_then_bad(), make_rubric(), draws=0, window_months=window_months("20y"))
    assert result.timeline.window == "20y"
    last = result.windows[-1]
    assert last.start == "1991-01-01" and last.evidence_count == 6
    assert last.score == result.trajectory[-1].score


def test_undated_share_is_the_undated_items_part_of_every_reading_weight():
    data = json.loads(assess_file(LATE, draws=0)[0].model_dump_json())
    readings = [w for c in data["criteria"] if c["status"] != "not_applicable" for w in c["weights"]]
    by_hand = sum(w["weight"] for w in readings if w["evidence"] == "e05") / sum(w["weight"] for w in readings)
    assert data["timeline"]["undated_evidence"] == ["e05"]
    assert data["timeline"]["undated_weight_share"] == pytest.approx(by_hand, abs=0.0006)
    assert 0.05 < by_hand < 0.15  # one weak perception among three facts


@pytest.mark.parametrize(("end", "months", "first"), [
    (date(1994, 12, 31), 12, date(1994, 1, 1)),  # the calendar year
    (date(2020, 2, 29), 1, date(2020, 2, 1)),  # a month's last day: whole months
    (date(2020, 9, 27), 6, date(2020, 3, 28)),
    (date(1994, 12, 31), 60, date(1990, 1, 1)),
])
def test_window_start(end, months, first):
    assert window_start(end, months) == first


@pytest.mark.parametrize(("text", "months"), [("1y", 12), ("5Y", 60), ("6m", 6), ("18m", 18), (" 2 ", 24)])
def test_window_lengths(text, months):
    assert window_months(text) == months


@pytest.mark.parametrize(("text", "says"), [("abc", "not a window length"), ("1.5y", "not a window length"),
                                            ("0y", "out of range"), ("101y", "out of range"), ("-1y", "not a window")])
def test_bad_window_lengths_say_what_to_write(text, says):
    with pytest.raises(ValueError, match=says):
        window_months(text)


def test_reports_state_before_the_mediation_and_the_undated_share():
    import io

    from assess.render import render
    from assess.render.terminal import print_table

    early = assess_file(LATE, as_of=date(1988, 12, 31), draws=0)[0]
    stream = io.StringIO()
    print_table(early, stream)
    assert "Verdict: Before the mediation" in stream.getvalue()
    assert "**Verdict: Before the mediation.**" in render(early, "md")
    full = assess_file(LATE, draws=0)[0]
    stream = io.StringIO()
    print_table(full, stream)
    share = f"{full.timeline.undated_weight_share:.0%}"
    for text in (stream.getvalue(), render(full, "md"), render(full, "html")):
        assert f"1 undated item (e05) carries {share} of the evidence weight" in text
        assert "start with the mediation on 1999-01-01" in text
