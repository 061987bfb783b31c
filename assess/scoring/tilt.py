"""Party tilt: which party the weighted evidence shows the mediator favouring, conduct and structural ties apart."""

from __future__ import annotations

import math
from dataclasses import dataclass

from assess.models.case import Party
from assess.models.rubric import EvidenceWeighting
from assess.scoring.evidence import Item


def favour_weight(item: Item, weighting: EvidenceWeighting) -> float:
    """How much an item counts as a sign of favour: its strongest bearing's weight (strength 1 with none)."""
    strongest = max((b.base for b in item.bearings), default=weighting.strength[1] * weighting.kinds[item.kind])
    return strongest * item.grade


@dataclass(frozen=True)
class Tilts:
    """Per party (case order): favour weight, evidence ids, and tilts overall, from conduct, from structural ties."""

    weights: list[float]
    evidence: list[list[str]]
    tilt: list[float]
    conduct: list[float]
    structural: list[float]
    balance: float


def _tilts(weights: list[float], prior: float) -> list[float]:
    """Each party's share of favour minus the mean share of the others (+1 all for it, 0 even).

    Every party starts with `prior` pseudo-weight, as every criterion does, so one weak item cannot make a
    mediator look wholly one-sided.
    """
    n = len(weights)
    total = math.fsum(weights) + n * prior
    shares = [(w + prior) / total for w in weights]
    return [(n * s - 1.0) / (n - 1) for s in shares]


def _balance(weights: list[float], prior: float) -> float:
    """1 - the distance of favour shares from an even split, scaled so that 0 means wholly one-sided."""
    n = len(weights)
    total = math.fsum(weights) + n * prior
    distance = sum(abs((w + prior) / total - 1.0 / n) for w in weights) / 2.0
    return 1.0 - distance / (1.0 - 1.0 / n)


def party_tilts(parties: list[Party], items: list[Item], weighting: EvidenceWeighting, prior: float) -> Tilts:
    """Tilts for every party from the items' `favours`; structural ties (`structural_tie`) are counted apart."""
    index = {p.id: i for i, p in enumerate(parties)}
    conduct: list[list[float]] = [[] for _ in parties]
    structural: list[list[float]] = [[] for _ in parties]
    evidence: list[list[str]] = [[] for _ in parties]
    for item in items:
        if item.favours is None or item.favours not in index:
            continue
        i = index[item.favours]
        (structural if item.kind == "structural_tie" else conduct)[i].append(favour_weight(item, weighting))
        evidence[i].append(item.id)
    conduct_w = [math.fsum(v) for v in conduct]
    structural_w = [math.fsum(v) for v in structural]
    total_w = [math.fsum(c + s) for c, s in zip(conduct, structural)]
    return Tilts(
        weights=total_w,
        evidence=evidence,
        tilt=_tilts(total_w, prior),
        conduct=_tilts(conduct_w, prior),
        structural=_tilts(structural_w, prior),
        balance=_balance(total_w, prior),
    )
