"""The Markdown report: readable on GitHub/GitLab, with evidence anchors and links; user text always escaped."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assess.render.context import build_context
from assess.render.jinja_env import make_environment, render_template

if TYPE_CHECKING:
    from assess.models.assessment import Assessment


def render_markdown(assessment: Assessment, *, template_dir: str | Path | None = None) -> str:
    """The Markdown report as a string (same assessment, same bytes)."""
    env = make_environment("md", template_dir)
    text = render_template(env, "report.md", build_context(assessment))
    # Collapse runs of blank lines left by template logic: stable, tidy output.
    lines, blank = [], False
    for line in text.splitlines():
        if not line.strip():
            if not blank and lines:
                lines.append("")
            blank = True
        else:
            starts_table = line.startswith("|") and lines and not lines[-1].startswith("|")
            after_heading = lines and lines[-1].startswith("#")
            if (line.startswith("#") or starts_table or after_heading) and lines and lines[-1]:
                lines.append("")  # headings and tables always stand apart from the paragraphs around them
            lines.append(line.rstrip())
            blank = False
    return "\n".join(lines).rstrip("\n") + "\n"
