"""The one strict Jinja environment: autoescaping for HTML and Markdown, StrictUndefined, user templates first."""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from assess.errors import OutputError
from assess.render import filters, prose
from assess.render.mdescape import md_escape
from assess.resources import shipped_path


def template_dirs(template_dir: str | Path | None = None) -> list[Path]:
    """Where templates are looked up, first match wins: the user's `--template-dir`, then the shipped ones."""
    dirs = []
    if template_dir is not None:
        user = Path(template_dir)
        try:
            found = user.is_dir()
        except OSError as exc:  # a name too long for the file system, and the like
            raise OutputError(str(template_dir), f"cannot use this template directory: {exc.strerror or type(exc).__name__}") from None
        if not found:
            raise OutputError(str(template_dir), "template directory not found")
        dirs.append(user)
    dirs.append(shipped_path("templates"))
    return dirs


def _autoescape(name: str | None) -> bool:
    # Every template that produces a report is escaped; only our raw assets (CSS, JS) are not. Templates are
    # named by their real suffix (report.html, report.md), never `.j2`, so this check sees the true kind.
    return name is None or not name.endswith((".css", ".js"))


def _finalize_markdown(value: object) -> object:
    # Runs on every `{{ }}` value of a Markdown template before autoescaping: user text is escaped for Markdown
    # (HTML entities plus backslashes before link/emphasis syntax); our own Markup passes through.
    return md_escape(value)


def make_environment(kind: str = "html", template_dir: str | Path | None = None) -> Environment:
    """A strict environment for `kind` `html` or `md`: autoescape on, undefined names are errors.

    Sandboxed: a template from a `--template-dir` (often received with a case) cannot reach Python internals
    (`__globals__`, `os`): such an access is a template error, reported like any other.
    """
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs(template_dir)]),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        finalize=_finalize_markdown if kind == "md" else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters.FILTERS)
    env.filters["md"] = md_escape
    # The analyst's Markdown (description, notes): rendered as HTML, or re-emitted as safe Markdown.
    env.filters["prose"] = prose.prose_markdown if kind == "md" else prose.prose_html
    env.globals["lean_note"] = filters.LEAN_NOTE  # the one explanation of "no clear lean", as the terminal prints it
    from assess.authoring.citation import register_filters

    register_filters(env)  # `reference` and `reference_html`: the one documented reference style
    return env


def raw_asset(env: Environment, name: str) -> Markup:
    """The text of a CSS or JS file from the template folders, for inlining; refuses text that would end its tag."""
    try:
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except TemplateNotFound:
        raise OutputError(name, "template asset not found in the template folders") from None
    if "</" in source:
        raise OutputError(filename or name, "an inlined asset must not contain '</' (it would end its <style>/<script>)")
    return Markup(source)


def render_template(env: Environment, name: str, context: dict) -> str:
    """Render `name`; a template mistake (undefined name, syntax) becomes one located OutputError."""
    try:
        return env.get_template(name).render(context)
    except TemplateError as exc:
        raise OutputError(_where(exc, name), f"template error: {exc.message or type(exc).__name__}") from None


def _where(exc: TemplateError, name: str) -> str:
    # Syntax errors carry their file and line; runtime errors (an undefined name) do not, but Jinja rewrites the
    # traceback so that its innermost template frame names the template file and line.
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:
        trace = exc.__traceback__
        while trace is not None:
            code = trace.tb_frame.f_code.co_filename
            if code.endswith((".html", ".md", ".htm")):
                filename, line = code, trace.tb_lineno
            trace = trace.tb_next
    return f"{filename or name}:{line}" if line else str(filename or name)
