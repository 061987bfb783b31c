"""Party tilt: which party the evidence shows the mediator favouring, with its uncertainty (docs/method.md §6).

Each party's favour is an *effective count* of reference items (one item of weight 1 counts 1): every event once,
one source's items as one cluster, and opposite perceptions of one event offset. The counts, each plus one
pseudo-item per party, are the parameters of a Dirichlet posterior over the parties' shares of favour. A party's
share is then Beta-distributed (the marginal of a Dirichlet), so its tilt's median and intervals are computed
exactly on a grid: no random numbers, hence no Monte Carlo error, and one party's result never depends on where
another party sits in the case.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assess.models.case import Party
from assess.models.rubric import EvidenceWeighting
from assess.scoring.evidence import CONDUCT, PERCEIVED, STRUCTURAL, Item

PRIOR_FAVOUR = 1.0  # every party starts with one pseudo-item of weight 1, so one weak item cannot make a lean
COMPONENTS = (CONDUCT, PERCEIVED, STRUCTURAL)
QUANTILES = np.array([0.05, 0.16, 0.5, 0.84, 0.95])
_CELLS = 4000  # grid cells over a share 0-1: quantiles within 0.00025 of a share, far below the reported 0.001
_MIDS = (np.arange(_CELLS) + 0.5) / _CELLS
_EDGES = np.linspace(0.0, 1.0, _CELLS + 1)

# (component, event, source) -> the source's strongest report on that event favouring one party
Reports = dict[tuple[str, str, str], float]


@dataclass(frozen=True)
class TiltSummary:
    """A tilt's posterior: median, 90% (low, high) and 68% (low68, high68) intervals, and the effective count."""

    median: float
    low: float
    high: float
    low68: float
    high68: float
    weight: float


@dataclass(frozen=True)
class PartyTilts:
    """One party's tilt overall and per component, and the ids of the evidence favouring it."""

    total: TiltSummary
    components: dict[str, TiltSummary]
    evidence: list[str]


def favour_weight(item: Item, weighting: EvidenceWeighting) -> float:
    """How much an item counts as a sign of favour: its strongest bearing's weight (strength 1 with none)."""
    strongest = max((b.base for b in item.bearings), default=weighting.strength[1] * weighting.kinds[item.kind])
    return strongest * item.grade


@dataclass(frozen=True)
class FavourReports:
    """Each source's strongest report per (component, event): per party, and apart for items favouring every party."""

    own: list[Reports]  # per party (case order): items favouring it and not every party
    common: Reports  # items favouring every party, their weight shared: added to every party alike
    evidence: list[list[str]]


def favour_reports(parties: Sequence[Party], items: Sequence[Item], weighting: EvidenceWeighting) -> FavourReports:
    """The reports of favour in the items, and the ids of the items favouring each party.

    An item favouring several parties shares its weight among them; one source's several items on one event are
    one report told in several sentences, so only the strongest counts (copies of an item change nothing). Items
    favouring every party are kept apart and counted once for all, so that they add the same count to every
    party and can only pull the tilts towards 0.
    """
    index = {p.id: i for i, p in enumerate(parties)}
    own: list[Reports] = [{} for _ in parties]
    common: Reports = {}
    evidence: list[list[str]] = [[] for _ in parties]
    for item in items:
        if not item.favours:
            continue
        share = favour_weight(item, weighting) / len(item.favours)
        key = (item.component, item.event, item.cluster)
        if len(item.favours) == len(parties):
            common[key] = max(common.get(key, 0.0), share)
        for party in item.favours:
            i = index[party]
            if len(item.favours) < len(parties):
                own[i][key] = max(own[i].get(key, 0.0), share)
            evidence[i].append(item.id)
    return FavourReports(own, common, evidence)


def offset_perceptions(reports: FavourReports) -> FavourReports:
    """Perceptions and allegations of one event, netted across the parties they favour (docs/method.md §6).

    When one side complains that the mediator favours the other, and the other side complains of the reverse,
    the two complaints are one event seen from both ends, not two signs of favour: a party keeps only the margin
    by which a report favouring it exceeds the strongest report of that event favouring any other party. A
    perception favouring every party favours none more than the others: it counts for no one, and offsets no one
    (so that an item favouring every party can only pull the tilts towards 0).
    """
    strongest: list[dict[str, float]] = [{} for _ in reports.own]
    for i, party_reports in enumerate(reports.own):
        for (component, event, _), weight in party_reports.items():
            if component == PERCEIVED:
                strongest[i][event] = max(strongest[i].get(event, 0.0), weight)
    netted: list[Reports] = []
    for i, party_reports in enumerate(reports.own):
        kept: Reports = {}
        for key, weight in party_reports.items():
            component, event, _ = key
            if component == PERCEIVED:
                weight -= max((s.get(event, 0.0) for j, s in enumerate(strongest) if j != i), default=0.0)
            if weight > 0:
                kept[key] = weight
        netted.append(kept)
    common = {key: w for key, w in reports.common.items() if key[0] != PERCEIVED}
    return FavourReports(netted, common, reports.evidence)


def cluster_worth(weights: Sequence[float], correlation: float) -> float:
    """What one source's reports are worth in independent reference items: total * best / (best (1 - rho) + rho total).

    For m reports of equal weight w this is Kish's design effect, m w / (1 + (m - 1) rho); it grows with every
    report added (in the total and in the best) and never exceeds best / rho, so one essay's thirty items count as
    a few. (The measurement model shares precision out in layers instead, because it must also keep each reading's
    pull on a mean monotone; a count has no mean to pull.)
    """
    total, best = math.fsum(weights), max(weights)
    return total * best / (best * (1.0 - correlation) + correlation * total)


def effective_count(reports: Reports, source_correlation: float) -> float:
    """Reports as a count of independent reference items: the smaller of two limits (docs/method.md §6).

    *Each event once*: the sum over events of the strongest report of each. *Each source as a cluster*: the sum
    over sources of what that source's reports are worth as a cluster (`cluster_worth`, the rubric's
    `source_correlation`), so thirty items from one essay count as a few, not thirty. Both limits only grow when
    a report is added, so a further item favouring a party never lowers its count.
    """
    events: dict[tuple[str, str], float] = {}
    sources: dict[str, list[float]] = {}
    for (component, event, source), weight in sorted(reports.items()):
        events[(component, event)] = max(events.get((component, event), 0.0), weight)
        sources.setdefault(source, []).append(weight)
    once = math.fsum(events.values())
    clustered = math.fsum(cluster_worth(w, source_correlation) for w in sources.values())
    return min(once, clustered)


def tilt_summary(count: float, others: float, n_parties: int, prior: float = PRIOR_FAVOUR) -> TiltSummary:
    """One party's tilt posterior from its effective count and the sum of the other parties' counts.

    Shares of favour ~ Dirichlet(count_p + prior), so one party's share ~ Beta(count + prior, others + (n-1) prior)
    and its tilt (n share - 1) / (n - 1) runs from -1 (no favour at all) through 0 (an even share) to +1 (all).
    The function depends only on its arguments, so swapping two parties' evidence swaps their results exactly.
    """
    a, b = count + prior, others + (n_parties - 1) * prior
    log_density = (a - 1.0) * np.log(_MIDS) + (b - 1.0) * np.log1p(-_MIDS)
    density = np.exp(log_density - log_density.max())
    cdf = np.concatenate([[0.0], np.cumsum(density)])
    cdf /= cdf[-1]
    shares = np.interp(QUANTILES, cdf, _EDGES)
    low, low68, median, high68, high = ((n_parties * shares - 1.0) / (n_parties - 1)).tolist()
    return TiltSummary(median, low, high, low68, high68, count)


def _summaries(counts: list[float]) -> list[TiltSummary]:
    total = math.fsum(counts)
    return [tilt_summary(c, total - c, len(counts)) for c in counts]


def party_tilts(parties: Sequence[Party], items: Sequence[Item], weighting: EvidenceWeighting,
                source_correlation: float) -> list[PartyTilts]:
    """Tilts for every party (case order), overall and for conduct, perceived and structural evidence apart.

    The total pools the three components' reports source by source, so a source's items count as one cluster
    whichever component they belong to.
    """
    reports = offset_perceptions(favour_reports(parties, items, weighting))

    def counts(component: str | None) -> list[float]:
        def pick(r: Reports) -> Reports:
            return r if component is None else {k: w for k, w in r.items() if k[0] == component}
        shared = effective_count(pick(reports.common), source_correlation)
        return [effective_count(pick(r), source_correlation) + shared for r in reports.own]

    totals = _summaries(counts(None))
    per_component = {c: _summaries(counts(c)) for c in COMPONENTS}
    return [
        PartyTilts(totals[i], {c: per_component[c][i] for c in COMPONENTS}, reports.evidence[i])
        for i in range(len(parties))
    ]
