"""The Markdown report: anchors for every evidence item, links to every cited one, readable tables."""

from __future__ import annotations

import re

import pytest
from render_helpers import russia_assessment, russia_report


@pytest.fixture(scope="module")
def md() -> str:
    return russia_report("md")


def test_every_evidence_item_has_an_anchor(md):
    for item in russia_assessment().case.evidence:
        assert f'<a id="ev-{item.id}"></a>' in md


def test_every_cited_evidence_item_is_linked(md):
    assessment = russia_assessment()
    cited = {e for c in assessment.criteria for e in c.evidence}
    linked = set(re.findall(r"\]\(#ev-([^)]+)\)", md))
    assert cited and cited <= linked


def test_every_internal_link_has_its_anchor(md):
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', md))
    targets = set(re.findall(r"\]\(#([^)]+)\)", md))
    assert targets and targets <= anchors


def test_headings_and_tables(md):
    assert md.startswith("# ")
    assert md.count("\n# ") == 0  # one top-level heading
    for heading in ("## Summary", "## Findings by fundamental", "## Evidence register", "## Sources", "## Method"):
        assert f"\n{heading}\n" in md
    assert "| Criterion | Score | Interval | Level | Status |" in md
    for line in md.splitlines():
        if line.startswith("|"):
            assert line.endswith("|"), line  # no table row is broken across lines
    assert "\n\n\n" not in md


def test_back_links_in_the_register(md):
    register = md.split("## Evidence register", 1)[1].split("## Sources", 1)[0]
    for criterion in russia_assessment().criteria:
        for evidence_id in criterion.evidence:
            entry = register.split(f'<a id="ev-{evidence_id}"></a>', 1)[1].split('<a id="ev-', 1)[0]
            assert f"](#crit-{criterion.id})" in entry.split("- Cited by:", 1)[1], (evidence_id, criterion.id)
