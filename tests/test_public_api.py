"""The public Python API a notebook user calls: load_case, load_rubric, score, render."""

from __future__ import annotations

import json

from conftest import RUSSIA


def test_api_loads_scores_and_renders_the_russia_case():
    from assess import load_case, load_rubric, render, score

    case = load_case(RUSSIA)
    rubric = load_rubric("un_guidance")
    result = score(case, rubric, draws=10)
    assert result.overall.verdict
    assert json.loads(render(result, "json"))["overall"]["score"] == result.overall.score
    html = render(result, "html")
    assert "<html" in html and "Armenia" in html


def test_api_render_is_also_reachable_as_the_module_attribute():
    import assess
    from assess import load_case, load_rubric, score

    result = score(load_case(RUSSIA), load_rubric("un_guidance"), draws=0)
    assert assess.render(result, "md").startswith("#")
