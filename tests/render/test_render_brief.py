"""The brief: sentences written from the result (assess/render/brief.py), first in every report, the PDF short."""

from __future__ import annotations

import html as htmllib
import io
import re

import pytest
from render_helpers import russia_assessment, russia_report

from assess.render import brief as b
from assess.render.html import render_html
from assess.render.markdown import render_markdown
from assess.render.prose import prose_html, prose_markdown


def _text(html: str) -> str:
    """The page's words, without head, contents list, tags or entities, spaces folded (for ordering checks)."""
    body = re.sub(r"<nav\b.*?</nav>", " ", html[html.find("<body"):], flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _with(assessment, **updates):
    """The assessment with some of its parts replaced (models are frozen)."""
    return assessment.model_copy(update=updates)


# ---- sentences -------------------------------------------------------------------------------------------------

def test_evidence_label_is_the_id_and_the_first_words_of_the_claim():
    item = next(e for e in russia_assessment().case.evidence if e.id == "e13")
    label = b.evidence_label(item, words=4)
    assert label.startswith("e13: ") and label.endswith("…")
    assert len(label.split()) == 5  # the id and four words
    assert b.evidence_label(item, words=200) == f"e13: {item.claim.rstrip('.')}" or not item.claim.endswith(".")


def test_overall_sentence_names_the_verdict_score_interval_and_likelihood():
    a = russia_assessment()
    text = b.overall_sentence(a)
    assert f"“{a.overall.verdict}”" in text
    assert f"score {a.overall.score:.0f} of 100" in text and "90% interval" in text
    assert ("provisional" in text) == a.overall.provisional
    assert f"It is {a.overall.likelihood} (" in text and "Beta(" not in text


def test_cap_sentence_only_when_capped():
    a = russia_assessment()
    assert b.cap_sentence(a) is None
    capped = _with(a, overall=a.overall.model_copy(update={
        "capped": True, "score_band": "Largely meets the Guidance", "cap_reasons": ["A serious red flag is raised."]}))
    assert b.cap_sentence(capped) == (
        "The score alone would give “Largely meets the Guidance”; the rubric caps the verdict: A serious red flag is raised."
    )


def test_strongest_findings_are_the_criteria_furthest_from_the_middle_with_their_heaviest_evidence():
    a = russia_assessment()
    numbered = [c for c in a.criteria if c.score is not None]
    concerns = b.strongest_findings(a, "undermines")
    lowest = min(numbered, key=lambda c: c.score)
    fundamental = next(f.title for f in a.fundamentals if f.id == lowest.fundamental)
    assert concerns[0].text.startswith(f"{lowest.title} ({fundamental}): {lowest.score:.0f} of 100")
    assert concerns[0].anchor == f"crit-{lowest.id}"
    heaviest = max((w for w in lowest.weights if w.direction == "undermines"), key=lambda w: w.weight)
    assert concerns[0].evidence[0].id == heaviest.evidence
    assert concerns[0].evidence[0].label.startswith(f"{heaviest.evidence}: ")
    strengths = b.strongest_findings(a, "supports")
    assert all(" of 100" in p.text for p in strengths) and len(strengths) == 3
    scores = [int(re.search(r": (\d+) of 100", p.text).group(1)) for p in strengths]
    assert scores == sorted(scores, reverse=True) and min(scores) > 50


def test_tilt_sentences_keep_conduct_perceptions_and_structural_ties_apart():
    first, apart = b.tilt_sentences(russia_assessment())
    assert first.startswith("Taken together, the evidence shows no clear lean of Russia toward any party")
    assert "its acts and stated positions show no clear lean (Armenia −0.43" in apart
    assert "perceptions and allegations show no clear lean" in apart
    assert "its structural ties show no clear lean (Armenia +0.24" in apart


def test_tilt_sentences_name_a_lean_where_the_interval_excludes_zero():
    from conftest import CASES

    from assess.pipeline import assess_file

    abkhazia, _ = assess_file(CASES / "russia_abkhazia.yaml")
    first, apart = b.tilt_sentences(abkhazia)
    side = next(p for p in abkhazia.parties if p.id == "abkhazia")
    assert first.startswith(f"Taken together, the evidence shows that Russia leans toward {side.name} ({side.tilt:+.2f}, 90% interval")
    assert f"its acts and stated positions lean toward {side.name}" in apart


def test_flag_points_name_the_party_and_the_evidence():
    points = b.flag_points(russia_assessment())
    alliance = next(p for p in points if p.anchor == "flag-military_alliance_with_party")
    flag = next(f for f in russia_assessment().flags if f.id == "military_alliance_with_party")
    assert f"(serious), favouring Armenia and Azerbaijan: raised by {len(flag.evidence)} evidence items." in alliance.text
    assert len(alliance.evidence) == b.EVIDENCE_PER_FLAG and alliance.more == len(flag.evidence) - b.EVIDENCE_PER_FLAG


def test_limitations_are_computed_from_the_result():
    a = russia_assessment()
    text = " ".join(b.limitation_sentences(a))
    assert f"{len(a.timeline.undated_evidence)} scored items are undated ({a.timeline.undated_weight_share:.0%}" in text
    assert f"{a.coverage.insufficient} of {a.coverage.criteria_total} criteria have too little evidence" in text
    assert "Provisional (less than 67% of their weight evidenced): Consent." in text
    assert (f"The assessor names {len(a.case.limitations)} limitations of the evidence and "
            f"{len(a.case.open_questions)} open questions.") in text
    # The broadened case no longer rests mostly on the essay, so the brief does not say it does.
    assert "rest on one source" not in text


def test_one_source_limitation_when_one_source_holds_most_items():
    a = russia_assessment()
    on_essay = [c.model_copy(update={"weights": [w.model_copy(update={"cluster": "essay"}) for w in c.weights]})
                for c in a.criteria]
    text = b.one_source_sentence(_with(a, criteria=on_essay))
    scored = {w.evidence for c in a.criteria for w in c.weights}
    assert text == (f"{len(scored)} of {len(scored)} scored evidence items rest on one source, the essay “What is the "
                    "position of Russia in the Nagorno-Karabakh conflict?” (reliability C).")


def test_no_one_source_limitation_when_sources_are_spread():
    a = russia_assessment()
    spread = [c.model_copy(update={"weights": [w.model_copy(update={"cluster": f"s{i}"}) for i, w in enumerate(c.weights)]})
              for c in a.criteria]
    assert b.one_source_sentence(_with(a, criteria=spread)) is None


def test_what_would_change_the_verdict():
    a = russia_assessment()
    sentences = b.would_change_sentences(a)
    text = " ".join(sentences)
    assert sentences[0].startswith(f"Impartiality’s verdict, “{a.headline.verdict}”, holds in ")
    assert "of 1,024 joint draws" in sentences[0]
    assert "the way criterion scores are combined" in text  # the plain words for `aggregation`
    assert "No single source or event changes the overall verdict when left out; the largest effect is" in text
    assert "would change its verdict most" in text
    assert "total-effect" not in text and "Sobol" not in text and "posterior" not in text


def test_a_decisive_source_is_named_by_its_title():
    a = russia_assessment()
    sensitivity = a.sensitivity.model_copy(update={"decisive_sources": ["essay"], "decisive_events": ["ceasefire_1994"]})
    text = b.decisive_sentence(_with(a, sensitivity=sensitivity))
    assert text.startswith("Without any one of these the overall verdict would change: the source “What is the")
    assert text.endswith("and the event “ceasefire 1994”.")


def test_levels_and_bands_are_explained_in_one_sentence():
    text = b.levels_and_bands_sentence(russia_assessment().rubric)
    assert "sit at 0, 25, 50, 75, 100" in text and "start at 0, 20, 40, 60, 80" in text


def test_the_brief_is_deterministic():
    assert b.build_brief(russia_assessment()) == b.build_brief(russia_assessment())


# ---- reports open with the brief ------------------------------------------------------------------------------

def _in_order(text: str, *parts: str) -> None:
    positions = [text.index(p) for p in parts]
    assert positions == sorted(positions), list(zip(parts, positions))


def test_html_opens_with_the_brief_before_the_findings():
    a = russia_assessment()
    text = _text(russia_report("html"))
    _in_order(text, a.headline.statement, "Low confidence", "Where it meets the standard best", "Main limitations",
              "The assessor names", "What would change the verdict", "of 1,024 joint draws",
              "What the evidence does not cover", "Open questions", "Findings by fundamental")


def test_markdown_opens_with_the_brief_before_the_findings():
    a = russia_assessment()
    md = russia_report("md")
    _in_order(md, a.headline.statement, "## Summary", "### Main limitations", "The assessor names",
              "### What would change the verdict", "### What the evidence does not cover", "#### Open questions",
              "## Findings by fundamental", "## Evidence register")


def test_findings_give_the_achieved_descriptor_not_the_whole_table_in_markdown():
    md = russia_report("md")
    findings = md.split("## Findings by fundamental", 1)[1].split("## How to read the numbers", 1)[0]
    assert "| Level | Meaning for this criterion |" not in findings
    lowest = min((c for c in russia_assessment().criteria if c.score is not None), key=lambda c: c.score)
    assert f"**{lowest.level_label}** (score {lowest.score:.0f} of 100" in findings
    assert "level is the nearest of its 5 levels" in md.split("### Criterion levels", 1)[1]


def test_evidence_links_carry_labels_in_the_brief():
    html = russia_report("html")
    summary = html[html.index('id="summary"'):html.index('id="glance"')]
    links = re.findall(r'<a class="ev-ref ev-label" href="#ev-([^"]+)">([^<]+)</a>', summary)
    assert links and all(label.startswith(f"{eid}: ") for eid, label in links)


# ---- what the analyst wrote -------------------------------------------------------------------------------------

MARKDOWN_DESCRIPTION = (
    "A **bold** claim with `code`, a [safe link](https://example.org/a) and an [unsafe one](javascript:alert(1)).\n\n"
    "- first point\n- second *point*\n"
)


def _described():
    a = russia_assessment()
    meta = a.case.meta.model_copy(update={"description": MARKDOWN_DESCRIPTION})
    return _with(a, case=a.case.model_copy(update={"meta": meta}))


def test_description_and_notes_are_rendered_as_markdown_in_html():
    html = render_html(_described())
    case = html[html.index('id="case"'):html.index('id="findings"')]
    assert "A <strong>bold</strong> claim with <code>code</code>" in case
    assert '<a href="https://example.org/a" rel="noopener noreferrer">safe link</a>' in case
    assert "[unsafe one](javascript:alert(1))" in case and 'href="javascript' not in html
    assert "<li>second <em>point</em></li>" in case
    description = case.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "**" not in _text(description) and "`" not in _text(description) and "*" not in _text(description)
    notes = case.split('id="case-notes"', 1)[1]
    assert "<strong>How to read this case.</strong>" in notes and "<code>e01</code>" in notes


def test_description_and_notes_are_rendered_as_markdown_in_markdown():
    md = render_markdown(_described())
    case = md.split("## The case", 1)[1].split("## Findings by fundamental", 1)[0]
    assert "A **bold** claim with `code`, a [safe link](https://example.org/a) and an \\[unsafe one\\]" in case
    assert "- second *point*" in case
    assert "\\*\\*" not in case  # rendered emphasis, not escaped asterisks
    assert "**How to read this case.**" in case


def test_roles_actors_and_assessors_appear_in_html_and_markdown():
    a = russia_assessment()
    html, md = russia_report("html"), russia_report("md")
    for role in a.case.mediator.roles:
        assert htmllib.escape(role.role, quote=False) in html and role.role in md
    for actor in a.case.conflict.actors:
        assert actor.name in html and actor.name in md
    assert "no: evidence only from this role is background, not scored" in html
    assert "Assessed by assess project team" in _text(html) and "Assessed by assess project team" in md


def test_prose_refuses_unsafe_links_images_and_html():
    hostile = "[x](javascript:alert(1)) ![i](file:///etc/passwd) <script>alert(2)</script> [f](file:///etc/passwd)"
    html = str(prose_html(hostile))
    assert "<script" not in html and "<img" not in html and "href=" not in html
    md = str(prose_markdown(hostile))
    assert "](javascript" not in md.replace("\\]", "") and "<script" not in md and "&lt;script&gt;" in md


def test_prose_headings_never_compete_with_the_report():
    assert str(prose_html("# Top\n\n## Next")) == "<h4>Top</h4>\n<h5>Next</h5>\n"
    assert str(prose_markdown("# Top")) == "#### Top"


# ---- the PDF ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf_reader():
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    return pypdf.PdfReader(io.BytesIO(russia_report("pdf")))


def test_the_pdf_grows_with_the_evidence_not_faster(pdf_reader):
    # The brief, the glance, the findings and the method take about 8 pages whatever the case; the annex (register
    # and sources, in three columns of small type) about a page per six entries. The Russia report was 24 pages with
    # 49 items; with 114 items and 84 sources it is 38. A forced page break per part or per item would break this.
    a = russia_assessment()
    entries = len(a.case.evidence) + len(a.case.sources)
    assert len(pdf_reader.pages) <= 8 + entries // 6


def test_the_pdf_opens_with_the_brief_on_its_first_two_pages(pdf_reader):
    a = russia_assessment()
    text = " ".join(" ".join(page.extract_text() for page in pdf_reader.pages[:2]).split())
    for words in (f"Impartiality: {a.headline.verdict}", a.headline.likelihood, "confidence", "The assessor names",
                  "Main limitations", "What would change the verdict", "would change its verdict"):
        assert words in text, words
    assert a.overall.verdict in text


def test_the_pdf_keeps_a_named_destination_for_every_cited_evidence_item(pdf_reader):
    a = russia_assessment()
    cited = {e for c in a.criteria for e in c.evidence} | {e for f in a.flags for e in f.evidence}
    destinations = set(pdf_reader.named_destinations)
    assert {f"ev-{e}" for e in cited} <= destinations
    assert {"summary", "case", "findings", "register", "case-notes"} <= destinations


def test_the_pdf_shows_what_the_analyst_wrote(pdf_reader):
    text = " ".join(" ".join(page.extract_text() for page in pdf_reader.pages).split())
    a = russia_assessment()
    assert "How to read this case." in text and "**How to read" not in text
    assert a.case.conflict.actors[0].name in text and a.case.mediator.roles[0].role in text
    assert "Assessed by assess project team" in text
    assert text.count(a.case_sha256) <= 1  # the SHA-256 once, in the provenance
