"""The HTML report of the Russia case: self-contained, navigable both ways, accessible, strict about templates."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from render_helpers import parse_html, russia_assessment, russia_report

from assess.errors import OutputError
from assess.render import render


@pytest.fixture(scope="module")
def html() -> str:
    return russia_report("html")


@pytest.fixture(scope="module")
def parsed(html):
    return parse_html(html)


def test_every_internal_link_resolves(parsed):
    ids = set(parsed.ids)
    assert len(ids) == len(parsed.ids), "duplicate ids"
    internal = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert len(internal) > 100
    assert sorted(set(internal) - ids) == []


def test_every_evidence_item_has_an_anchor_and_every_citation_links_to_it(parsed):
    assessment = russia_assessment()
    ids = set(parsed.ids)
    assert {f"ev-{e.id}" for e in assessment.case.evidence} <= ids
    cited = {e for c in assessment.criteria for e in c.evidence} | {e for f in assessment.flags for e in f.evidence}
    assert cited, "the case cites evidence"
    linked = {h[4:] for h in parsed.hrefs if h.startswith("#ev-")}
    assert cited <= linked


def test_register_back_links_to_every_citing_criterion(html):
    assessment = russia_assessment()
    for criterion in assessment.criteria:
        for evidence_id in criterion.evidence:
            article = re.search(rf'<article class="evidence" id="ev-{re.escape(evidence_id)}".*?</article>', html, re.S)
            assert article, evidence_id
            assert f'class="backlink" href="#crit-{criterion.id}"' in article.group(0), (evidence_id, criterion.id)


def test_sources_are_linked_from_evidence_and_unresolved_ones_marked(html, parsed):
    assessment = russia_assessment()
    for source in assessment.case.sources:
        assert f"src-{source.id}" in parsed.ids
    if any(s.unresolved for s in assessment.case.sources):
        assert "Unresolved reference" in html
    assert '<a href="#src-' in html


def test_no_external_resource_is_loaded(html, parsed):
    assert not parsed.srcs  # no img/script/iframe src at all: charts are inline SVG
    assert "@import" not in html
    assert not [u for u in re.findall(r"url\(([^)]*)\)", html) if not u.strip("'\" ").startswith("data:")]
    assert not [attrs for tag, attrs in parsed.tags if tag == "link"]
    external = [h for h in parsed.hrefs if not h.startswith("#")]
    allowed = {s.url for s in russia_assessment().case.sources if s.url} | {russia_assessment().rubric.source.url}
    allowed |= {f"https://doi.org/{s.doi}" for s in russia_assessment().case.sources if s.doi}
    assert set(external) <= allowed
    assert all(h.startswith(("https://", "http://", "mailto:")) for h in external)


def test_content_security_policy_pins_the_inline_script(html):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    csp = csp.replace("&#39;", "'")
    assert "default-src 'none'" in csp and "img-src data:" in csp
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert "unsafe-eval" not in csp


def test_sections_and_their_content(html):
    for anchor in ("summary", "glance", "case", "findings", "reading", "register", "sources", "method"):
        assert f'id="{anchor}"' in html
    for words in ("Verdict", "uncertainty interval", "Party tilt", "Red flags", "Where it meets the standard best",
                  "Where it falls furthest short", "Main limitations", "What would change the verdict",
                  "Coverage", "Level descriptors", "Evidence for", "Evidence against", "Weights", "Sensitivity",
                  "What the verdict hinges on", "Sobol indices", "joint draws", "random seed", "Verdict bands"):
        assert words in html, words
    assessment = russia_assessment()
    assert assessment.overall.verdict in html
    assert f"random seed <strong>{assessment.sensitivity.seed}</strong>" in html
    assert "Russia" in html and "Armenia" in html and "Azerbaijan" in html
    assert html.count('class="achieved"') >= sum(c.level is not None for c in assessment.criteria)


def test_accessible_structure(html, parsed):
    assert parsed.headings.count(1) == 1
    for before, after in zip(parsed.headings, parsed.headings[1:]):
        assert after <= before + 1, "a heading level is skipped"
    ths = [attrs for tag, attrs in parsed.tags if tag == "th"]
    assert ths and all(attrs.get("scope") in ("col", "row") for attrs in ths)
    svgs = [attrs for tag, attrs in parsed.tags if tag == "svg"]
    assert len(svgs) == 4  # party tilt, criterion scores, score distribution, trajectory
    for attrs in svgs:
        # The criteria chart is a group: its row names are links, which an image would hide from screen readers.
        assert attrs.get("role") in ("img", "group") and attrs.get("aria-labelledby")
        for label in attrs["aria-labelledby"].split():
            assert label in parsed.ids
    assert '<html lang="en">' in html
    assert "@media print" in html and "@page" in html


def test_charts_show_every_criterion_and_link_it_to_its_finding(html):
    chart = re.search(r'<svg[^>]*aria-labelledby="chart-criteria-title.*?</svg>', html, re.S).group(0)
    for criterion in russia_assessment().criteria:
        assert criterion.title.replace("'", "&#39;") in re.sub(r"</text><text[^>]*>", " ", chart)
        assert f'<a href="#crit-{criterion.id}">' in chart


def test_user_template_dir_is_searched_first(tmp_path):
    (tmp_path / "_sources.html").write_text('<section id="sources"><h2>Our own sources {{ sources | length }}</h2></section>')
    html = render(russia_assessment(), "html", template_dir=tmp_path)
    assert f"Our own sources {len(russia_assessment().case.sources)}" in html
    assert "Evidence register" in html  # the rest still comes from the shipped templates


def test_undefined_names_in_a_template_are_an_output_error(tmp_path):
    (tmp_path / "_sources.html").write_text("{{ no_such_name }}")
    with pytest.raises(OutputError) as caught:
        render(russia_assessment(), "html", template_dir=tmp_path)
    assert "no_such_name" in str(caught.value) and "_sources.html" in str(caught.value)


def test_a_missing_template_dir_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="template directory not found"):
        render(russia_assessment(), "html", template_dir=tmp_path / "nope")


def test_quote_checks_are_shown_when_present(html):
    assessment = russia_assessment()
    if not assessment.quote_checks:
        pytest.skip("this assessment carries no quote checks")
    verified = [q for q in assessment.quote_checks if q.status == "verified"]
    assert html.count("Quotation verified") == len(verified)


def test_an_unverified_quote_is_marked_with_the_sources_wording():
    from assess.models.assessment import QuoteCheck

    assessment = russia_assessment()
    first = next(e for e in assessment.case.evidence if e.quote)
    check = QuoteCheck(evidence=first.id, source=first.source[0].id, status="close", similarity=88.0,
                       source_wording="a <b>different</b> wording")
    changed = assessment.model_copy(update={"quote_checks": [check]})
    html = render(changed, "html")
    article = re.search(rf'<article class="evidence" id="ev-{first.id}".*?</article>', html, re.S).group(0)
    assert "Quotation not verified (only a close match in the source)" in article
    assert "a &lt;b&gt;different&lt;/b&gt; wording" in article
    assert "Quotation verified" not in html  # no other item claims a check it did not get
    md = render(changed, "md")
    assert "*Quotation not verified (only a close match in the source).* Closest wording in the source: “a &lt;b&gt;different&lt;/b&gt; wording”" in md
