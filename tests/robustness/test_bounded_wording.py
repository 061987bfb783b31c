"""The source's closest wording copied into reports is a window around the match, never the whole file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assess.quotes import MAX_WORDING, match_quote, normalise

DATA = Path(__file__).resolve().parents[1] / "data" / "valid"


@pytest.mark.parametrize("text", [
    "word " * 200_000 + "the mediator met both parties equally often " + "word " * 200_000,
    "x" * 500_000,  # no space to widen to: widening must stop
    "ab" * 250_000,
], ids=["spaced", "one word", "repeating"])
def test_closest_wording_is_bounded(text):
    found = match_quote("The mediator met both parties equaly often. " * 50, normalise(text))
    assert found.wording is None or len(found.wording) <= MAX_WORDING


def test_a_large_source_text_is_not_copied_into_reports(cli, tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    shutil.copy(DATA / "mini_rubric.yaml", folder)
    body = "MARKER" + "z" * 400_000 + " the mediator met both parties equally often " + "MARKER" + "y" * 400_000
    (folder / "big.txt").write_text(body, encoding="utf-8")
    text = (DATA / "minimal_case.yaml").read_text(encoding="utf-8")
    text = text.replace("    reliability: B\n", "    reliability: B\n    text: big.txt\n", 1)
    text = text.replace("    bears_on: {balance: 2}", "    quote: \"The mediator met both parties equaly often.\"\n    bears_on: {balance: 2}", 1)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    outs = [tmp_path / f"r.{ext}" for ext in ("html", "md", "json")]
    result = cli("score", str(folder / "case.yaml"), *[a for o in outs for a in ("-o", str(o))])
    assert result.exit_code == 0, result.output
    assert len(result.output) < 5_000
    for out in outs:
        assert out.stat().st_size < 200_000 and "MARKER" not in out.read_text(encoding="utf-8")
    wording = [c["source_wording"] for c in json.loads(outs[2].read_text(encoding="utf-8"))["quote_checks"] if c.get("source_wording")]
    assert wording and all(len(w) <= MAX_WORDING for w in wording)
