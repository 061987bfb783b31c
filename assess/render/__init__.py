"""Rendering: turn an Assessment into a report. A registry maps each format to the function that renders it."""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assess.errors import OutputError

if TYPE_CHECKING:
    from assess.models.assessment import Assessment


@dataclass(frozen=True)
class Format:
    """One output format: its name, file suffixes, and where its renderer lives (imported only when used)."""

    name: str
    suffixes: tuple[str, ...]
    module: str
    function: str
    binary: bool = False
    extra: str | None = None  # the optional extra its renderer needs (checked before any output is written)


# Heavy renderers (PDF needs WeasyPrint) are imported lazily, so start-up stays lean.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", (".json",), "assess.render.jsonout", "render_json"),
        Format("html", (".html", ".htm"), "assess.render.html", "render_html"),
        Format("md", (".md",), "assess.render.markdown", "render_markdown"),
        Format("pdf", (".pdf",), "assess.render.pdf", "render_pdf", binary=True, extra="pdf"),
    )
}


def register(fmt: Format) -> None:
    """Add an output format to the registry."""
    FORMATS[fmt.name] = fmt


def format_for(path: str | Path, forced: str | None = None) -> Format:
    """The format to write `path` in: `forced` if given, else from the file's suffix."""
    if forced:
        return FORMATS[forced]
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
    raise OutputError(str(path), f"cannot tell the format from '{suffix or 'no suffix'}': use one of {known} or --format")


def render(assessment: Assessment, fmt: str = "json", *, template_dir: str | Path | None = None) -> str | bytes:
    """Render an assessment in the named format (`json`, ...); text formats give str, PDF gives bytes."""
    spec = FORMATS[fmt]
    function = getattr(importlib.import_module(spec.module), spec.function)
    if spec.module == "assess.render.jsonout":
        return function(assessment)
    return function(assessment, template_dir=template_dir)


class _CallableModule(types.ModuleType):
    """Lets `from assess import render; render(result, "html")` work.

    The public API names a function `assess.render`, but importing this subpackage binds the name `render` on
    `assess` to the module itself; making the module callable keeps both spellings working.
    """

    def __call__(self, assessment: Assessment, fmt: str = "json", *, template_dir: str | Path | None = None) -> str | bytes:
        return render(assessment, fmt, template_dir=template_dir)


sys.modules[__name__].__class__ = _CallableModule
