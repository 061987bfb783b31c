"""Bibliography files a case may name (CSL-JSON or BibTeX): for now, the keys evidence may cite."""

from __future__ import annotations

import json
import re
from pathlib import Path

from assess.errors import InputError
from assess.loading.yamlfile import YamlDocument

_BIBTEX_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def read_bibliography_keys(path: Path, doc: YamlDocument) -> list[str]:
    if not path.is_file():
        raise InputError([doc.error(("bibliography",), f"bibliography file '{path.name}' not found")])
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".json":
        try:
            entries = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError([doc.error(("bibliography",), f"bibliography is not valid CSL-JSON: {exc.msg} at line {exc.lineno}")]) from None
        return [str(e["id"]) for e in entries if isinstance(e, dict) and "id" in e]
    return _BIBTEX_KEY.findall(text)
