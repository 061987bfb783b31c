"""Agreement among assessors: alpha checked against a hand computation, percent agreement, located errors."""

from __future__ import annotations

import json
import re
import sys
from itertools import combinations

import pytest
import yaml

from assess.extras import install_hint
from assess.many.agreement import ordinal_alpha, percent_agreement
from many_helpers import ASSESSOR_FILES, RUSSIA, TEACHING, copy_cases, line_of


def test_shipped_assessor_files_print_alpha(cli):
    assert len(ASSESSOR_FILES) >= 2
    result = cli("agreement", *map(str, ASSESSOR_FILES))
    assert result.exit_code == 0, result.stderr
    match = re.search(r"Krippendorff's alpha \(ordinal\): (-?\d\.\d{3})\s+95% bootstrap interval (-?\d\.\d{3}) to (-?\d\.\d{3})", result.stdout)
    assert match, result.stdout
    alpha, low, high = map(float, match.groups())
    assert low <= alpha <= high or low <= high  # the percentile interval need not contain the point estimate
    assert "Most disagreement:" in result.stdout


def test_shipped_percent_agreement_matches_a_hand_count(cli):
    levels = {}
    for path in ASSESSOR_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        levels[data["assessor"]["id"]] = {r["criterion"]: r["level"] for r in data["ratings"]}
    agree = total = 0
    for a, b in combinations(levels.values(), 2):
        for criterion in set(a) & set(b):
            total += 1
            agree += a[criterion] == b[criterion]
    result = cli("agreement", *map(str, ASSESSOR_FILES), "--format", "json", "--bootstrap", "50")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["percent_agreement"] == pytest.approx(agree / total)
    assert set(data["assessors"]) == set(levels)
    widest = max(c["range"] for c in data["criteria"])
    assert all(next(c for c in data["criteria"] if c["criterion"] == m)["range"] == widest for m in data["most_disagreement"])


def test_ordinal_alpha_matches_a_hand_computation():
    # Coder 1: 0 1 2 2, coder 2: 0 2 2 1. Coincidences: o00=2, o12=o21=2, o22=2; n0=2, n1=2, n2=4, n=8.
    # Ordinal distances: d(1,2) = (n1+n2 - (n1+n2)/2)^2 = 9, d(0,1) = 4, d(0,2) = (8 - 3)^2 = 25.
    # alpha = 1 - (n-1) * sum(o*d) / sum(n_c*n_k*d) = 1 - 7*36 / (2*(2*2*4 + 2*4*9 + 2*4*25)) = 1 - 252/576 = 0.5625
    rows = [[0.0, 1.0, 2.0, 2.0], [0.0, 2.0, 2.0, 1.0]]
    assert ordinal_alpha(rows, [0, 1, 2]) == pytest.approx(0.5625)
    # Unobserved levels of a wider scale do not change the ordinal distances between observed ones.
    assert ordinal_alpha(rows, [0, 1, 2, 3, 4]) == pytest.approx(0.5625)
    assert percent_agreement(rows) == (2, 4)


def test_alpha_is_undefined_without_variation():
    assert ordinal_alpha([[2.0, 2.0], [2.0, 2.0]], [0, 1, 2]) is None


def _assessor_file(folder, name, assessor, levels, case="../teaching_fictional.yaml"):
    ratings = "\n".join(
        f"  - {{criterion: {c}, level: {lv}, rationale: test rating, evidence: [t03]}}" for c, lv in levels.items()
    )
    path = folder / name
    path.write_text(f"case: {case}\nassessor: {{id: {assessor}, name: Test coder {assessor}}}\nratings:\n{ratings}\n", encoding="utf-8")
    return path


def test_cli_alpha_equals_the_hand_value_end_to_end(cli, tmp_path):
    folder = copy_cases(tmp_path) / "assessors"
    criteria = ["balance", "interest", "transparency", "ceasefire"]
    a = _assessor_file(folder, "a.yaml", "hand_a", dict(zip(criteria, [0, 1, 2, 2])))
    b = _assessor_file(folder, "b.yaml", "hand_b", dict(zip(criteria, [0, 2, 2, 1])))
    result = cli("agreement", str(a), str(b), "--format", "json", "--bootstrap", "20", "--seed", "1")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["alpha"] == pytest.approx(0.5625)
    assert data["percent_agreement"] == pytest.approx(0.5)
    assert data["units"] == 4 and data["seed"] == 1


def test_bootstrap_is_seeded(cli):
    args = ("agreement", *map(str, ASSESSOR_FILES), "--format", "json", "--bootstrap", "100", "--seed", "7")
    first, second = cli(*args), cli(*args)
    assert first.stdout == second.stdout
    other = cli("agreement", *map(str, ASSESSOR_FILES), "--format", "json", "--bootstrap", "100", "--seed", "8")
    assert json.loads(other.stdout)["alpha"] == json.loads(first.stdout)["alpha"]


def test_case_with_per_assessor_ratings(cli):
    result = cli("agreement", str(TEACHING), "--format", "json", "--bootstrap", "20")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["assessors"] == ["tc_a", "tc_b", "tc_c"]
    assert data["alpha"] is not None


def test_broken_assessor_file_is_located(cli, tmp_path):
    folder = copy_cases(tmp_path) / "assessors"
    path = folder / "broken.yaml"
    text = (
        "case: ../teaching_fictional.yaml\n"
        "assessor: {id: broken, name: Broken coder}\n"
        "ratings:\n"
        "  - criterion: balanse\n"
        "    level: 2\n"
        "    rationale: misspelt criterion\n"
        "  - criterion: interest\n"
        "    level: 9\n"
        "    rationale: level off the scale\n"
        "    evidence: [t99]\n"
    )
    path.write_text(text, encoding="utf-8")
    result = cli("agreement", str(path))
    assert result.exit_code == 3
    err = result.stderr
    assert f"{path}:{line_of(text, 'balanse')}:" in err and "did you mean 'balance'" in err
    assert f"{path}:{line_of(text, 'level: 9')}:" in err and "not on the rubric's scale 0-4" in err
    assert f"{path}:{line_of(text, 't99')}:" in err and "unknown evidence 't99'" in err
    assert "Traceback" not in result.output


def test_assessor_file_model_errors_are_located(cli, tmp_path):
    folder = copy_cases(tmp_path) / "assessors"
    path = folder / "typo.yaml"
    text = "case: ../teaching_fictional.yaml\nassesor: {id: x, name: X}\nratings: []\n"
    path.write_text(text, encoding="utf-8")
    result = cli("agreement", str(path))
    assert result.exit_code == 3
    assert f"{path}:2:1: error: assesor: unknown field 'assesor' (did you mean 'assessor'?)" in result.stderr


def test_missing_case_is_located(cli, tmp_path):
    path = _assessor_file(tmp_path, "lost.yaml", "lost", {"balance": 1}, case="nowhere.yaml")
    result = cli("agreement", str(path))
    assert result.exit_code == 3
    assert f"{path}:1:7: error: case file 'nowhere.yaml' not found" in result.stderr


def test_files_of_different_cases_are_refused(cli):
    result = cli("agreement", str(ASSESSOR_FILES[0]), str(TEACHING))
    assert result.exit_code == 3
    assert "give files of one case" in result.stderr


def test_missing_extra_exits_4(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "krippendorff", None)
    result = cli("agreement", str(RUSSIA))
    assert result.exit_code == 4
    assert install_hint("agreement") in result.stderr


def test_score_folds_assessor_files_into_the_spread(cli):
    args = ["score", str(RUSSIA), "--format", "json", "--draws", "20"]
    for path in ASSESSOR_FILES:
        args += ["--assessors", str(path)]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    balance = next(c for c in data["criteria"] if c["id"] == "balance")
    assert {r["assessor"] for r in balance["ratings"]} == {"coder_a", "coder_b"}
    assert {a["id"] for a in data["case"]["meta"]["assessors"]} >= {"coder_a", "coder_b"}


def test_score_refuses_an_assessor_file_of_another_case(cli, tmp_path):
    other = _assessor_file(copy_cases(tmp_path) / "assessors", "t.yaml", "t_a", {"balance": 2})
    result = cli("score", str(RUSSIA), "--assessors", str(other))
    assert result.exit_code == 3
    assert f"{other}:1:7: error: rates" in result.stderr
