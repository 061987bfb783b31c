"""Every shipped and test case renders to HTML and Markdown whose internal links all resolve (thin cases too)."""

from __future__ import annotations

import re

import pytest
from render_helpers import ROOT, environment, parse_html

from assess.pipeline import assess_file
from assess.render import render

CASES = sorted(ROOT.glob("cases/*.yaml")) + [ROOT / "tests/data/valid/minimal_case.yaml", ROOT / "tests/data/valid/full_case.yaml"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case_renders_with_resolving_links(path):
    with environment(SOURCE_DATE_EPOCH="0"):
        assessment = assess_file(path)[0]
    html = render(assessment, "html")
    parsed = parse_html(html)
    assert sorted({h[1:] for h in parsed.hrefs if h.startswith("#")} - set(parsed.ids)) == []
    assert parsed.headings.count(1) == 1
    md = render(assessment, "md")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', md))
    assert set(re.findall(r"\]\(#([^)]+)\)", md)) <= anchors
    assert ("Fictional case" in html) == assessment.case.meta.fictional
    assert ("Fictional case" in md) == assessment.case.meta.fictional
    if assessment.overall.score is None:
        assert "Insufficient" in html or "insufficient" in html
