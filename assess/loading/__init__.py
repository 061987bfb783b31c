"""Loading: the only place that reads YAML; turns every problem into a located error."""

from assess.loading.case import LoadedCase, load_case, open_case
from assess.loading.rubric import find_rubric, load_rubric

__all__ = ["LoadedCase", "find_rubric", "load_case", "load_rubric", "open_case"]
