"""`assess compare` leads with the headline, the overall result and the fundamentals, named in every format;
rated criteria are compared on their pooled intervals; the HTML page is styled and accessible; `--reports` links."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from assess.many.compare import build_comparison, column_names
from assess.pipeline import assess_file
from many_helpers import COUNCIL, RUSSIA, TEACHING

PAIR = (str(TEACHING), str(COUNCIL))


@pytest.fixture(scope="module")
def pair():
    """The two teaching cases, assessed once for the tests that build comparisons in Python."""
    return [assess_file(path, draws=0)[0] for path in PAIR]


def _json(cli, *args: str) -> dict:
    result = cli("compare", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


class _Visible(HTMLParser):
    """The text a reader sees: no tags, attributes, styles or the SVG's markup."""

    def __init__(self) -> None:
        super().__init__()
        self.text, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag == "style"

    def handle_endtag(self, tag):
        self._skip -= tag == "style"

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.text)


def test_json_leads_with_headline_overall_and_fundamentals(cli, pair):
    data = _json(cli, *PAIR)
    headline = data["headline"]
    assert headline["fundamental"] == "impartiality" and headline["title"] == "Impartiality"
    for cell, a in zip(headline["cells"], pair):
        assert (cell["score"], cell["low"], cell["high"]) == (a.headline.score, a.headline.low, a.headline.high)
        assert cell["label"] == a.headline.verdict and cell["likelihood"] == a.headline.likelihood
        assert cell["probability"] == a.headline.probability and cell["confidence"] == a.headline.confidence.level
    for cell, a in zip(data["overall"], pair):
        assert cell["label"] == a.overall.verdict and cell["capped"] == a.overall.capped
    assert [f["fundamental"] for f in data["fundamentals"]] == [f.id for f in pair[0].fundamentals]
    assert [f["title"] for f in data["fundamentals"]] == [f.title for f in pair[0].fundamentals]
    provisional = [f.provisional for f in pair[1].fundamentals]
    assert [f["cells"][1]["provisional"] for f in data["fundamentals"]] == provisional and any(provisional)
    # Ids stay in JSON beside the names.
    assert [c["case_id"] for c in data["columns"]] == [a.case.meta.id for a in pair]
    assert [c["label"] for c in data["columns"]] == column_names(pair)


def test_table_and_markdown_order_headline_overall_fundamentals_criteria(cli):
    table = cli("compare", *PAIR).stdout
    lines = table.splitlines()
    body = lines[next(i for i, line in enumerate(lines) if line.startswith("---")) + 1:]
    labels = [re.split(r"\s{2,}", line.strip())[0] for line in body if line and not line.startswith(" " * 6)]
    assert labels[:5] == ["IMPARTIALITY (HEADLINE)", "verdict", "likelihood (ICD 203)", "confidence", "OVERALL"]
    assert labels.index("PREPAREDNESS") < labels.index("Committed resources and expertise") < labels.index("CONSENT")
    assert "likely (76%)" in table and "likely (75%)" in table and "provisional" in table
    md = cli("compare", *PAIR, "--format", "md").stdout
    rows = [line.split(" | ")[0].lstrip("| ") for line in md.splitlines() if line.startswith("| **")]
    assert rows[:3] == ["**Impartiality (headline)**", "**Overall**", "**Preparedness**"]
    assert "**Impartiality**" in rows and "| likelihood (ICD 203) | likely (76%) | likely (75%) |" in md


def test_rated_criteria_keep_their_pooled_interval_and_say_rated(cli):
    data = _json(cli, *PAIR)
    rated = [cell for row in data["rows"] for cell in row["cells"] if cell["status"] == "rated"]
    assert len(rated) >= 5 and all(cell["high"] - cell["low"] > 5 for cell in rated)
    balance = next(d for d in data["differences"] if d["id"] == "balance")
    assert balance["rated"] and balance["kind"] == "criterion"
    assert "Balanced process, perceived as balanced (criterion, rated):" in cli("compare", *PAIR).stdout


def _with_balance(a, **update):
    criteria = [c.model_copy(update=update) if c.id == "balance" else c for c in a.criteria]
    return a.model_copy(update={"criteria": criteria})


def test_a_rated_criterion_is_not_flagged_as_an_artefact(pair):
    teaching = pair[0]
    balance = next(c for c in teaching.criteria if c.id == "balance")
    assert balance.status == "rated" and balance.high - balance.low > 10
    # A rating alone would say 60 against 42: a point would differ "beyond the intervals". Pooled with the
    # evidence it keeps an interval that overlaps, so nothing is flagged.
    overlapping = _with_balance(teaching, score=60.0, low=balance.high - 5, high=balance.high + 25)
    # An interval of zero width (a bare rating as a point) is never used: the posterior's aggregate interval is.
    point = _with_balance(teaching, score=80.0, low=80.0, high=80.0, aggregate_low=45.0, aggregate_high=95.0)
    # With no interval at all the cell is not compared, rather than treated as certain.
    bare = _with_balance(teaching, score=90.0, low=90.0, high=90.0, aggregate_low=None, aggregate_high=None)
    comparison = build_comparison([("A", teaching), ("B", overlapping), ("C", point), ("D", bare)], "cases")
    cells = next(r for r in comparison.rows if r.criterion == "balance").cells
    assert [c.status for c in cells] == ["rated"] * 4
    assert (cells[2].low, cells[2].high) == (45.0, 95.0) and cells[3].low is None
    assert [c.change for c in cells] == [None, None, None, None]
    assert not [d for d in comparison.differences if d.id == "balance"]


def test_html_is_styled_accessible_and_shows_names_not_ids(cli, tmp_path, pair):
    out = tmp_path / "c.html"
    assert cli("compare", *PAIR, "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "--accent:" in html and ".masthead" in html and '<body class="compare">' in html  # the report's CSS
    assert re.search(r"<caption id=\"cmp-caption\">Impartiality \(the headline\)", html)
    assert html.count('<th scope="col">') == 3 and '<th scope="row">Overall</th>' in html
    assert '<tr class="headline"><th scope="row">Impartiality' in html and "Likelihood (ICD 203)" in html
    assert 'role="region" aria-labelledby="cmp-caption" tabindex="0"' in html  # the table scrolls in its box
    visible = _visible(html)
    assert "Kestria (fictional)" in visible and "Tarn Valley dispute (fictional)" in visible
    assert "Balanced process, perceived as balanced" in visible and "Preparedness" in visible
    ids = {c.id for a in pair for c in a.criteria} | {f.id for a in pair for f in a.fundamentals}
    ids |= {a.case.meta.id for a in pair} | {flag.id for a in pair for flag in a.flags}
    shown = [i for i in ids if re.search(rf"(?<![\w/.]){re.escape(i)}(?![\w.])", visible)]
    # Words that are both an id and a title (`consent`, `impartiality`) are fine as titles; ids with `_` never show.
    assert not [i for i in shown if "_" in i], shown
    assert "#0072B2" in html and "#D55E00" in html and "<circle" in html and "<rect" in html  # Okabe-Ito, markers


def test_reports_are_written_and_linked(cli, tmp_path):
    out, folder = tmp_path / "out" / "c.html", tmp_path / "out" / "reports"
    out.parent.mkdir()
    result = cli("compare", *PAIR, "-o", str(out), "--reports", str(folder))
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">', html)
    assert links == ["reports/teaching_fictional.html", "reports/teaching_fictional_council.html"]
    for link in links:
        report = (out.parent / unquote(link)).read_text(encoding="utf-8")
        assert report.startswith("<!DOCTYPE html>") and "Tarn Valley" in report
    md = cli("compare", *PAIR, "--format", "md", "--reports", str(folder)).stdout
    assert f"]({Path(os.path.relpath(folder)).as_posix()}/teaching_fictional.html)" in md  # from the current folder
    data = json.loads(cli("compare", *PAIR, "--format", "json", "--reports", str(folder)).stdout)
    assert all(c["report"].endswith(".html") for c in data["columns"])
    assert "<a href" not in cli("compare", *PAIR, "--format", "html").stdout


def test_slice_reports_are_named_by_their_dates(cli, tmp_path):
    result = cli("compare", str(RUSSIA), "--slices", "1994,2008", "--window", "1y", "-o", str(tmp_path / "s.html"),
                 "--reports", str(tmp_path / "r"))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "r").iterdir())
    assert names == ["russia_nk-1994-01-01-to-1994-12-31.html", "russia_nk-2008-01-01-to-2008-12-31.html"]


def test_bad_reports_folder_is_one_located_line(cli, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    as_file = cli("compare", *PAIR, "--reports", str(blocker))
    assert as_file.exit_code == 2 and "file.txt" in as_file.stderr
    under_file = cli("compare", *PAIR, "--reports", str(blocker / "reports"))
    assert under_file.exit_code == 4
    assert under_file.stderr.strip().splitlines() == [
        f"{blocker / 'reports'}: error: cannot create the reports folder: Not a directory"]


def test_draws_default_to_zero(cli, monkeypatch):
    import assess.pipeline

    seen = []
    real = assess.pipeline.assess_file
    monkeypatch.setattr(assess.pipeline, "assess_file", lambda *a, **k: seen.append(k["draws"]) or real(*a, **k))
    default = cli("compare", *PAIR)
    assert default.exit_code == 0 and seen == [0, 0]
    assert "posterior draws alone" in default.stdout
    assert "posterior draws alone" not in cli("compare", *PAIR, "--draws", "32").stdout
    assert "0 (the default) skips it" in " ".join(cli("compare", "--help").stdout.split())
