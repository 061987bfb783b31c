"""The YAML guards in assess.loading.yamlfile: every refusal is located and nothing is silently lost."""

from __future__ import annotations

import pytest

from assess.errors import InputError
from assess.loading.yamlfile import read_yaml_file, read_yaml_text

from loading_helpers import line_of


def problems(text: str, name: str = "f.yaml") -> list[str]:
    with pytest.raises(InputError) as info:
        read_yaml_text(name, text)
    return info.value.lines()


def only_problem(text: str) -> str:
    lines = problems(text)
    assert len(lines) == 1, lines
    return lines[0]


def test_duplicate_key_names_both_lines():
    text = "meta: 1\nmediator: 2\nevidence: []\nconflict: 3\nevidence: [x]\n"
    line = only_problem(text)
    assert line.startswith("f.yaml:5:1: error: duplicate key 'evidence' (first at line 3)")


def test_duplicate_nested_key_is_located_at_the_second():
    text = "meta:\n  id: a\n  title: b\n  id: c\n"
    assert only_problem(text).startswith("f.yaml:4:3: error: duplicate key 'id' (first at line 2)")


def test_duplicate_keys_are_all_reported_at_once():
    text = "a: 1\na: 2\nb:\n  c: 1\n  c: 2\n"
    lines = problems(text)
    assert [line.split(": error")[0] for line in lines] == ["f.yaml:2:1", "f.yaml:5:3"]


BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
)


def test_billion_laughs_is_refused_before_expansion():
    assert len(BOMB.encode()) == 342  # the classic 342-byte bomb: 9**9 strings if expanded
    lines = problems(BOMB)
    assert all("aliases (*name) are not supported" in line for line in lines)
    # One problem per line that uses aliases, not one per alias, and never one per expanded node.
    assert [line.split(":")[1] for line in lines] == [str(n) for n in range(2, 10)]


def test_single_alias_refused_at_its_key():
    text = "base: &b {x: 1}\nother: *b\n"
    assert only_problem(text).startswith("f.yaml:2:1: error: aliases (*name) are not supported")


def test_anchor_without_alias_is_harmless():
    assert read_yaml_text("f.yaml", "a: &x 1\nb: 2\n").data == {"a": 1, "b": 2}


def test_merge_key_refused():
    lines = problems("a: &x {b: 1}\nc:\n  <<: *x\n")
    assert any("merge keys (<<) are not supported" in line for line in lines)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- a\n- b\n", "must be a mapping of fields, not a list"),
        ("just text\n", "must be a mapping of fields, not a text"),
        ("42\n", "must be a mapping of fields, not a number"),
        ("true\n", "must be a mapping of fields, not a true/false"),
        ("", "file is empty"),
        ("# only a comment\n", "file is empty"),
    ],
)
def test_root_must_be_a_mapping(text, fragment):
    line = only_problem(text)
    assert line.startswith("f.yaml:1:1: error:") and fragment in line


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: 1\nb: !!python/object:os.system x\n", "tag 'tag:yaml.org,2002:python/object:os.system' is not supported"),
        ("a: 1\nb: !custom x\n", "custom tag '!custom' is not supported"),
        ("a: 1\nb: !!set {x, y}\n", "is not supported here"),
        ("a: 1\nb: !!binary aGVsbG8=\n", "tag 'tag:yaml.org,2002:binary' is not supported"),
        ("a: 1\nb: !custom 'quoted'\n", "custom tag '!custom' is not supported"),
        ("a: 1\nb: !custom |\n  block\n", "custom tag '!custom' is not supported"),
    ],
)
def test_custom_and_unsafe_tags_refused(text, fragment):
    line = only_problem(text)
    assert line.startswith("f.yaml:2:4: error:") and fragment in line


def test_multiple_documents_refused_at_the_second_marker():
    text = "a: 1\nb: 2\n---\n\n# the second document\nc: 3\n"
    assert only_problem(text).startswith("f.yaml:3:1: error: more than one YAML document")
    text = "---\na: 1\n--- # again\nc: 3\n"
    assert only_problem(text).startswith("f.yaml:3:1: error: more than one YAML document")


def test_leading_document_marker_is_fine():
    assert read_yaml_text("f.yaml", "---\na: 1\n").data == {"a": 1}


def test_yaml_11_traps_keep_strings():
    text = "party: NO\nmediator: {name: NO}\nat: 1:30\nanswer: yes\noff: off\nlevel: 012\ndate: 2021-02-30\n"
    data = read_yaml_text("f.yaml", text).data
    assert data == {
        "party": "NO",
        "mediator": {"name": "NO"},
        "at": "1:30",
        "answer": "yes",
        "off": "off",
        "level": 12,
        "date": "2021-02-30",
    }


def test_yaml_12_core_scalars_still_resolve():
    data = read_yaml_text("f.yaml", "a: true\nb: false\nc: null\nd: ~\ne: 1.5\nf: -3\ng: 0x1F\nh: 'true'\n").data
    assert data == {"a": True, "b": False, "c": None, "d": None, "e": 1.5, "f": -3, "g": 31, "h": "true"}


def test_quoted_and_tagged_scalars_stay_text():
    text = "a: !!int '3'\nb: '12'\nd: |\n  true\ne: notes\nf: nan\ng: .5\nh: '-'\n"
    data = read_yaml_text("f.yaml", text).data
    assert data == {"a": "3", "b": "12", "d": "true\n", "e": "notes", "f": "nan", "g": 0.5, "h": "-"}


def test_special_keys_are_kept_as_written():
    data = read_yaml_text("f.yaml", "1.5: a\nnull: b\ntrue: c\n7: d\n").data
    assert data == {"1.5": "a", "null": "b", "true": "c", 7: "d"}


def test_syntax_error_is_located_where_the_bracket_opens():
    line = only_problem("a: [1, 2\nb: 3\n")
    assert line.startswith("f.yaml:1:4: error: the '[' opened on this line is never closed: add ']'")


def test_tab_indentation_explained():
    text = "meta:\n  id: x\n\ttitle: y\n"
    line = only_problem(text)
    assert line.startswith("f.yaml:3:1: error: this line is indented with a tab; YAML needs spaces")


@pytest.fixture(params=["this libyaml", "an unprotected libyaml"])
def libyaml_guard(request, monkeypatch):
    """Run a test with this libyaml, and as if it did not limit nesting itself (our own event scan then guards)."""
    if request.param == "an unprotected libyaml":
        monkeypatch.setattr("assess.loading.yamlfile._composer_limits_nesting", lambda: False)
    return request.param


@pytest.mark.parametrize("depth", [100, 10_000, 200_000])
@pytest.mark.parametrize("shape", ["flow_seq", "flow_map", "block_seq"])
def test_deep_nesting_refused_without_crash(depth, shape, libyaml_guard):
    # 200,000 levels crash an unprotected libyaml's recursive C composer (a segfault) unless refused beforehand.
    text = {
        "flow_seq": "a: " + "[" * depth + "]" * depth + "\n",
        "flow_map": "a: " + "{a: " * depth + "1" + "}" * depth + "\n",
        "block_seq": "a:\n" + "- " * depth + "x\n",
    }[shape]
    line = only_problem(text)
    assert line.startswith("f.yaml:") and "nesting deeper than 64 levels" in line


def test_composer_probe_matches_this_libyaml():
    import yaml

    from assess.loading.yamlfile import _composer_limits_nesting

    deep = "[" * 1001 + "]" * 1001
    try:
        yaml.compose(deep, Loader=yaml.CSafeLoader)
        refuses = False
    except yaml.YAMLError:
        refuses = True
    assert _composer_limits_nesting() is refuses


def test_big_file_of_shallow_items_is_not_scanned_for_events(monkeypatch):
    # Thousands of `- ` items exceed the cheap bound; a protected libyaml then makes the event scan unnecessary.
    import yaml

    from assess.loading import yamlfile

    if not yamlfile._composer_limits_nesting():
        pytest.skip("this libyaml does not limit nesting itself")
    monkeypatch.setattr(yaml, "parse", lambda *a, **k: pytest.fail("event scan ran"))
    text = "items:\n" + "".join(f"  - {{id: e{i}, tags: [a, b]}}\n" for i in range(1500))
    assert len(read_yaml_text("f.yaml", text).data["items"]) == 1500


def test_deep_block_mapping_refused(libyaml_guard):
    text = "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "leaf: 1\n"
    assert "nesting deeper than 64 levels" in problems(text)[0]


def test_moderate_nesting_is_accepted():
    text = "a: " + "[" * 40 + "]" * 40 + "\n"
    assert read_yaml_text("f.yaml", text).data["a"] is not None


def test_positions_of_keys_and_values():
    doc = read_yaml_text("f.yaml", "meta:\n  id: x\nlist:\n  - {k: v}\n  - w\n")
    assert doc.position(("meta", "id")) == (2, 7)
    assert doc.position(("meta", "id"), key=True) == (2, 3)
    assert doc.position(("list", 1)) == (5, 5)
    assert doc.position(("list", 0, "k")) == (4, 9)
    assert doc.position(("list", 7, "nothing")) == (4, 3)  # nearest located ancestor
    assert doc.position(("list", 1), key=True) == (5, 5)  # a list item has no key: its value's position


def test_positions_find_special_keys_and_nested_lists():
    doc = read_yaml_text("f.yaml", "7: x\n'null': y\nm:\n  - - a\n    - b\n")
    assert doc.position((7,), key=True) == (1, 1)
    assert doc.position(("null",)) == (2, 9)
    assert doc.position(("m", 0, 1)) == (5, 7)


# --- the file layer: bytes, encodings, size -------------------------------------------------------------------


def file_problem(path) -> str:
    with pytest.raises(InputError) as info:
        read_yaml_file(path)
    lines = info.value.lines()
    assert len(lines) == 1, lines
    return lines[0]


def test_non_utf8_located_at_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nname: Bogot\u00e1\n".encode("latin-1"))
    assert file_problem(path) == f"{path}:2:12: error: file is not valid UTF-8: save it as UTF-8"


def test_nul_byte_located(tmp_path):
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"a: 1\nb: x\x00y\n")
    assert file_problem(path) == f"{path}:2:5: error: file contains a NUL byte: it is not a text file"


def test_utf16_is_refused_as_not_utf8(tmp_path):
    path = tmp_path / "utf16.yaml"
    path.write_bytes("a: 1\n".encode("utf-16"))
    assert "not valid UTF-8" in file_problem(path)


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: Zo\u00eb\nkey: NO\n".encode("utf-8"))
    assert read_yaml_file(path).data == {"name": "Zo\u00eb", "key": "NO"}


def test_size_cap_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 500 + "\n")
    monkeypatch.setenv("ASSESS_MAX_BYTES", "100")
    line = file_problem(path)
    assert line.startswith(f"{path}:1:1: error: file is 504 bytes, above the 100-byte limit (ASSESS_MAX_BYTES)")
    monkeypatch.setenv("ASSESS_MAX_BYTES", "1000")
    assert read_yaml_file(path).data["a"] == "x" * 500


def test_missing_file_and_directory(tmp_path):
    assert file_problem(tmp_path / "nope.yaml").endswith("error: no such file")
    assert file_problem(tmp_path).endswith("error: is a directory, not a YAML file")


def test_crlf_and_line_numbers(tmp_path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"a: 1\r\nb: 2\r\na: 3\r\n")
    assert file_problem(path).startswith(f"{path}:3:1: error: duplicate key 'a' (first at line 1)")


def test_line_of_helper_sanity():
    assert line_of("x\ny\nz\n", "z") == 3


@pytest.mark.parametrize("number", ["1" * 5000, "0x" + "f" * 5000, "9" * 400])
def test_absurdly_large_integers_refused_not_crashing(number):
    # Python cannot print (or read, in decimal) integers of more than 4,300 digits: a ValueError, not an error
    # message, unless the loader refuses them first.
    line = only_problem(f"a: 1\nb: {number}\n")
    assert line.startswith("f.yaml:2:4: error: number too large")


def test_large_but_sane_integers_are_kept():
    assert read_yaml_text("f.yaml", "a: 123456789012345678901234567890\n").data["a"] == 123456789012345678901234567890


def test_a_device_is_refused_unread(monkeypatch):
    monkeypatch.setenv("ASSESS_MAX_BYTES", "4096")
    assert file_problem("/dev/zero") == "/dev/zero:1:1: error: is not a regular file (a device or a socket): give a YAML file"


def test_read_stops_at_the_cap_for_endless_input(monkeypatch, tmp_path):
    import os
    import threading

    monkeypatch.setenv("ASSESS_MAX_BYTES", "4096")
    fifo = tmp_path / "endless.yaml"
    os.mkfifo(fifo)

    def endless() -> None:
        try:
            with open(fifo, "wb") as handle:
                while True:
                    handle.write(b"#" * 4096)
        except OSError:  # the reader stopped at the cap and closed the pipe
            pass

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    assert file_problem(str(fifo)) == f"{fifo}:1:1: error: input is more than the 4,096-byte limit (ASSESS_MAX_BYTES)"
    writer.join(timeout=10)
