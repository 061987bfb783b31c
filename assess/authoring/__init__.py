"""Authoring helpers: case scaffolds, drafting evidence from a text, reference formatting, rubric views."""
