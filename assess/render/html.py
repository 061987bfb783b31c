"""The HTML report: one self-contained file (CSS, script and charts inline) with a Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from assess.render import charts
from assess.render.context import build_context
from assess.render.jinja_env import make_environment, raw_asset, render_template

if TYPE_CHECKING:
    from assess.models.assessment import Assessment


def _csp(script: str) -> str:
    # Nothing may load from anywhere: styles and the one script are inline (the script pinned by its hash),
    # images only as data: URIs, and no form may post, no frame may embed.
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _distribution_chart(assessment: Assessment) -> Markup:
    """The headline fundamental's and the overall score's spread over the joint draws (none without draws)."""
    if not assessment.sensitivity or not assessment.sensitivity.distributions:
        return Markup("")
    by_target = {d.target: d for d in assessment.sensitivity.distributions}
    wanted = [assessment.headline.fundamental if assessment.headline else None, "overall"]
    dists = [by_target[t] for t in wanted if t in by_target and by_target[t].median is not None]
    return charts.distribution_chart(dists, assessment.rubric.bands) if dists else Markup("")


def html_context(assessment: Assessment, env) -> dict:
    context = build_context(assessment)
    script = raw_asset(env, "report.js")
    context.update(
        css=raw_asset(env, "report.css"),
        script=script,
        csp=_csp(str(script)),
        chart_criteria=charts.criterion_chart(assessment.fundamentals, assessment.criteria, assessment.rubric.bands),
        chart_distribution=_distribution_chart(assessment),
        chart_tilt=charts.tilt_chart(assessment.parties) if assessment.parties else Markup(""),
        chart_trajectory=(
            charts.trajectory_chart(assessment.trajectory, assessment.rubric.bands, windows=assessment.windows)
            if len(assessment.trajectory) > 1 else Markup("")
        ),
    )
    return context


def render_html(assessment: Assessment, *, template_dir: str | Path | None = None) -> str:
    """The HTML report as a string (same assessment, same bytes)."""
    env = make_environment("html", template_dir)
    return render_template(env, "report.html", html_context(assessment, env))
