"""`assess rubric list|show`: what an analyst reads before coding evidence."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
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


# Names of files that live only on the machines the rubric was written on, and paths of any machine: a reader
# of the rubric or of `assess rubric show` can open none of them.
INTERNAL = re.compile(
    r"\b[\w-]+-(?:facts|notes|standards)\.md\b|file://|"
    r"(?<![\w.])/(?:work|home|tmp|root|Users|opt|mnt|var|srv)/|\b[A-Za-z]:\\|\.venv|site-packages"
)


def _internal_names(text: str) -> list[str]:
    return [m.group(0) for m in INTERNAL.finditer(text)]


def test_the_pattern_catches_what_it_is_for() -> None:
    assert _internal_names("see /home/me/notes/team-facts.md and C:\\Users\\x and file:///a") == [
        "/home/", "team-facts.md", "C:\\", "file://"]
    assert _internal_names("docs/method.md, Part 2; see https://peacemaker.un.org") == []


def test_rubric_files_name_no_internal_file_and_no_machine_path() -> None:
    for path in sorted(RUBRICS.glob("*.y*ml")):
        assert _internal_names(path.read_text(encoding="utf-8")) == [], path.name


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_rubric_show_names_no_internal_file_and_no_machine_path(fmt: str) -> None:
    result = run_cli("rubric", "show", "un_guidance", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert _internal_names(result.stdout) == []


def test_guidance_quotations_are_cited_to_the_guidance_itself() -> None:
    quoted = [c for c in load_rubric("un_guidance").criteria() if c.guidance.quote]
    assert quoted
    for criterion in quoted:
        cited = " ".join((criterion.guidance.quote_verified_in or "").split())
        assert cited.startswith("United Nations Guidance for Effective Mediation (2012; UN document A/66/811, annex I)"), criterion.id
        assert "secondary source" not in cited


def test_cue_words_name_nothing_of_one_case() -> None:
    from assess.loading import load_case

    case = load_case(RUBRICS.parent / "cases" / "russia_nk.yaml")
    names = {case.mediator.name, *(a.name for a in case.conflict.actors)}
    for party in case.conflict.parties:
        names |= {party.name, *party.aliases}
    names |= {"Karabakh", "CSTO", "Collective Security Treaty", "Minsk", "OSCE", "Georgia", "Basic Principles", "Moscow"}
    for criterion in load_rubric("un_guidance").criteria():
        for cue in criterion.cues:
            clash = [n for n in names if re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", cue.lower())]
            assert clash == [], f"{criterion.id}: cue {cue!r} names {clash}"
