"""Turn pydantic validation errors into located diagnostics, built only from each error's loc, type and msg.

Never from `str(ValidationError)` or the offending input: on hostile input (alias bombs) those can hang.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from assess.errors import Diagnostic
from assess.loading.suggest import did_you_mean
from assess.loading.yamlfile import YamlDocument

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


def format_path(path: tuple[Any, ...]) -> str:
    """`('evidence', 3, 'kind')` -> `evidence[3].kind`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(str(part)):
            text += f".{part}" if text else str(part)
        else:  # a blank or odd key (' ', 'a b', 'x: y') must still read as a path: show it quoted
            text += "['" + str(part)[:60].replace("'", "\\'") + "']"
    return text or "(top level)"


def _data_path(doc: YamlDocument, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Split a pydantic loc into the part that exists in the YAML data and the rest (pydantic's own tags)."""
    found: tuple[Any, ...] = ()
    rest: list[Any] = []
    node: Any = doc.data
    for part in loc:
        if isinstance(node, dict) and part in node:
            found += (part,)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            found += (part,)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.isdigit() and int(part) in node:
            found += (int(part),)
            node = node[int(part)]
        else:
            rest.append(part)
    return found, tuple(rest)


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold (through Optional, list, dict, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, dict, typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _unwrap(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(root: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = root
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        candidates = _unwrap(field.annotation)
        model = candidates[0] if candidates else None
    return model


def _message(error: dict[str, Any], root: type[BaseModel], data_path: tuple[Any, ...], value: Any = None) -> str:
    kind = error["type"]
    where = format_path(data_path)
    if kind == "extra_forbidden":
        name = str(data_path[-1]) if data_path else "?"
        parent = _model_at(root, data_path[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        hint = did_you_mean(name, allowed)
        listing = f" (allowed: {', '.join(allowed)})" if allowed and not hint else ""
        return f"{where}: unknown field '{name}'{hint}{listing}"
    if kind == "missing":
        return f"{where}: required field is missing"
    if kind == "literal_error" and isinstance(value, str) and len(value) <= 80:
        allowed = _literal_choices(root, data_path)
        hint = did_you_mean(value, allowed)
        listing = ", ".join(f"'{a}'" for a in allowed)
        return f"{where}: '{value}' is not allowed{hint}; use one of {listing}" if allowed else f"{where}: '{value}' is not allowed"
    msg = str(error.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return f"{where}: {msg}"


def diagnostics_from(exc: ValidationError, doc: YamlDocument, root: type[BaseModel]) -> list[Diagnostic]:
    """One located diagnostic per pydantic error."""
    result: list[Diagnostic] = []
    for error in exc.errors(include_url=False, include_input=False, include_context=False):
        loc = tuple(error.get("loc", ()))
        data_path, rest = _data_path(doc, loc)
        if error["type"] == "missing":
            # A missing field has no position of its own: point at its parent and name it in the message.
            named = data_path + tuple(p for p in rest if isinstance(p, str) and p in _field_names(root))[-1:]
            result.append(doc.error(data_path, _message(error, root, named)))
        else:
            # The offending value is read back from our own plain data, and only when it is a short string.
            value = _value_at(doc, data_path) if error["type"] == "literal_error" else None
            result.append(doc.error(data_path, _message(error, root, data_path, value), key=error["type"] == "extra_forbidden"))
    return result


def reachable_models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model class a document of type `root` may contain, `root` first."""
    found: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            todo.extend(_unwrap(field.annotation))
    return found


def _field_names(root: type[BaseModel]) -> set[str]:
    return {name for model in reachable_models(root) for name in model.model_fields}


def _value_at(doc: YamlDocument, data_path: tuple[Any, ...]) -> Any:
    node: Any = doc.data
    for part in data_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _literal_choices(root: type[BaseModel], data_path: tuple[Any, ...]) -> list[str]:
    """The allowed values of the Literal field at `data_path` (through lists and Optional), if it is one."""
    path = tuple(data_path)
    while path and isinstance(path[-1], int):  # an item of a list field such as red_flags[0].when.kinds[1]
        path = path[:-1]
    if not path:
        return []
    model = _model_at(root, path[:-1])
    field = model.model_fields.get(str(path[-1])) if model is not None else None
    return [str(v) for v in _literal_values(field.annotation)] if field is not None else []


def _literal_values(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return list(typing.get_args(annotation))
    if origin is typing.Annotated:
        return _literal_values(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, typing.Union, types.UnionType):
        return [v for arg in typing.get_args(annotation) for v in _literal_values(arg)]
    return []
