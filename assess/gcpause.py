"""Pause Python's cyclic garbage collector while building large acyclic structures.

Loading and scoring allocate many small containers (YAML nodes, dicts, pydantic models) that are never cyclic
garbage. Each automatic collection still walks every live container, so on a big case the collections grow with
the heap and the work turns superlinear (measured in bench/: a 4,900-item case took 13x a 490-item one, 10x
without collections). Reference counting still frees everything as usual while the collector is paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block; the collector's previous state is restored after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
