"""Fuzzing the loader: mutated copies of the shipped case, and raw text, never crash and are always located."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.errors import InputError
from assess.loading import open_case
from assess.loading.yamlfile import read_yaml_file, read_yaml_text

ROOT = Path(__file__).resolve().parent.parent.parent
SHIPPED = ROOT / "cases" / "russia_nk.yaml"
BASE = read_yaml_file(SHIPPED).data
LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning): \S.*$")
# A failure with more problems than are shown ends with one count line (errors.MAX_SHOWN), which names the file.
MORE_NOT_SHOWN = re.compile(r"^.+: note: \d+ more problems? not shown; fix those above and run again$")

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# Values a hand-written (or hostile) file could hold: unicode, markup, huge and odd numbers, nesting.
NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "", " ", "NO", "yes", "1:30", "2021-02-30", "1994-13", "0x1F", "<script>alert(1)</script>",
            "javascript:alert(1)", "{{ 7*7 }}", "**bold**", "\u202eevil", "\U0001f600", "a\u0301", "\x85", "\ufeff",
            "balanse", "e1", "armenya", "../../etc/passwd", "*alias", "&anchor", "!!python/object", "~", "null",
        ]
    ),
)
SCALARS = st.one_of(
    NASTY_TEXT,
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(NASTY_TEXT, inner, max_size=3)),
    max_leaves=8,
)


def paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into the data (containers and leaves), in a stable order."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, prefix + (index,))
    return found


def parent_and_key(data: Any, path: tuple) -> tuple[Any, Any]:
    node = data
    for part in path[:-1]:
        node = node[part]
    return node, path[-1]


def mutate(data: Any, draw) -> Any:
    """Apply one mutation (drop, retype, duplicate, rename, inject, nest) at a drawn place."""
    candidates = [p for p in paths(data) if p]
    path = candidates[draw(st.integers(0, len(candidates) - 1))]
    parent, key = parent_and_key(data, path)
    operation = draw(st.sampled_from(["drop", "retype", "duplicate", "rename", "inject", "nest", "add"]))
    if operation == "drop":
        del parent[key]
    elif operation == "retype":
        parent[key] = draw(VALUES)
    elif operation == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(parent[key])))
        else:
            parent[str(key) + draw(st.sampled_from(["", "_", "s"]))] = parent[key]
    elif operation == "rename" and isinstance(parent, dict):
        parent[draw(NASTY_TEXT)] = parent.pop(key)
    elif operation == "inject" and isinstance(parent[key], str):
        text = parent[key]
        cut = draw(st.integers(0, len(text)))
        parent[key] = text[:cut] + draw(NASTY_TEXT) + text[cut:]
    elif operation == "nest":
        parent[key] = [{"nested": parent[key]}]
    elif operation == "add" and isinstance(parent[key], dict):
        parent[key][draw(NASTY_TEXT)] = draw(VALUES)
    return data


def dump(data: Any, style: str) -> str:
    if style == "json":
        return json.dumps(data, ensure_ascii=False, indent=1)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=style == "flow")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A copy of cases/ (the case's local source texts) outside the repository."""
    target = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(SHIPPED.parent / "sources", target / "sources")
    return target


def assert_valid_or_located(path: Path) -> None:
    try:
        loaded = open_case(path)
    except InputError as exc:
        lines = exc.lines()
        assert lines, "an InputError without a diagnostic"
        for line in lines:
            assert LOCATED.match(line) or MORE_NOT_SHOWN.match(line), f"not located: {line!r}"
        return
    for warning in loaded.warnings:
        assert LOCATED.match(str(warning)), f"warning not located: {warning}"


def test_unmutated_shipped_case_is_valid_after_round_trip(folder):
    for style in ("json", "block"):
        path = folder / f"round_{style}.yaml"
        path.write_text(dump(json.loads(json.dumps(BASE)), style), encoding="utf-8")
        assert open_case(path).case.meta.id == BASE["meta"]["id"]


@SETTINGS
@given(data=st.data(), style=st.sampled_from(["json", "block", "flow"]), count=st.integers(1, 4))
def test_mutated_case_is_valid_or_located(folder, data, style, count):
    case = json.loads(json.dumps(BASE))  # a deep copy of plain data
    for _ in range(count):
        if not isinstance(case, dict) or not case:
            break
        case = mutate(case, data.draw)
    path = folder / "mutated.yaml"
    path.write_text(dump(case, style), encoding="utf-8")
    assert_valid_or_located(path)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_parses_or_is_located(text):
    try:
        read_yaml_text("t.yaml", text)
    except InputError as exc:
        assert all(LOCATED.match(line) for line in exc.lines()), exc.lines()


YAML_ALPHABET = st.sampled_from(list(":-[]{},&*!|>'\"#%@` \n\t?~") + ["NO", "yes", "key", "1", "<<", "---", "..."])


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_ALPHABET, max_size=60).map("".join))
def test_yaml_like_text_parses_or_is_located(text):
    try:
        read_yaml_text("t.yaml", text)
    except InputError as exc:
        assert all(LOCATED.match(line) for line in exc.lines()), exc.lines()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_random_bytes_are_read_or_located(tmp_path, raw):
    path = tmp_path / "bytes.yaml"
    path.write_bytes(raw)
    try:
        read_yaml_file(path)
    except InputError as exc:
        assert all(LOCATED.match(line) for line in exc.lines()), exc.lines()


def mutated_case_text(data, style: str, count: int) -> str:
    case = json.loads(json.dumps(BASE))
    for _ in range(count):
        if not isinstance(case, dict) or not case:
            break
        case = mutate(case, data.draw)
    return dump(case, style)


def assert_cli_outcome(result) -> None:
    """Exit 0 (valid) or 3 (invalid) and every line on stderr located; never a traceback or an internal error."""
    assert result.exit_code in (0, 3), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    for line in result.stderr.splitlines():
        assert LOCATED.match(line), f"not located: {line!r}"


@pytest.mark.parametrize("command", ["validate", "score"])
def test_mutated_case_through_the_cli(folder, command, cli):
    from assess.cli import cli as assess_group

    if command not in assess_group.commands:
        pytest.skip(f"`assess {command}` has not landed yet")
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data(), style=st.sampled_from(["json", "block"]), count=st.integers(1, 3))
    def check(data, style, count):
        path = folder / f"cli_{command}.yaml"
        path.write_text(mutated_case_text(data, style, count), encoding="utf-8")
        assert_cli_outcome(cli(command, str(path)))

    check()


VALID_DIR = ROOT / "tests" / "data" / "valid"
RUBRIC_BASE = read_yaml_file(VALID_DIR / "mini_rubric.yaml").data
CHILD_BASE = {
    "id": "child",
    "extends": "mini_rubric.yaml",
    "version": "1.1",
    "weighting": {"kinds": {"perception": 0.8}},
    "fundamentals": [{"id": "impartiality", "weight": 5, "criteria": [{"id": "balance", "weight": 4}]}],
}


@pytest.fixture(scope="module")
def rubric_folder(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fuzz_rubric")
    shutil.copy(VALID_DIR / "mini_rubric.yaml", target / "mini_rubric.yaml")
    return target


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), which=st.sampled_from(["rubric", "child"]), count=st.integers(1, 3))
def test_mutated_rubric_is_valid_or_located(rubric_folder, data, which, count):
    from assess.loading import load_rubric

    rubric = json.loads(json.dumps(RUBRIC_BASE if which == "rubric" else CHILD_BASE))
    for _ in range(count):
        if not isinstance(rubric, dict) or not rubric:
            break
        rubric = mutate(rubric, data.draw)
    path = rubric_folder / f"mutated_{which}.yaml"
    path.write_text(dump(rubric, "block"), encoding="utf-8")
    try:
        load_rubric(path)
    except InputError as exc:
        assert exc.lines() and all(LOCATED.match(line) for line in exc.lines()), exc.lines()
