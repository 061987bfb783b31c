"""`assess new`: a scaffold that validates, keeps names intact, starts with the schema modeline, never overwrites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from assess.authoring.yamltext import q, slug, unique_slugs
from assess.commands.schema import schema_json
from assess.errors import InputError
from assess.loading import open_case
from assess.loading.yamlfile import read_yaml_file

NORWAY = ("--mediator", "Norway", "--conflict", "Sri Lankan civil war", "--party", "Government of Sri Lanka", "--party", "LTTE")


def test_norway_in_sri_lanka_validates_keeps_names_and_starts_with_modeline(tmp_path: Path) -> None:
    target = tmp_path / "norway.yaml"
    result = run_cli("new", str(target), *NORWAY)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    # Outside the checkout the modeline names the schema written beside the case (as `assess schema case -o`
    # writes it), never a path inside the virtual environment, which breaks when that moves.
    assert first == "# yaml-language-server: $schema=case.schema.json"
    assert (tmp_path / "case.schema.json").read_text(encoding="utf-8") == schema_json("case")

    validated = run_cli("validate", str(target))
    assert validated.exit_code == 0, validated.output
    assert "no evidence yet" in validated.stderr

    loaded = open_case(target)
    assert loaded.case.mediator.name == "Norway"
    assert [(p.id, p.name) for p in loaded.case.conflict.parties] == [
        ("government_of_sri_lanka", "Government of Sri Lanka"),
        ("ltte", "LTTE"),
    ]
    # Every criterion id of the rubric is listed in a comment, ready for `bears_on`.
    for criterion in loaded.rubric.criterion_ids():
        assert f"#     {criterion} " in text


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = run_cli("new", str(target), *NORWAY)
    assert result.exit_code == 4
    assert result.stderr.strip() == f"{target}: error: already exists; use --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "mine\n"

    forced = run_cli("new", str(target), *NORWAY, "--force")
    assert forced.exit_code == 0
    assert open_case(target).case.mediator.name == "Norway"


def test_missing_options_without_a_terminal_is_a_usage_error_naming_them(tmp_path: Path) -> None:
    result = run_cli("new", str(tmp_path / "c.yaml"), "--mediator", "Norway", "--party", "LTTE")
    assert result.exit_code == 2
    assert "--conflict" in result.stderr and "--party (at least two; 1 given)" in result.stderr
    assert "--mediator" not in result.stderr.split("Error:")[1]
    assert not (tmp_path / "c.yaml").exists()


def test_prompts_for_missing_options_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assess.commands.new._interactive", lambda: True)
    target = tmp_path / "c.yaml"
    result = run_cli("new", str(target), input="Norway\nSri Lankan civil war\nGovernment of Sri Lanka\nLTTE\nTamil civilians\n\n")
    assert result.exit_code == 0, result.output
    case = open_case(target).case
    assert [p.name for p in case.conflict.parties] == ["Government of Sri Lanka", "LTTE", "Tamil civilians"]
    assert case.conflict.name == "Sri Lankan civil war"


# Names YAML could misread; a blank name, control characters and line separators are refused instead
# (tests/robustness/test_hostile_authoring.py), and spaces around a name are dropped.
HOSTILE = ["\ufeffBOM", "NO", "yes", "1:30", "# not a comment", "a: b", "  padded  ", "null", "'quoted' \"both\"", "0x1F", "Côte d’Ivoire\\n"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_round_trip_through_loading(tmp_path: Path, name: str) -> None:
    target = tmp_path / "c.yaml"
    result = run_cli("new", str(target), "--mediator", name, "--conflict", name, "--party", name, "--party", "Other " + name)
    assert result.exit_code == 0, result.output
    case = open_case(target).case
    assert case.mediator.name == name.strip()
    assert case.conflict.name == name.strip()
    assert [p.name for p in case.conflict.parties] == [name.strip(), ("Other " + name).strip()]


def test_slugs() -> None:
    assert slug("Government of Sri Lanka") == "government_of_sri_lanka"
    assert slug("LTTE") == "ltte"
    assert slug("Côte d’Ivoire") == "cote_d_ivoire"
    assert slug("1st Army", "party") == "party_1st_army"
    assert slug("Россия", "party1") == "party1"
    assert unique_slugs(["A b", "a-b", "A.B"], "party") == ["a_b", "a_b_2", "a_b_3"]
    assert q("NO") == '"NO"' and json.loads(q("a\nb")) == "a\nb"


def test_modeline_inside_the_checkout_is_a_relative_path(tmp_path: Path) -> None:
    from assess.authoring.yamltext import schema_modeline

    line = schema_modeline(ROOT / "cases" / "new_case.yaml")
    assert line == "# yaml-language-server: $schema=../schemas/case.schema.json"
    assert (ROOT / "cases" / "../schemas/case.schema.json").is_file()


def test_shipped_schema_is_identical_to_assess_schema_case() -> None:
    shipped = (ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_json("case"), "regenerate with: assess schema case -o schemas/case.schema.json"


def test_scaffold_and_draft_satisfy_the_schema_the_modeline_names(tmp_path: Path) -> None:
    """What the editor checks against: the shipped JSON Schema accepts both generated files."""
    import jsonschema

    from assess.loading.yamlfile import read_yaml_file

    schema = json.loads((ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    scaffold = tmp_path / "new.yaml"
    draft = tmp_path / "draft.yaml"
    assert run_cli("new", str(scaffold), *NORWAY).exit_code == 0
    essay = ROOT / "cases" / "sources" / "russia_nk_essay.txt"
    assert run_cli("draft", str(essay), "--mediator", "Russia", "--party", "Armenia", "--party", "Azerbaijan", "-o", str(draft)).exit_code == 0
    for path in (scaffold, draft):
        jsonschema.validate(read_yaml_file(path).data, schema)


def test_a_rubric_given_as_a_path_is_written_relative_to_the_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    (tmp_path / "rubrics").mkdir()
    (tmp_path / "cases").mkdir()
    shutil.copy(ROOT / "rubrics" / "un_guidance.yaml", tmp_path / "rubrics" / "mine.yaml")
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "cases/c.yaml", *NORWAY, "--rubric", "rubrics/mine.yaml")
    assert result.exit_code == 0
    assert '  rubric: "../rubrics/mine.yaml"' in (tmp_path / "cases" / "c.yaml").read_text(encoding="utf-8")
    # Outside the case's folder: a note says so, and opening the case needs that folder trusted.
    assert "is outside the case's folder" in result.stderr and "ASSESS_TRUSTED_DIRS=" in result.stderr
    monkeypatch.chdir(ROOT)
    with pytest.raises(InputError):
        open_case(tmp_path / "cases" / "c.yaml")
    monkeypatch.setenv("ASSESS_TRUSTED_DIRS", str(tmp_path / "rubrics"))
    assert open_case(tmp_path / "cases" / "c.yaml").rubric.id == "un_guidance"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(mediator=NAMES, conflict=NAMES, first=NAMES)
def test_any_names_are_refused_or_round_trip(tmp_path_factory: pytest.TempPathFactory, mediator: str, conflict: str, first: str) -> None:
    """The law: `new` refuses a name it cannot use (exit 2, no file) or writes a case that loads with those names."""
    from assess.commands.names import problem

    folder = tmp_path_factory.mktemp("names")
    target = folder / "c.yaml"
    result = run_cli("new", str(target), "--mediator", mediator, "--conflict", conflict, "--party", first, "--party", first + " 2")
    if any(problem(name) for name in (mediator, conflict, first, first + " 2")):
        assert result.exit_code == 2 and "Invalid value for" in result.stderr, result.output
        assert list(folder.iterdir()) == []
        return
    assert result.exit_code == 0, result.output
    case = open_case(target).case
    assert (case.mediator.name, case.conflict.name) == (mediator.strip(), conflict.strip())
    assert [p.name for p in case.conflict.parties] == [first.strip(), (first + " 2").strip()]


def test_the_schema_beside_the_case_still_resolves_after_the_folder_moves(tmp_path: Path) -> None:
    import jsonschema

    first = tmp_path / "a"
    first.mkdir()
    assert run_cli("new", str(first / "case.yaml"), *NORWAY).exit_code == 0
    moved = tmp_path / "elsewhere"
    first.rename(moved)
    line = (moved / "case.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema = json.loads((moved / line.split("$schema=")[1]).read_text(encoding="utf-8"))
    jsonschema.validate(read_yaml_file(moved / "case.yaml").data, schema)


def test_an_existing_schema_beside_the_case_is_kept_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "case.schema.json").write_text("{}\n")
    result = run_cli("new", str(tmp_path / "case.yaml"), *NORWAY)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "case.schema.json").read_text() == "{}\n"
    assert f"refresh it with: assess schema case -o {tmp_path / 'case.schema.json'}" in result.stderr


def test_a_second_case_in_the_folder_reuses_the_schema(tmp_path: Path) -> None:
    assert run_cli("new", str(tmp_path / "one.yaml"), *NORWAY).exit_code == 0
    second = run_cli("new", str(tmp_path / "two.yaml"), *NORWAY)
    assert second.exit_code == 0 and second.stderr == "" and "case.schema.json" not in second.stdout


def test_the_holy_see_is_a_sovereign_entity(tmp_path: Path) -> None:
    from typing import get_args

    from assess.authoring.scaffold import MEDIATOR_KINDS
    from assess.commands.new import MEDIATOR_KINDS as CLI_KINDS
    from assess.models.case import MediatorKind

    assert CLI_KINDS == MEDIATOR_KINDS == get_args(MediatorKind)
    target = tmp_path / "beagle.yaml"
    result = run_cli("new", str(target), "--mediator", "Holy See", "--kind", "sovereign_entity", "--conflict",
                     "Beagle Channel dispute", "--party", "Argentina", "--party", "Chile")
    assert result.exit_code == 0, result.output
    assert open_case(target).case.mediator.kind == "sovereign_entity"
