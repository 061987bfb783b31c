"""Rubric 2.0's anchoring vignettes (issue 17): each, coded as a tiny case and scored by the engine, lands on the
level it illustrates; every criterion has at least three, set in an invented world."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assess.loading import load_rubric
from assess.models.rubric import VIGNETTE_MEDIATOR, VIGNETTE_PARTIES
from assess.scoring.vignettes import score_vignette, vignette_case

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = load_rubric("un_guidance")
CASES = [(c, v) for c in RUBRIC.criteria() for v in c.vignettes]
# Names of the real world a vignette must not carry (it teaches a level, not a view of a real conflict).
REAL = ["Russia", "Armenia", "Azerbaijan", "Karabakh", "United Nations", "UN ", "OSCE", "NATO", "European Union",
        "EU ", "United States", "Norway", "Sri Lanka", "Israel", "Palestin", "Georgia", "CSTO", "Minsk", "Camp David"]


def test_every_criterion_has_vignettes_at_levels_0_2_and_4():
    for criterion in RUBRIC.criteria():
        levels = sorted(v.level for v in criterion.vignettes)
        assert len(levels) >= 3 and {0, 2, 4} <= set(levels), (criterion.id, levels)


@pytest.mark.parametrize(("criterion", "vignette"), CASES, ids=[f"{c.id}-{v.level}" for c, v in CASES])
def test_each_vignette_scores_at_its_intended_level(criterion, vignette):
    result = score_vignette(RUBRIC, criterion, vignette)
    assert result.status == "scored", result
    assert result.level == vignette.level, f"{criterion.id}: level {vignette.level} scored {result.score} (level {result.level})"


@pytest.mark.parametrize(("criterion", "vignette"), CASES, ids=[f"{c.id}-{v.level}" for c, v in CASES])
def test_vignettes_are_set_in_the_invented_world(criterion, vignette):
    text = vignette.text + " " + " ".join(item.says for item in vignette.coded)
    assert VIGNETTE_MEDIATOR in text
    assert not [name for name in REAL if name in text], text
    assert len(vignette.text.split()) <= 70, "a vignette is a few sentences, not a case study"


def test_a_vignette_is_an_ordinary_case():
    criterion = next(c for c in RUBRIC.criteria() if c.id == "information_handling")
    case = vignette_case(RUBRIC, criterion, criterion.vignettes[0])
    assert case.meta.fictional and case.mediator.name == VIGNETTE_MEDIATOR
    assert [p.id for p in case.conflict.parties] == list(VIGNETTE_PARTIES)
    assert {e.id for e in case.evidence} == {f"v{i + 1}" for i in range(len(criterion.vignettes[0].coded))}


def test_the_level_0_vignettes_that_illustrate_a_red_flag_raise_it():
    raised = {c.id: score_vignette(RUBRIC, c, v).flags for c, v in CASES if v.level == 0}
    assert ("proposals_cleared_with_one_party", ("belisk",)) in raised["information_handling"]
    assert ("one_sided_pressure", ("belisk",)) in raised["leverage_symmetry"]
    assert ("military_alliance_with_party", ("belisk",)) in raised["structural_ties"]


CLEARED = """\
meta: {{id: cleared, title: Cleared, assessors: [A], assessed: 2024-05-01, rubric: un_guidance, fictional: true}}
mediator: {{name: Kestria, kind: state}}
conflict:
  name: The invented dispute
  parties: [{{id: arventia, name: Arventia}}, {{id: belisk, name: Belisk}}]
sources:
  - {{id: memo, kind: report, title: An invented memoir, reliability: B}}
evidence:
  - id: e1
    claim: Kestria showed its boundary proposal to Belisk and took in its changes before Arventia saw it.
    source: memo
    date: 2020-03
    kind: fact
    credibility: 2
    bears_on: {{information_handling: -2}}
    favours: {favours}
    tags: [cleared_with_one_party]
"""


@pytest.mark.parametrize("favours", ["belisk", "arventia"])
def test_proposals_cleared_with_one_party_raise_a_flag_naming_that_party(cli, tmp_path, favours):
    case = tmp_path / "cleared.yaml"
    case.write_text(CLEARED.format(favours=favours), encoding="utf-8")
    result = cli("score", str(case), "--format", "json", "--draws", "0")
    assert result.exit_code == 0, result.stderr
    flags = {f["id"]: f for f in json.loads(result.stdout)["flags"]}
    assert flags["proposals_cleared_with_one_party"]["parties"] == [favours]
    assert flags["proposals_cleared_with_one_party"]["evidence"] == ["e1"]
    table = cli("score", str(case), "--draws", "0")
    assert re.search(rf"Proposals cleared with one party before the other → {favours}", table.stdout), table.stdout


def test_rubric_show_lists_the_new_criteria_with_references_and_vignettes(cli):
    result = cli("rubric", "show", "un_guidance")
    assert result.exit_code == 0
    out = result.stdout
    for cid in ("leverage_symmetry", "information_handling", "drafting", "mandate_leverage", "prevention"):
        assert f"  {cid}: " in out
    assert "Favretto, K. (2009)" in out and "Savun, B. (2008)" in out and "Kydd, A. (2003)" in out
    assert "Svensson, I. (2009)" in out
    assert out.count("Vignettes (invented") == len(RUBRIC.criteria())
    assert out.count("      level 0 ") >= len(RUBRIC.criteria())
    assert "Not applicable when: Fighting had already broken out" in out
    assert "proposals_cleared_with_one_party: Proposals cleared with one party before the other (warning)" in out
    md = cli("rubric", "show", "un_guidance", "--format", "md").stdout
    assert md.count("- **Level 4 Fully meets**") == len(RUBRIC.criteria())


@pytest.mark.parametrize(("bearings", "level"), [((-3, -3), 0), ((-2, -2), 1), ((2, -2), 2), ((2, 2), 3), ((3, 3), 4)])
def test_the_coding_recipe_docs_give_lands_on_each_level(bearings, level):
    """docs/rubric-format.md#vignettes: two independent events at these bearings land on these levels."""
    from assess.models.rubric import Vignette

    criterion = next(c for c in RUBRIC.criteria() if c.id == "balance")
    vignette = Vignette(level=level, text="Kestria ...", coded=[
        {"says": f"Item {i}.", "bearing": b, "event": f"event_{i}"} for i, b in enumerate(bearings)])
    assert score_vignette(RUBRIC, criterion, vignette).level == level
