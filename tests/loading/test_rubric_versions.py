"""Rubric 2.0 and the archived 1.0 (issue 17): old results stay reproducible, every shipped case validates against
the new version, and a result records which version produced it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assess.errors import InputError
from assess.loading import load_rubric, open_case

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_CASES = sorted((ROOT / "cases").glob("*.yaml"))
NEW_IN_2 = {"mandate_leverage", "leverage_symmetry", "information_handling", "drafting", "prevention"}


def test_version_2_adds_the_new_criteria_and_keeps_every_old_id():
    new, old = load_rubric("un_guidance"), load_rubric("un_guidance@1.0")
    assert (new.id, new.version, old.id, old.version) == ("un_guidance", "2.0", "un_guidance", "1.0")
    assert set(new.criterion_ids()) - set(old.criterion_ids()) == NEW_IN_2
    assert set(old.criterion_ids()) <= set(new.criterion_ids())  # no case needs migrating
    assert all(c.not_applicable_when for c in new.criteria())
    assert not any(c.vignettes for c in old.criteria())


@pytest.mark.parametrize("case", SHIPPED_CASES, ids=[p.stem for p in SHIPPED_CASES])
def test_every_shipped_case_validates_against_rubric_2(case):
    loaded = open_case(case)
    assert (loaded.rubric.id, loaded.rubric.version) == ("un_guidance", "2.0")


def test_a_result_records_the_rubric_version_and_1_0_reproduces_an_old_result(cli, tmp_path):
    case = str(ROOT / "cases" / "teaching_fictional_council.yaml")
    now = json.loads(cli("score", case, "--format", "json", "--draws", "0").stdout)
    old = json.loads(cli("score", case, "--format", "json", "--draws", "0", "--rubric", "un_guidance@1.0").stdout)
    assert now["rubric"]["version"] == "2.0" and old["rubric"]["version"] == "1.0"
    assert {c["id"] for c in old["criteria"]}.isdisjoint(NEW_IN_2)
    assert NEW_IN_2 <= {c["id"] for c in now["criteria"]}
    table = cli("score", case, "--draws", "0", "--rubric", "un_guidance@1.0").stdout
    assert "rubric un_guidance 1.0" in table


def test_a_case_may_name_the_archived_version(tmp_path):
    text = (ROOT / "cases" / "teaching_fictional_council.yaml").read_text(encoding="utf-8")
    assert "  rubric: un_guidance\n" in text
    shutil.copytree(ROOT / "cases" / "sources", tmp_path / "sources")
    case = tmp_path / "old.yaml"
    case.write_text(text.replace("  rubric: un_guidance\n", "  rubric: un_guidance@1.0\n"), encoding="utf-8")
    assert open_case(case).rubric.version == "1.0"


def test_an_unknown_version_is_located_with_a_hint():
    with pytest.raises(InputError) as info:
        load_rubric("un_guidance@1.1")
    assert info.value.lines() == [
        "un_guidance@1.1:1:1: error: no rubric 'un_guidance@1.1' found (looked for a file, ./rubrics and the bundled "
        "rubrics) (did you mean 'un_guidance@1.0'?)"
    ]
