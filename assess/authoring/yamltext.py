"""Writing YAML text by hand, safely: every user string quoted, ids slugged, the schema modeline computed."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

from assess.resources import shipped_path

SCHEMA_URL_HELP = "docs/authoring.md#editor-help"


def q(text: str) -> str:
    """A YAML scalar that reads back as exactly `text`: a JSON string is a valid YAML double-quoted scalar.

    So `NO` (Norway), `yes`, `1:30`, `#`, `: ` and leading spaces survive any YAML reader.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(text, ensure_ascii=False))


def comment(text: str) -> str:
    """Text safe inside a `#` comment: one line, no characters a YAML reader refuses."""
    return _UNSAFE.sub("?", re.sub(r"[\x00-\x1f]", " ", text))


# Characters JSON leaves raw but YAML reads as line breaks (NEL, LS, PS) or refuses (DEL, C1 controls, non-characters).
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def slug(name: str, fallback: str = "item") -> str:
    """An id from a name: "Government of Sri Lanka" -> `government_of_sri_lanka`, "LTTE" -> `ltte`."""
    # Accents come off their letters (é -> e); any other character, apostrophes included, separates words.
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(c if c.isascii() else "_" for c in decomposed if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    if not text:
        return fallback
    if not text[0].isalpha():
        text = f"{fallback}_{text}"
    return text[:60].rstrip("_")


def unique_slugs(names: list[str], fallback: str) -> list[str]:
    """Slugs for several names, made distinct with `_2`, `_3` when two names slug alike."""
    seen: dict[str, int] = {}
    result = []
    for index, name in enumerate(names, 1):
        base = slug(name, f"{fallback}{index}")
        seen[base] = seen.get(base, 0) + 1
        result.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return result


SCHEMA_NAME = "case.schema.json"


def schema_location(target: Path) -> tuple[str, Path | None]:
    """Where a new case's modeline points, and the schema file to write there (None: the checkout's own serves).

    Inside the source checkout: the checkout's `schemas/case.schema.json`, by a path relative to the new file, so
    the line works for everyone who clones it. Anywhere else: `case.schema.json` beside the case, the file
    `assess schema case -o` writes. A path into the installed package would break as soon as the environment
    moved or was rebuilt; a file beside the case travels with it.
    """
    schema = shipped_path("schemas") / SCHEMA_NAME
    resolved = target.resolve()
    checkout = schema.parent.parent
    if (checkout / "pyproject.toml").is_file() and checkout in resolved.parents:
        return Path(os.path.relpath(schema, resolved.parent)).as_posix(), None
    return SCHEMA_NAME, target.parent / SCHEMA_NAME  # as the user named the folder, for the messages


def schema_modeline(target: Path) -> str:
    """`# yaml-language-server: $schema=...` for a case written to `target` (see schema_location)."""
    return f"# yaml-language-server: $schema={schema_location(target)[0]}"
