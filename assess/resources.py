"""Where shipped rubrics, templates and schemas are: inside the installed package, or in a source checkout."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def shipped(folder: str) -> Traversable:
    """The shipped `rubrics`, `templates` or `schemas` folder.

    A wheel carries them inside the package (see pyproject's force-include); a source checkout or an editable
    install has them at the top of the repository, beside the package.
    """
    inside = resources.files("assess").joinpath(folder)
    if inside.is_dir():
        return inside
    return resources.files("assess").joinpath("..", folder)


def shipped_path(folder: str) -> Path:
    """The shipped folder as a filesystem path (both layouts are real directories)."""
    return Path(str(shipped(folder))).resolve()


def bundled_rubric_ids() -> list[str]:
    """Ids (file stems) of the rubrics shipped with assess."""
    folder = shipped_path("rubrics")
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def archived_rubric_refs() -> list[str]:
    """Earlier versions of the shipped rubrics, as `id@version` (files `rubrics/archive/ID-VERSION.yaml`)."""
    folder = shipped_path("rubrics") / "archive"
    return sorted(p.stem.replace("-", "@", 1) for p in folder.glob("*-*.yaml")) if folder.is_dir() else []
