"""Red flags: the rubric's rules, each matched against every evidence item, raised whatever the score."""

from __future__ import annotations

from assess.models.assessment import Flag
from assess.models.case import Party
from assess.models.rubric import RedFlagCondition, RedFlagRule
from assess.scoring.evidence import Item


def _bearing_matches(item: Item, when: RedFlagCondition, criterion_ids: tuple[str, ...]) -> bool:
    """The bearing part of a condition: on one of `criteria` (any if none), in `direction`, at `min_strength`."""
    if not when.criteria and when.direction is None and when.min_strength == 1:
        return True  # the rule says nothing about bearings
    wanted = set(when.criteria)
    sign = {"supports": 1, "undermines": -1, None: 0}[when.direction]
    return any(
        (not wanted or criterion_ids[b.criterion] in wanted)
        and (sign == 0 or b.sign == sign)
        and b.strength >= when.min_strength
        for b in item.bearings
    )


def matches(item: Item, when: RedFlagCondition, criterion_ids: tuple[str, ...], parties: int = 2) -> bool:
    """True when one evidence item meets every condition a rule gives (a tie to every party favours none)."""
    return (
        (not when.kinds or item.kind in when.kinds)
        and (not when.tags_any or not item.tags.isdisjoint(when.tags_any))
        and (not when.favours_a_party or 0 < len(item.favours) < parties)
        and item.credibility <= when.min_credibility
        and _bearing_matches(item, when, criterion_ids)
    )


def red_flags(
    rules: list[RedFlagRule], items: list[Item], parties: list[Party], criterion_ids: tuple[str, ...]
) -> list[Flag]:
    """The flags raised, in rubric order, each naming the evidence (and parties favoured) that raised it."""
    order = {p.id: i for i, p in enumerate(parties)}
    flags = []
    for rule in rules:
        hits = [item for item in items if matches(item, rule.when, criterion_ids, len(parties))]
        if not hits:
            continue
        favoured = sorted({p for i in hits if len(i.favours) < len(parties) for p in i.favours}, key=lambda p: order.get(p, len(order)))
        flags.append(
            Flag.model_construct(
                id=rule.id,
                label=rule.label,
                severity=rule.severity,
                description=rule.description,
                evidence=[i.id for i in hits],
                parties=favoured,
            )
        )
    return flags
