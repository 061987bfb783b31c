"""The rubric cache: one parse per rubric across many cases, yet every edit (to it or a parent) is seen."""

from __future__ import annotations

from pathlib import Path

from assess.loading import load_rubric
RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"


def _child(tmp_path: Path, title: str) -> Path:
    path = tmp_path / "child.yaml"
    path.write_text(f"extends: {RUBRICS / 'un_guidance.yaml'}\nid: child\ntitle: {title}\n", encoding="utf-8")
    return path


def test_same_rubric_loaded_once(tmp_path):
    path = _child(tmp_path, "First")
    assert load_rubric(path) is load_rubric(path)


def test_edit_of_same_size_is_seen_at_once(tmp_path):
    path = _child(tmp_path, "First")
    assert load_rubric(path).title == "First"
    _child(tmp_path, "Other")  # same size, likely the same mtime tick: only the content differs
    assert load_rubric(path).title == "Other"


def test_edit_of_parent_is_seen(tmp_path):
    parent = tmp_path / "parent.yaml"
    parent.write_text((RUBRICS / "un_guidance.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: parent.yaml\nid: child\n", encoding="utf-8")
    before = load_rubric(child)
    text = parent.read_text(encoding="utf-8")
    parent.write_text(text.replace(f"title: {before.title}", "title: Edited parent", 1), encoding="utf-8")
    assert load_rubric(child).title == "Edited parent"
