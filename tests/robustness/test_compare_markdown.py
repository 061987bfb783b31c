"""`compare -o x.md` must not turn case text into links, images, code or extra table cells (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
COUNCIL = ROOT / "cases" / "teaching_fictional_council.yaml"
HOSTILE = "[x](javascript:alert(1)) ![i](http://e.example/x.png) `code` <b>bold</b> | pipe"


def _tokens(markdown: str):
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        yield token
        yield from token.children or ()


def test_case_text_in_compare_markdown_stays_text(cli, tmp_path):
    data = yaml.safe_load(COUNCIL.read_text(encoding="utf-8"))
    data["mediator"]["name"] = HOSTILE
    data["conflict"]["name"] = HOSTILE
    shutil.copytree(COUNCIL.parent / "sources", tmp_path / "sources")
    case = tmp_path / "hostile.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "cmp.md"
    result = cli("compare", str(case), str(COUNCIL), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    kinds = {t.type for t in _tokens(text)}
    assert not kinds & {"link_open", "image", "code_inline", "html_inline", "html_block"}, kinds
    header = next(line for line in text.splitlines() if line.startswith("| |"))
    assert header.count(" | ") == 2, header  # two columns: the hostile pipe did not add a cell


def test_parties_whose_names_differ_only_by_invisible_characters_are_warned_about(cli, tmp_path):
    data = yaml.safe_load(COUNCIL.read_text(encoding="utf-8"))
    first, second = data["conflict"]["parties"][:2]
    second["name"] = first["name"][:2] + "\u200b" + first["name"][2:]  # a zero-width space
    shutil.copytree(COUNCIL.parent / "sources", tmp_path / "sources")
    case = tmp_path / "alike.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("validate", str(case))
    assert result.exit_code == 0, result.stderr
    assert f"party '{second['id']}' is named like party '{first['id']}'" in result.output and ": warning: " in result.output
