"""The PDF report: the HTML report laid out by WeasyPrint (the [pdf] extra), fetching nothing but data: URIs.

The PDF is tagged (PDF/UA-1: a structure tree a screen reader follows, the document language from the HTML's
`lang`, the title shown instead of the file name) and has bookmarks from the headings (`bookmark-level` in the
print CSS) and a named destination for every anchor.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from assess.errors import MissingExtraError, OutputError
from assess.render.html import render_html

if TYPE_CHECKING:
    from assess.models.assessment import Assessment


# Tagged PDF for accessibility (ISO 14289-1). WeasyPrint supports it from version 57 on; the extra asks for 62.
PDF_VARIANT = "pdf/ua-1"


def _weasyprint():
    try:
        return importlib.import_module("weasyprint"), importlib.import_module("weasyprint.urls")
    except ImportError:  # also when the module is blocked (sys.modules entry set to None)
        raise MissingExtraError("PDF output", "pdf") from None
    except OSError:  # WeasyPrint is installed but its system libraries (pango) are not
        raise MissingExtraError("PDF output (WeasyPrint's system libraries, e.g. pango)", "pdf") from None


def data_only_fetcher(urls_module):
    """A URLFetcher that serves data: URIs and refuses everything else (file:, http:, relative), recording it."""

    class DataOnlyFetcher(urls_module.URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if not str(url).lower().startswith("data:"):
                self.refused.append(str(url))
                raise ValueError(f"assess fetches no external resource: {str(url)[:80]}")
            return super().fetch(url, headers)

    return DataOnlyFetcher()


def html_to_pdf(html: str, *, fetcher=None) -> bytes:
    """Lay out an HTML string as PDF with a data:-only fetcher (exposed for tests of the fetcher itself)."""
    weasyprint, urls = _weasyprint()
    fetcher = fetcher or data_only_fetcher(urls)
    # No base_url: relative links have nothing to resolve against, and the fetcher refuses them anyway.
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(assessment: Assessment, *, template_dir: str | Path | None = None) -> bytes:
    """The PDF report as bytes; needs the [pdf] extra."""
    _weasyprint()  # fail fast with the install hint before rendering anything
    html = render_html(assessment, template_dir=template_dir)
    try:
        return html_to_pdf(html)
    except (MissingExtraError, OutputError):
        raise
    except Exception as exc:  # noqa: BLE001 - WeasyPrint's own errors become one output error
        raise OutputError("pdf", f"PDF layout failed: {type(exc).__name__}") from None
