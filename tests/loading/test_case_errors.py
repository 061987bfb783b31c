"""Model errors mapped to file positions, and cross-reference checks, for case files."""

from __future__ import annotations

import pytest

from assess.errors import InputError
from assess.loading import open_case
from conftest import DATA
from loading_helpers import MINIMAL, VALID, line_of, work, write  # noqa: F401 - fixtures


def errors_of(path) -> list[str]:
    with pytest.raises(InputError) as info:
        open_case(path)
    return info.value.lines()


def one_error(path) -> str:
    lines = errors_of(path)
    assert len(lines) == 1, lines
    return lines[0]


def with_line_after(text: str, anchor: str, new_line: str) -> str:
    """Insert `new_line` right after the first line containing `anchor`."""
    lines = text.splitlines()
    at = line_of(text, anchor)
    return "\n".join(lines[:at] + [new_line] + lines[at:]) + "\n"


def test_minimal_and_full_cases_are_valid():
    assert open_case(VALID / "minimal_case.yaml").case.meta.id == "minimal"
    full = open_case(VALID / "full_case.yaml")
    assert full.case.mediator.name == "NO"  # Norway's code is not turned into False
    assert full.case.evidence[1].locator == "1:30"  # not 90 (YAML 1.1 sexagesimal)
    assert full.case.evidence[0].tags == ["meetings", "yes"]


def test_norway_party_and_mediator_names_stay_no(write):
    text = MINIMAL.replace("name: Norland", "name: NO").replace("name: Westland", "name: NO")
    loaded = open_case(write(text))
    assert loaded.case.mediator.name == "NO"
    assert loaded.case.conflict.parties[1].name == "NO"


def test_yes_in_a_string_field_stays_yes(write):
    loaded = open_case(write(MINIMAL.replace("claim: The mediator met both parties equally often.", "claim: yes")))
    assert loaded.case.evidence[0].claim == "yes"


# --- unknown fields at every level, with "did you mean" ---------------------------------------------------------

UNKNOWN_FIELDS = [
    # (anchor line, inserted line, path in message, suggestion)
    ("conflict:", None, "titel", None),  # top level, appended at the end
    ("  id: minimal", "  titel: x", "meta.titel", "title"),
    ("  kind: state", "  rolse: []", "mediator.rolse", "roles"),
    ("    - {id: west, name: Westland}", "  partys: []", "conflict.partys", "parties"),
    ("    reliability: B", "    reliabilty_note: x", "sources[0].reliabilty_note", "reliability_note"),
    ("    credibility: 2", "    credability: 2", "evidence[0].credability", "credibility"),
]


@pytest.mark.parametrize(("anchor", "inserted", "path", "hint"), UNKNOWN_FIELDS)
def test_unknown_field_located_with_hint(write, anchor, inserted, path, hint):
    if inserted is None:
        text = MINIMAL + "titel: x\n"
        line = len(MINIMAL.splitlines()) + 1
        col = 1
    else:
        text = with_line_after(MINIMAL, anchor, inserted)
        line = line_of(text, inserted)
        col = len(inserted) - len(inserted.lstrip()) + 1
    name = path.rsplit(".", 1)[-1]
    message = one_error(write(text))
    assert message.startswith(f"{write(text)}:{line}:{col}: error: {path}: unknown field '{name}'")
    if hint:
        assert f"(did you mean '{hint}'?)" in message


def test_unknown_field_in_flow_mapping_points_at_the_key(write):
    text = MINIMAL.replace("{id: east, name: Eastland}", "{id: east, name: Eastland, nmae: E}")
    message = one_error(write(text))
    line = line_of(text, "nmae")
    col = text.splitlines()[line - 1].index("nmae") + 1
    assert f":{line}:{col}: error: conflict.parties[0].nmae: unknown field 'nmae' (did you mean 'name'?)" in message


def test_unknown_field_without_close_match_lists_allowed(write):
    message = one_error(write(with_line_after(MINIMAL, "kind: state", "  zzz: 1")))
    assert "mediator.zzz: unknown field 'zzz' (allowed: kind, name, roles)" in message


# --- missing fields, enums, types, ranges ---------------------------------------------------------------------


def test_missing_field_points_at_its_parent(write):
    text = MINIMAL.replace("    claim: The mediator met both parties equally often.\n", "")
    message = one_error(write(text))
    assert f":{line_of(text, '- id: e01')}:5: error: evidence[0].claim: required field is missing" in message


def test_missing_top_level_section(write):
    text = MINIMAL.replace("mediator:\n  name: Norland\n  kind: state\n", "")
    assert one_error(write(text)).endswith(":2:1: error: mediator: required field is missing")


@pytest.mark.parametrize(
    ("old", "new", "path", "fragment"),
    [
        ("kind: state", "kind: statee", "mediator.kind", "'statee' is not allowed (did you mean 'state'?)"),
        ("kind: fact", "kind: fakt", "evidence[0].kind", "'fakt' is not allowed (did you mean 'fact'?)"),
        ("reliability: B", "reliability: G", "sources[0].reliability", "reliability is a letter A–F on the Admiralty scale (A completely reliable"),
        ("kind: report", "kind: reprot", "sources[0].kind", "did you mean 'report'?"),
    ],
)
def test_wrong_enum_values(write, old, new, path, fragment):
    text = MINIMAL.replace(old, new, 1)
    message = one_error(write(text))
    line = line_of(text, new)
    col = text.splitlines()[line - 1].index(new.split(": ")[1]) + 1
    assert f":{line}:{col}: error: {path}: " in message and fragment in message


@pytest.mark.parametrize(
    ("old", "new", "path", "fragment"),
    [
        ("credibility: 2", "credibility: 7", "evidence[0].credibility", "credibility is a whole number 1–6 on the Admiralty scale (1 confirmed"),
        ("credibility: 2", "credibility: 0", "evidence[0].credibility", "6 cannot be judged); got 0"),
        ("credibility: 2", "credibility: two", "evidence[0].credibility", "; got 'two'"),
        ("bears_on: {balance: 2}", "bears_on: {balance: 5}", "evidence[0].bears_on.balance", "a bearing is +1..+3 (supports the standard) or -1..-3 (undermines it)"),
        ("bears_on: {balance: 2}", "bears_on: {balance: 0}", "evidence[0].bears_on", "is 0"),
        ("bears_on: {balance: 2}", "bears_on: [balance]", "evidence[0].bears_on", "must be a mapping of fields"),
        ("assessors: [Test Assessor]", "assessors: Test Assessor", "meta.assessors", "must be a list: write [a, b]"),
        ("assessors: [Test Assessor]", "assessors: []", "meta.assessors", "at least 1"),
        ("assessed: 2024-05-01", "assessed: 2021-02-30", "meta.assessed", "write the day you made the assessment as YYYY-MM-DD, e.g. 2024-05-01; got '2021-02-30'"),
        ("date: 2020-03", "date: 1994-13", "evidence[0].date", "'1994-13' is not a real calendar date"),
        ("date: 2020-03", "date: 2021-02-30", "evidence[0].date", "'2021-02-30' is not a real calendar date"),
        ("date: 2020-03", "date: 1:30", "evidence[0].date", "'1:30' is not a date"),
        ("date: 2020-03", "date: 2020/2019", "evidence[0].date", "ends before it starts"),
        ("date: 2020-03", "date: yes", "evidence[0].date", "'yes' is not a date"),
        ("  id: minimal", "  id: 9lives", "meta.id", "an id starts with a letter"),
        ("    - {id: west, name: Westland}", "    - {id: west, name: '  '}", "conflict.parties[1].name", "must not be blank"),
        ("fictional: true", "fictional: maybe", "meta.fictional", "write true or false; got 'maybe'"),
    ],
)
def test_wrong_types_and_ranges(write, old, new, path, fragment):
    text = MINIMAL.replace(old, new, 1)
    message = one_error(write(text))
    line = line_of(text, new)
    assert f":{line}:" in message and f"error: {path}: " in message and fragment in message
    assert "should" not in message and "Input" not in message  # pydantic's wording never reaches users


def test_one_party_is_too_few(write):
    text = MINIMAL.replace("    - {id: west, name: Westland}\n", "")
    assert "conflict.parties: needs at least 2 item(s); got 1" in one_error(write(text))


def test_all_model_errors_reported_at_once(write):
    text = (
        MINIMAL.replace("kind: state", "kind: statee")
        .replace("reliability: B", "reliability: G")
        .replace("credibility: 2", "credibility: 9")
    )
    text += "bogus: 1\n"
    lines = errors_of(write(text))
    assert len(lines) == 4
    assert [int(line.split(":")[1]) for line in lines] == sorted(int(line.split(":")[1]) for line in lines)


# --- cross-references -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("source: report", "source: reprot", "unknown source 'reprot' (did you mean 'report'?)"),
        ("bears_on: {balance: 2}", "bears_on: {balanse: 2}", "unknown criterion 'balanse' (did you mean 'balance'?)"),
        ("bears_on: {balance: 2}", "bears_on: {balance: 2}\n    favours: wset", "unknown party 'wset' (did you mean 'west'?)"),
    ],
)
def test_unknown_references_get_did_you_mean(write, old, new, fragment):
    text = MINIMAL.replace(old, new)
    message = one_error(write(text))
    needle = fragment.split("'")[1]
    line = line_of(text, needle)
    col = text.splitlines()[line - 1].index(needle) + 1
    assert f":{line}:{col}: error: evidence 'e01': {fragment}" in message


RATINGS = """ratings:
  - {criterion: balanse, level: 3, rationale: r, evidence: [e1], assessor: a2}
"""


def test_rating_references(write):
    text = MINIMAL.replace("assessors: [Test Assessor]", "assessors: [{name: T, id: a1}]") + RATINGS
    lines = errors_of(write(text))
    line = line_of(text, "criterion: balanse")
    assert [m.split(": error: ")[1] for m in lines] == [
        "unknown criterion 'balanse' (did you mean 'balance'?)",
        "unknown evidence 'e1' (did you mean 'e01'?)",
        "unknown assessor 'a2'",
    ]
    assert all(f":{line}:" in m for m in lines)


def test_rating_level_beyond_scale(write):
    text = MINIMAL + "ratings:\n  - {criterion: balance, level: 7, rationale: r}\n"
    assert "level 7 is not on the rubric's scale 0-4" in one_error(write(text))


def test_rating_twice_by_same_assessor(write):
    text = MINIMAL + "ratings:\n  - {criterion: balance, level: 1, rationale: r}\n  - {criterion: balance, level: 2, rationale: s}\n"
    message = one_error(write(text))
    assert "criterion 'balance' is rated twice (first at line" in message


@pytest.mark.parametrize(
    ("text_change", "what"),
    [
        (("    - {id: west, name: Westland}", "    - {id: west, name: Westland}\n    - {id: east, name: Again}"), "party"),
        (("evidence:", "  - {id: report, kind: book, title: Again, reliability: A}\nevidence:"), "source"),
        (("assessors: [Test Assessor]", "assessors: [{name: A, id: x}, {name: B, id: x}]"), "assessor"),
    ],
)
def test_duplicate_ids(write, text_change, what):
    text = MINIMAL.replace(*text_change)
    message = one_error(write(text))
    assert f"duplicate {what} id" in message and "(first at line" in message


def test_duplicate_evidence_ids_name_both_lines(write):
    block = MINIMAL[MINIMAL.index("  - id: e01") :]
    text = MINIMAL + block
    message = one_error(write(text))
    first, second = line_of(text, "- id: e01"), line_of(text, "- id: e01", 2)
    assert f":{second}:" in message and f"duplicate evidence id 'e01' (first at line {first})" in message


def test_missing_rubric_located_at_meta_rubric(write):
    text = MINIMAL.replace("rubric: mini_rubric.yaml", "rubric: un_guidanse")
    message = one_error(write(text))
    assert f":{line_of(text, 'rubric: un_guidanse')}:" in message
    assert "no rubric 'un_guidanse' found" in message and "did you mean 'un_guidance'?" in message


def test_missing_source_text_file(write):
    text = MINIMAL.replace("    reliability: B", "    reliability: B\n    text: sources/absent.txt")
    assert "text file 'sources/absent.txt' not found" in one_error(write(text))


# --- warnings -------------------------------------------------------------------------------------------------


def test_warnings_are_located_and_do_not_fail(write):
    text = MINIMAL.replace("    bears_on: {balance: 2}", "    review: true")
    loaded = open_case(write(text))
    messages = [str(w) for w in loaded.warnings]
    assert any("warning: evidence 'e01' bears on no criterion" in m for m in messages)
    assert any(f":{line_of(text, 'review: true')}:" in m and "draft awaiting review" in m for m in messages)


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("kind: state", 'kind: "sta\\nte"', "'sta\\nte' is not allowed"),
        ("kind: state", 'kind: "state\\u202e"', "'state\\u202e' is not allowed"),
        ("  id: minimal", '  "ti\\ntle": x\n  id: minimal', "unknown field 'ti\\ntle'"),
        ("    source: report", '    source: "rep\\rort\\x85"', "unknown source 'rep\\rort\\x85'"),
    ],
)
def test_messages_stay_on_one_line_whatever_the_input(write, old, new, shown):
    # Values are quoted back to the user: line breaks and bidi controls must not break (or disguise) the line.
    text = MINIMAL.replace(old, new, 1)
    message = one_error(write(text))
    assert "\n" not in message and "\r" not in message and "\u202e" not in message
    assert shown in message


def test_unknown_assessor_gets_did_you_mean(write):
    text = MINIMAL.replace("assessors: [Test Assessor]", "assessors: [{name: Jane, id: jane}, {name: Omar, id: omar}]")
    text += "ratings:\n  - {criterion: balance, level: 3, rationale: r, assessor: jnae}\n"
    message = one_error(write(text))
    assert f":{line_of(text, 'assessor: jnae')}:" in message
    assert "unknown assessor 'jnae' (did you mean 'jane'?)" in message


@pytest.mark.parametrize(("key", "shown"), [("' '", "[' ']: unknown field ' '"), ("'a b'", "['a b']: unknown field 'a b'")])
def test_odd_keys_still_read_as_a_path(write, key, shown):
    message = one_error(write(MINIMAL + f"{key}: 1\n"))
    assert message.split(": error: ")[1].startswith(shown)


def test_aligned_with_an_unknown_party_is_located_with_a_suggestion(tmp_path):
    from conftest import run_cli  # the CLI boundary: exit code and message as a user sees them

    text = (DATA / "invalid" / "unknown_aligned_party.yaml").read_text(encoding="utf-8")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    done = run_cli("validate", str(path))
    assert done.exit_code == 3
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip().startswith("aligned_with:"))
    assert f"case.yaml:{line}:" in done.stderr and "unknown party 'nroth' (did you mean 'north'?)" in done.stderr
    assert "Traceback" not in done.output


def test_aligned_with_a_known_party_validates(tmp_path):
    text = (DATA / "invalid" / "unknown_aligned_party.yaml").read_text(encoding="utf-8").replace("nroth", "north")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    assert open_case(path).case.sources[0].aligned_with == "north"
