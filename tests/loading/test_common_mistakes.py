"""The catalogue of common mistakes, checked both ways: each example gives its message, the page quotes each one."""

from __future__ import annotations

import pytest

from assess.loading.catalogue import EXTRA, MISTAKES
from conftest import ROOT, run_cli
from loading_helpers import MINIMAL, work, write  # noqa: F401 - fixtures

PAGE = (ROOT / "docs" / "common-mistakes.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.title for m in MISTAKES])
def test_each_catalogued_mistake_gives_its_message(write, mistake):
    assert mistake.old in MINIMAL, "the example must edit a line of the minimal case"
    text = MINIMAL.replace(mistake.old, mistake.new, 1) + EXTRA.get(mistake.title, "")
    done = run_cli("validate", str(write(text)))
    assert done.exit_code == 3
    assert mistake.message in done.stderr
    assert "Input should" not in done.stderr and "mapping values" not in done.stderr


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.title for m in MISTAKES])
def test_the_page_quotes_each_catalogued_message(mistake):
    assert f"## {mistake.title}" in PAGE
    assert mistake.message in PAGE


def test_the_page_is_linked_from_the_readme_and_the_case_format():
    for doc in ("README.md", "docs/case-format.md"):
        assert "common-mistakes.md" in (ROOT / doc).read_text(encoding="utf-8"), doc
