"""`assess compare`: slices give one column per date, two cases give a self-contained HTML page; the headline,
overall and fundamental rows come first in every format, named, with rated criteria compared on their intervals."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from assess.many.compare import Cell, _with_changes, build_comparison, separated
from assess.loading import open_case
from assess.pipeline import assess_file
from many_helpers import COUNCIL, RUSSIA, TEACHING, copy_cases

SLICES = "1994-12-31,2008-12-31,2020-12-31"


def test_slices_give_three_columns(cli):
    result = cli("compare", str(RUSSIA), "--slices", SLICES, "--format", "json", "--draws", "50")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mode"] == "slices"
    assert [c["label"] for c in data["columns"]] == SLICES.split(",")
    assert [c["as_of"] for c in data["columns"]] == SLICES.split(",")
    rubric = open_case(RUSSIA).rubric
    assert [r["criterion"] for r in data["rows"]] == rubric.criterion_ids()
    assert all(len(r["cells"]) == 3 for r in data["rows"]) and len(data["overall"]) == 3
    # Evidence only accumulates over time, so a later slice never has fewer criteria with enough of it.
    scored = [sum(r["cells"][i]["score"] is not None for r in data["rows"]) for i in range(3)]
    assert scored == sorted(scored) and scored[0] < scored[2]


def test_two_cases_write_html(cli, tmp_path):
    out = tmp_path / "x.html"
    result = cli("compare", str(TEACHING), str(COUNCIL), "-o", str(out), "--draws", "50")
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Kestria (fictional)" in html and "Maren Council (fictional)" in html
    assert '<meta http-equiv="Content-Security-Policy"' in html
    assert "<svg" in html and "<circle" in html
    assert "Fictional case included" in html
    # Self-contained: no scripts, no external resources.
    assert "<script" not in html and "<link" not in html and not re.search(r"(src|href)=", html)


def test_html_escapes_case_text(cli, tmp_path):
    folder = copy_cases(tmp_path)
    hostile = folder / "hostile.yaml"
    text = COUNCIL.read_text(encoding="utf-8").replace(
        "name: Maren Council (fictional)", 'name: "<script>alert(1)</script> Council"', 1)
    hostile.write_text(text, encoding="utf-8")
    out = tmp_path / "h.html"
    result = cli("compare", str(folder / "teaching_fictional.yaml"), str(hostile), "-o", str(out), "--draws", "20")
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_table_and_markdown(cli):
    table = cli("compare", str(TEACHING), str(COUNCIL), "--draws", "20")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["Kestria", "(fictional)", "Maren", "Council", "(fictional)"]
    assert "OVERALL" in table.stdout and "Balanced process" in table.stdout and "balance " not in table.stdout
    md = cli("compare", str(TEACHING), str(COUNCIL), "--format", "md", "--draws", "20")
    assert md.exit_code == 0
    assert ("| | Kestria (fictional) \u2014 Tarn Valley dispute (fictional) | Maren Council (fictional) \u2014 Tarn "
            "Valley dispute (fictional) |") in md.stdout
    assert "**fictional**" in md.stdout


def test_same_inputs_same_bytes(cli):
    args = ("compare", str(TEACHING), str(COUNCIL), "--format", "json", "--draws", "30")
    assert cli(*args).stdout == cli(*args).stdout


def test_intervals_decide_what_is_highlighted():
    a = Cell(score=30, low=20, high=40, status="scored")
    b = Cell(score=70, low=60, high=80, status="scored")
    c = Cell(score=45, low=35, high=55, status="scored")
    none = Cell(score=None, status="insufficient")
    assert separated(a, b) and not separated(a, c) and not separated(a, none)
    assert [x.change for x in _with_changes([a, b, c, none])] == [None, "up", "down", None]


def test_usage_errors(cli, tmp_path):
    assert cli("compare", str(TEACHING)).exit_code == 2
    assert cli("compare", str(TEACHING), str(COUNCIL), "--slices", SLICES).exit_code == 2
    bad = cli("compare", str(RUSSIA), "--slices", "1994-12-31,1994-13-01")
    assert bad.exit_code == 2 and "1994-13-01" in bad.stderr
    unknown = cli("compare", str(TEACHING), str(COUNCIL), "-o", str(tmp_path / "x.pdf"))
    assert unknown.exit_code == 4 and "x.pdf" in unknown.stderr


def test_invalid_cases_are_all_reported(cli, tmp_path):
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("meta: [\n", encoding="utf-8")
    shutil.copy(TEACHING, two)  # its source texts are missing here, so it is invalid too
    result = cli("compare", str(one), str(two))
    assert result.exit_code == 3
    assert f"{one}:" in result.stderr and f"{two}:" in result.stderr


LATE = RUSSIA.parent.parent / "tests" / "data" / "valid" / "late_mediation_case.yaml"


def test_slices_before_the_mediation_have_no_verdict(cli):
    result = cli("compare", str(LATE), "--slices", "1988,2000", "--format", "json", "--draws", "0")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    early, late = data["columns"]
    assert early["before_mediation"] and early["verdict"] == "Before the mediation"
    assert early["mediation_start"] == "1999-01-01" and not late["before_mediation"]
    assert data["overall"][0] == {**data["overall"][0], "score": None, "status": "before_mediation"}
    assert all(row["cells"][0]["status"] == "before_mediation" for row in data["rows"])
    assert data["overall"][1]["score"] is not None
    assert early["undated_evidence"] == 1 and early["undated_weight_share"] > 0


def test_slices_table_says_before_and_names_the_undated_evidence(cli):
    table = cli("compare", str(LATE), "--slices", "1988,2000", "--draws", "0").stdout
    overall = next(line for line in table.splitlines() if line.startswith("OVERALL"))
    assert overall.split()[1] == "before"
    verdicts = next(line for line in table.splitlines() if line.startswith("  verdict"))
    assert "Before the mediation" in verdicts and "Meets" not in verdicts.split("Before the mediation")[0]
    assert "The mediation starts on 1999-01-01" in table and "(1988-12-31)" in table
    assert "Undated evidence (1 item," in table
    md = cli("compare", str(LATE), "--slices", "1988,2000", "--format", "md", "--draws", "0").stdout
    assert "| before |" in md and "Undated evidence" in md


def test_window_slices_score_only_each_window(cli):
    cumulative = json.loads(cli("compare", str(RUSSIA), "--slices", "1994,2008", "--format", "json",
                                "--draws", "0").stdout)
    windows = json.loads(cli("compare", str(RUSSIA), "--slices", "1994,2008", "--window", "1y", "--format", "json",
                             "--draws", "0").stdout)
    assert [c["label"] for c in windows["columns"]] == ["1994-01-01/1994-12-31", "2008-01-01/2008-12-31"]
    assert [c["window_start"] for c in windows["columns"]] == ["1994-01-01", "2008-01-01"]
    assert windows["overall"][1]["score"] != cumulative["overall"][1]["score"]
    html = cli("compare", str(RUSSIA), "--slices", "1994,2008", "--window", "1y", "--format", "html", "--draws", "0")
    assert "over the windows" in html.stdout and "only the evidence within its window" in html.stdout


@pytest.mark.parametrize(("args", "says"), [
    (("--slices", "1994,2008", "--window", "often"), "'often' is not a window length"),
    (("--slices", "1994,2008", "--window", "0m"), "'0m' is out of range"),
    (("--window", "1y"), "--window needs --slices"),
])
def test_bad_window_options_are_usage_errors(cli, args, says):
    result = cli("compare", str(RUSSIA), *args)
    assert result.exit_code == 2 and says in result.stderr
