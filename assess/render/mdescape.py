"""Escaping user text for Markdown: no HTML, no links or images, no accidental formatting."""

from __future__ import annotations

import re

from markupsafe import Markup

# Characters that start inline Markdown syntax: links and images ([ ] !), emphasis (* _ ~), code (`),
# table cells (|), escapes (\) and heading closers (#). `<` `>` `&` become entities after this.
_MD_INLINE = re.compile(r"([\\`*_\[\]!|~#])")
# At the start of a value a few more characters would start a block: a list, a numbered list, a quote.
_MD_BLOCK_START = re.compile(r"^([+\-=])(?=\s|$)")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
# Only the three characters that can open HTML; quotes need no escaping in Markdown text (and user text is never
# put inside an attribute: anchors use validated ids).
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def md_escape(value: object) -> Markup:
    """Escape `value` so that a Markdown renderer (GitHub, GitLab, CommonMark) shows it literally.

    HTML characters become entities (`<` → `&lt;`: no tag or attribute can start) and the punctuation that
    forms links, images, emphasis, code and tables gets a backslash, so `[x](javascript:alert(1))` stays plain
    text. Newlines become spaces, so table cells and list items stay on one line. Markup (our own, already
    escaped) passes through unchanged.
    """
    if isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_BLOCK_START.sub(r"\\\1", text)
    text = _MD_NUMBERED.sub(r"\1\\\2", text)
    # HTML escaping last, so the entities' own `#` and `;` are not touched by the Markdown escapes.
    return Markup(text.translate(_HTML))
