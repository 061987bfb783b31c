"""`new` and `draft` given names they cannot use, and case files named as pipes: a usage error or a located error,
never a file that does not validate, never a hang (issue 16, finding 13)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ESSAY = ROOT / "cases" / "sources" / "russia_nk_essay.txt"
PARTIES = ["--conflict", "C", "--party", "Armenia", "--party", "Azerbaijan"]


@pytest.mark.parametrize(("option", "value", "says"), [
    ("--mediator", " ", "must not be blank"),
    ("--mediator", "\udcff\udcfe", "is not UTF-8 text (byte 0xff)"),  # how Python passes bytes that are not UTF-8
    ("--conflict", "\t", "must not be blank"),
    ("--party", "Azerbaijan\x1b[2J", "contains the invisible control character U+001B"),
    ("--party", "\u202eainemrA", "contains the invisible control character U+202E"),
    ("--assessor", "A\x00B", "contains the invisible control character U+0000"),
    ("--mediator", "Nor\u2028way", "contains the invisible control character U+2028"),
    ("--conflict", "a\x85b", "contains the invisible control character U+0085"),
], ids=["blank", "not UTF-8", "tab only", "terminal escape", "bidi override", "NUL", "line separator", "NEL"])
def test_new_refuses_a_name_it_cannot_use_and_writes_nothing(cli, tmp_path, option, value, says):
    given = {"--mediator": "Russia", "--conflict": "C", "--assessor": "Me", "--party": "Azerbaijan", option: value}
    argv = [str(tmp_path / "new.yaml"), "--party", "Armenia"]
    for name, text in given.items():
        argv += [name, text]
    result = cli("new", *argv)
    assert result.exit_code == 2, result.stderr
    assert f"Invalid value for '{option}': {says}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_strips_the_spaces_around_a_name(cli, tmp_path):
    result = cli("new", str(tmp_path / "new.yaml"), "--mediator", "  Russia ", *PARTIES)
    assert result.exit_code == 0, result.stderr
    assert 'name: "Russia"' in (tmp_path / "new.yaml").read_text(encoding="utf-8")
    assert cli("validate", str(tmp_path / "new.yaml")).exit_code == 0


def test_new_asks_again_for_a_blank_answer_on_a_terminal(cli, tmp_path, monkeypatch):
    from assess.commands import new

    monkeypatch.setattr(new, "_interactive", lambda: True)
    result = cli("new", str(tmp_path / "new.yaml"), *PARTIES, input="   \nNorway\n\n")  # then an empty extra party ends the list
    assert result.exit_code == 0, result.stderr
    assert "must not be blank" in result.stdout + result.stderr
    assert 'name: "Norway"' in (tmp_path / "new.yaml").read_text(encoding="utf-8")


def test_draft_refuses_a_blank_party(cli, tmp_path):
    result = cli("draft", str(ESSAY), "--mediator", "Russia", "--party", "Armenia", "--party", "  ",
                 "-o", str(tmp_path / "draft.yaml"))
    assert result.exit_code == 2 and "Invalid value for '--party': must not be blank" in result.stderr
    assert not (tmp_path / "draft.yaml").exists()


def _broken(*args, **kwargs):
    return "meta: {id: x\n"  # what a fault in the scaffold would produce: YAML that does not parse


def test_new_never_leaves_a_case_that_does_not_validate(cli, tmp_path, monkeypatch):
    from assess.authoring import scaffold

    monkeypatch.setattr(scaffold, "scaffold_text", _broken)
    result = cli("new", str(tmp_path / "new.yaml"), "--mediator", "Russia", *PARTIES)
    assert result.exit_code == 3, result.stderr
    assert f"{tmp_path / 'new.yaml'}:1:1: note: was not written, because the case it would hold does not validate" in result.stderr
    assert ".tmp" not in result.stderr  # problems name the target, not the staged copy
    assert list(tmp_path.iterdir()) == []  # neither the case nor its schema, nor a staged copy


def test_draft_never_leaves_a_case_that_does_not_validate_and_keeps_the_old_one(cli, tmp_path, monkeypatch):
    from assess.authoring import draft_case

    target = tmp_path / "draft.yaml"
    target.write_text("# my earlier draft\n", encoding="utf-8")
    monkeypatch.setattr(draft_case, "draft_text", lambda spec, rubric: (_broken(), 1))
    result = cli("draft", str(ESSAY), "--mediator", "Russia", "--party", "Armenia", "--party", "Azerbaijan",
                 "-o", str(target), "--force")
    assert result.exit_code == 3, result.stderr
    assert "was not written" in result.stderr
    assert target.read_text(encoding="utf-8") == "# my earlier draft\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]


def test_a_named_pipe_nobody_writes_to_is_a_located_error_not_a_hang(cli, tmp_path, monkeypatch):
    from assess.loading import yamlfile

    monkeypatch.setattr(yamlfile, "PIPE_WAIT_SECONDS", 0)
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    result = cli("validate", str(fifo))
    assert result.exit_code == 3
    assert result.stderr.strip() == f"{fifo}:1:1: error: is a named pipe that gave no input (none came within 0 s): give a YAML file"


def test_a_named_pipe_with_a_writer_is_read(cli, tmp_path):
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    text = (ROOT / "tests" / "data" / "valid" / "minimal_case.yaml").read_text(encoding="utf-8")
    rubric = ROOT / "tests" / "data" / "valid" / "mini_rubric.yaml"
    (tmp_path / "mini_rubric.yaml").write_bytes(rubric.read_bytes())

    def write():
        with open(fifo, "w", encoding="utf-8") as handle:  # blocks until the reader opens the pipe
            handle.write(text)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = cli("validate", str(fifo))
    writer.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert "ok (" in result.stdout


def test_a_batch_target_that_is_missing_is_reported_and_the_others_written(cli, tmp_path):
    out = tmp_path / "out.csv"
    result = cli("batch", str(ROOT / "cases" / "teaching_fictional_council.yaml"), str(tmp_path / "gone.yaml"), "-o", str(out))
    assert result.exit_code == 3, result.stderr
    assert f"{tmp_path / 'gone.yaml'}:1:1: error: no such file" in result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2  # header and the one valid case


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_case_is_exit_3_in_every_command(cli, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("meta: {}\n", encoding="utf-8")
    case.chmod(0)
    for argv in (["validate", str(case)], ["score", str(case)], ["batch", str(case), "-o", str(tmp_path / "o.csv")]):
        result = cli(*argv)
        assert result.exit_code == 3 and "permission denied" in result.stderr, (argv, result.stderr)
