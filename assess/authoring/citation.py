"""The one reference style every report uses: a small author-date style of our own (see docs/authoring.md).

    Authors (Year). Title. Container. Publisher. https://doi.org/DOI or URL.

Authors are shown as written in the source (`Family, Given` for persons from a bibliography; institutions such as
"United Nations Department of Political Affairs" whole, never split). Two authors are joined with "&", more with
"; " and a final "&". Without authors the title leads; without a year "n.d." is shown. Only http(s) links appear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markupsafe import Markup

    from assess.models.case import Source



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


def reference_links(source: Source) -> list[str]:
    """The reference's links as written: `doi:DOI` first, then the URL. Renderers decide what may be a link."""
    links = []
    if source.doi and source.doi.strip():
        links.append("doi:" + source.doi.strip())
    if source.url and source.url.strip():
        links.append(source.url.strip())
    return links


def reference_link(source: Source) -> str | None:
    """The reference's main safe link (the DOI as a doi.org URL if any), or None."""
    from assess.render.links import safe_url

    return next((u for u in map(safe_url, reference_links(source)) if u), None)


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
    parts += [("link", link) for link in reference_links(source)]
    return parts


def format_reference(source: Source) -> str:
    """The reference as one line of plain text in the documented style."""
    links = [v for k, v in reference_parts(source) if k == "link"]
    parts = dict(reference_parts(source))
    head = f"{parts['authors']} ({parts['year']})." if "authors" in parts else None
    pieces = [head] if head else []
    pieces.append(_sentence(parts["title"]))
    if not head:
        pieces.append(f"({parts['year']}).")
    pieces += [_sentence(parts[name]) for name in ("container", "publisher") if name in parts]
    from assess.render.links import safe_url

    pieces += [safe_url(link) or link for link in links]
    return " ".join(pieces)


def format_reference_html(source: Source) -> Markup:
    """The same reference as safe HTML: escaped text, the title in <cite>, the link as an <a>."""
    from markupsafe import Markup, escape

    links = [v for k, v in reference_parts(source) if k == "link"]
    parts = dict(reference_parts(source))
    head = Markup("{} ({}).").format(parts["authors"], parts["year"]) if "authors" in parts else None
    pieces = [head] if head else []
    pieces.append(Markup("<cite>{}</cite>").format(_sentence(parts["title"])))
    if not head:
        pieces.append(Markup("({}).").format(parts["year"]))
    pieces += [escape(_sentence(parts[name])) for name in ("container", "publisher") if name in parts]
    from assess.render.filters import html_link
    from assess.render.links import safe_url

    # Only http(s), mailto and DOI become links; anything else stays visible as plain text.
    pieces += [html_link(link, safe_url(link) or link) for link in links]
    return Markup(" ").join(pieces)


def format_reference_md(source: Source) -> Markup:
    """The same reference as safe Markdown: user text escaped for Markdown, the title in italics, the link."""
    from markupsafe import Markup

    from assess.render.filters import md_link
    from assess.render.mdescape import md_escape

    links = [v for k, v in reference_parts(source) if k == "link"]
    parts = dict(reference_parts(source))
    head = Markup("{} ({}).").format(md_escape(parts["authors"]), parts["year"]) if "authors" in parts else None
    pieces = [head] if head else []
    pieces.append(Markup("*{}*").format(md_escape(_sentence(parts["title"]))))
    if not head:
        pieces.append(Markup("({}).").format(parts["year"]))
    pieces += [md_escape(_sentence(parts[name])) for name in ("container", "publisher") if name in parts]
    from assess.render.links import safe_url

    pieces += [md_link(link, safe_url(link) or link) for link in links]
    return Markup(" ").join(pieces)


def register_filters(env: object) -> None:
    """Add the `reference` (plain text), `reference_html` and `reference_md` (safe markup) filters to Jinja."""
    env.filters["reference"] = format_reference  # type: ignore[attr-defined]
    env.filters["reference_html"] = format_reference_html  # type: ignore[attr-defined]
    env.filters["reference_md"] = format_reference_md  # type: ignore[attr-defined]
