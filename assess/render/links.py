"""Which links from case data may become real links: http(s), mailto and doi only; everything else stays text."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Characters that have no business in a URL we emit: whitespace and controls (browsers strip some of them
# before reading the scheme, so `java\tscript:` would otherwise slip through).
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`\\]")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
SAFE_SCHEMES = ("http", "https", "mailto")


def doi_url(doi: str) -> str | None:
    """`10.1177/...` or `doi:10.1177/...` as an https://doi.org/ link, or None if it is not a DOI."""
    text = doi.strip()
    if text.lower().startswith("doi:"):
        text = text[4:].strip()
    if not _DOI.match(text):
        return None
    return "https://doi.org/" + quote(text, safe="/:;()._-")


def safe_url(url: str | None) -> str | None:
    """The URL to link to if it is a safe absolute http(s), mailto or doi link; otherwise None (show it as text).

    Refused: `javascript:`, `data:`, `file:`, `vbscript:`, relative and scheme-relative links (`//host`), and
    anything with whitespace, quotes or control characters in it.
    """
    if not url:
        return None
    text = url.strip()
    if text.lower().startswith("doi:"):
        return doi_url(text)
    if _UNSAFE_CHARS.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return text
