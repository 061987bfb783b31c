"""Party tilt: which party the weighted evidence shows the mediator favouring, by conduct, perception and ties."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assess.models.case import Party
from assess.models.rubric import EvidenceWeighting
from assess.scoring.evidence import CONDUCT, PERCEIVED, STRUCTURAL, Item

PRIOR_FAVOUR = 1.0  # every party starts with one pseudo-item of weight 1, so one weak item cannot make a lean


def favour_weight(item: Item, weighting: EvidenceWeighting) -> float:
    """How much an item counts as a sign of favour: its strongest bearing's weight (strength 1 with none)."""
    strongest = max((b.base for b in item.bearings), default=weighting.strength[1] * weighting.kinds[item.kind])
    return strongest * item.grade


@dataclass(frozen=True)
class Tilts:
    """Per party (case order): favour weight, evidence ids, and tilts overall and per component."""

    weights: list[float]
    evidence: list[list[str]]
    tilt: list[float]
    conduct: list[float]
    perceived: list[float]
    structural: list[float]
    balance: float


def _tilts(weights: list[float], prior: float = PRIOR_FAVOUR) -> list[float]:
    """Each party's share of favour minus the mean share of the others (+1 all for it, 0 even)."""
    n = len(weights)
    total = math.fsum(weights) + n * prior
    shares = [(w + prior) / total for w in weights]
    return [(n * s - 1.0) / (n - 1) for s in shares]


def _balance(weights: list[float], prior: float = PRIOR_FAVOUR) -> float:
    """1 - the distance of favour shares from an even split, scaled so that 0 means wholly one-sided."""
    n = len(weights)
    total = math.fsum(weights) + n * prior
    distance = sum(abs((w + prior) / total - 1.0 / n) for w in weights) / 2.0
    return 1.0 - distance / (1.0 - 1.0 / n)


def party_tilts(parties: list[Party], items: Sequence[Item], weighting: EvidenceWeighting) -> Tilts:
    """Tilts for every party from the items' `favours`, conduct, perceptions and structural ties apart.

    One event counts once per party (its strongest report), so three records of one alliance weigh as one; an
    item favouring several parties shares its weight among them (a tie to both parties leans to neither).
    """
    index = {p.id: i for i, p in enumerate(parties)}
    strongest: dict[tuple[str, str, int], float] = {}
    evidence: list[list[str]] = [[] for _ in parties]
    for item in items:
        if not item.favours:
            continue
        share = favour_weight(item, weighting) / len(item.favours)
        for party in item.favours:
            i = index[party]
            key = (item.component, item.event, i)
            strongest[key] = max(strongest.get(key, 0.0), share)
            evidence[i].append(item.id)
    per: dict[str, list[list[float]]] = {c: [[] for _ in parties] for c in (CONDUCT, PERCEIVED, STRUCTURAL)}
    for (component, _, i), weight in sorted(strongest.items()):
        per[component][i].append(weight)
    sums = {c: [math.fsum(v) for v in lists] for c, lists in per.items()}
    total = [math.fsum(sums[c][i] for c in sums) for i in range(len(parties))]
    return Tilts(
        weights=total,
        evidence=evidence,
        tilt=_tilts(total),
        conduct=_tilts(sums[CONDUCT]),
        perceived=_tilts(sums[PERCEIVED]),
        structural=_tilts(sums[STRUCTURAL]),
        balance=_balance(total),
    )
