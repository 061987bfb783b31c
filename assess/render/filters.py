"""Jinja filters shared by the HTML and Markdown reports: numbers, Admiralty grades, safe links."""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup, escape

from assess.models.base import CREDIBILITY_LABELS, RELIABILITY_LABELS
from assess.render.links import safe_url
from assess.render.mdescape import md_escape

DASH = "\u2014"


def score(value: float | None) -> str:
    """A 0-100 score as a whole number, or a dash when there is none."""
    return DASH if value is None else f"{value:.0f}"


def number(value: float | None, digits: int = 2) -> str:
    """A number with fixed decimals (stable text for golden files), or a dash."""
    return DASH if value is None else f"{value:.{digits}f}"


def signed(value: float | None, digits: int = 2) -> str:
    """A signed number: +0.40, \u22120.25 (a real minus sign), or a dash."""
    if value is None:
        return DASH
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


LEAN_WORDS = {"toward": "leans toward", "against": "leans against"}
NO_CLEAR_LEAN = "no clear lean"
LEAN_NOTE = (
    "A tilt leans toward or against a party only when its whole 90% interval lies on one side of 0; an interval "
    "that spans 0 is no clear lean."
)


def lean_words(lean: str, party: str = "") -> str:
    """The one wording of a lean, shared by every report: `leans toward Armenia`, `leans against Azerbaijan`, or
    `no clear lean` (the 90% interval spans 0; docs/method.md §6)."""
    words = LEAN_WORDS.get(lean)
    if words is None:
        return NO_CLEAR_LEAN
    return f"{words} {party}".rstrip()


def tilt_range(value: object) -> str:
    """A tilt's median and 90% interval, `+0.70 (+0.30 to +0.92)`, from anything with `tilt`, `low`, `high`."""
    return f"{signed(value.tilt)} ({signed(value.low)} to {signed(value.high)})"  # type: ignore[attr-defined]


def percent(value: float | None) -> str:
    """A share 0-1 as a whole percentage."""
    return DASH if value is None else f"{value * 100:.0f}%"


def probability(value: float | None) -> str:
    """A probability as a percentage that never rounds onto an ICD 203 boundary (0.803 -> '80.3%')."""
    from assess.scoring.verdict import probability_percent

    return DASH if value is None else probability_percent(value)


def reliability_meaning(letter: str) -> str:
    """What an Admiralty source-reliability letter means."""
    return RELIABILITY_LABELS.get(letter, "unknown grade")


def credibility_meaning(grade: int) -> str:
    """What an Admiralty information-credibility number means."""
    return CREDIBILITY_LABELS.get(grade, "unknown grade")


def humanize(value: str) -> str:
    """`official_position` -> `official position`."""
    return str(value).replace("_", " ")


def html_link(url: str | None, text: object = None) -> Markup:
    """An <a> to `url` if it is a safe http(s)/mailto/doi link; otherwise the text (or URL) as plain escaped text."""
    label = url if text is None else text
    target = safe_url(url)
    if target is None:
        return Markup('<span class="unlinked">{}</span>').format(label or "")
    return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(target, label)


def md_link(url: str | None, text: object = None) -> Markup:
    """A Markdown link to `url` if it is safe; otherwise the escaped text. The URL's brackets are encoded."""
    label = md_escape(url if text is None else text)
    target = safe_url(url)
    if target is None:
        return label
    # Encoding keeps the URL inside the (...) of the link and out of HTML: no space, bracket, quote or angle.
    encoded = quote(target, safe="/:?#@!$&*+,;=%._~-")
    return Markup("[{}]({})").format(label, Markup(escape(encoded)))


def sentence(value: object) -> str:
    """Text ending in exactly one full stop (no `..` after a note that already ends with one)."""
    text = str(value).rstrip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."


_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")


def anchor_id(value: str) -> Markup:
    """An anchor id as-is (ids are validated by the models: letters, digits, `_ . -`), refused otherwise."""
    text = str(value)
    if not _SAFE_ID.match(text):
        raise ValueError(f"not a safe anchor id: {text[:40]!r}")
    return Markup(text)


def bearing(value: object) -> str:
    """A `bears_on` value in words: `supports (2)`, `undermines (3)`, or `indicates level 4` for an explicit level."""
    if isinstance(value, int):
        return f"{'supports' if value > 0 else 'undermines'} ({abs(value)})"
    level = getattr(value, "level", None)
    return f"indicates level {level:g}" if level is not None else str(value)


def parties(value: object) -> str:
    """A `favours` value as space-separated ids (`-` for none), for data attributes."""
    if not value:
        return "-"
    return value if isinstance(value, str) else " ".join(map(str, value))  # type: ignore[arg-type]


def likely_lead(words: object) -> str:
    """The opening of an ICD 203 sentence ("It is likely", "There is a roughly even chance"), before "that ..."."""
    from assess.scoring.verdict import likelihood_lead

    return likelihood_lead(str(words))


def first_words(value: object, count: int = 6) -> str:
    """The first `count` words of a title, with an ellipsis when cut: short names in long lists."""
    words = str(value).split()
    return " ".join(words) if len(words) <= count else " ".join(words[:count]).rstrip(",;:.") + "…"


FILTERS = {
    "first_words": first_words,
    "likely_lead": likely_lead,
    "bearing": bearing,
    "parties": parties,
    "id": anchor_id,
    "sentence": sentence,
    "score": score,
    "number": number,
    "signed": signed,
    "lean_words": lean_words,
    "tilt_range": tilt_range,
    "percent": percent,
    "probability": probability,
    "reliability_meaning": reliability_meaning,
    "credibility_meaning": credibility_meaning,
    "humanize": humanize,
    "link": html_link,
    "md_link": md_link,
}
