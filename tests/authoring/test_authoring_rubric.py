"""`assess rubric list|show`: what an analyst reads before coding evidence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import RUBRICS, run_cli

from assess.loading import load_rubric
from assess.models.rubric import Rubric


def test_list_shows_the_bundled_rubric_with_its_criteria_count() -> None:
    result = run_cli("rubric", "list")
    assert result.exit_code == 0, result.output
    rubric = load_rubric("un_guidance")
    row = next(line for line in result.stdout.splitlines() if line.startswith("un_guidance "))
    assert rubric.version in row and str(len(rubric.criteria())) in row and rubric.title in row


def test_list_adds_rubrics_from_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "rubrics").mkdir()
    text = (RUBRICS / "un_guidance.yaml").read_text(encoding="utf-8").replace("id: un_guidance", "id: my_rubric", 1)
    (tmp_path / "rubrics" / "my_rubric.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "rubrics" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("rubric", "list")
    ids = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert ids == ["un_guidance", "my_rubric"]
    assert "broken.yaml:" in result.stderr and "(skipped)" in result.stderr
    assert result.exit_code == 3


def test_show_json_is_the_rubric_model() -> None:
    result = run_cli("rubric", "show", "un_guidance", "--format", "json")
    assert result.exit_code == 0
    assert Rubric.model_validate(json.loads(result.stdout)) == load_rubric("un_guidance")


def test_show_text_and_markdown_list_every_criterion_weight_level_and_guidance() -> None:
    rubric = load_rubric("un_guidance")
    text = run_cli("rubric", "show", "un_guidance").stdout
    markdown = run_cli("rubric", "show", "un_guidance", "--format", "md").stdout
    for fundamental in rubric.fundamentals:
        assert f"== {fundamental.title} [{fundamental.id}], weight" in text
        assert f"## {fundamental.title} (`{fundamental.id}`" in markdown.replace("\\", "")
        for criterion in fundamental.criteria:
            assert f"  {criterion.id}: {criterion.title}" in text
            assert f"### `{criterion.id}`" in markdown
            assert "(paraphrase)" in text
            assert all(f"{level} {rubric.scale[level].label}:" in text for level in criterion.levels)
    quoted = [c for c in rubric.criteria() if c.guidance.quote]
    for criterion in quoted:
        assert "Quotation" in text
    assert "Cues:" in text


def test_show_a_rubric_by_path_and_an_unknown_id(tmp_path: Path) -> None:
    copy = tmp_path / "r.yaml"
    shutil.copy(RUBRICS / "un_guidance.yaml", copy)
    assert run_cli("rubric", "show", str(copy)).exit_code == 0
    missing = run_cli("rubric", "show", "un_guidanse")
    assert missing.exit_code == 3
    assert missing.stderr.startswith("un_guidanse:1:1: error: no rubric 'un_guidanse' found")
    assert "did you mean 'un_guidance'" in missing.stderr
