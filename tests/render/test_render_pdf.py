"""The PDF report: pages, page numbers, named destinations, text, fonts; a fetcher that loads nothing; no extra."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from render_helpers import ROOT, russia_assessment, russia_report

from assess.errors import MissingExtraError

pytestmark = pytest.mark.pdf


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} (poppler-utils) is not installed; .ci/run installs it with apt-get")
    return path


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    pytest.importorskip("weasyprint")
    path = tmp_path_factory.mktemp("pdf") / "russia.pdf"
    path.write_bytes(russia_report("pdf"))
    return path


def test_pages_and_page_numbers(pdf_path):
    info = subprocess.run([_poppler("pdfinfo"), str(pdf_path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3
    text = subprocess.run([_poppler("pdftotext"), str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_named_destinations_for_every_evidence_item(pdf_path):
    dests = subprocess.run([_poppler("pdfinfo"), "-dests", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    for item in russia_assessment().case.evidence:
        assert f'"ev-{item.id}"' in dests
    assert '"summary"' in dests and '"register"' in dests


def test_text_names_the_parties_and_mediator(pdf_path):
    text = subprocess.run([_poppler("pdftotext"), str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    for name in ("Russia", "Armenia", "Azerbaijan", "Evidence register", russia_assessment().overall.verdict):
        assert name in text


def test_internal_links_and_bookmarks(pdf_path):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(pdf_path))
    assert reader.outline, "bookmarks from headings"
    def flatten(items):
        for item in items:
            yield from flatten(item) if isinstance(item, list) else [item.title]

    titles = list(flatten(reader.outline))
    assert "Summary" in titles and "Evidence register" in titles
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                internal += 1
            action = annotation.get("/A")
            if action is not None:
                uri = action.get_object().get("/URI")
                assert uri is None or str(uri).startswith(("https://", "http://", "mailto:"))
    assert internal > 50


def test_fonts_cover_armenian_cyrillic_and_schwa(tmp_path):
    pytest.importorskip("weasyprint")
    from assess.render.pdf import html_to_pdf

    words = "Հայաստան Россия Azərbaycan"
    pdf = tmp_path / "scripts.pdf"
    pdf.write_bytes(html_to_pdf(f"<html><body style='font-family: \"DejaVu Sans\"'><p>{words}</p></body></html>"))
    text = subprocess.run([_poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert words in text
    fonts = subprocess.run([_poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu" in fonts


def test_fetcher_refuses_everything_but_data_uris(tmp_path):
    weasyprint_urls = pytest.importorskip("weasyprint.urls")
    from assess.render.pdf import data_only_fetcher, html_to_pdf

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    fetcher = data_only_fetcher(weasyprint_urls)
    html = (
        f'<html><head><link rel="stylesheet" href="file://{secret}"><link rel="attachment" href="file://{secret}">'
        f'</head><body><p>visible</p><img src="file://{secret}"><img src="http://127.0.0.1:9/x.png">'
        f'<img src="{pixel}"><div style="background: url(file://{secret})">x</div></body></html>'
    )
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(html_to_pdf(html, fetcher=fetcher))
    refused = set(fetcher.refused)
    assert f"file://{secret}" in refused and "http://127.0.0.1:9/x.png" in refused
    assert not any(url.startswith("data:") for url in refused)
    assert b"TOP-SECRET-CONTENT" not in pdf.read_bytes()
    attachments = subprocess.run([_poppler("pdfdetach"), "-list", str(pdf)], capture_output=True, text=True).stdout
    assert "0 embedded files" in attachments


def test_without_weasyprint_a_one_line_hint_and_exit_4(monkeypatch, tmp_path, cli):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what an uninstalled extra looks like to import
    from assess.extras import install_hint
    from assess.render import render

    with pytest.raises(MissingExtraError) as info:
        render(russia_assessment(), "pdf")
    assert str(info.value) == f"assess: error: PDF output needs the optional extra [pdf]; install it with: {install_hint('pdf')}"
    out = tmp_path / "r.pdf"
    result = cli("score", str(ROOT / "cases" / "russia_nk.yaml"), "-o", str(out))
    assert result.exit_code == 4
    error_lines = [line for line in result.stderr.splitlines() if "error" in line]
    assert error_lines == [f"{out}: error: PDF output needs the optional extra [pdf] (not installed); install it with: {install_hint('pdf')}"]
    assert "Traceback" not in result.output and not out.exists()


def _structure(node, found: list[tuple[str, str]], depth: int = 0) -> list[tuple[str, str]]:
    """Every structure element's type with its alternative text, walking the tree from `node`."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for kid in node:
            _structure(kid, found, depth + 1)
    elif isinstance(node, dict) and depth < 80:
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        if "/K" in node:
            _structure(node["/K"], found, depth + 1)
    return found


def test_tagged_pdf_with_language_title_and_alt_texts(pdf_path):
    """PDF/UA-1: a structure tree (headings, tables, lists, links, figures), the language and the title."""
    pypdf = pytest.importorskip("pypdf")
    root = pypdf.PdfReader(str(pdf_path)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == russia_assessment().case.meta.language
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    elements = _structure(root["/StructTreeRoot"]["/K"], [])
    types = {kind for kind, _ in elements}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Link", "/P", "/Figure"} <= types
    # Every chart is a Figure with its alternative text (the SVG's title).
    alts = [alt for kind, alt in elements if kind == "/Figure"]
    assert len(alts) >= 2 and all(alt.strip() for alt in alts)

def test_bookmarks_are_the_report_outline(pdf_path):
    """Under the title: the parts in order (the brief first, the annex last), their sections below them; not the
    small for/against headings."""
    pypdf = pytest.importorskip("pypdf")
    outline = pypdf.PdfReader(str(pdf_path)).outline
    assert outline[0].title == russia_assessment().case.meta.title
    parts = [item.title for item in outline[1] if not isinstance(item, list)]
    assert parts == ["Summary", "Scores at a glance", "The case", "Findings by fundamental", "How to read the numbers",
                     "Evidence register", "Sources", "Method"]

    def sections(part):
        """The titles right under one part: the list that follows its entry in the outline."""
        index = next(i for i, item in enumerate(outline[1]) if not isinstance(item, list) and item.title == part)
        return [item.title for item in outline[1][index + 1] if not isinstance(item, list)]

    assert {"Red flags", "Main limitations", "What would change the verdict"} <= set(sections("Summary"))
    assert "Party tilt" in sections("Scores at a glance")

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    everything = list(titles(outline))
    assert not any(title.startswith(("Evidence for (", "Evidence against (")) for title in everything)
    assert sum(title.startswith(("e", "f")) and title[1:3].isdigit() for title in everything) == len(russia_assessment().case.evidence)
