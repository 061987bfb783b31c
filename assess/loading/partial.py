"""What of an invalid case can still be cross-checked: every item that parsed, and every field of the others.

So that a case with field errors also gets its cross-reference errors (unknown party, source, criterion, evidence)
in the same run, not in a second round once the field errors are fixed. Items keep their index in the file, so
every problem stays located; a field that is itself invalid is left out (reported once, by the model).
"""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from assess.models.case import Actor, Assessor, Evidence, NotApplicable, Party, Rating, Source, _names_to_objects


@dataclass
class PartialCase:
    """Quacks like a Case for `check_case`: the same sections, each item a model or a salvaged namespace."""

    meta: SimpleNamespace
    conflict: SimpleNamespace
    sources: list[Any] = field(default_factory=list)
    evidence: list[Any] = field(default_factory=list)
    ratings: list[Any] = field(default_factory=list)
    not_applicable: list[Any] = field(default_factory=list)


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, info], config=ConfigDict(coerce_numbers_to_str=True))


def _empty(model: type[BaseModel], name: str) -> Any:
    """What a field that is missing or invalid stands for in the checks: an empty list or mapping, else None."""
    info = model.model_fields[name]
    if not info.is_required():
        return info.get_default(call_default_factory=True)
    annotation = info.annotation
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation) or annotation
    return [] if origin is list else {} if origin is dict else None


def salvage(model: type[BaseModel], raw: Any) -> Any:
    """The item as a model if it is valid; otherwise a namespace of its valid fields (the others empty or None)."""
    try:
        return model.model_validate(raw)
    except ValidationError:
        pass
    values: dict[str, Any] = {}
    for name in model.model_fields:
        value = _empty(model, name)
        if isinstance(raw, dict) and name in raw:
            try:
                value = _adapter(model, name).validate_python(raw[name])
            except ValidationError:
                # An id that breaks the id rules still names the item in messages and counts as known to references.
                if name == "id" and isinstance(raw[name], str):
                    value = raw[name]
        values[name] = value
    return SimpleNamespace(**values, salvaged=True)


def _items(data: Any, *keys: str) -> list[Any]:
    node = data
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, list) else []


def partial_case(data: Any) -> PartialCase:
    """Every part of the case data that can be checked, item by item."""
    assessors = _names_to_objects(_items(data, "meta", "assessors"))
    return PartialCase(
        meta=SimpleNamespace(assessors=[salvage(Assessor, a) for a in assessors]),
        conflict=SimpleNamespace(
            parties=[salvage(Party, p) for p in _items(data, "conflict", "parties")],
            actors=[salvage(Actor, a) for a in _items(data, "conflict", "actors")],
        ),
        sources=[salvage(Source, s) for s in _items(data, "sources")],
        evidence=[salvage(Evidence, e) for e in _items(data, "evidence")],
        ratings=[salvage(Rating, r) for r in _items(data, "ratings")],
        not_applicable=[salvage(NotApplicable, n) for n in _items(data, "not_applicable")],
    )


def rubric_ref(data: Any) -> str:
    """The rubric an invalid case names (the default when it names none that can be read)."""
    meta = data.get("meta") if isinstance(data, dict) else None
    ref = meta.get("rubric") if isinstance(meta, dict) else None
    return ref if isinstance(ref, str) and ref.strip() else "un_guidance"
