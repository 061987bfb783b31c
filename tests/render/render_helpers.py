"""Shared helpers for the report tests: the Russia case scored reproducibly, a hostile case, HTML parsing."""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
ARTIFACTS = ROOT / "tests" / "artifacts"
EPOCH = "1700000000"  # 2023-11-14: the date every golden report carries

HOSTILE = {
    "script": "<script>alert('x')</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "onerror": "<b onerror=alert(2)>bold</b>",
    "mdlink": "[click me](javascript:alert(3))",
    "mdimage": "![pwn](file:///etc/passwd)",
}

HOSTILE_CASE = """\
meta:
  id: hostile
  title: "Hostile <script>alert('title')</script> case"
  assessors: ["<img src=x onerror=alert(9)>"]
  assessed: 2024-01-01
  rubric: un_guidance
  fictional: true
  description: "[click me](javascript:alert(3)) and <iframe src=file:///etc/passwd></iframe>"
mediator: {{name: "Mediator <svg onload=alert(4)>", kind: state}}
conflict:
  name: "Conflict ![pwn](file:///etc/passwd)"
  parties:
    - {{id: north, name: "North \\"><img src=x onerror=alert(1)>"}}
    - {{id: south, name: South}}
sources:
  - id: js
    kind: web
    title: {source_title}
    url: "javascript:alert(5)"
    reliability: B
  - id: local
    kind: web
    title: "Local file"
    url: "file:///etc/passwd"
    reliability: C
  - id: data
    kind: web
    title: "Data URI"
    url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
    reliability: C
  - id: good
    kind: academic
    title: "A real article"
    url: "https://example.org/article?a=1&b=2"
    doi: "10.1177/0022343307075124"
    reliability: A
evidence:
  - id: h01
    claim: {img}
    quote: {script}
    source: [js, good]
    kind: fact
    credibility: 2
    bears_on: {{balance: -2}}
    favours: north
    date: 2001
    note: {onerror}
  - id: h02
    claim: {md_claim}
    source: [{{id: local, locator: "p. <b>3</b>"}}, data]
    kind: allegation
    credibility: 3
    bears_on: {{balance: 1}}
    tags: ["<i>tag</i>"]
    date: 2002
""".format(
    # JSON strings are valid YAML double-quoted scalars: the hostile text reaches the model exactly as written.
    **{key: json.dumps(value) for key, value in HOSTILE.items()},
    source_title=json.dumps("Source " + HOSTILE["script"]),
    md_claim=json.dumps(HOSTILE["mdlink"] + " " + HOSTILE["mdimage"]),
)


@contextmanager
def environment(**values: str):
    """Set environment variables for a block (session fixtures cannot use monkeypatch)."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def working_directory(path: Path):
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@lru_cache(maxsize=1)
def russia_assessment():
    """The shipped Russia case, scored as `assess score cases/russia_nk.yaml` from the repository root would."""
    from assess.pipeline import assess_file

    with environment(SOURCE_DATE_EPOCH=EPOCH), working_directory(ROOT):
        return assess_file("cases/russia_nk.yaml")[0]


@lru_cache(maxsize=None)
def russia_report(fmt: str) -> str | bytes:
    """The Russia case rendered once per test session in `fmt` (with SOURCE_DATE_EPOCH set)."""
    from assess.render import render

    with environment(SOURCE_DATE_EPOCH=EPOCH):
        return render(russia_assessment(), fmt)


def hostile_assessment(tmp_path: Path):
    """A case whose every text field tries to inject markup, links or fetches, scored by the real pipeline."""
    from assess.pipeline import assess_file

    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_CASE, encoding="utf-8")
    with environment(SOURCE_DATE_EPOCH=EPOCH):
        return assess_file(path)[0]


class Collector(HTMLParser):
    """Every id, every href/src, headings in order, and tags with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.tags.append((tag, found))
        if "id" in found:
            self.ids.append(found["id"] or "")
        if "href" in found:
            self.hrefs.append(found["href"] or "")
        if "src" in found:
            self.srcs.append(found["src"] or "")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    handle_startendtag = handle_starttag


def parse_html(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector
