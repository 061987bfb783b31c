"""Every report leads with the headline fundamental (impartiality), before the overall verdict."""

from __future__ import annotations

import html as htmllib
import io
import json
import re

from assess.render.terminal import print_table
from render_helpers import russia_assessment, russia_report


def _headline():
    headline = russia_assessment().headline
    assert headline is not None and headline.fundamental == "impartiality"
    return headline


def test_terminal_opens_with_the_headline_after_the_title():
    out = io.StringIO()
    print_table(russia_assessment(), out)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    h = _headline()
    assert lines[2] == h.statement and lines[3] == h.confidence_statement
    assert lines[2].startswith(f"Impartiality: {h.verdict} (score ")
    overall = next(i for i, line in enumerate(lines) if line.startswith("Overall "))
    assert overall > 3


def test_markdown_opens_with_the_headline_after_the_title():
    md = russia_report("md")
    paragraphs = [p for p in md.split("\n\n") if p.strip()]
    h = _headline()
    assert paragraphs[0].startswith("# ")
    assert paragraphs[1] == f"**{h.statement}**"
    assert paragraphs[2] == h.confidence_statement.replace("_", "\\_")
    assert md.index(h.statement) < md.index("Overall verdict")


def test_html_opens_with_the_headline_after_the_title():
    page = russia_report("html")
    body = page[page.index("<body"):]
    h1_end = body.index("</h1>")
    after = body[h1_end:]
    first = re.search(r"<(div|p|dl|section)\b[^>]*>", after)
    assert first is not None and 'class="headline"' in first.group(0)
    statement = re.search(r'<p class="headline-statement"><strong>(.*?)</strong></p>', after).group(1)
    assert htmllib.unescape(statement) == _headline().statement
    summary = page[page.index('id="summary"'):]
    assert summary.index("headline-card") < summary.index("Overall verdict, all fundamentals")


def test_html_description_meta_leads_with_the_headline():
    page = russia_report("html")
    meta = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
    assert htmllib.unescape(meta).startswith(_headline().statement)


def test_json_puts_the_headline_before_overall():
    data = json.loads(russia_report("json"))
    keys = list(data)
    assert keys.index("headline") < keys.index("overall")
    assert data["headline"]["statement"] == _headline().statement


def test_method_sections_name_icd203_not_ipcc():
    for fmt in ("md", "html"):
        text = russia_report(fmt)
        assert "ICD 203" in text and "IPCC" not in text
