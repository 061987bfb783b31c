"""What the analyst wrote in Markdown (a case's description and notes), made safe for the HTML and Markdown reports.

The text is parsed once by markdown-it (CommonMark, raw HTML off, images off) and every link is checked by the
same rule as every other link from a case (`links.safe_url`): a `javascript:` or `file:` link is never parsed as
a link and stays visible as text. Headings are moved down so that the analyst's `#` never competes with the
report's own headings.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from assess.render.links import safe_url
from assess.render.mdescape import md_escape


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    # An image would make the reader's browser (or the PDF renderer) fetch something: the report loads nothing.
    parser.disable("image")
    parser.validateLink = lambda url: safe_url(url) is not None  # type: ignore[method-assign]
    return parser


_PARSER = _parser()


def _demoted(tokens: list[Token], top: int) -> list[Token]:
    """Headings start at level `top` (h4 under the report's h3), keeping their relative order."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) - 1 + top)}"
    return tokens


def _link_attributes(tokens: list[Token]) -> list[Token]:
    # Links leave the report for the open web: no referrer, no access to this window.
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("rel", "noopener noreferrer")
    return tokens


def prose_html(text: str | None, top_heading: int = 4) -> Markup:
    """The analyst's Markdown as HTML: the one piece of case text marked safe, because markdown-it (with raw
    HTML disabled) escapes everything it does not itself turn into markup, and only safe links survive."""
    if not text:
        return Markup("")
    tokens = _link_attributes(_demoted(_PARSER.parse(text), top_heading))
    return Markup(_PARSER.renderer.render(tokens, _PARSER.options, {}))


# Inline tokens re-emitted as Markdown: emphasis and strong keep their meaning, everything else is escaped text.
_INLINE_MARKS = {"strong_open": "**", "strong_close": "**", "em_open": "*", "em_close": "*"}


def _code_span(content: str) -> str:
    """A code span (literal in Markdown) whose fence is longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {content} " if content.startswith("`") or content.endswith("`") else content
    return f"{fence}{padded}{fence}"


def _encoded(url: str) -> str:
    # The same encoding as the md_link filter: nothing that could end the (...) or open HTML.
    return str(escape(quote(url, safe="/:?#@!$&*+,;=%._~-")))


def _escaped_text(content: str) -> str:
    # md_escape folds whitespace to single spaces and trims; the spaces at the edges separate this text from
    # the emphasis or link beside it, so they are put back.
    if not content.strip():
        return " " if content else ""
    lead = " " if content[0].isspace() else ""
    tail = " " if content[-1].isspace() else ""
    return f"{lead}{md_escape(content)}{tail}"


def _inline_markdown(token: Token) -> str:
    """One paragraph's inline content as escaped Markdown: emphasis, code and safe links kept."""
    out: list[str] = []
    targets: list[str] = []  # the target of each open link, for its closing bracket
    for child in token.children or []:
        if child.type == "text":
            out.append(_escaped_text(child.content))
        elif child.type in _INLINE_MARKS:
            out.append(_INLINE_MARKS[child.type])
        elif child.type == "code_inline":
            out.append(_code_span(child.content))
        elif child.type == "link_open":
            out.append("[")
            targets.append(str(child.attrGet("href") or ""))
        elif child.type == "link_close":
            out.append(f"]({_encoded(targets.pop())})")
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out).strip()


def prose_markdown(text: str | None, top_heading: int = 4) -> Markup:
    """The analyst's Markdown re-emitted as safe Markdown: paragraphs, lists, quotes, headings, emphasis, code and
    safe links keep their form; anything else (raw HTML, images, unsafe links) comes out escaped, as text."""
    if not text:
        return Markup("")
    blocks: list[str] = []
    indent: list[str] = []  # what each open list item or quote puts before its lines, innermost last
    counters: list[int] = []  # per open list: the next number, or 0 for a bullet list
    marker = ""  # a list item's bullet or number, or a heading's hashes, for the next block
    for token in _demoted(_PARSER.parse(text), top_heading):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            counters.append(int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
        elif kind == "list_item_open":
            bullet = f"{counters[-1]}. " if counters[-1] else "- "
            counters[-1] += 1 if counters[-1] else 0
            indent.append(" " * len(bullet))
            marker = "LIST:" + bullet
        elif kind in ("list_item_close", "blockquote_close"):
            indent.pop()
        elif kind == "blockquote_open":
            indent.append("> ")
        elif kind == "heading_open":
            marker = "#" * int(token.tag[1]) + " "
        elif kind == "inline":
            if marker.startswith("LIST:"):  # the item's first line carries its bullet instead of its indent
                blocks.append("".join(indent[:-1]) + marker[5:] + _inline_markdown(token))
            else:
                blocks.append("".join(indent) + marker + _inline_markdown(token))
            marker = ""
        elif kind in ("fence", "code_block"):
            blocks.append("\n".join(f"{''.join(indent)}    {line}" for line in token.content.rstrip("\n").split("\n")))
    return Markup("\n\n".join(blocks))
