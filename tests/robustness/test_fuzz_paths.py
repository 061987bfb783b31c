"""Fuzzing the fields that name files, and the bytes of the files named (issue 16): whatever a received case
points at and whatever a source text holds, every command ends valid or with located errors, and no byte of a
file outside the case's folder reaches an output or a message."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.test_fuzz import BASE, LOCATED, SHIPPED, dump

# A private file outside the case's folder: the essay with a mark in every " the ", so the case's quotes match it
# closely but not exactly and, if it were read, its wording would be shown ("closest wording in the source").
MARK = "\u2e3b"  # THREE-EM DASH: in no shipped text, and kept out of the generated paths
ESSAY = (SHIPPED.parent / "sources" / "russia_nk_essay.txt").read_text(encoding="utf-8")
PRIVATE = ESSAY.replace(" the ", f" th{MARK}e ")
assert MARK not in ESSAY

# The places a case names a file, as (field path, how to set a value there).
PLACES = ["text", "texts", "bibliography", "rubric"]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """home/private.txt outside the case's folder; home/case/ with the case's sources, a symlink out, a pipe, a
    folder and a device link among them."""
    home = tmp_path_factory.mktemp("home")
    (home / "private.txt").write_text(PRIVATE, encoding="utf-8")
    (home / "private.bib").write_text(f"@report{{essay, title={{{MARK}}}}}\n", encoding="utf-8")
    (home / "private.yaml").write_text(f"id: {MARK}\n", encoding="utf-8")
    case = home / "case"
    shutil.copytree(SHIPPED.parent / "sources", case / "sources")
    os.symlink(home / "private.txt", case / "sources" / "link.txt")
    os.symlink("/dev/zero", case / "sources" / "zero.txt")
    os.mkfifo(case / "sources" / "pipe.txt")
    (case / "sources" / "folder.txt").mkdir()
    return case


def hostile_paths(home: Path) -> st.SearchStrategy[str]:
    outside = str(home.parent / "private.txt")
    return st.one_of(
        st.sampled_from([
            outside, "../private.txt", "sources/../../private.txt", "sources/link.txt", "./sources/link.txt",
            "/proc/self/environ", "/etc/passwd", "/dev/zero", "sources/zero.txt", "sources/pipe.txt",
            "sources/folder.txt", "sources/", "", " ", "~/private.txt", "file:///etc/passwd",
            "C:\\Windows\\win.ini", "\\\\server\\share\\x.txt", "sources/" + "x" * 300 + ".txt",
            "/".join(["a" * 200] * 30), "sources/nul\x00.txt", "sources/\u202etxt.private", "../private.bib",
            "../private.yaml", str(home.parent / "private.yaml"), "sources/russia_nk_essay.txt",
        ]),
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=MARK), max_size=40),
    )


def place(case: dict, where: str, value: str) -> dict:
    source = case["sources"][0]
    if where == "text":
        source["text"] = value
    elif where == "texts":
        source["texts"] = [{"path": value}]
    elif where == "bibliography":
        case["bibliography"] = value
    else:
        case["meta"]["rubric"] = value
    return case


def assert_no_leak(*texts: str) -> None:
    for text in texts:
        assert MARK not in text, "a file outside the case's folder reached the output"


def assert_located(stderr: str) -> None:
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for line in stderr.splitlines():
        assert (LOCATED.match(line) or re.match(r"^.+: (error|note|warning): ", line)
                or re.match(r"^wrote .+ \(\w+\)$", line)), f"not located: {line!r}"


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(data=st.data(), where=st.sampled_from(PLACES), style=st.sampled_from(["block", "json"]))
def test_a_hostile_path_in_any_file_field_is_refused_or_read_inside(world, cli, monkeypatch, data, where, style):
    monkeypatch.delenv("ASSESS_TRUSTED_DIRS", raising=False)
    from assess.loading import yamlfile

    monkeypatch.setattr(yamlfile, "PIPE_WAIT_SECONDS", 0)
    value = data.draw(hostile_paths(world), label="path")
    case = place(json.loads(json.dumps(BASE)), where, value)
    path = world / "case.yaml"
    path.write_text(dump(case, style), encoding="utf-8")
    for argv in (["validate", str(path)], ["verify", str(path)],
                 ["score", str(path), "--draws", "0", "--format", "md", "-o", str(world / "report.md")]):
        result = cli(*argv)
        assert result.exit_code in (0, 1, 3), (argv, result.exit_code, result.stderr)
        assert_located(result.stderr)
        assert_no_leak(result.stdout, result.stderr)
    report = world / "report.md"
    if report.exists():
        assert_no_leak(report.read_text(encoding="utf-8"))
        report.unlink()


def test_the_leak_check_sees_a_leak_when_the_private_folder_is_trusted(world, cli, monkeypatch):
    """The fuzzer's check can fail: trust the private file's folder and its wording reaches the report."""
    monkeypatch.setenv("ASSESS_TRUSTED_DIRS", str(world.parent))
    path = world / "trusted.yaml"
    path.write_text(dump(place(json.loads(json.dumps(BASE)), "text", "../private.txt"), "block"), encoding="utf-8")
    report = world / "trusted.md"
    result = cli("score", str(path), "--draws", "0", "--format", "md", "-o", str(report))
    assert result.exit_code == 0, result.stderr
    with pytest.raises(AssertionError, match="outside the case's folder reached"):
        assert_no_leak(report.read_text(encoding="utf-8"))
    monkeypatch.delenv("ASSESS_TRUSTED_DIRS")
    refused = cli("score", str(path), "--draws", "0", "--format", "md", "-o", str(report))
    assert refused.exit_code == 3 and "source texts must be inside the case's folder" in refused.stderr


@SETTINGS
@given(raw=st.one_of(
    st.binary(max_size=2_000),
    st.text(max_size=2_000).map(lambda t: t.encode("utf-8")),
    st.tuples(st.binary(max_size=200), st.integers(0, len(ESSAY))).map(
        lambda pair: ESSAY[: pair[1]].encode("utf-8") + pair[0] + ESSAY[pair[1]:].encode("utf-8")),
), encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_random_bytes_as_a_source_text_are_verified_or_located(world, cli, raw, encoding):
    """The essay's local copy replaced by random bytes (or the essay with bytes spliced in, or re-encoded)."""
    text_file = world / "sources" / "russia_nk_essay.txt"
    original = text_file.read_bytes()
    try:
        if encoding != "utf-8":
            raw = raw.decode("utf-8", errors="replace").encode(encoding, errors="replace")
        text_file.write_bytes(raw)
        path = world / "case_bytes.yaml"
        path.write_text(dump(json.loads(json.dumps(BASE)), "block"), encoding="utf-8")
        verify = cli("verify", str(path), "-q")
        assert verify.exit_code in (0, 1, 3), verify.stderr
        assert_located(verify.stderr)
        score = cli("score", str(path), "--draws", "0", "--format", "json", "-o", str(world / "bytes.json"))
        assert score.exit_code in (0, 3), score.stderr
        assert_located(score.stderr)
        if score.exit_code == 0:
            json.loads((world / "bytes.json").read_text(encoding="utf-8"))
    finally:
        text_file.write_bytes(original)


TEACHING = SHIPPED.parent / "teaching_fictional.yaml"


@pytest.fixture(scope="module")
def teaching_folder(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fuzz_teaching")
    shutil.copytree(SHIPPED.parent / "sources", target / "sources")
    return target


@SETTINGS
@given(data=st.data(), style=st.sampled_from(["json", "block"]), count=st.integers(1, 3))
def test_a_mutated_case_with_a_bibliography_is_valid_or_located(teaching_folder, data, style, count):
    """The teaching case has what the Russia case lacks (a bibliography, `texts:`, ratings): mutated, it still
    loads or fails located (a source `id: [a]` beside a bibliography once crashed the merge)."""
    from tests.robustness.test_fuzz import assert_valid_or_located, mutate
    from assess.loading.yamlfile import read_yaml_file

    case = json.loads(json.dumps(read_yaml_file(TEACHING).data, default=str))
    for _ in range(count):
        if not isinstance(case, dict) or not case:
            break
        case = mutate(case, data.draw)
    path = teaching_folder / "mutated.yaml"
    path.write_text(dump(case, style), encoding="utf-8")
    assert_valid_or_located(path)


def test_a_source_id_that_is_a_list_beside_a_bibliography_is_located(teaching_folder, cli):
    from assess.loading.yamlfile import read_yaml_file

    case = json.loads(json.dumps(read_yaml_file(TEACHING).data, default=str))
    case["sources"].append({"id": ["a"]})
    path = teaching_folder / "id_list.yaml"
    path.write_text(dump(case, "block"), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert re.search(r":\d+:\d+: error: sources\[\d+\]\.id: must be a text; got a list", result.stderr), result.stderr
