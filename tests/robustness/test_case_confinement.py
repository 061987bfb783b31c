"""Files a case names (texts, bibliography, rubric, a rubric's `extends:`) are read only inside its folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "valid"
SECRET = "TOPSECRET-7f3a the mediator met both parties equally often in the capital"
QUOTE = "The mediator met both parties equally often in the capitol."


def _case_folder(tmp_path: Path, source_lines: str, extra_meta: str = "") -> Path:
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    folder = tmp_path / "case"
    folder.mkdir(exist_ok=True)
    shutil.copy(DATA / "mini_rubric.yaml", folder / "mini_rubric.yaml")
    text = (DATA / "minimal_case.yaml").read_text(encoding="utf-8")
    text = text.replace("    reliability: B\n", "    reliability: B\n" + source_lines, 1)
    text = text.replace("    bears_on: {balance: 2}", f"    quote: \"{QUOTE}\"\n    bears_on: {{balance: 2}}", 1)
    text = text.replace("  fictional: true\n", "  fictional: true\n" + extra_meta, 1)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return folder / "case.yaml"


def _assert_refused(cli, case: Path, tmp_path: Path, rule: str) -> None:
    for argv in (["validate", str(case)], ["verify", str(case)],
                 ["score", str(case), "-o", str(tmp_path / "r.html"), "-o", str(tmp_path / "r.md"), "-o", str(tmp_path / "r.json")]):
        result = cli(*argv)
        assert result.exit_code == 3, (argv, result.exit_code, result.output)
        assert rule in result.stderr and "case.yaml:" in result.stderr
        assert "TOPSECRET" not in result.output and "Traceback" not in result.output
    assert not any((tmp_path / name).exists() for name in ("r.html", "r.md", "r.json"))


@pytest.mark.parametrize("where", ["absolute", "dotdot", "symlink"])
def test_a_source_text_outside_the_case_folder_is_refused(cli, tmp_path, where):
    secret = tmp_path / "secret.txt"
    if where == "absolute":
        ref = str(secret)
    elif where == "dotdot":
        ref = "../secret.txt"
    else:
        ref = "inside.txt"
    case = _case_folder(tmp_path, f"    text: '{ref}'\n")
    if where == "symlink":
        os.symlink(secret, case.parent / "inside.txt")
    _assert_refused(cli, case, tmp_path, "source texts must be inside the case's folder")


def test_the_texts_list_is_confined_too(cli, tmp_path):
    case = _case_folder(tmp_path, "    texts:\n      - {path: ../secret.txt}\n")
    _assert_refused(cli, case, tmp_path, "source texts must be inside the case's folder")


def test_a_bibliography_outside_the_case_folder_is_refused(cli, tmp_path):
    (tmp_path / "refs.bib").write_text("@misc{TOPSECRET, title={TOPSECRET}}\n", encoding="utf-8")
    case = _case_folder(tmp_path, "")
    case.write_text(case.read_text(encoding="utf-8") + "bibliography: ../refs.bib\n", encoding="utf-8")
    _assert_refused(cli, case, tmp_path, "a bibliography must be inside the case's folder")


def test_a_rubric_outside_the_case_folder_is_refused(cli, tmp_path):
    shutil.copy(DATA / "mini_rubric.yaml", tmp_path / "outside_rubric.yaml")
    case = _case_folder(tmp_path, "")
    case.write_text(case.read_text(encoding="utf-8").replace("rubric: mini_rubric.yaml", "rubric: ../outside_rubric.yaml"), encoding="utf-8")
    _assert_refused(cli, case, tmp_path, "a rubric the case names must be inside the case's folder")
    # Naming the rubric on the command line is the user's own choice.
    assert cli("validate", str(case), "--rubric", str(tmp_path / "outside_rubric.yaml")).exit_code == 0


def test_extends_outside_the_rubric_folder_is_refused(cli, tmp_path):
    shutil.copy(DATA / "mini_rubric.yaml", tmp_path / "parent.yaml")
    case = _case_folder(tmp_path, "")
    (case.parent / "mini_rubric.yaml").write_text("extends: ../parent.yaml\nid: child\n", encoding="utf-8")
    result = cli("validate", str(case))
    assert result.exit_code == 3 and "extends: a parent rubric must be inside the rubric's folder" in result.stderr
    assert "mini_rubric.yaml:1:" in result.stderr


def test_a_trusted_folder_may_be_read(cli, tmp_path, monkeypatch):
    case = _case_folder(tmp_path, "    text: ../secret.txt\n")
    monkeypatch.setenv("ASSESS_TRUSTED_DIRS", os.pathsep.join(["/nonexistent-folder", str(tmp_path)]))
    result = cli("verify", str(case))
    assert result.exit_code == 1, result.output  # read and checked: a close match only
    assert "close match" in result.output
