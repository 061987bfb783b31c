"""`assess score -o ...`: several reports in one run, reproducible bytes, never over an input, clear failures."""

from __future__ import annotations

import json
import shutil

import pytest
from render_helpers import EPOCH, ROOT

RUSSIA = str(ROOT / "cases" / "russia_nk.yaml")


@pytest.fixture
def env():
    return {"SOURCE_DATE_EPOCH": EPOCH}


def test_one_run_writes_every_format(cli, tmp_path, env):
    pytest.importorskip("weasyprint")
    outputs = [tmp_path / name for name in ("r.html", "r.pdf", "r.md", "r.json")]
    result = cli("score", RUSSIA, *[arg for path in outputs for arg in ("-o", str(path))], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # with -o the reports go to files; stderr says what was written
    for path in outputs:
        assert f"wrote {path}" in result.stderr
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "r.md").read_text().startswith("# ")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["generated"] == "2023-11-14" and data["case"]["mediator"]["name"] == "Russia"
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temporary files


def test_two_runs_give_identical_bytes(cli, tmp_path, env):
    for run in ("a", "b"):
        result = cli("score", RUSSIA, "-o", str(tmp_path / f"{run}.html"), "-o", str(tmp_path / f"{run}.md"),
                     "-o", str(tmp_path / f"{run}.json"), env=env)
        assert result.exit_code == 0, result.output
    for suffix in ("html", "md", "json"):
        assert (tmp_path / f"a.{suffix}").read_bytes() == (tmp_path / f"b.{suffix}").read_bytes(), suffix
    assert "2023-11-14" in (tmp_path / "a.html").read_text()


def test_format_forces_and_stdout_without_output(cli, tmp_path, env):
    result = cli("score", RUSSIA, "--format", "md", "-o", str(tmp_path / "report.txt"), env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.txt").read_text().startswith("# ")
    printed = cli("score", RUSSIA, "--format", "html", env=env)
    assert printed.exit_code == 0 and printed.stdout.startswith("<!DOCTYPE html>")


def test_unknown_suffix_is_exit_4_with_one_line(cli, tmp_path):
    target = tmp_path / "report.docx"
    result = cli("score", RUSSIA, "-o", str(target))
    assert result.exit_code == 4
    assert f"{target}: error: cannot tell the format from '.docx'" in result.stderr
    assert not target.exists()


def test_refuses_to_write_over_the_case_or_its_rubric(cli, tmp_path):
    case = tmp_path / "russia_nk.yaml"
    shutil.copy(RUSSIA, case)
    shutil.copytree(ROOT / "cases" / "sources", tmp_path / "sources")
    before = case.read_bytes()
    result = cli("score", str(case), "--format", "html", "-o", str(case))
    assert result.exit_code == 4
    assert "refusing to write over an input file" in result.stderr
    assert case.read_bytes() == before
    rubric = tmp_path / "rubric.yaml"
    shutil.copy(ROOT / "rubrics" / "un_guidance.yaml", rubric)
    rubric_before = rubric.read_bytes()
    result = cli("score", str(case), "--rubric", str(rubric), "--format", "json", "-o", str(rubric))
    assert result.exit_code == 4 and "refusing to write over an input file" in result.stderr
    assert rubric.read_bytes() == rubric_before


def test_template_dir_option(cli, tmp_path, env):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "report.md").write_text("Custom report for {{ case.mediator.name }}: {{ a.overall.verdict }}\n")
    out = tmp_path / "r.md"
    result = cli("score", RUSSIA, "--template-dir", str(templates), "-o", str(out), env=env)
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("Custom report for Russia: ")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "report.md").write_text("{{ nothing_here }}\n")
    result = cli("score", RUSSIA, "--template-dir", str(broken), "-o", str(out))
    assert result.exit_code == 4
    assert f"{broken / 'report.md'}:1: error: template error: 'nothing_here' is undefined" in result.stderr


def test_a_user_template_cannot_run_code(cli, tmp_path):
    """A template folder received with a case is sandboxed: reaching Python internals is a template error (exit 4),
    the command never runs and nothing is written."""
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    marker = tmp_path / "pwned"
    (hostile / "report.md").write_text(
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}\n", encoding="utf-8")
    out = tmp_path / "r.md"
    result = cli("score", RUSSIA, "--template-dir", str(hostile), "-o", str(out))
    assert result.exit_code == 4 and "template error" in result.stderr
    assert not marker.exists() and not out.exists()
    assert "Traceback" not in result.stderr
