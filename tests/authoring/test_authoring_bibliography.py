"""Bibliographies (CSL-JSON, BibTeX) as case sources, and the one reference style reports use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from assess.authoring.citation import format_reference, format_reference_html
from assess.errors import InputError
from assess.loading import open_case
from assess.loading.bibtex import latex_to_text, parse_bibtex, split_names
from assess.models.case import Source

UN_DPA = "United Nations Department of Political Affairs"

CSL = [
    {
        "id": "un2012",
        "type": "report",
        "title": "United Nations Guidance for Effective Mediation",
        "author": [{"literal": UN_DPA}],
        "publisher": "United Nations",
        "issued": {"date-parts": [[2012, 6]]},
        "URL": "https://peacemaker.un.org/guidance-effective-mediation",
    },
    {
        "id": "doe2019",
        "type": "article-journal",
        "title": "Mediator bias in the South Caucasus",
        "author": [{"family": "Doe", "given": "Jane"}, {"family": "Beer", "given": "Ludwig", "non-dropping-particle": "van"}],
        "container-title": "Journal of Peace Research",
        "issued": {"date-parts": [[2019]]},
        "DOI": "https://doi.org/10.1177/0022343319000000",
    },
    {"id": "unused", "type": "book", "title": "Never cited"},
]

BIBTEX = r"""% exported by a reference manager
@string{jpr = "Journal of Peace Research"}
@techreport{un2012,
  author = {{United Nations Department of Political Affairs}},
  title = {United Nations Guidance for Effective Mediation},
  institution = {United Nations},
  year = 2012,
  month = jun,
  url = {https://peacemaker.un.org/guidance-effective-mediation},
}
@article{doe2019,
  author = {Jane Doe and van Beer, Ludwig and M{\"u}ller, J{\'e}r{\^o}me},
  title = {Mediator {Bias} in the {South Caucasus} -- a review},
  journal = jpr,
  year = {2019},
  doi = {10.1177/0022343319000000},
  reliability = {B},
}
@comment{ignored}
"""


def _case(tmp_path: Path, bibliography: str, sources: str = "[]") -> Path:
    case = tmp_path / "case.yaml"
    case.write_text(
        "meta: {id: t, title: T, assessors: [me], assessed: 2024-01-01}\n"
        "mediator: {name: M, kind: state}\n"
        "conflict: {name: C, parties: [{id: a, name: A}, {id: b, name: B}]}\n"
        f"bibliography: {bibliography}\n"
        f"sources: {sources}\n"
        "evidence:\n"
        "  - {id: e1, claim: c, source: un2012, kind: fact, credibility: 2, bears_on: {balance: 1}}\n"
        "  - {id: e2, claim: c, source: [doe2019], kind: analysis, credibility: 3, bears_on: {balance: -1}}\n",
        encoding="utf-8",
    )
    return case


def test_csl_json_entries_become_sources_with_institutional_authors_whole(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text(json.dumps(CSL), encoding="utf-8")
    loaded = open_case(_case(tmp_path, "refs.json"))
    sources = {s.id: s for s in loaded.case.sources}
    assert set(sources) == {"un2012", "doe2019"}  # only cited entries join the case
    assert sources["un2012"].authors == [UN_DPA]
    assert sources["un2012"].kind == "report" and sources["un2012"].year == 2012 and sources["un2012"].date == "2012-06"
    assert sources["doe2019"].authors == ["Doe, Jane", "van Beer, Ludwig"]
    assert sources["doe2019"].doi == "10.1177/0022343319000000"
    # Neither entry carries a grade: both count as F, with a located warning in the bibliography file.
    assert {s.reliability for s in sources.values()} == {"F"}
    warned = [str(w) for w in loaded.warnings if "no reliability grade" in w.message]
    assert len(warned) == 2 and warned[0].startswith(f"{tmp_path / 'refs.json'}:")


def test_bibtex_entries_with_braced_institution_accents_macros(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIBTEX, encoding="utf-8")
    loaded = open_case(_case(tmp_path, "refs.bib"))
    sources = {s.id: s for s in loaded.case.sources}
    un = sources["un2012"]
    assert un.authors == [UN_DPA] and un.publisher == "United Nations" and un.kind == "report"
    doe = sources["doe2019"]
    assert doe.authors == ["Doe, Jane", "van Beer, Ludwig", "Müller, Jérôme"]
    assert doe.title == "Mediator Bias in the South Caucasus \u2013 a review"
    assert doe.container == "Journal of Peace Research"
    assert doe.reliability == "B"  # the non-standard `reliability` field is read
    warnings = [w for w in loaded.warnings if "no reliability grade" in w.message]
    assert [w.line for w in warnings] == [3]  # only un2012, located at its entry


def test_inline_source_with_the_same_id_extends_the_entry(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text(json.dumps(CSL), encoding="utf-8")
    case = _case(tmp_path, "refs.json", "[{id: un2012, reliability: A, reliability_note: The UN's own text}]")
    loaded = open_case(case)
    un = next(s for s in loaded.case.sources if s.id == "un2012")
    assert un.reliability == "A" and un.reliability_note == "The UN's own text" and un.authors == [UN_DPA]
    assert not any("'un2012' has no reliability grade" in w.message for w in loaded.warnings)


def test_bibtex_errors_are_located(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text("@article{ok, title = {Fine}, year = 2000}\n\n@book{bad,\n  title = {Never closed,\n", encoding="utf-8")
    result = run_cli("validate", str(_case(tmp_path, "refs.bib")))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{tmp_path / 'refs.bib'}:4:11: error: unbalanced braces")


def test_missing_bibliography_and_unknown_keys_are_located_in_the_case(tmp_path: Path) -> None:
    result = run_cli("validate", str(_case(tmp_path, "nowhere.json")))
    assert result.exit_code == 3
    assert f"{tmp_path / 'case.yaml'}:4:15: error: bibliography file 'nowhere.json' not found" in result.stderr
    (tmp_path / "refs.json").write_text(json.dumps(CSL[:1]), encoding="utf-8")
    result = run_cli("validate", str(_case(tmp_path, "refs.json")))
    assert result.exit_code == 3 and "unknown source 'doe2019'" in result.stderr


def test_invalid_csl_json_is_located(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text('[{"id": "x",}]', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        open_case(_case(tmp_path, "refs.json"))
    assert str(caught.value.diagnostics[0]).startswith(f"{tmp_path / 'refs.json'}:1:13: error: bibliography is not valid CSL-JSON")


def test_bibtex_name_rules() -> None:
    assert split_names("{United Nations Department of Political Affairs} and Jane Doe") == [UN_DPA, "Doe, Jane"]
    assert split_names("{Organization for Security and Co-operation in Europe}") == [
        "Organization for Security and Co-operation in Europe"
    ]
    assert split_names("Ludwig van Beethoven") == ["van Beethoven, Ludwig"]
    assert latex_to_text(r"S{\~a}o Tom{\'e} \& Pr\'{\i}ncipe") == "São Tomé & Príncipe"
    entries, problems = parse_bibtex("@misc{a, title={x} # { y}}", "r.bib")
    assert not problems and entries[0].fields["title"] == "x y"


def test_reference_style() -> None:
    un = Source(id="un", kind="report", title="United Nations Guidance for Effective Mediation", authors=[UN_DPA],
                year=2012, publisher="United Nations", url="https://peacemaker.un.org/x", reliability="A")
    assert format_reference(un) == (
        f"{UN_DPA} (2012). United Nations Guidance for Effective Mediation. United Nations. https://peacemaker.un.org/x"
    )
    two = Source(id="d", kind="academic", title="Why mediators lean?", authors=["Doe, Jane", "Roe, R."],
                 container="J. Peace Res.", doi="10.1234/x", url="javascript:alert(1)", reliability="B")
    # An unsafe URL is never a link, but it stays visible as text: dropping it would hide what the case says.
    assert format_reference(two) == (
        "Doe, Jane & Roe, R. (n.d.). Why mediators lean? J. Peace Res. https://doi.org/10.1234/x javascript:alert(1)"
    )
    anonymous = Source(id="e", kind="essay", title="An <essay>", reliability="F", url="file:///etc/passwd")
    assert format_reference(anonymous) == "An <essay>. (n.d.). file:///etc/passwd"
    html = str(format_reference_html(anonymous))
    assert html == '<cite>An &lt;essay&gt;.</cite> (n.d.). <span class="unlinked">file:///etc/passwd</span>'
    assert "href" not in html
    two_html = str(format_reference_html(two))
    assert '<a href="https://doi.org/10.1234/x"' in two_html and 'href="javascript' not in two_html


def test_reference_filters_are_registered_in_the_report_environment() -> None:
    jinja_env = pytest.importorskip("assess.render.jinja_env")
    env = jinja_env.make_environment("html")
    source = Source(id="un", kind="report", title="T", authors=[UN_DPA], year=2012, reliability="A")
    assert env.from_string("{{ s | reference }}").render(s=source) == f"{UN_DPA} (2012). T."
    assert env.from_string("{{ s | reference_html }}").render(s=source) == f"{UN_DPA} (2012). <cite>T.</cite>"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

BIB_ALPHABET = st.sampled_from(list("@{}(),=#\"%\\ \n\tabcAB01_-.:") + ["@article{", "author = ", " and ", "{{", "}}"])


@settings(max_examples=300, deadline=None)
@given(st.lists(BIB_ALPHABET, max_size=80).map("".join))
def test_bibtex_parser_never_crashes(text: str) -> None:
    entries, problems = parse_bibtex(text, "r.bib")
    for problem in problems:
        assert str(problem).startswith("r.bib:") and ": error: " in str(problem)
    for entry in entries:
        split_names(entry.protected.get("author", ""))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
        ["id", "type", "title", "author", "issued", "date-parts", "literal", "family", "given", "URL", "DOI",
         "container-title", "reliability"]), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(JSON_VALUES)
def test_hostile_csl_json_is_valid_or_located(tmp_path_factory, value) -> None:
    folder = tmp_path_factory.mktemp("csl")
    if isinstance(value, dict):
        value = [{**value, "id": "un2012"}]
    (folder / "refs.json").write_text(json.dumps(value), encoding="utf-8")
    try:
        open_case(_case(folder, "refs.json"))
    except InputError as exc:
        assert all(": error: " in line for line in exc.lines())
