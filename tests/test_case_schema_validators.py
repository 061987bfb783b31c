"""The exported case schema works in other tools: it accepts every shipped case and uses ECMA-262 regexes only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assess.commands.schema import schema_json
from assess.loading.yamlfile import read_yaml_file

jsonschema = pytest.importorskip("jsonschema")
CASES = sorted((Path(__file__).resolve().parent.parent / "cases").glob("*.yaml"))


def _patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


@pytest.fixture(scope="module")
def schema():
    return json.loads(schema_json("case"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_schema_accepts_shipped_case(schema, case):
    # Shorthands such as `source: essay` and `assessors: [Jane Doe]` are part of the format, so of the schema.
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(read_yaml_file(case).data))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]


def test_patterns_are_ecma_262(schema):
    # Python-only syntax such as named groups `(?P<name>` makes check-jsonschema reject the whole schema.
    patterns = list(_patterns(schema))
    assert patterns
    for pattern in patterns:
        assert not re.search(r"\(\?P[<=>]|\(\?[aiLmsux]+\)", pattern), pattern
