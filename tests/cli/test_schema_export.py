"""`assess schema`: JSON Schema that editors and other validators can use, accepting what assess accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from assess.loading.yamlfile import read_yaml_file

ROOT = Path(__file__).resolve().parent.parent.parent
CASE_FILES = sorted((ROOT / "cases").glob("*.yaml")) + sorted((ROOT / "tests" / "data" / "valid").glob("*_case.yaml"))
RUBRIC_FILES = sorted((ROOT / "rubrics").glob("*.yaml")) + [ROOT / "tests" / "data" / "valid" / "mini_rubric.yaml"]


def schema_from_cli(cli, which: str) -> dict:
    result = cli("schema", which)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    return schema


def as_json_data(path: Path):
    """The file's plain data as a JSON document would hold it (mapping keys are strings in JSON)."""
    return json.loads(json.dumps(read_yaml_file(path).data))


@pytest.mark.parametrize("which", ["case", "rubric", "result"])
def test_schema_prints_json_schema(cli, which):
    schema = schema_from_cli(cli, which)
    assert schema["type"] == "object" and schema["properties"]


def test_schema_output_is_deterministic(cli):
    assert cli("schema", "case").stdout == cli("schema", "case").stdout


def test_unknown_schema_is_a_usage_error(cli):
    assert cli("schema", "nonsense").exit_code == 2


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_case_schema_accepts_shipped_cases(cli, path):
    validator = Draft202012Validator(schema_from_cli(cli, "case"))
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(as_json_data(path))]
    assert errors == []


@pytest.mark.parametrize("path", RUBRIC_FILES, ids=lambda p: p.name)
def test_rubric_schema_accepts_shipped_rubrics(cli, path):
    validator = Draft202012Validator(schema_from_cli(cli, "rubric"))
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(as_json_data(path))]
    assert errors == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(bogus=1), []),
        (lambda d: d["mediator"].update(kind="statee"), ["mediator", "kind"]),
        (lambda d: d["evidence"][0].update(credibility=9), ["evidence", 0, "credibility"]),
        (lambda d: d["sources"][0].update(reliability="G"), ["sources", 0, "reliability"]),
        (lambda d: d.pop("meta"), []),
    ],
)
def test_case_schema_rejects_what_assess_rejects(cli, change, where):
    data = as_json_data(ROOT / "tests" / "data" / "valid" / "minimal_case.yaml")
    change(data)
    errors = list(Draft202012Validator(schema_from_cli(cli, "case")).iter_errors(data))
    assert errors and any(list(e.absolute_path) == where for e in errors)
