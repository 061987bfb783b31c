"""The command line as a user meets it: version, help with examples, validate's exit codes and located messages."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import click
import pytest

from assess import __version__
from assess.cli import cli as assess_group
from assess.loading.yamlfile import read_yaml_file

ROOT = Path(__file__).resolve().parent.parent.parent
CASES = ROOT / "cases"
DATA = ROOT / "tests" / "data"


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append(prefix + (name,))
        if isinstance(command, click.Group):
            found += all_commands(command, prefix + (name,))
    return found


COMMANDS = all_commands(assess_group)


@pytest.fixture
def cases_copy(tmp_path) -> Path:
    """A copy of cases/ outside the repository, to edit freely."""
    shutil.copytree(CASES, tmp_path / "cases")
    return tmp_path / "cases"


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"assess {__version__}"


def test_top_level_help_lists_every_command_and_exit_codes(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for (name,) in (c for c in COMMANDS if len(c) == 1):
        assert name in result.stdout
    assert "Exit codes" in result.stdout and "Example" in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_has_help_with_an_example(cli, command):
    result = cli(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout, f"`assess {' '.join(command)} --help` shows no example"


def test_unknown_command_and_option_are_usage_errors(cli):
    assert cli("frobnicate").exit_code == 2
    assert cli("validate", "--frobnicate", "x.yaml").exit_code == 2
    assert cli("validate").exit_code == 2  # FILE... is required


def test_validate_shipped_case_exits_0(cli):
    result = cli("validate", str(CASES / "russia_nk.yaml"))
    assert result.exit_code == 0, result.output
    assert "russia_nk.yaml: ok" in result.stdout
    assert "error:" not in result.output


def test_validate_all_shipped_files(cli):
    files = sorted(str(p) for p in CASES.glob("*.yaml")) + sorted(str(p) for p in (ROOT / "rubrics").glob("*.yaml"))
    result = cli("validate", *files)
    assert result.exit_code == 0, result.output


def test_validate_quiet_prints_only_problems(cli):
    result = cli("validate", "-q", str(DATA / "valid" / "minimal_case.yaml"))
    assert result.exit_code == 0 and result.stdout == ""


def test_unknown_top_level_field_located_at_its_line(cli, cases_copy):
    case = cases_copy / "russia_nk.yaml"
    text = case.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    line = len(text.splitlines()) + 1
    case.write_text(text + "bogus_field: 1\n", encoding="utf-8")
    result = cli("validate", str(case))
    assert result.exit_code == 3
    assert f"russia_nk.yaml:{line}:1: error: bogus_field: unknown field 'bogus_field'" in result.stderr
    assert "Traceback" not in result.output


def test_duplicated_top_level_key_refused(cli, cases_copy):
    case = cases_copy / "russia_nk.yaml"
    text = case.read_text(encoding="utf-8").rstrip("\n") + "\n"
    first = read_yaml_file(case).position(("mediator",), key=True)[0]
    case.write_text(text + "mediator:\n  name: Somebody else\n  kind: state\n", encoding="utf-8")
    result = cli("validate", str(case))
    assert result.exit_code == 3
    line = len(text.splitlines()) + 1
    assert f"russia_nk.yaml:{line}:1: error: duplicate key 'mediator' (first at line {first})" in result.stderr
    assert "Traceback" not in result.output


def test_misspelt_criterion_gets_did_you_mean(cli, cases_copy):
    case = cases_copy / "russia_nk.yaml"
    doc = read_yaml_file(case)
    index, item = next((i, e) for i, e in enumerate(doc.data["evidence"]) if e.get("bears_on"))
    criterion = next(iter(item["bears_on"]))
    line, col = doc.position(("evidence", index, "bears_on", criterion), key=True)
    misspelt = criterion[:-2] + criterion[-1] + criterion[-2]  # swap the last two letters: 'balance' -> 'balanec'
    lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
    target = lines[line - 1]
    assert target[col - 1 :].startswith(criterion)
    lines[line - 1] = target[: col - 1] + misspelt + target[col - 1 + len(criterion) :]
    case.write_text("".join(lines), encoding="utf-8")
    result = cli("validate", str(case))
    assert result.exit_code == 3
    assert f"russia_nk.yaml:{line}:{col}: error:" in result.stderr
    assert f"unknown criterion '{misspelt}' (did you mean '{criterion}'?)" in result.stderr
    assert "Traceback" not in result.output


def test_validate_several_files_reports_all_problems(cli):
    bad = [DATA / "invalid" / n for n in ("unknown_source.yaml", "tabs_indentation.yaml", "alias_bomb.yaml")]
    good = DATA / "valid" / "minimal_case.yaml"
    result = cli("validate", str(bad[0]), str(good), str(bad[1]), str(bad[2]))
    assert result.exit_code == 3
    for path in bad:
        assert f"{path.name}:" in result.stderr
    assert "minimal_case.yaml: ok" in result.stdout


def test_warnings_do_not_fail_validate(cli):
    result = cli("validate", str(DATA / "valid" / "full_case.yaml"))
    assert result.exit_code == 0
    assert re.search(r"full_case\.yaml:\d+:\d+: warning: evidence 'e02' is a draft awaiting review", result.stderr)


def test_missing_file_is_invalid_input_not_a_crash(cli, tmp_path):
    result = cli("validate", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 3 and "absent.yaml:1:1: error: no such file" in result.stderr


# --- real processes ---------------------------------------------------------------------------------------------

from conftest import run_subprocess  # noqa: E402 - the shared helper lives in tests/conftest.py


def test_subprocess_version_and_validate():
    assert run_subprocess("--version").stdout.strip() == f"assess {__version__}"
    ok = run_subprocess("validate", "cases/russia_nk.yaml")
    assert ok.exit_code == 0, ok.output


def test_subprocess_invalid_input_exit_3_without_traceback():
    result = run_subprocess("validate", *(str(p) for p in sorted((DATA / "invalid").glob("*.yaml"))))
    assert result.exit_code == 3
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.stdout == ""


def test_subprocess_deep_nesting_does_not_crash(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("meta: " + "[" * 300_000 + "]" * 300_000 + "\n")
    result = run_subprocess("validate", str(path))
    assert result.exit_code == 3, result.output  # a segfault would be -11
    assert "deep.yaml:1:" in result.stderr and "nesting deeper than 64 levels" in result.stderr


COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])[0-9;]*m")


@pytest.mark.skipif("score" not in assess_group.commands, reason="`assess score` has not landed yet")
def test_no_color_respected():
    forced = run_subprocess("score", "cases/russia_nk.yaml", env={"FORCE_COLOR": "1"})
    assert COLOUR.search(forced.stdout), "FORCE_COLOR should give colour, or this test proves nothing"
    plain = run_subprocess("score", "cases/russia_nk.yaml", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.exit_code == forced.exit_code
    assert not COLOUR.search(plain.stdout + plain.stderr)
    piped = run_subprocess("score", "cases/russia_nk.yaml", env={"NO_COLOR": ""})
    assert "\x1b[" not in piped.stdout  # not a terminal: no escapes at all


def test_validate_reads_a_pipe_once(cli):
    # `assess validate <(generate-case)`: a pipe can be read only once, and reports size 0.
    text = (DATA / "valid" / "minimal_case.yaml").read_text().replace("rubric: mini_rubric.yaml", "rubric: un_guidance")
    read_end, write_end = os.pipe()
    os.write(write_end, text.encode())
    os.close(write_end)
    try:
        result = cli("validate", f"/dev/fd/{read_end}")
    finally:
        os.close(read_end)
    assert result.exit_code == 0, result.output
    assert f"/dev/fd/{read_end}: ok (1 evidence items" in result.stdout


def test_an_endless_device_is_refused_unread(cli):
    # A device is no case file; an endless pipe is cut at the cap (tests/loading/test_yaml_guards.py).
    result = cli("validate", "/dev/zero", env={"ASSESS_MAX_BYTES": "1000"})
    assert result.exit_code == 3
    assert "/dev/zero:1:1: error: is not a regular file" in result.stderr


def test_rubric_in_json_layout_is_recognised(cli, tmp_path):
    data = read_yaml_file(DATA / "valid" / "mini_rubric.yaml").data
    path = tmp_path / "rubric.json"
    path.write_text(json.dumps(data))
    result = cli("validate", str(path))
    assert result.exit_code == 0 and "rubric.json: ok (rubric 'mini' 1.0, 3 criteria)" in result.stdout


def test_unreadable_file_is_a_located_error(cli, tmp_path, monkeypatch):
    # Tests may run as root, where permissions are not enforced: simulate the refusal instead.
    path = tmp_path / "locked.yaml"
    path.write_text("meta: {}\n")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self.name == "locked.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = cli("validate", str(path))
    assert result.exit_code == 3, result.output
    assert "locked.yaml:1:1: error: permission denied" in result.stderr
