"""Hostile text and URLs in a case never become markup, links or fetches, in HTML, Markdown or PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from render_helpers import HOSTILE, hostile_assessment, parse_html

from assess.render import render
from assess.render.links import safe_url
from assess.render.mdescape import md_escape


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
        "java\nscript:alert(1)", "vbscript:msgbox(1)", "file:///etc/passwd", "FILE:///etc/passwd",
        "data:text/html,<script>alert(1)</script>", "//evil.example/x", "/etc/passwd", "../secret.txt",
        "evil.example/x", "http:/no-host", "https://x.org/\"onmouseover=alert(1)", "https://x.org/<script>",
        "mailto:", "doi:not-a-doi", "", None,
    ],
)
def test_unsafe_urls_are_not_links(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("http://example.org", "http://example.org"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("doi:10.1177/0022343307075124", "https://doi.org/10.1177/0022343307075124"),
        ("DOI: 10.1000/xyz(1)", "https://doi.org/10.1000/xyz(1)"),
    ],
)
def test_safe_urls_are_kept(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("![p](file:///etc/passwd)", r"\!\[p\](file:///etc/passwd)"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('"><img src=x onerror=alert(1)>', '"&gt;&lt;img src=x onerror=alert(1)&gt;'),
        ("a | b *c* _d_ `e`", r"a \| b \*c\* \_d\_ \`e\`"),
        ("- not a list", r"\- not a list"),
        ("1. not a list", r"1\. not a list"),
        ("line one\n\n# not a heading", r"line one \# not a heading"),
        ("Tom & Jerry's 1.0", "Tom &amp; Jerry's 1.0"),
    ],
)
def test_md_escape(text, expected):
    assert str(md_escape(text)) == expected


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_assessment(tmp_path_factory.mktemp("hostile"))


def test_hostile_html_has_no_injected_markup(hostile):
    html = render(hostile, "html")
    parsed = parse_html(html)
    tags = [tag for tag, _ in parsed.tags]
    # Our own markup has exactly one script (the filter) and no img, iframe or event handlers at all.
    assert tags.count("script") == 1
    assert "img" not in tags and "iframe" not in tags and "b" not in tags and "i" not in tags
    assert not [attrs for _, attrs in parsed.tags if any(name.startswith("on") for name in attrs)]
    for text in HOSTILE.values():
        if "<" in text:
            assert text not in html  # every string with markup appears only escaped
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    # Links: only internal anchors, the one https article and its DOI.
    external = {h for h in parsed.hrefs if not h.startswith("#")}
    rubric_link = {hostile.rubric.source.url} if hostile.rubric.source.url else set()
    assert external == {"https://doi.org/10.1177/0022343307075124", "https://example.org/article?a=1&b=2"} | rubric_link
    assert not parsed.srcs
    # The refused URLs are still shown, as plain text.
    assert '<span class="unlinked">javascript:alert(5)</span>' in html
    assert '<span class="unlinked">file:///etc/passwd</span>' in html


def test_hostile_case_is_labelled_fictional(hostile):
    html = render(hostile, "html")
    assert "<strong>Fictional case</strong>" in html
    assert "(fictional case)</title>" in html
    assert "**Fictional case**" in render(hostile, "md")


def test_hostile_markdown_has_no_links_or_html(hostile):
    md = render(hostile, "md")
    assert "<script" not in md and "<img" not in md and "<iframe" not in md and "<b " not in md
    assert not re.search(r"(?<!\\)\]\((javascript|file|data):", md)  # only escaped brackets before them
    assert "\\[click me\\](javascript:alert(3))" in md
    # The only raw HTML is our own anchors, and every link target is internal or one of the safe URLs.
    assert set(re.findall(r"<(\w+)", md)) == {"a"}
    targets = set(re.findall(r"(?<!\\)\]\(([^)]*)\)", md))
    rubric_link = {hostile.rubric.source.url} if hostile.rubric.source.url else set()
    assert {t for t in targets if not t.startswith("#")} == {
        "https://doi.org/10.1177/0022343307075124", "https://example.org/article?a=1&amp;b=2",
    } | rubric_link


@pytest.mark.pdf
def test_hostile_pdf_fetches_nothing_and_shows_text(hostile, tmp_path):
    pytest.importorskip("weasyprint")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(render(hostile, "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "<script>alert('x')</script>" in text  # shown as text, not run (and nothing to run in a PDF)
    assert "root:" not in text  # /etc/passwd was not fetched into the document
    attachments = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert "0 embedded files" in attachments
