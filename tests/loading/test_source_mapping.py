"""`source:` may be a single `{id, locator}` mapping, as analysts tend to write it."""

from __future__ import annotations

from assess.models.case import Evidence


def test_single_mapping_source_is_one_reference_with_its_locator():
    item = Evidence.model_validate({
        "id": "e1", "claim": "A claim.", "source": {"id": "essay", "locator": "footnote [3]"},
        "kind": "fact", "credibility": 2,
    })
    assert [(ref.id, ref.locator) for ref in item.source] == [("essay", "footnote [3]")]
