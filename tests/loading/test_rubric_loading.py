"""Rubric loading: lookup, located errors, duplicate ids, levels against the scale, `extends:` with overrides."""

from __future__ import annotations

import shutil

import pytest

from assess.errors import InputError
from assess.loading import find_rubric, load_rubric, open_case
from loading_helpers import MINIMAL, VALID, line_of

RUBRIC = (VALID / "mini_rubric.yaml").read_text(encoding="utf-8")


def errors_of(path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_rubric(path)
    return info.value.lines()


def test_mini_rubric_loads():
    rubric = load_rubric(VALID / "mini_rubric.yaml")
    assert rubric.criterion_ids() == ["balance", "ties", "acceptance"]


def test_bundled_rubric_found_by_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./rubrics here: the bundled one must be found
    assert find_rubric("un_guidance") is not None
    assert load_rubric("un_guidance").id == "un_guidance"


def test_case_folder_rubric_wins_over_bundled(tmp_path):
    (tmp_path / "rubrics").mkdir()
    shutil.copy(VALID / "mini_rubric.yaml", tmp_path / "rubrics" / "un_guidance.yaml")
    assert find_rubric("un_guidance", tmp_path) == tmp_path / "rubrics" / "un_guidance.yaml"


def test_duplicate_criterion_id(tmp_path):
    text = RUBRIC.replace("      - id: ties", "      - id: balance")
    path = tmp_path / "r.yaml"
    path.write_text(text)
    lines = errors_of(path)
    assert f"{path}:{line_of(text, '- id: balance', 2)}:13: error: duplicate id 'balance'" in lines
    assert any("unknown criterion 'ties'" in m for m in lines)  # the red flag now names a missing criterion


def test_duplicate_fundamental_id(tmp_path):
    text = RUBRIC.replace("  - id: consent", "  - id: impartiality")
    path = tmp_path / "r.yaml"
    path.write_text(text)
    assert any("duplicate id 'impartiality'" in m for m in errors_of(path))


def test_levels_must_match_the_scale(tmp_path):
    text = RUBRIC.replace("levels: {0: none, 1: little, 2: some, 3: most, 4: all}\n        structural", "levels: {0: none, 1: little, 2: some, 5: most}\n        structural")
    path = tmp_path / "r.yaml"
    path.write_text(text)
    lines = errors_of(path)
    line = line_of(text, "5: most")
    assert any(f":{line}:" in m and "no descriptor for level(s) [3, 4]" in m for m in lines)
    assert any(f":{line}:" in m and "level(s) [5] are not on the scale" in m for m in lines)


def test_scale_with_a_gap(tmp_path):
    text = RUBRIC.replace("{level: 4, label: Fully meets", "{level: 5, label: Fully meets")
    path = tmp_path / "r.yaml"
    path.write_text(text)
    assert any("scale levels must be 0, 1, 2, ... in order without gaps" in m for m in errors_of(path))


def test_rubric_unknown_field_and_enum(tmp_path):
    text = RUBRIC.replace("    weight: 3\n", "    wieght: 3\n    weight: 3\n").replace("kinds: [structural_tie]", "kinds: [structural]")
    path = tmp_path / "r.yaml"
    path.write_text(text)
    lines = errors_of(path)
    assert any(f":{line_of(text, 'wieght')}:5: error: fundamentals[0].wieght: unknown field 'wieght' (did you mean 'weight'?)" in m for m in lines)
    assert any(
        f":{line_of(text, 'kinds: [structural]')}:" in m and "red_flags[0].when.kinds[0]: 'structural' is not allowed (did you mean 'structural_tie'?)" in m
        for m in lines
    )


def test_red_flag_unknown_criterion(tmp_path):
    text = RUBRIC.replace("criteria: [ties]", "criteria: [tiess]")
    path = tmp_path / "r.yaml"
    path.write_text(text)
    (message,) = errors_of(path)
    assert "unknown criterion 'tiess' (did you mean 'ties'?)" in message


CHILD = """id: child
extends: mini_rubric.yaml
title: A child rubric
fundamentals:
  - id: impartiality
    weight: 5
    criteria:
      - id: balance
        weight: 4
      - id: new_one
        title: A new criterion
        question: Is it new?
        guidance: {fundamental: Impartiality, paraphrase: Something new.}
        weight: 1
        weight_rationale: Added by the child.
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
"""


def test_extends_merges_lists_by_id(tmp_path):
    shutil.copy(VALID / "mini_rubric.yaml", tmp_path / "mini_rubric.yaml")
    (tmp_path / "child.yaml").write_text(CHILD)
    rubric = load_rubric(tmp_path / "child.yaml")
    assert rubric.id == "child" and rubric.title == "A child rubric"
    assert rubric.version == "1.0"  # inherited
    impartiality = rubric.fundamentals[0]
    assert impartiality.weight == 5 and impartiality.title == "Impartiality"
    assert [c.id for c in impartiality.criteria] == ["balance", "ties", "new_one"]
    balance = impartiality.criteria[0]
    assert balance.weight == 4 and balance.title == "Balanced process"  # overridden weight, inherited rest
    assert [f.id for f in rubric.fundamentals] == ["impartiality", "consent"]


def test_extends_missing_parent_is_located(tmp_path):
    text = CHILD.replace("extends: mini_rubric.yaml", "extends: un_guidanse")
    (tmp_path / "child.yaml").write_text(text)
    (message,) = errors_of(tmp_path / "child.yaml")
    assert message.startswith(f"{tmp_path / 'child.yaml'}:2:10: error: extends: no rubric 'un_guidanse' found")
    assert "did you mean 'un_guidance'?" in message


def test_extends_cycle_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(RUBRIC.replace("id: mini\n", "id: a\nextends: b.yaml\n"))
    (tmp_path / "b.yaml").write_text("id: b\nextends: a.yaml\n")
    assert any("more than 8 levels (a cycle?)" in m for m in errors_of(tmp_path / "a.yaml"))


def test_case_against_invalid_rubric_reports_rubric_file(tmp_path):
    (tmp_path / "mini_rubric.yaml").write_text(RUBRIC.replace("weight: 2\n", "weight: -2\n"))
    (tmp_path / "case.yaml").write_text(MINIMAL)
    with pytest.raises(InputError) as info:
        open_case(tmp_path / "case.yaml")
    assert any(m.startswith(f"{tmp_path / 'mini_rubric.yaml'}:") and "must be more than 0; got -2" in m for m in info.value.lines())


def test_strength_factors_that_let_a_lower_bearing_raise_a_score_are_refused(tmp_path):
    """Law (docs/method.md §2): with a moderate factor above sqrt(2) x the weak one, moving a signed bearing from
    +2 to +1 could raise a score, so the loader refuses the table, pointing at `weighting.strength`."""
    text = RUBRIC.replace("strength: {1: 1.0, 2: 1.4, 3: 3.0}", "strength: {1: 1.0, 2: 2.0, 3: 3.0}")
    path = tmp_path / "r.yaml"
    path.write_text(text)
    (message,) = errors_of(path)
    assert f":{line_of(text, 'strength: {1: 1.0, 2: 2.0')}:" in message and ": error: " in message
    assert "+2 -> +1" in message and "lowering a bearing" in message and "2: 1.4" in message


def test_the_shipped_strength_factors_keep_lowering_a_bearing_monotone():
    from assess.scoring.measurement import non_monotone_bearings

    rubric = load_rubric("un_guidance")
    assert non_monotone_bearings(rubric.measurement.bearing_levels, rubric.weighting.strength) == []
    assert non_monotone_bearings(rubric.measurement.bearing_levels, {1: 1.0, 2: 1.5, 3: 3.0}) != []


# ---- headline, non-compensation, confidence (docs/rubric-format.md) ----------------------------------------------


def test_shipped_rubric_names_impartiality_as_its_headline():
    rubric = load_rubric("un_guidance")
    assert rubric.headline == "impartiality" and rubric.headline_fundamental().title == "Impartiality"
    assert rubric.non_compensation.max_bands_above_headline == 1
    assert rubric.non_compensation.red_flag_cap == "mixed"
    assert next(b for b in rubric.bands if b.id == "mixed").label == "Mixed record"


def test_a_headline_cap_without_a_headline_is_located(tmp_path):
    path = tmp_path / "r.yaml"
    text = RUBRIC + "non_compensation:\n  max_bands_above_headline: 1\n"
    path.write_text(text, encoding="utf-8")
    lines = errors_of(path)
    assert any(f"r.yaml:{line_of(text, 'max_bands_above_headline')}:" in m and "needs a `headline:`" in m for m in lines)


def test_a_red_flag_cap_needs_band_ids(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(RUBRIC + "non_compensation: {red_flag_cap: mixed}\n", encoding="utf-8")
    assert any("unknown band 'mixed' (give the band an `id:`)" in m for m in errors_of(path))


def test_moderate_confidence_may_not_be_stricter_than_high(tmp_path):
    path = tmp_path / "r.yaml"
    block = ("confidence:\n  high: {min_coverage: 0.5, min_sources: 4, min_events: 8, max_top_source_share: 0.4,"
             " min_agreement: 0.8, min_stability: 0.9}\n  moderate: {min_coverage: 0.6, min_sources: 2, min_events: 4,"
             " max_top_source_share: 0.3, min_agreement: 0.6, min_stability: 0.67}\n")
    path.write_text(RUBRIC + block, encoding="utf-8")
    lines = errors_of(path)
    assert any("confidence.moderate.min_coverage is stricter" in m for m in lines)
    assert any("confidence.moderate.max_top_source_share is stricter" in m for m in lines)


def test_a_rubric_without_headline_fields_still_loads_with_defaults():
    rubric = load_rubric(VALID / "mini_rubric.yaml")
    assert rubric.headline is None and rubric.non_compensation.red_flag_cap is None
    assert rubric.confidence.high.min_sources == 4
