"""The one reference style every report uses: a small author-date style of our own (see docs/authoring.md).

    Authors (Year). Title. Container. Publisher. https://doi.org/DOI or URL.

Authors are shown as written in the source (`Family, Given` for persons from a bibliography; institutions such as
"United Nations Department of Political Affairs" whole, never split). Two authors are joined with "&", more with
"; " and a final "&". Without authors the title leads; without a year "n.d." is shown. Only http(s) links appear.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markupsafe import Markup

    from assess.models.case import Source

_SAFE_LINK = re.compile(r"^https?://", re.I)


def _sentence(text: str) -> str:
    """End a part with a full stop unless it already ends in punctuation."""
    text = text.strip()
    return text if text[-1:] in ".?!" else text + "."


def _authors(names: list[str]) -> str:
    names = [n.strip() for n in names if n and n.strip()]
    if len(names) <= 1:
        return "".join(names)
    return "; ".join(names[:-1]) + " & " + names[-1]


def _year(source: Source) -> str:
    if source.year:
        return str(source.year)
    if source.date:
        return source.date[:4]
    return "n.d."


def reference_link(source: Source) -> str | None:
    """The reference's link: the DOI as a doi.org URL, else an http(s) URL; never another scheme."""
    if source.doi:
        return "https://doi.org/" + source.doi.strip()
    if source.url and _SAFE_LINK.match(source.url.strip()):
        return source.url.strip()
    return None


def reference_parts(source: Source) -> list[tuple[str, str]]:
    """The reference as labelled parts in order: authors, year, title, container, publisher, link."""
    parts: list[tuple[str, str]] = []
    authors = _authors(source.authors)
    if authors:
        parts.append(("authors", authors))
    parts.append(("year", _year(source)))
    parts.append(("title", source.title.strip()))
    for name in ("container", "publisher"):
        value = getattr(source, name)
        if value and value.strip():
            parts.append((name, value.strip()))
    link = reference_link(source)
    if link:
        parts.append(("link", link))
    return parts


def format_reference(source: Source) -> str:
    """The reference as one line of plain text in the documented style."""
    parts = dict(reference_parts(source))
    head = f"{parts['authors']} ({parts['year']})." if "authors" in parts else None
    pieces = [head] if head else []
    pieces.append(_sentence(parts["title"]))
    if not head:
        pieces.append(f"({parts['year']}).")
    pieces += [_sentence(parts[name]) for name in ("container", "publisher") if name in parts]
    if "link" in parts:
        pieces.append(parts["link"])
    return " ".join(pieces)


def format_reference_html(source: Source) -> Markup:
    """The same reference as safe HTML: escaped text, the title in <cite>, the link as an <a>."""
    from markupsafe import Markup, escape

    parts = dict(reference_parts(source))
    head = Markup("{} ({}).").format(parts["authors"], parts["year"]) if "authors" in parts else None
    pieces = [head] if head else []
    pieces.append(Markup("<cite>{}</cite>").format(_sentence(parts["title"])))
    if not head:
        pieces.append(Markup("({}).").format(parts["year"]))
    pieces += [escape(_sentence(parts[name])) for name in ("container", "publisher") if name in parts]
    if "link" in parts:
        pieces.append(Markup('<a href="{0}">{0}</a>').format(parts["link"]))
    return Markup(" ").join(pieces)


def register_filters(env: object) -> None:
    """Add the `reference` (plain text) and `reference_html` (safe HTML) filters to a Jinja environment."""
    env.filters["reference"] = format_reference  # type: ignore[attr-defined]
    env.filters["reference_html"] = format_reference_html  # type: ignore[attr-defined]
