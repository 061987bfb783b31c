"""`score -o ...`: every output's prerequisites before the first file, all or none, and the right install hint."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from assess import extras
from assess.errors import OutputError
from assess.output import write_all_atomic
from conftest import ROOT, RUSSIA, run_subprocess


def written(folder: Path) -> list[str]:
    """Everything in `folder`, temporary files included: a refused run must leave it empty."""
    return sorted(p.name for p in folder.iterdir())


def test_without_the_pdf_extra_nothing_is_written_and_exit_4(monkeypatch, tmp_path, cli):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what an uninstalled extra looks like to import
    monkeypatch.chdir(tmp_path)
    result = cli("score", str(RUSSIA), "-o", "a.html", "-o", "b.pdf", "-o", "c.md", "--draws", "0")
    assert result.exit_code == 4
    assert written(tmp_path) == []
    assert result.stderr.splitlines() == [
        f"b.pdf: error: PDF output needs the optional extra [pdf] (not installed); install it with: "
        f"pip install '.[pdf]' (in {ROOT}, the folder assess was installed from)"
    ]


def test_a_real_process_without_weasyprint_writes_nothing(tmp_path):
    # A stand-in `weasyprint` first on the path fails to import, as an absent package does.
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text("raise ImportError('simulated: WeasyPrint is not installed')\n")
    out = tmp_path / "out"
    out.mkdir()
    path = os.pathsep.join([str(fake), str(ROOT), os.environ.get("PYTHONPATH", "")])
    result = run_subprocess("score", str(RUSSIA), "-o", "a.html", "-o", "b.pdf", "-o", "c.md", "--draws", "0",
                            cwd=out, env={"PYTHONPATH": path})
    assert result.exit_code == 4, result.stderr
    assert written(out) == []
    assert "b.pdf: error: PDF output needs the optional extra [pdf]" in result.stderr
    assert "install it with: pip install '.[pdf]'" in result.stderr and "Traceback" not in result.stderr


def test_every_problem_is_one_line_and_nothing_is_written(monkeypatch, tmp_path, cli):
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("a file, not a folder")
    result = cli("score", str(RUSSIA), "-o", "a.html", "-o", "b.docx", "-o", "absent/c.md", "-o", "notes.txt/d.json",
                 "--draws", "0")
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        "b.docx: error: cannot tell the format from '.docx': use one of .json, .html, .htm, .md, .pdf or --format",
        "absent/c.md: error: cannot write: the folder 'absent' does not exist",
        "notes.txt/d.json: error: cannot write: 'notes.txt' is not a folder",
    ]
    assert written(tmp_path) == ["notes.txt"]


def test_an_output_that_is_the_case_is_refused_before_anything_is_written(tmp_path, cli):
    case = tmp_path / "case.json"
    case.write_text(RUSSIA.read_text(encoding="utf-8"), encoding="utf-8")  # YAML is read whatever the suffix
    for source in (RUSSIA.parent / "sources").iterdir():
        (tmp_path / "sources").mkdir(exist_ok=True)
        (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    before = case.read_bytes()
    result = cli("score", str(case), "-o", str(tmp_path / "r.md"), "-o", str(case), "--draws", "0")
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == f"{case}: error: refusing to write over an input file; choose another output name"
    assert case.read_bytes() == before and not (tmp_path / "r.md").exists()


def test_a_report_that_fails_to_render_leaves_the_others_unwritten(monkeypatch, tmp_path, cli):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.md").write_text("{{ no_such_value.field }}\n")  # StrictUndefined: a render error
    monkeypatch.chdir(tmp_path)
    result = cli("score", str(RUSSIA), "-o", "a.html", "-o", "b.md", "--template-dir", str(templates), "--draws", "0")
    assert result.exit_code == 4, result.stderr
    assert written(tmp_path) == ["templates"]


def test_all_or_none_when_a_later_file_cannot_be_staged(tmp_path):
    first = tmp_path / "first.md"
    with pytest.raises(OutputError, match="cannot write"):
        write_all_atomic([(first, "one"), (tmp_path / "absent" / "second.md", "two")])
    assert written(tmp_path) == []


def test_all_files_are_written_when_all_can_be(tmp_path):
    write_all_atomic([(tmp_path / "a.md", "one"), (tmp_path / "b.json", b"{}")])
    assert written(tmp_path) == ["a.md", "b.json"] and (tmp_path / "a.md").read_text() == "one"


def test_an_index_install_is_told_the_distribution_name(monkeypatch):
    monkeypatch.setattr(extras, "installed_from_checkout", lambda: None)
    assert extras.install_hint("pdf") == "pip install 'assess-mediation[pdf]'"


@pytest.mark.parametrize(
    ("record", "folder"),
    [
        ({"url": "file:///home/ana/assess", "dir_info": {"editable": True}}, Path("/home/ana/assess")),
        ({"url": "file:///home/ana/my%20assess", "dir_info": {}}, Path("/home/ana/my assess")),  # pip install .
        ({"url": "file:///tmp/assess_mediation-0.1.0-py3-none-any.whl", "archive_info": {}}, None),
        ({"url": "https://example.org/assess.tar.gz", "archive_info": {}}, None),
    ],
)
def test_where_assess_was_installed_from(record, folder):
    assert extras._folder_of(json.dumps(record)) == folder


def test_no_install_record_means_an_index(monkeypatch):
    assert extras._folder_of(None) is None and extras._folder_of("not json") is None


def test_the_distribution_is_not_named_assess():
    # `assess` on the package index is an unrelated project: installing by that name would fetch it.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'name = "{extras.DIST_NAME}"' in text and extras.DIST_NAME != "assess"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert extras.DIST_NAME in readme and "pip install . &&" in readme and "pip install '.[pdf,test]'" in readme
