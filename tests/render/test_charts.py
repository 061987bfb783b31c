"""The report charts as SVG: well formed, described in words with their numbers, readable in greyscale (bands
named in text, marks at 3:1 contrast), grouped in rubric order, never clipping a name, deterministic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from render_helpers import russia_assessment

from assess.models.assessment import CriterionResult, FundamentalResult, TimePoint
from assess.render import charts, svg
from assess.render.html import _distribution_chart

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def desc(root: ET.Element) -> str:
    return root.find("s:desc", NS).text


def texts(root: ET.Element, cls: str | None = None) -> list[ET.Element]:
    return [t for t in root.iter(f"{{{NS['s']}}}text") if cls is None or t.get("class") == cls]


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def assessment():
    return russia_assessment()


@pytest.fixture(scope="module")
def every_chart(assessment):
    a = assessment
    return {
        "criteria": charts.criterion_chart(a.fundamentals, a.criteria, a.rubric.bands),
        "distribution": _distribution_chart(a),
        "tilt": charts.tilt_chart(a.parties),
        "trajectory": charts.trajectory_chart(a.trajectory, a.rubric.bands, windows=a.windows),
    }


def test_each_chart_parses_and_is_labelled_by_its_title_and_description(every_chart):
    for name, markup in every_chart.items():
        root = parse(markup)
        labels = root.get("aria-labelledby").split()
        ids = {e.get("id") for e in root.iter() if e.get("id")}
        assert root.get("role") in ("img", "group") and set(labels) <= ids, name
        assert root.find("s:title", NS).text and desc(root), name


def test_the_text_alternatives_give_the_numbers(assessment, every_chart):
    impartiality = next(f for f in assessment.fundamentals if f.id == "impartiality")
    text = desc(parse(every_chart["criteria"]))
    assert f"Fundamental Impartiality: {impartiality.score:.0f} (68% interval {impartiality.low68:.0f} to " in text
    insufficient = next(c for c in assessment.criteria if c.status == "insufficient")
    assert f"{insufficient.title}: insufficient evidence" in text
    overall = assessment.sensitivity.distributions[0]
    text = desc(parse(every_chart["distribution"]))
    assert f"The overall score: median {overall.median:.0f}, 68% range {overall.low68:.0f} to" in text
    assert f"Falls short of the Guidance {overall.bands['Falls short of the Guidance'] * 100:.0f}%" in text
    text = desc(parse(every_chart["tilt"]))
    assert "Armenia: total +0.08 (90% interval −0.24 to +0.39)" in text and "structural +0.24" in text
    text = desc(parse(every_chart["trajectory"]))
    first = assessment.trajectory[0]
    assert f"{first.as_of}: {first.score:.0f}, 90% interval {first.low:.0f} to {first.high:.0f}" in text
    assert "Within each window: 1992-01-01 to 1992-12-31:" in text


def _band_names(root: ET.Element) -> str:
    return " ".join(t.text for t in texts(root, "band-label"))


def test_band_names_are_text_and_their_boundaries_lines(assessment, every_chart):
    for name in ("criteria", "distribution", "trajectory"):
        root = parse(every_chart[name])
        shown = _band_names(root)
        for band in assessment.rubric.bands:
            assert band.label in shown, (name, band.label)
        boundaries = [e for e in root.iter() if e.get("class") == "band-boundary"]
        assert len(boundaries) == len(assessment.rubric.bands) + 1, name  # every threshold, and 100


def test_criteria_are_grouped_under_their_fundamental_in_rubric_order(assessment, every_chart):
    root = parse(every_chart["criteria"])
    links = [a.get("href") for a in root.iter(f"{{{NS['s']}}}a")]
    expected = []
    for f in assessment.fundamentals:
        expected += [f"#fund-{f.id}"] + [f"#crit-{c}" for c in f.criteria]
    assert links == expected
    bold = [a for a in root.iter(f"{{{NS['s']}}}a") if a.find("s:text", NS).get("font-weight") == "bold"]
    assert [a.get("href") for a in bold] == [f"#fund-{f.id}" for f in assessment.fundamentals]


def _criterion(cid: str, status: str, score: float | None, title: str = "") -> CriterionResult:
    interval = (None, None) if score is None else (score - 10, score + 10)
    return CriterionResult(id=cid, title=title or cid.title(), fundamental="f", weight=1.0, status=status,
                           score=score, low=interval[0], high=interval[1], low68=None if score is None else score - 5,
                           high68=None if score is None else score + 5,
                           aggregate_score=52.0 if status == "insufficient" else score)


def test_insufficient_criteria_are_hollow_and_not_applicable_ones_labelled(assessment):
    crits = [_criterion("a", "scored", 70.0), _criterion("b", "insufficient", None),
             _criterion("c", "not_applicable", None)]
    fund = FundamentalResult(id="f", title="F", weight=1.0, score=70.0, low=60.0, high=80.0, criteria=["a", "b", "c"])
    root = parse(charts.criterion_chart([fund], crits, assessment.rubric.bands))
    words = [t.text for t in texts(root)]
    assert "insufficient" in words and "not applicable" in words
    hollow = [c for c in root.iter(f"{{{NS['s']}}}circle") if c.get("fill") == svg.BACKGROUND]
    filled = [c for c in root.iter(f"{{{NS['s']}}}circle") if c.get("fill") != svg.BACKGROUND]
    assert len(hollow) == 1 and len(filled) == 1  # b hollow at where it enters, a filled; c has no mark


def _estimated_extent(t: ET.Element) -> tuple[float, float]:
    x, size = float(t.get("x")), float(t.get("font-size"))
    width = len(t.text or "") * size * svg.CHAR_WIDTH * (1.1 if t.get("font-weight") == "bold" else 1)
    anchor = t.get("text-anchor")
    if anchor == "end":
        return x - width, x
    return (x - width / 2, x + width / 2) if anchor == "middle" else (x, x + width)


LONG = "Refrains from conditioning its support on concessions that serve its own strategic and economic interests"


def test_long_names_wrap_and_stay_inside_the_chart(assessment, every_chart):
    crits = [_criterion("a", "scored", 40.0, LONG)]
    fund = FundamentalResult(id="f", title="A fundamental whose name is long enough to need two lines or more",
                             weight=1.0, score=40.0, low=30.0, high=50.0, criteria=["a"])
    long_chart = charts.criterion_chart([fund], crits, assessment.rubric.bands)
    for markup in [*every_chart.values(), long_chart]:
        root = parse(markup)
        width = float(root.get("viewBox").split()[2])
        for t in texts(root):
            start, end = _estimated_extent(t)
            assert start >= 0 and end <= width, t.text
    label = " ".join(t.text for t in texts(parse(long_chart)) if t.get("x") == "16")
    assert label == LONG and "\u2026" not in str(long_chart)


def test_the_time_axis_is_proportional_to_the_dates(assessment):
    dates = ["2000-12-31", "2001-12-31", "2010-12-31"]
    points = [TimePoint(as_of=d, score=50.0 + i, low=40.0, high=60.0, verdict="Mixed record", evidence_count=1)
              for i, d in enumerate(dates)]
    root = parse(charts.trajectory_chart(points, assessment.rubric.bands))
    xs = [float(c.get("cx")) for c in root.iter(f"{{{NS['s']}}}circle") if c.get("fill") == svg.ACCENT][-3:]
    # 365 days, then 3287 days: the second gap is nine times the first, not the same as with even spacing.
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(3287 / 365, rel=1e-3)
    years = [t.text for t in texts(root) if re.fullmatch(r"\d{4}", t.text or "")]
    assert years == ["2000", "2002", "2004", "2006", "2008", "2010"]


def test_year_ticks_are_round_years():
    from datetime import date

    from assess.render.timechart import year_ticks

    span = (date(1992, 1, 1).toordinal(), date(2020, 12, 31).toordinal())
    assert year_ticks(*span) == [1995, 2000, 2005, 2010, 2015, 2020]
    span = (date(2018, 1, 1).toordinal(), date(2020, 12, 31).toordinal())
    assert year_ticks(*span) == [2018, 2019, 2020]


def test_a_window_without_a_score_breaks_the_dashed_line(assessment):
    scores = ((2000, 50.0), (2001, 55.0), (2002, None), (2003, 45.0))
    windows = [TimePoint(as_of=f"{y}-12-31", mode="window", start=f"{y}-01-01", score=s, low=None, high=None,
                         verdict="Mixed record", evidence_count=1) for y, s in scores]
    markup = str(charts.trajectory_chart(windows, assessment.rubric.bands, windows=windows))
    assert markup.count('stroke-dasharray="5 4" class="mark"') == 1 + 1  # one run of two points, and the legend
    assert "2002-01-01 to 2002-12-31: no score" in markup


def test_marks_and_text_contrast_with_every_background(every_chart):
    backgrounds = [svg.BACKGROUND, *svg.BAND_TINTS]
    # The interval ribbon is an area behind the trajectory: its edges carry it, the lines drawn over it must show.
    assert min(contrast(c, svg.RIBBON) for c in (svg.ACCENT, svg.INK)) >= 3.0
    for name, markup in every_chart.items():
        for element in parse(markup).iter():
            colours = []
            if "mark" in (element.get("class") or "").split():
                colours = [element.get(k) for k in ("fill", "stroke")]
            elif element.tag.endswith("text"):
                colours = [element.get("fill")]
            for colour in colours:
                if colour in (None, "none", svg.BACKGROUND):
                    continue  # a hollow dot's fill or a white ring that separates a dot from its bar
                need = 3.0 if not element.tag.endswith("text") else 4.5
                worst = min(contrast(colour, bg) for bg in backgrounds)
                assert worst >= need, (name, element.tag, colour, round(worst, 2))


def test_every_user_text_is_escaped(assessment):
    crits = [_criterion("a", "scored", 40.0, "<script>alert('x')</script> & co")]
    fund = FundamentalResult(id="f", title="F <b>", weight=1.0, score=40.0, low=30.0, high=50.0, criteria=["a"])
    markup = str(charts.criterion_chart([fund], crits, assessment.rubric.bands))
    assert "<script>" not in markup and "<b>" not in markup
    parse(markup)  # still well formed


def test_same_assessment_same_bytes(assessment, every_chart):
    again = russia_assessment()
    criteria = charts.criterion_chart(again.fundamentals, again.criteria, again.rubric.bands)
    assert str(criteria) == str(every_chart["criteria"])
    assert str(_distribution_chart(again)) == str(every_chart["distribution"])
    assert str(charts.tilt_chart(again.parties)) == str(every_chart["tilt"])
    trajectory = charts.trajectory_chart(again.trajectory, again.rubric.bands, windows=again.windows)
    assert str(trajectory) == str(every_chart["trajectory"])
