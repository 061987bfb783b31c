"""The party tilt in every report: interval, components, one wording of the lean, and the tilt chart."""

from __future__ import annotations

import io
import json
import re

from assess.models.assessment import PartyTilt, TiltInterval
from assess.render import render
from assess.render.charts import tilt_chart
from assess.render.filters import NO_CLEAR_LEAN, lean_words
from assess.render.terminal import print_table
from assess.scoring import score
from scoring_builders import item, make_case, make_rubric


def interval(tilt: float, low: float, high: float) -> TiltInterval:
    lean = "toward" if low > 0 else "against" if high < 0 else "none"
    return TiltInterval(tilt=tilt, low=low, high=high, low68=low, high68=high, lean=lean, weight=1.0)


def party(pid: str, name: str, tilt: float, low: float, high: float) -> PartyTilt:
    total = interval(tilt, low, high)
    return PartyTilt(id=pid, name=name, tilt=tilt, low=low, high=high, low68=low, high68=high, lean=total.lean,
                     conduct=total, perceived=total, structural=total)


def test_the_chart_says_it_shows_the_total_tilt():
    svg = str(tilt_chart([party("a", "A", 0.5, 0.2, 0.8), party("b", "B", -0.5, -0.8, -0.2)]))
    title = re.search(r"<title id=\"chart-tilt-title\">([^<]*)</title>", svg).group(1)
    assert "Total party tilt" in title and "conduct" not in title and "90% interval" in title


def test_bars_are_scaled_to_the_fixed_range_not_to_the_largest_tilt():
    # Half the plot is 150 px for a tilt of 1: a tilt of 0.1 is a 15 px bar, however small the other tilts are.
    svg = str(tilt_chart([party("a", "A", 0.1, -0.3, 0.5), party("b", "B", -0.1, -0.5, 0.3)]))
    assert re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)"[^>]*class="mark tilt-bar"', svg) == ["15", "15"]


def test_long_party_names_wrap_onto_lines_and_are_never_cut():
    name = "Popular Front for the <Liberation> of the Northern Highlands"
    svg = str(tilt_chart([party("a", name, 0.2, -0.1, 0.5), party("b", "B", -0.2, -0.5, 0.1)]))
    names = re.findall(r'text-anchor="end" font-size="12" fill="[^"]+" font-weight="bold">([^<>]*)</text>', svg)
    assert names[-1] == "B" and len(names) > 2  # the long name on two lines or more, then the short one
    assert " ".join(names[:-1]) == "Popular Front for the &lt;Liberation&gt; of the Northern Highlands"
    assert "\u2026" not in svg and "<Liberation>" not in svg


def test_the_lean_has_one_wording():
    assert lean_words("toward", "North") == "leans toward North"
    assert lean_words("against", "South") == "leans against South"
    assert lean_words("none", "North") == NO_CLEAR_LEAN == "no clear lean"


def test_every_report_shows_interval_components_and_no_clear_lean():
    # One strong tie: 6% of north's share lies below one half, so its 90% interval spans 0 (docs/method.md §6).
    case = make_case([item("e1", {"ties": -3}, kind="structural_tie", favours="north")])
    result = score(case, make_rubric(), draws=0, generated="2026-01-01")
    data = json.loads(render(result, "json"))
    assert [p["lean"] for p in data["parties"]] == ["none", "none"]
    assert data["parties"][0]["structural"]["low"] < 0 < data["parties"][0]["structural"]["high"]
    assert "balance_index" not in data
    out = io.StringIO()
    print_table(result, out)
    for text in (render(result, "md"), render(result, "html"), out.getvalue()):
        assert "no clear lean" in text and "90% interval" in text
        assert "+0.68" in text and "\u22120.05" in text  # median and lower bound of north's tilt
        assert "balance index" not in text.lower()
    for text in (render(result, "md"), render(result, "html")):
        assert "+0.68 (\u22120.05 to +0.97)" in text  # the structural component with its interval
