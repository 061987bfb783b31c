"""`assess score` on the shipped Russia case: table, JSON fields and bounds, tilt, flags, as-of, the gate."""

from __future__ import annotations

import json
import re

import pytest

from assess.models.case import Case
from assess.pipeline import assess_file
from conftest import RUSSIA, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1780000000"}  # a fixed date, so two runs cannot straddle midnight


@pytest.fixture(scope="module")
def result() -> dict:
    run = run_cli("score", str(RUSSIA), "--format", "json", env=EPOCH)
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def case() -> Case:
    return Case.model_validate(json.loads(run_cli("score", str(RUSSIA), "--format", "json").stdout)["case"])


def test_table_prints_and_exits_0():
    run = run_cli("score", str(RUSSIA))
    assert run.exit_code == 0, run.stderr
    data = json.loads(run_cli("score", str(RUSSIA), "--format", "json").stdout)
    for text in ("Overall", data["overall"]["verdict"], "Armenia", "Azerbaijan", "Red flags", "Coverage",
                 "Sensitivity", "seed 12345", data["criteria"][0]["title"]):
        assert text in run.stdout
    assert "\x1b[" not in run.stdout  # not a terminal: no escape codes


def test_table_colours_only_without_no_color():
    coloured = run_cli("score", str(RUSSIA), env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    plain = run_cli("score", str(RUSSIA), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    foreground = re.compile(r"\x1b\[[0-9;]*3[0-7]m")
    assert foreground.search(coloured.stdout)
    assert not foreground.search(plain.stdout)


def test_json_has_the_documented_fields_within_bounds(result):
    overall = result["overall"]
    assert {"score", "low", "high", "verdict"} <= overall.keys()
    assert 0 <= overall["low"] <= overall["score"] <= overall["high"] <= 100
    assert len(result["criteria"]) >= 12
    for criterion in result["criteria"]:
        assert {"id", "score", "low", "high", "status", "evidence"} <= criterion.keys()
        if criterion["score"] is not None:
            assert 0 <= criterion["low"] <= criterion["score"] <= criterion["high"] <= 100
    assert {"id", "name", "tilt"} <= result["parties"][0].keys()
    sensitivity = result["sensitivity"]
    assert {"low", "high", "verdict_stable", "distributions", "leave_one_source_out", "leave_one_event_out",
            "decisive_sources", "decisive_events", "assumptions"} <= sensitivity.keys()
    assert sensitivity["draws"] >= 1000 and sensitivity["distributions"][0]["target"] == "overall"
    for d in sensitivity["distributions"]:
        assert abs(sum(d["bands"].values()) - 1.0) < 0.01 and d["median_mc_error"] is not None
        assert {x["assumption"] for x in d["sobol"]} == {a["id"] for a in sensitivity["assumptions"]}
    assert result["coverage"]["criteria_total"] == len(result["criteria"])
    assert isinstance(result["flags"], list)
    assert result["rubric"]["id"] == "un_guidance" and result["rubric"]["version"]
    assert re.fullmatch(r"[0-9a-f]{64}", result["case_sha256"])
    assert result["generated"] == "2026-05-28"  # from SOURCE_DATE_EPOCH


def test_every_cited_evidence_id_is_in_the_case(result, case):
    ids = {e.id for e in case.evidence}
    cited = {e for c in result["criteria"] for e in c["evidence"]}
    cited |= {e for p in result["parties"] for e in p["evidence"]}
    cited |= {e for f in result["flags"] for e in f["evidence"]}
    cited |= {e for x in result["sensitivity"]["leave_one_source_out"] for e in x["items"]}
    cited |= {e for x in result["sensitivity"]["leave_one_event_out"] for e in x["items"]}
    assert cited and cited <= ids


def test_json_is_byte_identical_across_runs(result):
    first = run_cli("score", str(RUSSIA), "--format", "json", env=EPOCH).stdout
    second = run_cli("score", str(RUSSIA), "--format", "json", env=EPOCH).stdout
    assert first == second
    assert json.loads(first) == result


def test_the_russia_case_shows_its_ties_and_its_conduct_pulling_apart(result):
    # Over 1990-2023 the ties lean toward Armenia and the guarantor years' conduct toward Azerbaijan; together no clear
    # lean (tests/validity/test_known_groups.py records this as a disagreement with the scholarship).
    tilt = {p["id"]: p for p in result["parties"]}
    assert tilt["armenia"]["tilt"] > tilt["azerbaijan"]["tilt"]
    assert tilt["armenia"]["structural_tilt"] > 0 > tilt["azerbaijan"]["structural_tilt"]
    assert tilt["armenia"]["conduct_tilt"] < 0 < tilt["azerbaijan"]["conduct_tilt"]
    assert (tilt["armenia"]["lean"], tilt["azerbaijan"]["lean"]) == ("none", "none")
    assert tilt["armenia"]["low"] < 0 < tilt["armenia"]["high"]  # the 90% interval spans zero: no clear lean
    assert "balance_index" not in result and result["schema_version"] == "3"


def test_structural_ties_are_flagged_and_reported_apart(result, case):
    kinds = {e.id: e.kind for e in case.evidence}
    structural_flags = [f for f in result["flags"] if all(kinds[e] == "structural_tie" for e in f["evidence"])]
    assert structural_flags, [f["id"] for f in result["flags"]]
    assert "armenia" in structural_flags[0]["parties"]
    assert any(c["structural"] and c["status"] == "scored" for c in result["criteria"])


def test_as_of_2000_gives_a_different_result(result):
    run = run_cli("score", str(RUSSIA), "--as-of", "2000-01-01", "--format", "json", env=EPOCH)
    assert run.exit_code == 0
    early = json.loads(run.stdout)
    assert early["as_of"] == "2000-01-01"
    assert early["overall"] != result["overall"] or early["criteria"] != result["criteria"]
    assert early["coverage"]["evidence_used"] < result["coverage"]["evidence_used"]
    assert early["trajectory"][-1]["as_of"] == "2000-01-01"


def test_fail_under_is_a_gate():
    assert run_cli("score", str(RUSSIA), "--fail-under", "0").exit_code == 0
    gated = run_cli("score", str(RUSSIA), "--fail-under", "100", "--format", "json")
    assert gated.exit_code == 1
    assert "below --fail-under 100" in gated.stderr
    json.loads(gated.stdout)  # the result is still printed


def test_an_invalid_as_of_is_a_usage_error():
    run = run_cli("score", str(RUSSIA), "--as-of", "2020-02-30")
    assert run.exit_code == 2
    assert "'2020-02-30' is not a date" in run.stderr


def test_a_missing_case_is_one_located_line_and_exit_3(tmp_path):
    run = run_cli("score", str(tmp_path / "nope.yaml"))
    assert run.exit_code == 3
    assert run.stderr.count("\n") == 1 and "nope.yaml" in run.stderr and "Traceback" not in run.stderr


SMALL_CASE = """\
meta: {id: small, title: Small case, assessors: [Tester], assessed: 2026-01-01, rubric: un_guidance}
mediator: {name: Ruritania, kind: state}
conflict:
  name: Small conflict
  parties: [{id: north, name: North}, {id: south, name: South}]
sources: [{id: s1, kind: report, title: A report, reliability: B}]
evidence:
  - {id: e1, claim: A claim., source: s1, date: 1994, kind: fact, credibility: 1, bears_on: {balance: -2}, favours: north}
  - {id: e2, claim: Another claim., source: s1, date: 1996, kind: fact, credibility: 2, bears_on: {balance: 1}}
  - {id: e3, claim: Context only., source: s1, kind: fact, credibility: 1}
"""


def test_warnings_go_to_stderr_and_into_the_result(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_CASE, encoding="utf-8")
    # The pipeline copies loading warnings (here: e3 bears on no criterion) into the assessment.
    assessment, loaded = assess_file(path, draws=5)
    assert loaded.warnings and all(str(w) in assessment.warnings for w in loaded.warnings)
    assert assessment.case_file == str(path) and assessment.case_sha256 == loaded.sha256
    run = run_cli("score", str(path), "--format", "json")
    assert run.exit_code == 0
    assert "e3' bears on no criterion" in run.stderr
    assert json.loads(run.stdout)["warnings"] == assessment.warnings  # stdout stays pure JSON


def test_json_validates_against_the_result_schema(result):
    import jsonschema

    schema = json.loads(run_cli("schema", "result").stdout)
    jsonschema.validate(result, schema)


def test_the_json_path_does_not_import_rich():
    # A fresh process: other tests in this one may already have imported rich.
    code = (
        "import sys\n"
        "from assess.cli import main\n"
        "try:\n"
        f"    main(['score', {str(RUSSIA)!r}, '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('RICH' if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) else 'LEAN', file=sys.stderr)\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().endswith("LEAN"), done.stderr[-300:]


def test_public_api_score_is_the_engine():
    import assess
    from assess.loading import open_case

    loaded = open_case(RUSSIA)
    assessment = assess.score(loaded.case, loaded.rubric, draws=10)
    # 10 joint draws asked for: the Saltelli design's base rows are a power of 2, so 2 x 8 = 16 are drawn.
    assert assessment.overall.verdict and assessment.sensitivity.draws == 16
    assert assessment.generated == "" and assessment.case_file == ""  # pure: the pipeline fills these in


def test_draws_0_skips_the_sensitivity_analysis_and_seed_is_reported():
    skipped = json.loads(run_cli("score", str(RUSSIA), "--draws", "0", "--format", "json").stdout)
    assert skipped["sensitivity"] is None and skipped["overall"]["score"] is not None
    seeded = json.loads(run_cli("score", str(RUSSIA), "--seed", "7", "--draws", "30", "--format", "json").stdout)
    assert (seeded["sensitivity"]["seed"], seeded["sensitivity"]["draws"]) == (7, 32)
    assert "Sensitivity:" not in run_cli("score", str(RUSSIA), "--draws", "0").stdout


@pytest.mark.parametrize(("given", "meant"), [("2000", "2000-12-31"), ("2000-02", "2000-02-29"), ("1999-06-30", "1999-06-30")])
def test_as_of_takes_a_day_a_month_or_a_year(given, meant):
    run = run_cli("score", str(RUSSIA), "--as-of", given, "--format", "json", "--draws", "1")
    assert run.exit_code == 0 and json.loads(run.stdout)["as_of"] == meant


@pytest.mark.parametrize("given", ["2001-02-29", "1990/1991", "soon", "2000-1-1"])
def test_as_of_refuses_what_is_not_a_date(given):
    run = run_cli("score", str(RUSSIA), "--as-of", given)
    assert run.exit_code == 2 and f"'{given}' is not a date" in run.stderr


def test_every_result_field_is_described_in_the_schema():
    import inspect

    from pydantic import BaseModel

    from assess.models import assessment

    undescribed = [
        f"{name}.{field}"
        for name, model in vars(assessment).items()
        if inspect.isclass(model) and issubclass(model, BaseModel) and model.__module__ == assessment.__name__
        for field, info in model.model_fields.items()
        if not info.description
    ]
    assert undescribed == []


def test_score_window_sets_the_windows_and_a_bad_one_is_a_usage_error():
    run = run_cli("score", str(RUSSIA), "--window", "6m", "--draws", "0", "--format", "json", env=EPOCH)
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["timeline"]["window"] == "6m"
    assert [w["start"] for w in data["windows"]][:2] == ["1992-07-01", "1994-07-01"]
    bad = run_cli("score", str(RUSSIA), "--window", "six months")
    assert bad.exit_code == 2 and "'six months' is not a window length" in bad.stderr


def test_fail_under_before_the_mediation_says_why():
    gated = run_cli("score", str(RUSSIA), "--as-of", "1990", "--fail-under", "10", "--draws", "0")
    assert gated.exit_code == 1 and "no overall score (before the mediation)" in gated.stderr
