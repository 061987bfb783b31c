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

_NOT_SHOWN = object()  # a value we do not quote back
_UNION_TAGS = frozenset({"signed", "level"})  # pydantic's names for the forms of a bearing (models/case.py)
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
    key_next = False  # after a mapping field (such as bears_on) the next part is one of its keys, not a field
    for part in path:
        if model is None:
            return None
        if isinstance(part, int) or key_next:
            key_next = False
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        annotation = field.annotation
        while typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        key_next = typing.get_origin(annotation) is dict
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
    model = _model_at(root, data_path[:-1]) if data_path else None
    if model is not None and (model.__name__, str(data_path[-1])) in _FIELD_WORDS:
        return f"{where}: {_FIELD_WORDS[model.__name__, str(data_path[-1])]}{_got(value)}"
    if kind == "literal_error" and isinstance(value, str) and len(value) <= 80:
        allowed = _literal_choices(root, data_path)
        hint = did_you_mean(value, allowed)
        listing = ", ".join(f"'{a}'" for a in allowed)
        return f"{where}: '{value}' is not allowed{hint}; use one of {listing}" if allowed else f"{where}: '{value}' is not allowed"
    if kind in ("value_error", "assertion_error"):  # our own validators' messages, already in the format's words
        msg = str(error.get("msg", "invalid value"))
        return f"{where}: {msg.removeprefix('Value error, ').removeprefix('Assertion failed, ')}"
    return f"{where}: {plain_message(error, root, data_path, value)}"


def _got(value: Any) -> str:
    """`; got 7` / `; got 'G'` / `; got a list`: what the user wrote, short, for the message's end."""
    if value is _NOT_SHOWN:
        return ""
    if isinstance(value, bool):
        return f"; got {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"; got {value:g}" if isinstance(value, float) else f"; got {value}"
    if isinstance(value, str):
        return f"; got '{value[:60]}'" if value.strip() else "; got an empty text"
    if isinstance(value, list):
        return "; got a list"
    if isinstance(value, dict):
        return "; got a mapping"
    if value is None:
        return "; got nothing (an empty value)"
    return ""


# Field-specific wording, by (model, field): the case format's own words for its graded scales.
_FIELD_WORDS = {
    ("Evidence", "credibility"): "credibility is a whole number 1–6 on the Admiralty scale (1 confirmed, 2 probably "
    "true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged)",
    ("Source", "reliability"): "reliability is a letter A–F on the Admiralty scale (A completely reliable, B usually "
    "reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged)",
    ("Meta", "assessed"): "write the day you made the assessment as YYYY-MM-DD, e.g. 2024-05-01",
    ("AssessorFile", "assessed"): "write the day the ratings were made as YYYY-MM-DD, e.g. 2024-05-01",
    ("Rating", "level"): "a rating's level is a whole number on the rubric's scale (0 = does not meet)",
    ("AssessorRating", "level"): "a rating's level is a whole number on the rubric's scale (0 = does not meet)",
    ("LevelBearing", "strength"): "strength is 1 (weak), 2 (moderate) or 3 (strong)",
    ("LevelBearing", "level"): "level is a number on the rubric's scale, e.g. 3 or 2.5",
    ("Source", "sha256"): "sha256 is the 64-character hexadecimal SHA-256 of the source's text file",
}
_BEARING_WORDS = (
    "a bearing is +1..+3 (supports the standard) or -1..-3 (undermines it), or the level it indicates, "
    "e.g. {level: 3}"
)
_ID_WORDS = "an id starts with a letter, then letters, digits, '_', '-' or '.' (at most 80 characters), e.g. e07"
# By pydantic's error type: what the value must be, in plain words (the `{n}` from the error's limit).
_TYPE_WORDS = {
    "int_parsing": "must be a whole number, e.g. 3",
    "int_type": "must be a whole number, e.g. 3",
    "int_from_float": "must be a whole number, e.g. 3",
    "float_parsing": "must be a number, e.g. 2.5",
    "float_type": "must be a number, e.g. 2.5",
    "finite_number": "must be an ordinary number",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "string_type": "must be a text",
    "list_type": "must be a list: write [a, b] or one '- item' per line",
    "dict_type": "must be a mapping of fields: write 'key: value' lines indented under it, or {{key: value}}",
    "model_type": "must be a mapping of fields: write 'key: value' lines indented under it",
    "model_attributes_type": "must be a mapping of fields: write 'key: value' lines indented under it",
    "date_parsing": "write a date as YYYY-MM-DD, e.g. 2024-05-01",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD, e.g. 2024-05-01",
    "date_from_datetime_inexact": "write a date as YYYY-MM-DD, without a time",
    "date_type": "write a date as YYYY-MM-DD, e.g. 2024-05-01",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "takes at most {max_length} item(s)",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long: at most {max_length} characters",
    "string_pattern_mismatch": "is not in the expected form",
    "url_parsing": "must be a link such as https://example.org/page",
    "union_tag_invalid": "is not one of the forms this field takes",
}


def plain_message(error: dict[str, Any], root: type[BaseModel], data_path: tuple[Any, ...], value: Any) -> str:
    """A range or type error in the case format's words, ending with what was written: never pydantic's wording."""
    kind = error["type"]
    got = _got(value)
    model = _model_at(root, data_path[:-1]) if data_path else None
    name = str(data_path[-1]) if data_path else ""
    words = _FIELD_WORDS.get((model.__name__, name)) if model is not None else None
    if words:
        return words + got
    parent = _model_at(root, data_path[:-2]) if len(data_path) >= 2 else None
    if parent is not None and str(data_path[-2]) == "bears_on" and "bears_on" in parent.model_fields:
        return _BEARING_WORDS + got
    if kind == "string_pattern_mismatch" and (name == "id" or name in _ID_FIELDS):
        return _ID_WORDS + got
    template = _TYPE_WORDS.get(kind)
    if template is None:
        # An error type not worded above: pydantic's sentence made impersonal, so no "Input should" reaches users.
        msg = str(error.get("msg", "is not valid here"))
        for prefix in ("Input should be", "Value should be", "List should have", "String should have", "Input should"):
            msg = msg.replace(prefix, "must be" if "be" in prefix else "must have")
        return msg[0].lower() + msg[1:] + got if msg else "is not valid here" + got
    context = error.get("ctx") or {}
    limits = {k: f"{v:g}" for k, v in context.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    try:
        text = template.format(**limits)
    except (KeyError, IndexError):
        text = template.split(" {")[0]
    if kind in ("too_short", "too_long") and isinstance(value, list):
        return f"{text}; got {len(value)}"
    return text + got


# Fields (other than `id`) that hold an id, so a malformed one gets the id rule rather than "not in the form".
_ID_FIELDS = frozenset({"via", "aligned_with", "event", "headline"})


def diagnostics_from(exc: ValidationError, doc: YamlDocument, root: type[BaseModel]) -> list[Diagnostic]:
    """One located diagnostic per pydantic error."""
    result: list[Diagnostic] = []
    for error in exc.errors(include_url=False, include_input=False, include_context=True):
        loc = tuple(error.get("loc", ()))
        data_path, rest = _data_path(doc, loc)
        if error["type"] == "missing":
            # A missing field has no position of its own: point at its parent and name it in the message.
            named = data_path + tuple(p for p in rest if isinstance(p, str) and p in _field_names(root))[-1:]
            result.append(doc.error(data_path, _message(error, root, named)))
        else:
            # The offending value is read back from our own plain data (never from pydantic's input), and shown
            # only when it is short (`_got`); for values not found in the data (pydantic's own tags) nothing is shown.
            shown = not rest or set(rest) <= _UNION_TAGS or error["type"] == "literal_error"
            value = _value_at(doc, data_path) if shown else _NOT_SHOWN
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
