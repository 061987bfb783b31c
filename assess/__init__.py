"""assess: judge a mediator against the UN Guidance for Effective Mediation, and show exactly why."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load_case", "load_rubric", "score", "render"]


def __getattr__(name: str):
    # Lazy re-exports keep `import assess` (and so the CLI's start-up) free of the scoring and rendering code.
    if name in ("load_case", "load_rubric"):
        from assess import loading

        return getattr(loading, name)
    if name == "score":
        from assess.scoring import score

        return score
    if name == "render":
        from assess.render import render

        return render
    raise AttributeError(f"module 'assess' has no attribute {name!r}")
