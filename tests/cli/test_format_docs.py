"""docs/case-format.md and docs/rubric-format.md keep up with the models, and their examples are valid."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assess.loading import load_rubric, open_case
from assess.loading.locate import reachable_models
from assess.models.case import Case
from assess.models.rubric import EVIDENCE_KINDS, Rubric

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"


models = reachable_models


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize(("root", "doc"), [(Case, "case-format.md"), (Rubric, "rubric-format.md")])
def test_every_model_field_is_documented(root, doc):
    text = (DOCS / doc).read_text(encoding="utf-8")
    missing = [
        f"{model.__name__}.{name}"
        for model in models(root)
        for name in model.model_fields
        if f"`{name}`" not in text and f"`{name}:" not in text and not re.search(rf"`[a-z_]+\.{name}`", text)
    ]
    assert missing == [], f"fields not documented in docs/{doc}: {missing}"


def test_allowed_values_are_documented():
    case_doc = (DOCS / "case-format.md").read_text(encoding="utf-8")
    from typing import get_args

    from assess.models.case import Mediator, Source

    for model, field in ((Mediator, "kind"), (Source, "kind"), (Source, "reliability")):
        for value in get_args(model.model_fields[field].annotation):
            assert f"`{value}`" in case_doc, f"{model.__name__}.{field} value {value!r} not in docs/case-format.md"
    for kind in EVIDENCE_KINDS:
        assert f"`{kind}`" in case_doc and f"`{kind}`" in (DOCS / "rubric-format.md").read_text(encoding="utf-8")
    for grade in range(1, 7):
        assert f"| `{grade}` |" in case_doc


def test_case_format_example_is_valid(tmp_path):
    example = yaml_blocks((DOCS / "case-format.md").read_text(encoding="utf-8"))[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    loaded = open_case(path)
    assert loaded.case.meta.id == "norland_valley" and len(loaded.case.evidence) == 2


def test_rubric_format_examples_are_valid(tmp_path):
    blocks = yaml_blocks((DOCS / "rubric-format.md").read_text(encoding="utf-8"))
    small, extending = blocks[0], next(b for b in blocks if "extends:" in b)
    (tmp_path / "small.yaml").write_text(small, encoding="utf-8")
    assert load_rubric(tmp_path / "small.yaml").criterion_ids() == ["balance"]
    (tmp_path / "heavy.yaml").write_text(extending, encoding="utf-8")
    heavy = load_rubric(tmp_path / "heavy.yaml")
    base = load_rubric("un_guidance")
    assert heavy.fundamental_of("balance").weight == 60
    assert heavy.weighting.kinds["perception"] == 0.8 and heavy.weighting.kinds["fact"] == base.weighting.kinds["fact"]
    assert heavy.criterion_ids() == base.criterion_ids()


def test_case_format_snippets_are_valid_yaml(tmp_path):
    from assess.loading.yamlfile import read_yaml_text

    # Snippets show alternatives (`source: a`, then `source: [a, b]`): each top-level entry is read on its own.
    for block in yaml_blocks((DOCS / "case-format.md").read_text(encoding="utf-8")):
        entries = re.split(r"\n(?=[^\s#])", block)
        for entry in entries:
            if entry.strip() and not entry.lstrip().startswith("#"):
                read_yaml_text("snippet.yaml", entry)  # raises InputError if it is not what assess accepts


def test_cli_docs_name_the_exit_codes():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |"):
        assert code in text
